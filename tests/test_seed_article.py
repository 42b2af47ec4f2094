"""Acceptance on the seed article in ../shared (read at run time, never copied)."""

import json
from pathlib import Path

import pytest

from newsprobe.cli import EXIT_OK, main

pytestmark = pytest.mark.model


def test_seed_layout_and_entities(shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = json.loads((shared_data / "seed" / "seed-gold.json").read_text())
    assert main(["analyze", str(shared_data / "seed" / "article.txt"), "--format", "json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    article = data["article"]
    assert article["title"] == gold["title"]
    assert article["dateline"] == gold["dateline"]
    assert article["text"] == gold["text"]
    boilerplate = next(f for f in gold["findings"] if f["type"] == "boilerplate")["evidence"]
    assert [[s["start"], s["end"]] for s in article["boilerplate"]] == [boilerplate]
    assert article["body"]["end"] <= boilerplate[0]
    found = [f for f in data["findings"] if f["type"] == "boilerplate"]
    assert [[found[0]["evidence"][0]["start"], found[0]["evidence"][0]["end"]]] == [boilerplate]
    entity_texts = {e["text"] for e in data["entities"]}
    assert {"Hassan Ali", "PBS NewsHour", "The New York Times"} & entity_texts
    assert "Kataeb Hezbollah" in entity_texts
