"""Check-worthiness gate: positive-class F1 on ClaimBuster's expert-labelled set (the test set; the model
never trains on it). 1,032 sentences: about 15 s on 2 cores, most of it parsing.

Floors sit a little under the measured values. Measured with
`newsprobe eval claims ../shared/data/claims/claimbuster/groundtruth.csv --json`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprobe.evaluation.claims import load_gold, predict, score
from newsprobe.extract.claims import load_model

pytestmark = [pytest.mark.gate, pytest.mark.model]

FLOORS = {
    "f1": 0.87,  # measured 0.8814 (issue target: 0.85)
    "precision": 0.82,  # measured 0.8321
    "recall": 0.92,  # measured 0.9370
}


def test_claimbuster_expert_set_floor(shared_data: Path) -> None:
    gold = load_gold(shared_data / "claims" / "claimbuster" / "groundtruth.csv")
    assert len(gold) == 1032
    metrics = score(gold, predict(gold), load_model().threshold).metrics
    below = {name: (round(metrics[name], 4), floor) for name, floor in FLOORS.items() if metrics[name] < floor}
    assert not below, f"below floor (measured, floor): {below}"


def test_checkthat_tsv_reads_the_same_sentences(shared_data: Path) -> None:
    tsv = load_gold(shared_data / "claims" / "checkthat2024" / "CT24_checkworthy_english_dev.tsv")
    csv = load_gold(shared_data / "claims" / "claimbuster" / "groundtruth.csv")
    assert {(s.id, s.checkworthy) for s in tsv} == {(s.id, s.checkworthy) for s in csv}
