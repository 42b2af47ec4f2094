"""Attribution quality gate: the full dev sets are small enough to score in CI (about a minute).

Floors sit a little under the measured values, so a change that makes attribution worse fails CI.
Measured with `newsprobe eval attribution GOLD --json` (see each floor's comment).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprobe.analyzer import Analyzer
from newsprobe.evaluation.attribution import load_gold, predict, score

pytestmark = [pytest.mark.gate, pytest.mark.model]

# name -> (gold file under ../shared/data, {metric: floor})
FLOORS: dict[str, tuple[str, dict[str, float]]] = {
    # measured 1.000 / 1.000 (21 of 21) / 1.000 with
    # `newsprobe eval attribution ../shared/data/seed/seed-gold.json --json` (unchanged since the first rules)
    "seed": ("seed/seed-gold.json", {
        "content_f1@0.3": 0.95,
        "speaker_accuracy": 0.95,
        "via_accuracy": 0.95,
    }),
    # measured 0.9233 / 0.9079 / 0.9456 (626 of 662; the issue 14 rules of tests/test_attribution_unseen_news.py;
    # before them 0.920 / 0.902 / 0.929, and before tests/test_attribution_documents_parts_and_titles.py and
    # tests/test_speakers_organisation_evidence.py 0.904 / 0.887 / 0.921) with
    # `newsprobe eval attribution ../shared/data/attribution/ggt-dev.jsonl --json`
    "ggt-dev": ("attribution/ggt-dev.jsonl", {
        "content_f1@0.3": 0.92,
        "content_f1@0.8": 0.905,
        "speaker_accuracy": 0.945,
    }),
    # scope "all" (rules with belief cues + the PolNeAR-trained model, SCOPES below): measured 0.774 (before
    # the issue 14 rules 0.763) with
    # `newsprobe eval attribution ../shared/data/attribution/polnear-dev.jsonl --scope all --json`
    "polnear-dev": ("attribution/polnear-dev.jsonl", {
        "content_f1@0.3": 0.765,
    }),
}
# Sets scored with another attribution_scope than the default: PolNeAR annotates beliefs and stances too,
# which only the learned model of scope "all" finds (resources/attribution/MODEL_CARD.md).
SCOPES: dict[str, str] = {"polnear-dev": "all"}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_attribution_floor(name: str, shared_data: Path, analyzer: Analyzer) -> None:
    relative, floors = FLOORS[name]
    gold = load_gold(shared_data / relative)
    if name in SCOPES:
        analyzer = Analyzer(attribution_scope=SCOPES[name])
    metrics = score(gold, predict(analyzer, gold)).metrics
    below = {metric: (round(metrics[metric], 4), floor) for metric, floor in floors.items() if metrics[metric] < floor}
    assert not below, f"{name}: below floor (measured, floor): {below}"
