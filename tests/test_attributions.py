"""Attribution extraction on hand-written texts that imitate what news articles do (loads spaCy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprobe.models import Attribution

pytestmark = pytest.mark.model

ARTICLE = """Harbour strike enters second week
Talks between the dockers' union and the port authority broke down again on Monday.
Maria Keller, a crane operator from the Northern Dockers Union, said on March 3 that the strike would go on.
“We are not asking for favours. We are asking for what was promised,” she continued, according to Radio Baltic.
“Nobody will work overtime,” Keller said through an interpreter quoted by The Harbour Gazette.
The Port Authority of Lindau said in a statement that it regrets the disruption.
“Ships are being sent to other ports,” the text points out.
The note also warns that fees will rise next month.
According to the Coastal Wire agency, Tomas Brandt, head of the Shippers Alliance, said losses are “beyond repair.”
According to the city council, the harbour will reopen in April.
"""


@pytest.fixture(scope="module")
def found(analyzer) -> list[Attribution]:  # type: ignore[no-untyped-def]
    return list(analyzer.analyze(ARTICLE).attributions)


def _by_content(found: list[Attribution], words: str) -> Attribution:
    matches = [a for a in found if words in a.content.text]
    assert matches, f"no attribution with {words!r}; found {[a.content.text for a in found]}"
    return matches[0]


def test_indirect_speech_with_appositive_role(found: list[Attribution]) -> None:
    keller = _by_content(found, "the strike would go on")
    assert keller.kind == "indirect"
    assert keller.speaker.name == "Maria Keller"
    assert keller.speaker.type == "named_person"
    assert keller.speaker.role == "a crane operator from the Northern Dockers Union"
    assert keller.cue is not None and keller.cue.text == "said"
    assert keller.content.text == "the strike would go on"


def test_pronoun_resolves_and_according_to_is_a_relay(found: list[Attribution]) -> None:
    quote = _by_content(found, "We are not asking for favours")
    assert quote.kind == "direct"
    assert quote.speaker.name == "Maria Keller"
    assert quote.speaker.mention is not None and quote.speaker.mention.text == "she"
    assert [relay.name for relay in quote.via] == ["Radio Baltic"]


def test_partial_name_and_two_level_relay_chain(found: list[Attribution]) -> None:
    quote = _by_content(found, "Nobody will work overtime")
    assert quote.speaker.name == "Maria Keller"
    assert [(relay.name, relay.kind) for relay in quote.via] == [("interpreter", "translator"),
                                                                ("Harbour Gazette", "outlet")]


def test_documents_speak_for_their_issuer(found: list[Attribution]) -> None:
    for words in ("Ships are being sent", "fees will rise next month"):
        attribution = _by_content(found, words)
        assert attribution.speaker.name == "Port Authority of Lindau"
        assert attribution.speaker.type == "named_organization"
    cue = _by_content(found, "Ships are").cue
    assert cue is not None and cue.text == "points out"


def test_mixed_speech_with_outer_according_to(found: list[Attribution]) -> None:
    mixed = _by_content(found, "losses are")
    assert mixed.kind == "mixed"
    assert mixed.content.text.endswith("“beyond repair.”")
    assert mixed.speaker.name == "Tomas Brandt"
    assert [relay.name for relay in mixed.via] == ["Coastal Wire agency"]


def test_according_to_alone_is_the_attribution(found: list[Attribution]) -> None:
    council = _by_content(found, "the harbour will reopen in April")
    assert council.cue is not None and council.cue.text == "According to"
    assert council.speaker.name is not None and "city council" in council.speaker.name
    assert council.via == ()


def test_offsets_index_the_whole_text(found: list[Attribution]) -> None:
    for attribution in found:
        assert ARTICLE[attribution.content.start:attribution.content.end] == attribution.content.text
        assert attribution.method.startswith("newsprobe.attribution.")
        assert 0 < attribution.confidence <= 1


def test_split_quote_shares_its_cue(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = ("Jonas Weber, the harbour master, met reporters on Friday.\n"
            "“The cranes are idle,” he stated. “We cannot load a single ship.”\n")
    found = list(analyzer.analyze(text).attributions)
    assert [(a.content.text, a.speaker.name, a.cue.text if a.cue else None) for a in found] == [
        ("The cranes are idle,", "Jonas Weber", "stated"),
        ("We cannot load a single ship.", "Jonas Weber", "stated"),
    ]


def test_unbalanced_marks_warn_and_never_fail(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = "“This quote never closes, the foreman said at the gate of the harbour on Monday.\nAll else is calm."
    analysis = analyzer.analyze(text)
    assert any(notice.code == "W006" for notice in analysis.notices)
    assert not any(notice.code == "W003" for notice in analysis.notices)


def test_seed_article_speakers_and_relays(shared_data: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    """Acceptance: the seed (read from ../shared at run time) with its resolved speakers and via chains."""
    from newsprobe.evaluation.attribution import load_gold, predict, score

    gold = load_gold(shared_data / "seed" / "seed-gold.json")
    metrics = score(gold, predict(analyzer, gold)).metrics
    right_speakers = round(metrics["speaker_accuracy"] * metrics["speaker_scored"])
    assert metrics["content_recall@0.3"] * metrics["gold"] >= 20
    assert right_speakers >= 20, metrics
    assert metrics["via_accuracy"] == 1.0, metrics
    raw = json.loads((shared_data / "seed" / "seed-gold.json").read_text())
    assert metrics["via_scored"] == len(raw["attributions"])
