"""Train the persuasion-technique model shipped in src/newsprobe/resources/persuasion/.

    .venv/bin/python scripts/train_persuasion.py [--corpus ../shared/data/persuasion/ptc-semeval2020]
        [--cache /tmp/ptc-docs] [--out src/newsprobe/resources/persuasion/model.json.gz]

Reads PTC (SemEval-2020 Task 11) train and dev at run time; nothing from the corpus is written into the
repository except learned weights. Steps:

1. parse every article with the default spaCy pipeline (cached as DocBin files with --cache);
2. learn a loaded-language lexicon (smoothed log-odds of a word lying inside any gold span) and a sentence
   model (does this sentence hold a span?), both cross-fitted over 5 folds of train so that the tagger
   does not learn to trust a lexicon or a sentence score that saw its own labels;
3. learn the word-level lexicon (log-odds of a word stem inside a short loaded-language or name-calling
   span); fit the token tagger (binary logistic regression) on train; pick C, the threshold, gap, minimum
   length and seed threshold of the decoding and the word-level threshold together on dev by SI F1;
4. fit the span classifier (multinomial logistic regression) on the train gold spans, pick C on dev by
   technique-classification micro-F1 (scored as `newsprobe eval persuasion` scores it);
4b. pick the threshold for loaded words nested inside passages of other techniques on dev;
5. refit nothing on dev; write the weights (pruned, rounded) and print the dev scores for the model card.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import spacy
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc, DocBin

from newsprobe.evaluation.ptc import (
    TECHNIQUES,
    CharSpan,
    PtcArticle,
    SpanScores,
    align_guesses,
    per_technique_f1,
    read_split,
    span_identification_scores,
    technique_micro_f1,
)
from newsprobe.extract.technique_features import (
    ArticleContext,
    Features,
    SentenceModel,
    article_context,
    is_word_level_candidate,
    sentence_model_features,
    sentence_ranges,
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
    nested_words,
)
from newsprobe.nlp.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared/data/persuasion/ptc-semeval2020"
DEFAULT_OUT = ROOT / "src/newsprobe/resources/persuasion/model.json.gz"

FOLDS = 5
SENTENCE_C = 0.3  # the sentence model's C; 0.3 was the only value tried (dev SI F1 0.392 -> 0.403 with it)
LEXICON_MIN_COUNT = 3
LEXICON_SMOOTHING = 10.0  # pseudo-counts at the base rate: a word seen 3 times cannot reach an extreme score
MIN_FEATURE_COUNT = 2  # features seen once in train are noise and would bloat the shipped file
# Word-level lexicon: gold loaded-language / name-calling spans up to this many characters count (longer
# ones are whole clauses, in which most words are not the loaded ones); stems seen this often; smoothing.
WORD_SPAN_MAX_CHARS = 40
WORD_MIN_COUNT = 2
WORD_SMOOTHING = 5.0
WORD_THRESHOLDS = (1.5, 2.0, 2.5, 3.0)
DEFAULT_WORD_THRESHOLD = 2.0  # version 2's choice; the decoding grid is searched with it, then the others
TAGGER_THRESHOLDS = (0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3)
SEED_THRESHOLDS = (0.0, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
NESTED_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


def parse(articles: Sequence[PtcArticle], cache: Path | None, name: str) -> list[Doc]:
    nlp = load_pipeline(None)
    # The cache is keyed by the pipeline's components: docs parsed before a component was added (the
    # paragraph-break sentencer, for one) must not train a model that runs behind it.
    fingerprint = hashlib.sha1(repr((nlp.meta["name"], nlp.meta["version"], nlp.pipe_names)).encode()).hexdigest()[:8]
    path = cache / f"{name}-{fingerprint}.spacy" if cache else None
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


def learn_sentence_model(docs: Sequence[Doc], labels: Sequence[Sequence[int]]) -> SentenceModel:
    """Logistic regression: does the sentence hold a token of any gold span? Over its words and pairs."""
    rows, targets = [], []
    for doc, doc_labels in zip(docs, labels, strict=True):
        for start, end in sentence_ranges(doc):
            rows.append(dict.fromkeys(sentence_model_features(doc, start, end), 1.0))
            targets.append(int(any(doc_labels[start:end])))
    names = frequent(rows)
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(keep(rows, names))
    model = LogisticRegression(C=SENTENCE_C, max_iter=2000).fit(x, targets)
    weights = {str(name): round(float(weight), 3) for name, weight
               in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True) if abs(weight) >= 1e-2}
    return SentenceModel(weights, round(float(model.intercept_[0]), 4))


def fold_sentence_models(docs: Sequence[Doc], labels: Sequence[Sequence[int]]) -> list[SentenceModel]:
    """For each train article, the sentence model learned from the other folds (as for the lexicon)."""
    models = []
    for fold in range(FOLDS):
        rest = [index for index in range(len(docs)) if index % FOLDS != fold]
        models.append(learn_sentence_model([docs[i] for i in rest], [labels[i] for i in rest]))
    return [models[index % FOLDS] for index in range(len(docs))]


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


def span_rows(docs: Sequence[Doc], contexts: Sequence[ArticleContext], articles: Sequence[PtcArticle],
              ) -> tuple[list[Features], list[str], list[tuple[str, int, int]]]:
    """Classifier features, technique and ``(article, start, end)`` of every gold span."""
    rows, labels, keys = [], [], []
    for doc, context, article in zip(docs, contexts, articles, strict=True):
        for span in article.spans:
            tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
            if tokens is None or not len(tokens):
                continue
            rows.append(span_features(doc, context, tokens.start, tokens.end))
            labels.append(span.technique)
            keys.append((article.id, span.start, span.end))
    return rows, labels, keys


def ranked_guesses(classifier: LogisticRegression, x: sparse.csr_matrix, labels: Sequence[str],
                   keys: Sequence[tuple[str, int, int]]) -> list[str]:
    """One guess per gold label, as `newsprobe eval persuasion` makes them: a span listed k times gets
    the classifier's k best techniques, matched to its k labels as a set."""
    probabilities = classifier.predict_proba(x)
    places: dict[tuple[str, int, int], list[int]] = {}
    for row, key in enumerate(keys):
        places.setdefault(key, []).append(row)
    guesses = [""] * len(labels)
    for rows in places.values():
        best = [str(classifier.classes_[i]) for i in np.argsort(-probabilities[rows[0]])[:len(rows)]]
        for row, guess in zip(rows, align_guesses(best, [labels[row] for row in rows]), strict=True):
            guesses[row] = guess
    return guesses


