"""The extraction scorer on a tiny benchmark written here: trafilatura's segment counting, both systems."""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from newsprobe.evaluation.extraction import Counts, run

from .test_ingest_sources import page


def test_counts_follow_trafilaturas_definition() -> None:
    counts = Counts()
    item = {"with": ["the  ferry\nresumed", "missing part"], "without": ["Contact us", "Home"]}
    counts.add(item, "The ferry resumed on Thursday. the ferry resumed. Contact us")
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (1, 1, 1, 1)
    counts.add(item, None)  # a failed page misses every "with" segment
    metrics = counts.metrics("x")
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (1, 3, 1, 3)
    assert metrics["x_precision"] == 0.5 and metrics["x_recall"] == 0.25
    assert metrics["x_f1"] == round(2 * 1 / (2 * 1 + 1 + 3), 4)


def test_run_scores_newsprobe_and_plain_trafilatura_on_the_same_pages(tmp_path: Path) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "eval").mkdir()
    (tmp_path / "cache" / "ferry.html.gz").write_bytes(gzip.compress(page("ferry")))
    (tmp_path / "eval" / "orchard.html").write_bytes(page("orchard"))
    annotations = {
        "https://a.example/ferry": {"file": "ferry.html", "with": ["crossing would run twice a day"],
                                    "without": ["Contact us"]},
        "https://b.example/orchard": {"file": "orchard.html", "with": ["worst in a decade"], "without": ["Home"]},
    }
    (tmp_path / "evaldata.json").write_text(json.dumps(annotations))
    metrics = run(argparse.Namespace(data=tmp_path, sample=0, focus="balanced")).metrics
    assert metrics["pages"] == 2
    assert metrics["newsprobe_recall"] == 1.0 and metrics["newsprobe_precision"] == 1.0
    assert metrics["trafilatura_f1"] == 1.0 and metrics["f1_difference"] == 0.0
