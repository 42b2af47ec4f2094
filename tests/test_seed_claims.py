"""Seed article targets for rhetoric and claims: the rhetorical question and both unsourced sweeping claims
in seed-gold.json ``findings`` are found, and so is the loaded language the issue names (gold read from
../shared at run time, never copied).

Run twice: with the attributions newsprobe extracts, and with the gold attributions, so the check is
tested on its own even where attribution extraction misses or over-reaches.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from newsprobe import Analysis, Analyzer
from newsprobe.checks import run_checks
from newsprobe.extract.claims import covered_by_attributions
from newsprobe.models import Attribution, Span, Speaker

pytestmark = pytest.mark.model


def _gold(shared_data: Path) -> dict[str, Any]:
    return json.loads((shared_data / "seed" / "seed-gold.json").read_text(encoding="utf-8"))


def _expected(gold: dict[str, Any], kind: str) -> list[tuple[int, int]]:
    return [tuple(f["evidence"]) for f in gold["findings"] if f["type"] == kind]  # type: ignore[misc]


def _found(analysis: Analysis, kind: str) -> list[tuple[int, int]]:
    return [(f.evidence[0].start, f.evidence[0].end) for f in analysis.findings if f.type == kind]


def _matches(expected: tuple[int, int], found: list[tuple[int, int]]) -> bool:
    """The same sentence: overlapping by at least 80% of the gold span (sentence edges may differ)."""
    start, end = expected
    return any(min(end, e) - max(start, s) >= 0.8 * (end - start) for s, e in found)


def _gold_attributions(gold: dict[str, Any]) -> tuple[Attribution, ...]:
    text = gold["text"]

    def span(pairs: list[list[int]]) -> Span | None:
        return Span(pairs[0][0], pairs[-1][1], text[pairs[0][0]:pairs[-1][1]]) if pairs else None

    return tuple(
        Attribution(kind=a["kind"] or "indirect", content=span(a["content"]) or Span(0, 0, ""), cue=span(a["cue"]),
                    speaker=Speaker(a["speaker"], a.get("source_type") or "unnamed_person",
                                    mention=span(a["source"])))
        for a in gold["attributions"]
    )


@pytest.fixture(scope="module")
def seed_analysis(shared_data: Path, analyzer: Analyzer) -> Analysis:
    text = (shared_data / "seed" / "article.txt").read_text(encoding="utf-8")
    return analyzer.analyze(text)


def test_seed_rhetorical_question_and_unsourced_claims(shared_data: Path, seed_analysis: Analysis) -> None:
    gold = _gold(shared_data)
    assert seed_analysis.article.text == gold["text"]
    for kind in ("rhetorical_question", "unattributed_claim"):
        found = _found(seed_analysis, kind)
        for expected in _expected(gold, kind):
            assert _matches(expected, found), f"{kind} {gold['text'][expected[0]:expected[1]]!r} not in {found}"
    assert seed_analysis.summary is not None
    assert seed_analysis.summary.rhetorical_questions == 1


def test_seed_unsourced_claims_with_gold_attributions(shared_data: Path, seed_analysis: Analysis) -> None:
    gold = _gold(shared_data)
    attributions = _gold_attributions(gold)
    claims = tuple(dataclasses.replace(c, attributed=covered_by_attributions(c.start, c.end, attributions))
                   for c in seed_analysis.claims)
    analysis = dataclasses.replace(seed_analysis, attributions=attributions, claims=claims, findings=())
    analysis = dataclasses.replace(analysis, findings=tuple(run_checks(analysis)))
    for kind in ("rhetorical_question", "unattributed_claim"):
        found = _found(analysis, kind)
        for expected in _expected(gold, kind):
            assert _matches(expected, found), f"{kind} {gold['text'][expected[0]:expected[1]]!r} not in {found}"
    # Sentences the gold attributes to a source are never reported as unsourced.
    for start, end in _found(analysis, "unattributed_claim"):
        assert not any(a.content.start <= start and end <= a.content.end for a in attributions)


def test_seed_loaded_language(seed_analysis: Analysis) -> None:
    # Issue 6: "occupation forces" and "occupier" are found as loaded language (the hand-listed
    # adversary labels; PTC train, the model's data, never uses "occupier").
    loaded = {(t.text, t.technique) for t in seed_analysis.techniques}
    assert ("occupation forces", "Loaded_Language") in loaded
    assert ("occupier", "Loaded_Language") in loaded
