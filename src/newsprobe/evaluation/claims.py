"""`newsprobe eval claims FILE`: check-worthiness as in CheckThat! (positive-class F1).

Reads the corpora's own files: ClaimBuster CSV (``Sentence_id,Text,...,Verdict``; positive is
``Verdict == 1``, a check-worthy factual sentence) and CheckThat! TSV (``Sentence_id<TAB>Text<TAB>
class_label``; positive is ``Yes``). Each sentence is parsed by the pipeline and scored by the shipped
model exactly as the analysis scores a body sentence; a sentence is predicted check-worthy when its
score reaches the model's threshold (or ``--threshold``).
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsprobe.evaluation import Report
from newsprobe.extract.claims import claim_features, load_model
from newsprobe.nlp.pipeline import load_pipeline

DESCRIPTION = "check-worthy claim detection: positive-class F1 on ClaimBuster CSV or CheckThat! TSV"


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


def predict(gold: Sequence[GoldSentence], model_name: str | None = None) -> list[float]:
    nlp = load_pipeline(model_name)
    model = load_model()
    return [model.score(claim_features(doc[:])) for doc in nlp.pipe((s.text for s in gold), batch_size=256)]


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
    parser.add_argument("gold", type=Path, help="ClaimBuster CSV (e.g. groundtruth.csv) or CheckThat! TSV")
    parser.add_argument("--threshold", type=float, help="decision threshold (default: the model's own)")
    parser.add_argument("--limit", type=int, help="score only the first N sentences")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="list the N most confident false positives and false negatives")
    parser.add_argument("--model", help="spaCy pipeline (default: newsprobe's default)")


def run(args: argparse.Namespace) -> Report:
    gold = load_gold(args.gold)[: args.limit]
    threshold = args.threshold if args.threshold is not None else load_model().threshold
    scores = predict(gold, args.model)
    report = score(gold, scores, threshold)
    if args.errors:
        pairs = list(zip(gold, scores, strict=True))
        false_positives = sorted((p for p in pairs if p[1] >= threshold and not p[0].checkworthy), key=lambda p: -p[1])
        false_negatives = sorted((p for p in pairs if p[1] < threshold and p[0].checkworthy), key=lambda p: p[1])
        for label, items in (("false positive", false_positives), ("false negative", false_negatives)):
            report.details.extend(f"{label} {value:.2f} [{s.id}] {s.text}" for s, value in items[: args.errors])
    return report
