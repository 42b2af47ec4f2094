"""Quote-tracing gate: the hand-written tracing corpus through the real analysis and the store, on both engines.

Floors are the issue's target, every appearance found and none wrong; measured with
`newsprobe eval tracing --json`: recall 1.0, precision 1.0 (12 appearances in 4 traces, 5 quotes alone), drift and
speaker change 1.0, recycled_quote precision and recall 1.0 (3 articles).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import postgres_database, postgres_server, store_target

from newsprobe.analyzer import Analyzer
from newsprobe.evaluation.tracing import score_corpus

__all__ = ["postgres_database", "postgres_server", "store_target"]

pytestmark = [pytest.mark.gate, pytest.mark.model]
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "tracing"

FLOORS = {
    "appearance_recall": 1.0,
    "appearance_precision": 1.0,
    "drift_accuracy": 1.0,
    "speaker_change_accuracy": 1.0,
    "recycled_precision": 1.0,
    "recycled_recall": 1.0,
}


def test_tracing_corpus_floors(analyzer: Analyzer, store_target: str) -> None:
    report = score_corpus(CORPUS, analyzer, store_target)
    shortfalls = {name: (report.metrics[name], floor) for name, floor in FLOORS.items()
                  if report.metrics[name] < floor}
    assert not shortfalls, f"below floor (got, floor): {shortfalls}; details: {report.details}"
    assert report.metrics["gold_appearances"] == 12 and report.metrics["predicted_traces"] == 4
