"""Persuasion-technique gate on PTC dev (SemEval-2020 Task 11; the model never trains on dev, which only
tuned its C, thresholds and gap). 75 articles, about 58k words: 46 s wall on 2 busy cores, most of it parsing.

Floors sit a little under the measured values. Measured with
`newsprobe eval persuasion --corpus ../shared/data/persuasion/ptc-semeval2020 --split dev --json`.
The issue's targets (SI F1 0.45, TC micro-F1 0.65) are not reached; see the model card.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from newsprobe.evaluation import persuasion

pytestmark = [pytest.mark.gate, pytest.mark.model]

FLOORS = {
    "si_f1": 0.40,  # measured 0.4123 (P 0.3742, R 0.4592, 760 predicted spans); model v3
    "si_precision": 0.36,  # measured 0.3742
    "si_recall": 0.44,  # measured 0.4592
    "tc_micro_f1": 0.57,  # measured 0.5851 on 1,063 gold spans (two-label spans matched as sets)
}


def test_ptc_dev_floors(shared_data: Path) -> None:
    args = argparse.Namespace(corpus=shared_data / "persuasion" / "ptc-semeval2020", split="dev", limit=None,
                              model=None)
    metrics = persuasion.run(args).metrics
    assert metrics["articles"] == 75
    assert metrics["si_gold_spans"] == 940
    assert metrics["tc_spans"] == 1063
    below = {name: (metrics[name], floor) for name, floor in FLOORS.items() if metrics[name] < floor}
    assert not below, f"below floor (measured, floor): {below}"