def tune_decoding(docs: Sequence[Doc], articles: Sequence[PtcArticle], probabilities: Sequence[Sequence[float]],
                  words: Mapping[float, Sequence[Sequence[CharSpan]]]) -> Iterator[tuple[float, Decoding, SpanScores]]:
    """Dev SI scores over the decoding grid with the loaded words of ``DEFAULT_WORD_THRESHOLD``, then over
    the word thresholds (inf: detector off) with the best decoding of the first pass."""
    gold = {article.id: list(article.propaganda) for article in articles}

    def score(decoding: Decoding, word_threshold: float) -> SpanScores:
        predicted = {article.id: [(start, end) for start, end, _ in decode_spans(doc, doc_probabilities, decoding)]
                     + list(article_words)
                     for doc, article, doc_probabilities, article_words
                     in zip(docs, articles, probabilities, words[word_threshold], strict=True)}
        return span_identification_scores(predicted, gold)

    best: tuple[SpanScores, Decoding] | None = None
    for threshold in TAGGER_THRESHOLDS:
        for max_gap in (1, 3):
            for min_chars in (0, 10):
                for seed_threshold in SEED_THRESHOLDS:
                    decoding = Decoding(threshold, max_gap, min_chars, seed_threshold)
                    scores = score(decoding, DEFAULT_WORD_THRESHOLD)
                    yield DEFAULT_WORD_THRESHOLD, decoding, scores
                    if best is None or scores.f1 > best[0].f1:
                        best = (scores, decoding)
    assert best is not None
    for word_threshold in words:
        yield word_threshold, best[1], score(best[1], word_threshold)


