"""Attribution rules of issue 14, each on a short invented text (loads spaCy): documents an outlet saw,
statements split by their cue, what was not said, comparisons, titles in quotation marks, curled
double apostrophes and the adverbials between a cue and its clause."""

from __future__ import annotations

import pytest

from newsprobe.analyzer import Analyzer
from newsprobe.models import Attribution

pytestmark = pytest.mark.model


def _found(analyzer: Analyzer, text: str) -> list[Attribution]:
    return list(analyzer.analyze(text).attributions)


def _by_content(found: list[Attribution], words: str) -> Attribution:
    matches = [a for a in found if words in a.content.text]
    assert matches, f"no attribution with {words!r}; found {[a.content.text for a in found]}"
    return matches[0]


def test_a_letter_seen_by_an_outlet_is_the_writers_statement_relayed_by_the_outlet(analyzer: Analyzer) -> None:
    text = ("Mill workers wait for answers.\n\nDana Morrow, in a letter seen by the Valley Courier, said the board "
            "had ignored the safety warnings for two years.\n")
    morrow = _by_content(_found(analyzer, text), "ignored the safety warnings")
    assert morrow.speaker.name == "Dana Morrow"
    assert [(relay.name, relay.kind) for relay in morrow.via] == [("Valley Courier", "outlet")]


def test_a_memo_obtained_by_an_outlet_is_not_written_by_the_outlet(analyzer: Analyzer) -> None:
    text = ("The mill faces cuts.\n\nThe chief executive told staff in a memo obtained by Reuters that the plant "
            "would close in June.\n\nA memo obtained by the Daily Sentinel says the mill will cut 200 jobs.\n")
    found = _found(analyzer, text)
    close = _by_content(found, "the plant would close in June")
    assert close.content.text == "the plant would close in June"
    assert close.speaker.name == "The chief executive"
    assert [relay.name for relay in close.via] == ["Reuters"]
    cuts = _by_content(found, "cut 200 jobs")
    assert cuts.speaker.name != "Daily Sentinel"
    assert [relay.name for relay in cuts.via] == ["Daily Sentinel"]


def test_a_cue_inside_a_sentence_splits_the_statement_in_two_parts(analyzer: Analyzer) -> None:
    text = ("The clinic opened in May.\n\nToo often, she says, the families give up before the second visit.\n")
    found = [a for a in _found(analyzer, text) if a.cue is not None and a.cue.text == "says"]
    assert [a.content.text for a in found] == ["Too often", "the families give up before the second visit"]


def test_what_a_source_did_not_say_is_no_statement_in_the_speech_scope(analyzer: Analyzer) -> None:
    text = ("The budget vote is close.\n\nThe governor has not said she would veto the bill. She has declined "
            "to confirm that the vote will go ahead. Costs are higher than the treasurer says they are.\n")
    assert _found(analyzer, text) == []
    kept = Analyzer(attribution_scope="all").analyze(text).attributions  # PolNeAR annotates such relations
    assert any("would veto the bill" in a.content.text for a in kept)


def test_a_title_in_quotation_marks_is_not_a_quotation(analyzer: Analyzer) -> None:
    text = ("A film for the holidays.\n\n“The Girl Who Sailed The Sound” is a gentle story for children, and "
            "the critics liked it.\n\n“The Girl Who Sailed The Sound” opens on Friday across the region.\n")
    assert not any("Sailed" in a.content.text for a in _found(analyzer, text))


def test_curled_double_apostrophes_close_a_quotation_and_the_speaker_follows_the_cue(analyzer: Analyzer) -> None:
    text = ("The shop turns one.\n\nI am talking about Maria Lopez, who opened the shop last spring. “We sell only "
            "comics drawn in this town,’’ says the 41-year-old owner of Lopez Books.\n")
    quote = _by_content(_found(analyzer, text), "We sell only comics")
    assert quote.content.text == "We sell only comics drawn in this town,"
    assert quote.speaker.name == "Maria Lopez"


def test_where_and_when_a_statement_was_made_is_not_its_content(analyzer: Analyzer) -> None:
    text = ("The strike goes on.\n\nThe Tanners' Guild said in a statement on May 2 that it \"will not sign a "
            "contract written in the dark.\"\n")
    guild = _by_content(_found(analyzer, text), "will not sign")
    assert guild.content.text.startswith("it \"will not sign")
    assert guild.speaker.type == "named_organization"


def test_a_quotation_run_on_over_paragraphs_is_one_statement_per_paragraph_with_one_cue(
        analyzer: Analyzer) -> None:
    text = ("Ferry talks stall.\n\nIna Kovac, the union's treasurer, said: “We have asked for a meeting three times "
            "since March and heard nothing.\n\n“The ferry cannot run on promises, and the crews know it.”\n\n"
            "Officials declined to comment.\n")
    found = _found(analyzer, text)
    assert [a.content.text for a in found] == [
        "We have asked for a meeting three times since March and heard nothing.",
        "The ferry cannot run on promises, and the crews know it."]
    assert {(a.speaker.name, a.cue.text if a.cue else None) for a in found} == {("Ina Kovac", "said")}


def test_an_appeal_reports_the_infinitive_as_its_content(analyzer: Analyzer) -> None:
    text = "Storm warning.\n\nThe mayor urged residents to stay indoors until the wind drops.\n"
    appeal = _by_content(_found(analyzer, text), "stay indoors")
    assert appeal.content.text == "to stay indoors until the wind drops"
    assert appeal.speaker.name == "The mayor"


def test_a_lead_names_the_body_that_the_next_paragraph_names_in_full(analyzer: Analyzer) -> None:
    text = ("Nurses to strike\n\nNurses at three clinics in Brackley will strike on Monday over unpaid overtime, "
            "their union said on Friday.\n\nThe Brackley Nurses Union said talks had failed.\n")
    lead = _by_content(_found(analyzer, text), "will strike on Monday")
    assert (lead.speaker.name, lead.speaker.type) == ("Brackley Nurses Union", "named_organization")


def test_a_quotation_followed_by_according_to_is_that_sources_direct_quote(analyzer: Analyzer) -> None:
    text = ("Clinics are full.\n\n\"This winter the clinics have turned away more patients than in any year "
            "before,\" according to Dr. Lena Ortiz, a family doctor in Brackley.\n")
    found = _found(analyzer, text)
    assert [(a.kind, a.content.text, a.speaker.name, a.via) for a in found] == [
        ("direct", "This winter the clinics have turned away more patients than in any year before,",
         "Lena Ortiz", ())]
    assert found[0].cue is not None and found[0].cue.text == "according to"


def test_a_pronoun_speaker_is_nobody_its_own_statement_names(analyzer: Analyzer) -> None:
    text = ("Gunmen stormed the offices.\n\nTom Berg, a clerk on the fourth floor, said the doors held. "
            "Berg and two colleagues hid under the desks, he said.\n")
    hid = _by_content(_found(analyzer, text), "hid under the desks")
    assert hid.speaker.name != "Tom Berg"
