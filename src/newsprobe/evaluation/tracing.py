"""Quote tracing scored on a corpus with hand-written gold, through the real path: Analyzer -> store -> traces.

The corpus (``tests/fixtures/tracing``: ``articles.jsonl`` and ``gold.json``, invented articles) has quotes that
recur across articles reworded, truncated, translated differently, given to another speaker, and re-dated. The
gold lists each trace's appearances by article id and the words the article prints; every quote not in a trace
must stay alone. Scores:

* ``appearance_recall``: gold appearances found in the predicted trace that holds most of their gold trace;
* ``appearance_precision``: appearances in predicted traces that belong to the gold trace most of their trace's
  members belong to (a quote traced that should be alone counts against it);
* ``drift_accuracy``, ``speaker_change_accuracy`` for the gold traces that give them;
* ``recycled_precision`` / ``recycled_recall`` of the articles given a ``recycled_quote`` finding (on the right
  quote).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from newsprobe.evaluation import Report
from newsprobe.models import Analysis, QuoteTrace, Span

DESCRIPTION = "quote tracing across articles: appearance precision/recall, drift and recycled_quote on a gold corpus"
DEFAULT_DATA = Path("tests/fixtures/tracing")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with articles.jsonl and gold.json (default: %(default)s)")
    parser.add_argument("--db", help="store to score in (default: a new SQLite file in a temporary folder); "
                                     "it must be empty, e.g. a fresh postgresql:// database")
    parser.add_argument("--model", help="spaCy pipeline (default: en_core_web_sm, else its re-upload)")


def run(args: argparse.Namespace) -> Report:
    from newsprobe.analyzer import Analyzer

    analyzer = Analyzer(model=args.model) if args.model else Analyzer()
    if args.db:
        return score_corpus(args.data, analyzer, args.db)
    with tempfile.TemporaryDirectory() as folder:
        return score_corpus(args.data, analyzer, str(Path(folder) / "tracing.db"))


def read_corpus(folder: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    articles = [json.loads(line) for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    return articles, json.loads((folder / "gold.json").read_text(encoding="utf-8"))


def score_corpus(folder: Path, analyzer: Any, target: str) -> Report:
    """Analyse and store the corpus in ``target``, then score the traces the store gives."""
    from newsprobe.store import open_store
    from newsprobe.store.corpus_tables import quote_traces

    articles, gold = read_corpus(folder)
    stored: dict[str, Analysis] = {}
    with open_store(target) as store:
        for record in articles:
            analysis = analyzer.analyze(record["text"], id=record["id"], outlet=record.get("outlet"),
                                        published=record.get("published"), title=record.get("title"))
            stored[record["id"]] = store.save(analysis)
        with store.transaction(write=False) as tx:
            traces = quote_traces(tx)
    return score_traces(stored, traces, gold)


def _gold_span(analyses: dict[str, Analysis], article_id: str, words: str) -> Span:
    text = analyses[article_id].article.text
    start = text.find(words)
    if start < 0:
        raise ValueError(f"gold words not in article {article_id}: {words!r}")
    return Span(start, start + len(words), words)


def _overlaps(first: Span, second: Span) -> bool:
    return first.start < second.end and second.start < first.end


def score_traces(analyses: dict[str, Analysis], traces: list[QuoteTrace], gold: dict[str, Any]) -> Report:
    """Compare predicted traces with the gold traces (see the module docstring for each score)."""
    gold_items: list[tuple[str, Span, int | None]] = []  # (article id, span, gold trace index or None)
    for index, trace in enumerate(gold["traces"]):
        gold_items.extend((article_id, _gold_span(analyses, article_id, words), index)
                          for article_id, words in trace["appearances"])
    gold_items.extend((article_id, _gold_span(analyses, article_id, words), None)
                      for article_id, words in gold["alone"])

    def gold_label(article_id: str, span: Span) -> int | None:
        return next((label for item_article, item_span, label in gold_items
                     if item_article == article_id and _overlaps(item_span, span)), None)

    details: list[str] = []
    predicted: list[list[tuple[Any, int | None]]] = [
        [(appearance, gold_label(appearance.article_id, appearance.span)) for appearance in trace.appearances]
        for trace in traces]
    correct_predicted = total_predicted = 0
    for trace, members in zip(traces, predicted, strict=True):
        labels = Counter(label for _, label in members if label is not None)
        majority = labels.most_common(1)[0][0] if labels else None
        for appearance, label in members:
            total_predicted += 1
            if label is not None and label == majority:
                correct_predicted += 1
            else:
                details.append(f"wrongly traced with {trace.id}: {appearance.attribution_id} {appearance.span.text!r}")

    found = total_gold = drift_right = drift_total = change_right = change_total = 0
    for index, gold_trace in enumerate(gold["traces"]):
        wanted = [(article_id, _gold_span(analyses, article_id, words))
                  for article_id, words in gold_trace["appearances"]]
        total_gold += len(wanted)
        best = max(range(len(traces)), default=None,
                   key=lambda position: sum(1 for _, label in predicted[position] if label == index))
        members = predicted[best] if best is not None else []
        for position, (article_id, span) in enumerate(wanted):
            match = next((appearance for appearance, label in members if label == index
                          and appearance.article_id == article_id and _overlaps(appearance.span, span)), None)
            if match is None:
                details.append(f"missed in gold trace {index + 1}: {article_id} {span.text!r}")
                continue
            found += 1
            if "drifts" in gold_trace:
                drift_total += 1
                expected = gold_trace["drifts"][position]
                if match.drift == expected:
                    drift_right += 1
                else:
                    details.append(f"drift of {match.attribution_id}: {match.drift}, gold {expected}")
        if best is not None:
            change_total += 1
            if traces[best].speaker_changed == bool(gold_trace.get("speaker_changed", False)):
                change_right += 1
            else:
                details.append(f"speaker change of trace {traces[best].id}: {traces[best].speaker_changed}")

    wanted_recycled = [(article_id, _gold_span(analyses, article_id, words)) for article_id, words in gold["recycled"]]
    flagged = [(analysis.article.id, finding.evidence[0]) for analysis in analyses.values()
               for finding in analysis.findings if finding.type == "recycled_quote" and finding.evidence]
    recycled_hits = sum(1 for article_id, span in flagged
                        if any(article_id == wanted_id and _overlaps(span, wanted_span)
                               for wanted_id, wanted_span in wanted_recycled))
    recycled_found = sum(1 for wanted_id, wanted_span in wanted_recycled
                         if any(article_id == wanted_id and _overlaps(span, wanted_span)
                                for article_id, span in flagged))
    details.extend(f"recycled_quote not in gold: {article_id} {span.text!r}" for article_id, span in flagged
                   if not any(article_id == wanted_id and _overlaps(span, wanted_span)
                              for wanted_id, wanted_span in wanted_recycled))

    def ratio(part: int, whole: int) -> float:
        return round(part / whole, 4) if whole else 1.0

    metrics = {
        "articles": len(analyses), "gold_traces": len(gold["traces"]), "predicted_traces": len(traces),
        "gold_appearances": total_gold, "predicted_appearances": total_predicted,
        "appearance_recall": ratio(found, total_gold),
        "appearance_precision": ratio(correct_predicted, total_predicted),
        "drift_accuracy": ratio(drift_right, drift_total),
        "speaker_change_accuracy": ratio(change_right, change_total),
        "recycled_precision": ratio(recycled_hits, len(flagged)),
        "recycled_recall": ratio(recycled_found, len(wanted_recycled)),
    }
    return Report(metrics, details)
