"""`newsprobe eval claims [FILE ...]`: check-worthiness as in CheckThat! (positive-class F1), per corpus.

Reads the corpora's own files: ClaimBuster CSV (``Sentence_id,Text,...,Verdict``; positive is
``Verdict == 1``, a check-worthy factual sentence) and CheckThat! TSV (``Sentence_id<TAB>Text<TAB>
class_label``; positive is ``Yes``). Each sentence is parsed by the pipeline and scored by the shipped
model exactly as the analysis scores a body sentence; a sentence is predicted check-worthy when its
score reaches the model's threshold (or ``--threshold``).

Each file is scored on its own and reported under its corpus name (``claimbuster/groundtruth``,
``checkthat2024/CT24_checkworthy_english_dev``: the folder and the file name), never pooled: a figure
over mixed corpora hides the one the model transfers poorly to. Without files, the two shared dev sets.
A sentence that occurs in several files is parsed once.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsprobe.evaluation import Report
from newsprobe.extract.claims import load_model
from newsprobe.nlp.pipeline import load_pipeline

DESCRIPTION = "check-worthy claim detection: positive-class F1 per corpus (ClaimBuster CSV, CheckThat! TSV)"
DEFAULT_GOLD = (
    Path("../shared/data/claims/claimbuster/groundtruth.csv"),
    Path("../shared/data/claims/checkthat2024/CT24_checkworthy_english_dev.tsv"),
)


@dataclass(frozen=True)
class GoldSentence:
    id: str
    text: str
    checkworthy: bool


def load_gold(path: Path) -> list[GoldSentence]:
    """ClaimBuster CSV or CheckThat! TSV, told apart by the label column."""
    with path.open(encoding="utf-8", newline="") as handle:
        header = handle.readline()
        delimiter = "\t" if "\t" in header else ","
        handle.seek(0)
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    if rows and "Verdict" in rows[0]:
        return [GoldSentence(row["Sentence_id"], row["Text"], int(row["Verdict"]) == 1) for row in rows]
    if rows and "class_label" in rows[0]:
        return [GoldSentence(row["Sentence_id"], row["Text"], row["class_label"].strip().lower() == "yes")
                for row in rows]
    raise ValueError(f"{path}: neither a ClaimBuster CSV (Verdict column) nor a CheckThat! TSV (class_label)")


def corpus_name(path: Path) -> str:
    """``claimbuster/groundtruth``: the folder and the file name, enough to tell the shared corpora apart."""
    return f"{path.parent.name}/{path.stem}" if path.parent.name else path.stem


def predict(gold: Sequence[GoldSentence], model_name: str | None = None) -> list[float]:
    nlp = load_pipeline(model_name)
    model = load_model()
    texts = list(dict.fromkeys(s.text for s in gold))  # each distinct sentence parsed once
    scores = {text: model.score_sentence(doc[:]) for text, doc in zip(
        texts, nlp.pipe(texts, batch_size=256), strict=True)}
    return [scores[s.text] for s in gold]


def score(gold: Sequence[GoldSentence], scores: Sequence[float], threshold: float) -> Report:
    true_positive = false_positive = false_negative = 0
    for sentence, value in zip(gold, scores, strict=True):
        predicted = value >= threshold
        true_positive += predicted and sentence.checkworthy
        false_positive += predicted and not sentence.checkworthy
        false_negative += (not predicted) and sentence.checkworthy
    correct = sum((value >= threshold) == sentence.checkworthy for sentence, value in zip(gold, scores, strict=True))
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 0.0
    recall = true_positive / (true_positive + false_negative) if true_positive + false_negative else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    metrics = {
        "f1": f1, "precision": precision, "recall": recall,
        "accuracy": correct / len(gold) if gold else 0.0,
        "sentences": len(gold), "positives": sum(s.checkworthy for s in gold),
        "predicted_positives": true_positive + false_positive, "threshold": threshold,
    }
    return Report(metrics)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", type=Path, nargs="*", default=list(DEFAULT_GOLD),
                        help="ClaimBuster CSVs (e.g. groundtruth.csv) or CheckThat! TSVs, each scored on its own "
                        "(default: ClaimBuster's expert set and the CheckThat! 2024 English dev set in ../shared)")
    parser.add_argument("--threshold", type=float, help="decision threshold (default: the model's own)")
    parser.add_argument("--limit", type=int, help="score only the first N sentences of each file")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="list the N most confident false positives and false negatives of each file")
    parser.add_argument("--model", help="spaCy pipeline (default: newsprobe's default)")


def run(args: argparse.Namespace) -> Report:
    threshold = args.threshold if args.threshold is not None else load_model().threshold
    corpora = {corpus_name(path): load_gold(path)[: args.limit] for path in args.gold}
    every = [sentence for gold in corpora.values() for sentence in gold]
    all_scores = predict(every, args.model)
    metrics: dict[str, object] = {}
    details: list[str] = []
    offset = 0
    for name, gold in corpora.items():
        scores = all_scores[offset: offset + len(gold)]
        offset += len(gold)
        corpus = score(gold, scores, threshold).metrics
        metrics.update({f"{name}.{key}": value for key, value in corpus.items()})
        details.append(f"{name}: F1 {corpus['f1']:.4f} (precision {corpus['precision']:.4f}, recall "
                       f"{corpus['recall']:.4f}) on {corpus['sentences']} sentences, {corpus['positives']} positive")
        if args.errors:
            details.extend(f"{name} {line}" for line in _errors(gold, scores, threshold, args.errors))
    return Report(metrics, details)


def _errors(gold: Sequence[GoldSentence], scores: Sequence[float], threshold: float, count: int) -> list[str]:
    pairs = list(zip(gold, scores, strict=True))
    false_positives = sorted((p for p in pairs if p[1] >= threshold and not p[0].checkworthy), key=lambda p: -p[1])
    false_negatives = sorted((p for p in pairs if p[1] < threshold and p[0].checkworthy), key=lambda p: p[1])
    return [f"{label} {value:.2f} [{s.id}] {s.text}"
            for label, items in (("false positive", false_positives), ("false negative", false_negatives))
            for s, value in items[:count]]
