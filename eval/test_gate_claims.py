"""Check-worthiness gate, per corpus: positive-class F1 on ClaimBuster's expert-labelled set and on the
CheckThat! 2024 English dev set (the model never trains on either, nor on a near-duplicate of their
sentences: scripts/train_claims.py leaves those out). The two files hold the same 1,032 sentences with the
same labels today, so they are parsed once: about 15 s on 2 cores, most of it parsing.

Floors sit a little under the measured values. Measured with
`newsprobe eval claims ../shared/data/claims/claimbuster/groundtruth.csv
../shared/data/claims/checkthat2024/CT24_checkworthy_english_dev.tsv --json`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsprobe.evaluation.claims import load_gold, predict, score
from newsprobe.extract.claims import load_model

pytestmark = [pytest.mark.gate, pytest.mark.model]

CORPORA = {
    "claimbuster/groundtruth": Path("claims/claimbuster/groundtruth.csv"),
    "checkthat2024/dev": Path("claims/checkthat2024/CT24_checkworthy_english_dev.tsv"),
}
FLOORS = {
    "claimbuster/groundtruth": {
        "f1": 0.885,  # measured 0.8953 (issue target: 0.88; the v1 model measured 0.8814)
        "precision": 0.86,  # measured 0.8755
        "recall": 0.90,  # measured 0.9160
    },
    "checkthat2024/dev": {
        "f1": 0.885,  # measured 0.8953 (issue target: 0.80; the same sentences and labels as groundtruth.csv)
        "precision": 0.86,  # measured 0.8755
        "recall": 0.90,  # measured 0.9160
    },
}


@pytest.fixture(scope="module")
def corpus_metrics(shared_data: Path) -> dict[str, dict[str, Any]]:
    golds = {name: load_gold(shared_data / path) for name, path in CORPORA.items()}
    scores = predict([sentence for gold in golds.values() for sentence in gold])  # repeated sentences parsed once
    metrics: dict[str, dict[str, Any]] = {}
    offset = 0
    for name, gold in golds.items():
        metrics[name] = score(gold, scores[offset:offset + len(gold)], load_model().threshold).metrics
        offset += len(gold)
    return metrics


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_floor_per_corpus(corpus: str, corpus_metrics: dict[str, dict[str, Any]]) -> None:
    metrics = corpus_metrics[corpus]
    assert metrics["sentences"] == 1032
    below = {name: (round(metrics[name], 4), floor) for name, floor in FLOORS[corpus].items()
             if metrics[name] < floor}
    assert not below, f"{corpus} below floor (measured, floor): {below}"
