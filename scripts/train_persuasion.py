"""Train the persuasion-technique model shipped in src/newsprobe/resources/persuasion/.

    .venv/bin/python scripts/train_persuasion.py [--corpus ../shared/data/persuasion/ptc-semeval2020]
        [--cache /tmp/ptc-docs] [--out src/newsprobe/resources/persuasion/model.json.gz]

Reads PTC (SemEval-2020 Task 11) train and dev at run time; nothing from the corpus is written into the
repository except learned weights. Steps:

1. parse every article with the default spaCy pipeline (cached as DocBin files with --cache);
2. learn a loaded-language lexicon (smoothed log-odds of a word lying inside any gold span), cross-fitted
   over 5 folds of train so that the tagger does not learn to trust a lexicon that saw its own labels;
3. fit the token tagger (binary logistic regression) on train, pick C, the threshold and the gap on dev
   by SemEval SI F1;
3b. learn the word-level lexicon (log-odds of a word stem inside a short loaded-language or name-calling
   span) and pick its threshold together with the passages' seed threshold on dev by SI F1;
4. fit the span classifier (multinomial logistic regression) on the train gold spans, pick C on dev by
   technique-classification micro-F1;
5. refit nothing on dev; write the weights (pruned, rounded) and print the dev scores for the model card.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import spacy
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc, DocBin

from newsprobe.evaluation.ptc import (
    TECHNIQUES,
    PtcArticle,
    SpanScores,
    per_technique_f1,
    read_split,
    span_identification_scores,
    technique_micro_f1,
)
from newsprobe.extract.technique_features import (
    Features,
    article_context,
    is_word_level_candidate,
    span_features,
    token_features,
    word_stem,
)
from newsprobe.extract.techniques import (
    WORD_LEVEL_TECHNIQUES,
    Decoding,
    TechniqueModel,
    WordLevel,
    decode_spans,
    loaded_words,
)
from newsprobe.nlp.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared/data/persuasion/ptc-semeval2020"
DEFAULT_OUT = ROOT / "src/newsprobe/resources/persuasion/model.json.gz"

FOLDS = 5
LEXICON_MIN_COUNT = 3
LEXICON_SMOOTHING = 10.0  # pseudo-counts at the base rate: a word seen 3 times cannot reach an extreme score
MIN_FEATURE_COUNT = 2  # features seen once in train are noise and would bloat the shipped file
# Word-level lexicon: gold loaded-language / name-calling spans up to this many characters count (longer
# ones are whole clauses, in which most words are not the loaded ones); stems seen this often; smoothing.
WORD_SPAN_MAX_CHARS = 40
WORD_MIN_COUNT = 2
WORD_SMOOTHING = 5.0
WORD_THRESHOLDS = (1.5, 2.0, 2.5, 3.0)
SEED_THRESHOLDS = (0.0, 0.3, 0.35, 0.375, 0.4, 0.45, 0.5)


def parse(articles: Sequence[PtcArticle], cache: Path | None, name: str) -> list[Doc]:
    nlp = load_pipeline(None)
    path = cache / f"{name}.spacy" if cache else None
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if [doc.text for doc in docs] == [article.text for article in articles]:
            return docs
    started = time.perf_counter()
    docs = list(nlp.pipe((article.text for article in articles), batch_size=16))
    print(f"parsed {name}: {len(docs)} articles in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(path)
    return docs


def token_labels(doc: Doc, article: PtcArticle) -> list[int]:
    """1 for each token that overlaps a gold span of any technique."""
    inside = np.zeros(len(doc.text) + 1, dtype=bool)
    for span in article.spans:
        inside[span.start:span.end] = True
    return [int(inside[token.idx: token.idx + len(token.text)].any()) for token in doc]


def learn_lexicon(docs: Sequence[Doc], labels: Sequence[Sequence[int]]) -> dict[str, float]:
    inside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for doc, doc_labels in zip(docs, labels, strict=True):
        for token, label in zip(doc, doc_labels, strict=True):
            if token.is_alpha:
                total[token.lower_] += 1
                inside[token.lower_] += label
    return smoothed_log_odds(inside, total, LEXICON_MIN_COUNT, LEXICON_SMOOTHING)


def smoothed_log_odds(inside: Counter[str], total: Counter[str], min_count: int,
                      smoothing: float) -> dict[str, float]:
    """For each key seen ``min_count``+ times: log-odds of being inside, with ``smoothing`` pseudo-counts at
    the base rate, minus the base rate's log-odds (0 = as likely as any word)."""
    base = sum(inside.values()) / max(1, sum(total.values()))
    base_logit = math.log(base / (1 - base))
    scores = {}
    for key, count in total.items():
        if count >= min_count:
            rate = (inside[key] + smoothing * base) / (count + smoothing)
            scores[key] = round(math.log(rate / (1 - rate)) - base_logit, 3)
    return scores