def tune_nested_threshold(model: TechniqueModel, docs: Sequence[Doc], contexts: Sequence[ArticleContext],
                          articles: Sequence[PtcArticle]) -> float:
    """The lowest P(Loaded_Language) + P(Name_Calling) at which nested words lie inside a gold span of
    those two techniques (on dev) at least as often as the lexicon's loaded words do; inf if none."""
    lexicon_hits = lexicon_words = 0
    nested: list[tuple[float, bool]] = []
    for doc, context, article in zip(docs, contexts, articles, strict=True):
        marked = np.zeros(len(doc.text) + 1, dtype=bool)
        for span in article.spans:
            if span.technique in WORD_LEVEL_TECHNIQUES:
                marked[span.start:span.end] = True

        def right(index: int, doc: Doc = doc, marked: np.ndarray = marked) -> bool:
            return bool(marked[doc[index].idx: doc[index].idx + len(doc[index].text)].any())

        probabilities = model.token_probabilities(token_features(doc, context))
        passages = []
        for start_char, end_char, _ in decode_spans(doc, probabilities, model.decoding):
            span = doc.char_span(start_char, end_char, alignment_mode="expand")
            if span is not None:
                label_probabilities = model.label_probabilities(span_features(doc, context, span.start, span.end))
                passages.append((span.start, span.end, model.labels[int(label_probabilities.argmax())]))
        lexical = set(loaded_words(doc, model.word_level))
        lexicon_words += len(lexical)
        lexicon_hits += sum(right(index) for index in lexical)
        nested.extend((loaded, right(index)) for index, _, loaded in nested_words(doc, context, model, passages)
                      if index not in lexical)
    target = lexicon_hits / max(1, lexicon_words)
    print(f"lexicon words on dev: {lexicon_words}, right {target:.3f}", file=sys.stderr)
    chosen = math.inf
    for threshold in NESTED_THRESHOLDS:
        kept = [hit for loaded, hit in nested if loaded >= threshold]
        precision = sum(kept) / max(1, len(kept))
        print(f"  nested >= {threshold}: {len(kept)} words, right {precision:.3f}", file=sys.stderr)
        if kept and precision >= target and threshold < chosen:
            chosen = threshold
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--cache", type=Path, help="folder for parsed DocBin files (speeds up re-runs)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    # One tagger fit takes about a minute on one core; the classifier's C in seconds.
    parser.add_argument("--tagger-c", type=float, nargs="+", default=[0.1, 0.2, 0.4])
    parser.add_argument("--classifier-c", type=float, nargs="+", default=[0.1, 0.3, 1.0])
    args = parser.parse_args(argv)
    spacy.util.fix_random_seed(0)

    train_articles = read_split(args.corpus, "train")
    dev_articles = read_split(args.corpus, "dev")
    train_docs = parse(train_articles, args.cache, "train")
    dev_docs = parse(dev_articles, args.cache, "dev")
    train_labels = [token_labels(doc, article) for doc, article in zip(train_docs, train_articles, strict=True)]

    lexicon = learn_lexicon(train_docs, train_labels)
    sentence_model = learn_sentence_model(train_docs, train_labels)
    train_contexts = [article_context(doc, fold_lexicon, fold_sentence_model) for doc, fold_lexicon, fold_sentence_model
                      in zip(train_docs, fold_lexicons(train_docs, train_labels),
                             fold_sentence_models(train_docs, train_labels), strict=True)]
    dev_contexts = [article_context(doc, lexicon, sentence_model) for doc in dev_docs]

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
    # The tagger's C and the decoding are chosen on dev SI F1 with the word-level detector's loaded words
    # added, as the extractor emits them (tuning the passages alone first, as version 2 did, chose a
    # higher threshold: dev SI F1 0.391 instead of 0.40).
    word_lexicon = learn_word_lexicon(train_docs, train_articles)
    words = {threshold: [[(doc[i].idx, doc[i].idx + len(doc[i].text)) for i in loaded_words(doc, WordLevel(
        word_lexicon, threshold))] for doc in dev_docs] for threshold in (*WORD_THRESHOLDS, math.inf)}
    best_tagger: tuple[SpanScores, Decoding, float, float, LogisticRegression] | None = None
    for c in args.tagger_c:
        started = time.perf_counter()
        tagger = LogisticRegression(C=c, solver="liblinear", max_iter=300)
        tagger.fit(x_train, y_train)
        probabilities = [tagger.predict_proba(x)[:, 1] for x in x_dev]
        for word_threshold, decoding, scores in tune_decoding(dev_docs, dev_articles, probabilities, words):
            if best_tagger is None or scores.f1 > best_tagger[0].f1:
                best_tagger = (scores, decoding, word_threshold, c, tagger)
                print(f"  C={c} {decoding} words >= {word_threshold}: {scores}", file=sys.stderr)
        print(f"tagger C={c} done in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    assert best_tagger is not None
    si_scores, decoding, word_threshold, tagger_c, tagger = best_tagger

    # Span classifier on gold spans.
    train_span_rows, train_span_labels, _ = span_rows(train_docs, train_contexts, train_articles)
    dev_span_rows, dev_span_labels, dev_span_keys = span_rows(dev_docs, dev_contexts, dev_articles)
    span_names = frequent(train_span_rows)
    span_vectorizer = DictVectorizer()
    x_spans = span_vectorizer.fit_transform(keep(train_span_rows, span_names))
    x_dev_spans = span_vectorizer.transform(dev_span_rows)
    best_classifier: tuple[float, float, LogisticRegression, list[str]] | None = None
    for c in args.classifier_c:
        classifier = LogisticRegression(C=c, max_iter=3000)
        classifier.fit(x_spans, train_span_labels)
        guesses = ranked_guesses(classifier, x_dev_spans, dev_span_labels, dev_span_keys)
        accuracy = technique_micro_f1(guesses, dev_span_labels)
        print(f"classifier C={c}: TC micro-F1 {accuracy:.4f}", file=sys.stderr)
        if best_classifier is None or accuracy > best_classifier[0]:
            best_classifier = (accuracy, c, classifier, guesses)
    assert best_classifier is not None
    tc_score, classifier_c, classifier, guesses = best_classifier
    per_class = per_technique_f1(guesses, dev_span_labels)

    # Loaded words nested in passages of other techniques (they do not change SI, whose scorer merges
    # overlaps): the lowest threshold at which they are right as often as the lexicon's words on dev.
    word_level = WordLevel(word_lexicon, word_threshold)
    draft = TechniqueModel.from_dict(export(lexicon, sentence_model, vectorizer, tagger, decoding, word_level,
                                            span_vectorizer, classifier))
    word_level = word_level._replace(nested_threshold=tune_nested_threshold(draft, dev_docs, dev_contexts,
                                                                              dev_articles))

    model = export(lexicon, sentence_model, vectorizer, tagger, decoding, word_level, span_vectorizer, classifier)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as handle:
        json.dump(model, handle, separators=(",", ":"), sort_keys=True)
    TechniqueModel.from_dict(model)  # the file must load as the extractor loads it
    print(json.dumps({
        "dev_si_f1": round(si_scores.f1, 4), "dev_si_precision": round(si_scores.precision, 4),
        "dev_si_recall": round(si_scores.recall, 4), "tagger_c": tagger_c, "decoding": decoding._asdict(),
        "word_threshold": word_threshold, "word_lexicon_size": len(word_lexicon),
        "nested_threshold": word_level.nested_threshold,
        "dev_tc_micro_f1": round(tc_score, 4), "classifier_c": classifier_c,
        "dev_tc_per_technique_f1": {name: round(value, 3) for name, value in per_class.items()},
        "model_bytes": args.out.stat().st_size,
    }, indent=2))
    return 0


def export(lexicon: Mapping[str, float], sentence_model: SentenceModel, vectorizer: DictVectorizer,
           tagger: LogisticRegression,
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
        "version": 3,
        "lexicon": dict(sorted(lexicon.items())),
        "sentence_model": {"weights": dict(sorted(sentence_model.weights.items())), "bias": sentence_model.bias},
        "tagger": {"weights": tagger_weights, **decoding._asdict()},
        # An infinite threshold (detector off) is written as a huge number: JSON has no infinity.
        "word_level": {"lexicon": dict(sorted(word_level.lexicon.items())),
                       "threshold": min(word_level.threshold, 1e9),
                       "nested_threshold": min(word_level.nested_threshold, 1e9)},
        "classifier": {"labels": labels, "weights": classifier_weights,
                       "bias": [round(float(bias), 4) for bias in classifier.intercept_]},
    }


if __name__ == "__main__":
    sys.exit(main())
