"""`newsprobe eval persuasion`: SemEval-2020 Task 11 span identification F1 and technique-classification micro-F1.

Each PTC article file is parsed whole (headline included, as the task scores it) and handed to the
technique extractor's two steps: the tagger's spans are scored against the task-1 label files with the
task's partial-overlap measure, and the classifier labels the gold spans of the task-2 label files.
A span that the gold file lists k times (with k techniques) gets the classifier's k best techniques,
as the task's systems did: one span cannot be right twice with the same label. Those k guesses are
matched to the span's k labels as a set (`ptc.align_guesses`), not in the label file's order.

Each split is scored as a corpus of its own: with one (``--split dev``) the metrics are flat; with
several (``--split dev train``) each split's figures go under its corpus name (``ptc-dev/si_f1``).
Train is the data the model was fitted on, so its figures are an upper bound, not a test.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from newsprobe.evaluation import Report
from newsprobe.evaluation.ptc import (
    CharSpan,
    PtcArticle,
    align_guesses,
    per_technique_f1,
    read_split,
    span_identification_scores,
    technique_micro_f1,
)

if TYPE_CHECKING:
    from spacy.language import Language

DESCRIPTION = "persuasion techniques on PTC (SemEval-2020 Task 11): SI span F1 and TC micro-F1"
DEFAULT_CORPUS = Path("../shared/data/persuasion/ptc-semeval2020")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help=f"the PTC folder with its article and label folders (default {DEFAULT_CORPUS})")
    parser.add_argument("--split", nargs="+", default=["dev"], choices=("dev", "train"),
                        help="which split or splits, each scored on its own (default dev)")
    parser.add_argument("--limit", type=int, help="score only the first N articles (by id)")
    parser.add_argument("--model", help="spaCy pipeline (default: as for analyze)")


def run(args: argparse.Namespace) -> Report:
    from newsprobe.nlp.pipeline import load_pipeline

    splits = [args.split] if isinstance(args.split, str) else list(dict.fromkeys(args.split))
    nlp = load_pipeline(args.model)
    reports = [(f"ptc-{split}", score_split(read_split(args.corpus, split, args.limit), nlp)) for split in splits]
    if len(reports) == 1:
        name, report = reports[0]
        return Report(metrics=report.metrics, details=[f"{name}:", *report.details])
    metrics = {f"{name}/{metric}": value for name, report in reports for metric, value in report.metrics.items()}
    details = [line for name, report in reports for line in (f"{name}:", *report.details)]
    return Report(metrics=metrics, details=details)


def score_split(articles: Sequence[PtcArticle], nlp: Language) -> Report:
    """SI and TC figures of one split's articles."""
    from newsprobe.extract.techniques import classify_spans, load_model, predict_spans

    model = load_model()
    predicted: dict[str, list[CharSpan]] = {}
    guesses: list[str] = []
    answers: list[str] = []
    for article, doc in zip(articles, nlp.pipe(article.text for article in articles), strict=True):
        predicted[article.id] = [(start, end) for start, end, _, _ in predict_spans(doc, model)]
        by_span: dict[CharSpan, list[str]] = defaultdict(list)
        for span in article.spans:
            by_span[(span.start, span.end)].append(span.technique)
        ranked = classify_spans(doc, model, list(by_span))
        for (labels, ranking) in zip(by_span.values(), ranked, strict=True):
            answers.extend(labels)
            guesses.extend(align_guesses([technique for technique, _ in ranking[:len(labels)]], labels))
    gold = {article.id: list(article.propaganda) for article in articles}
    scores = span_identification_scores(predicted, gold)
    metrics: dict[str, float | int] = {
        "articles": len(articles),
        "si_precision": round(scores.precision, 4),
        "si_recall": round(scores.recall, 4),
        "si_f1": round(scores.f1, 4),
        "si_predicted_spans": scores.predicted,
        "si_gold_spans": scores.gold,
        "tc_spans": len(answers),
        "tc_micro_f1": round(technique_micro_f1(guesses, answers), 4),
    }
    details = [f"{technique:>36}: F1 {value:.3f}" for technique, value
               in sorted(per_technique_f1(guesses, answers).items())]
    return Report(metrics=metrics, details=["technique classification, per technique:", *details])