def learn_word_lexicon(docs: Sequence[Doc], articles: Sequence[PtcArticle]) -> dict[str, float]:
    """Smoothed log-odds of a word stem lying inside a short loaded-language or name-calling gold span."""
    inside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for doc, article in zip(docs, articles, strict=True):
        marked = np.zeros(len(doc.text) + 1, dtype=bool)
        for span in article.spans:
            if span.technique in WORD_LEVEL_TECHNIQUES and span.end - span.start <= WORD_SPAN_MAX_CHARS:
                marked[span.start:span.end] = True
        for token in doc:
            if is_word_level_candidate(token):
                stem = word_stem(token.text)
                total[stem] += 1
                inside[stem] += int(marked[token.idx: token.idx + len(token.text)].any())
    scores = smoothed_log_odds(inside, total, WORD_MIN_COUNT, WORD_SMOOTHING)
    # Only stems that can ever fire are shipped.
    return {stem: score for stem, score in scores.items() if score >= min(WORD_THRESHOLDS)}


def fold_lexicons(docs: Sequence[Doc], labels: Sequence[Sequence[int]]) -> list[dict[str, float]]:
    """For each train article, the lexicon learned from the other folds."""
    lexicons = []
    for fold in range(FOLDS):
        rest = [index for index in range(len(docs)) if index % FOLDS != fold]
        lexicons.append(learn_lexicon([docs[i] for i in rest], [labels[i] for i in rest]))
    return [lexicons[index % FOLDS] for index in range(len(docs))]


def frequent(rows: Sequence[Features]) -> set[str]:
    counts: Counter[str] = Counter(name for row in rows for name in row)
    return {name for name, count in counts.items() if count >= MIN_FEATURE_COUNT}


def int32_indices(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """liblinear accepts only 32-bit sparse indices; DictVectorizer may give 64-bit ones."""
    matrix.indices = matrix.indices.astype(np.int32)
    matrix.indptr = matrix.indptr.astype(np.int32)
    return matrix


def keep(rows: Sequence[Features], names: set[str]) -> list[Features]:
    return [{name: value for name, value in row.items() if name in names} for row in rows]


def si_f1(docs: Sequence[Doc], articles: Sequence[PtcArticle], probabilities: Sequence[Sequence[float]],
          decoding: Decoding) -> SpanScores:
    """Dev SI scores of the tagger's probabilities decoded as the extractor decodes them."""
    predicted = {article.id: [(start, end) for start, end, _ in decode_spans(doc, doc_probabilities, decoding)]
                 for doc, article, doc_probabilities in zip(docs, articles, probabilities, strict=True)}
    gold = {article.id: list(article.propaganda) for article in articles}
    return span_identification_scores(predicted, gold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--cache", type=Path, help="folder for parsed DocBin files (speeds up re-runs)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    # C=0.1 for the tagger was the best of 0.05/0.1/0.3 in the first run (one fit takes ~70 s on 2 cores).
    parser.add_argument("--tagger-c", type=float, nargs="+", default=[0.1])
    parser.add_argument("--classifier-c", type=float, nargs="+", default=[0.3, 1.0, 3.0])
    args = parser.parse_args(argv)
    spacy.util.fix_random_seed(0)

    train_articles = read_split(args.corpus, "train")
    dev_articles = read_split(args.corpus, "dev")
    train_docs = parse(train_articles, args.cache, "train")
    dev_docs = parse(dev_articles, args.cache, "dev")
    train_labels = [token_labels(doc, article) for doc, article in zip(train_docs, train_articles, strict=True)]

    lexicon = learn_lexicon(train_docs, train_labels)
    train_contexts = [article_context(doc, fold_lexicon) for doc, fold_lexicon
                      in zip(train_docs, fold_lexicons(train_docs, train_labels), strict=True)]
    dev_contexts = [article_context(doc, lexicon) for doc in dev_docs]

    # Token tagger.
    train_rows = [row for doc, context in zip(train_docs, train_contexts, strict=True)
                  for row in token_features(doc, context)]
    names = frequent(train_rows)
    vectorizer = DictVectorizer()
    x_train = int32_indices(vectorizer.fit_transform(keep(train_rows, names)))
    y_train = np.array([label for labels in train_labels for label in labels])
    dev_rows = [token_features(doc, context) for doc, context in zip(dev_docs, dev_contexts, strict=True)]
    x_dev = [int32_indices(vectorizer.transform(rows)) for rows in dev_rows]
    print(f"tagger: {x_train.shape[0]} tokens, {x_train.shape[1]} features, {y_train.mean():.3f} inside",
          file=sys.stderr)
    best_tagger: tuple[SpanScores, Decoding, float, LogisticRegression] | None = None
    for c in args.tagger_c:
        started = time.perf_counter()
        tagger = LogisticRegression(C=c, solver="liblinear", max_iter=300)
        tagger.fit(x_train, y_train)
        probabilities = [tagger.predict_proba(x)[:, 1] for x in x_dev]
        for threshold in np.arange(0.2, 0.451, 0.025):
            for max_gap in (1, 3):
                for min_chars in (0, 10):
                    decoding = Decoding(round(float(threshold), 3), max_gap, min_chars, 0.0)
                    scores = si_f1(dev_docs, dev_articles, probabilities, decoding)
                    if best_tagger is None or scores.f1 > best_tagger[0].f1:
                        best_tagger = (scores, decoding, c, tagger)
                        print(f"  C={c} {decoding}: {scores}", file=sys.stderr)
        print(f"tagger C={c} done in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    assert best_tagger is not None
    si_scores, decoding, tagger_c, tagger = best_tagger

    # Word-level detector: loaded words as spans of their own; its threshold and the passages' seed
    # threshold are chosen together on dev SI F1 (word threshold inf = detector off, seed 0 = no seed).
    word_lexicon = learn_word_lexicon(train_docs, train_articles)
    probabilities = [tagger.predict_proba(x)[:, 1] for x in x_dev]
    dev_gold = {article.id: list(article.propaganda) for article in dev_articles}
    word_threshold = math.inf
    tagged = decoding
    for threshold in WORD_THRESHOLDS:
        word_level = WordLevel(word_lexicon, threshold)
        words = {article.id: [(doc[i].idx, doc[i].idx + len(doc[i].text)) for i in loaded_words(doc, word_level)]
                 for doc, article in zip(dev_docs, dev_articles, strict=True)}
        for seed_threshold in SEED_THRESHOLDS:
            candidate = tagged._replace(seed_threshold=seed_threshold)
            predicted = {article.id: [(start, end) for start, end, _ in decode_spans(doc, doc_probabilities, candidate)]
                         + words[article.id]
                         for doc, article, doc_probabilities in zip(dev_docs, dev_articles, probabilities, strict=True)}
            scores = span_identification_scores(predicted, dev_gold)
            print(f"  word level >= {threshold}, seed >= {seed_threshold}: {scores}", file=sys.stderr)
            if scores.f1 > si_scores.f1:
                si_scores, word_threshold, decoding = scores, threshold, candidate

    # Span classifier on gold spans.
    def span_rows(docs: Sequence[Doc], contexts: Sequence, articles: Sequence[PtcArticle]) -> tuple[list, list]:  # type: ignore[type-arg]
        rows, labels = [], []
        for doc, context, article in zip(docs, contexts, articles, strict=True):
            for span in article.spans:
                tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
                if tokens is None or not len(tokens):
                    continue
                rows.append(span_features(doc, context, tokens.start, tokens.end))
                labels.append(span.technique)
        return rows, labels

    train_span_rows, train_span_labels = span_rows(train_docs, train_contexts, train_articles)
    dev_span_rows, dev_span_labels = span_rows(dev_docs, dev_contexts, dev_articles)
    span_names = frequent(train_span_rows)
    span_vectorizer = DictVectorizer()
    x_spans = span_vectorizer.fit_transform(keep(train_span_rows, span_names))
    x_dev_spans = span_vectorizer.transform(dev_span_rows)
    best_classifier: tuple[float, float, LogisticRegression] | None = None
    for c in args.classifier_c:
        classifier = LogisticRegression(C=c, max_iter=2000)
        classifier.fit(x_spans, train_span_labels)
        accuracy = technique_micro_f1(list(classifier.predict(x_dev_spans)), dev_span_labels)
        print(f"classifier C={c}: TC micro-F1 {accuracy:.4f}", file=sys.stderr)
        if best_classifier is None or accuracy > best_classifier[0]:
            best_classifier = (accuracy, c, classifier)
    assert best_classifier is not None
    tc_score, classifier_c, classifier = best_classifier
    per_class = per_technique_f1(list(classifier.predict(x_dev_spans)), dev_span_labels)

    model = export(lexicon, vectorizer, tagger, decoding, WordLevel(word_lexicon, word_threshold),
                   span_vectorizer, classifier)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as handle:
        json.dump(model, handle, separators=(",", ":"), sort_keys=True)
    TechniqueModel.from_dict(model)  # the file must load as the extractor loads it
    print(json.dumps({
        "dev_si_f1": round(si_scores.f1, 4), "dev_si_precision": round(si_scores.precision, 4),
        "dev_si_recall": round(si_scores.recall, 4), "tagger_c": tagger_c, "decoding": decoding._asdict(),
        "word_threshold": word_threshold, "word_lexicon_size": len(word_lexicon),
        "dev_tc_micro_f1": round(tc_score, 4), "classifier_c": classifier_c,
        "dev_tc_per_technique_f1": {name: round(value, 3) for name, value in per_class.items()},
        "model_bytes": args.out.stat().st_size,
    }, indent=2))
    return 0


def export(lexicon: Mapping[str, float], vectorizer: DictVectorizer, tagger: LogisticRegression,
           decoding: Decoding, word_level: WordLevel, span_vectorizer: DictVectorizer,
           classifier: LogisticRegression) -> dict[str, object]:
    tagger_weights = {name: round(float(weight), 4) for name, weight
                      in zip(vectorizer.get_feature_names_out(), tagger.coef_[0], strict=True)
                      if abs(weight) >= 1e-3}
    tagger_weights["bias"] = round(tagger_weights.get("bias", 0.0) + float(tagger.intercept_[0]), 4)
    labels = [str(label) for label in classifier.classes_]
    assert set(labels) <= set(TECHNIQUES), labels
    classifier_weights = {}
    for name, column in zip(span_vectorizer.get_feature_names_out(), classifier.coef_.T, strict=True):
        if np.abs(column).max() >= 1e-3:
            classifier_weights[str(name)] = [round(float(weight), 3) for weight in column]
    return {
        "version": 2,
        "lexicon": dict(sorted(lexicon.items())),
        "tagger": {"weights": tagger_weights, **decoding._asdict()},
        # An infinite threshold (detector off) is written as a huge number: JSON has no infinity.
        "word_level": {"lexicon": dict(sorted(word_level.lexicon.items())),
                       "threshold": min(word_level.threshold, 1e9)},
        "classifier": {"labels": labels, "weights": classifier_weights,
                       "bias": [round(float(bias), 4) for bias in classifier.intercept_]},
    }


if __name__ == "__main__":
    sys.exit(main())
