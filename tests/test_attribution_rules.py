"""Attribution rules added after the first version, each on a short hand-written text (loads spaCy)."""

from __future__ import annotations

import pytest

from newsprobe.analyzer import Analyzer
from newsprobe.models import Attribution
from newsprobe.nlp.pipeline import PARAGRAPH_BREAKS, load_pipeline

pytestmark = pytest.mark.model


def _found(analyzer: Analyzer, text: str) -> list[Attribution]:
    return list(analyzer.analyze(text).attributions)


def _by_content(found: list[Attribution], words: str) -> Attribution:
    matches = [a for a in found if words in a.content.text]
    assert matches, f"no attribution with {words!r}; found {[a.content.text for a in found]}"
    return matches[0]


def test_parenthetical_cue_reports_the_whole_clause(analyzer: Analyzer) -> None:
    text = ("Council met on Tuesday.\n\nThe new levy has badly hurt small farms across the valley, Ines Varga said, "
            "since most of them rent their land.\n")
    varga = _by_content(_found(analyzer, text), "hurt small farms")
    assert varga.content.text == "The new levy has badly hurt small farms across the valley"
    assert varga.speaker.name == "Ines Varga"
    assert varga.cue is not None and varga.cue.text == "said"


def test_transcript_labels_name_the_speaker_of_each_turn(analyzer: Analyzer) -> None:
    text = ("Part of the interview follows.\n\nOKAFOR: Will the bridge open in May?\n\n"
            "LINDQVIST: It will open in June, because the steel arrived late.\n\n"
            "OKAFOR: And the cost?\n\nLINDQVIST: The cost has not changed since the tender.\n")
    found = _found(analyzer, text)
    june = _by_content(found, "It will open in June")
    assert june.speaker.name == "Lindqvist"
    assert june.method == "newsprobe.attribution.transcript.v2"
    assert "OKAFOR" not in june.content.text


def test_a_section_label_used_once_is_not_a_speaker(analyzer: Analyzer) -> None:
    text = "Markets were calm.\n\nCURRENCIES: The krona rose against the euro for a third day.\n"
    assert not [a for a in _found(analyzer, text) if a.method.endswith("transcript.v1")]


def test_a_dash_and_a_name_sign_a_quotation(analyzer: Analyzer) -> None:
    text = ("Readers wrote to us after the vote.\n"
            "“The ballots were counted twice and nobody complained about it.” ― Marta Kowalczyk\n")
    signed = _by_content(_found(analyzer, text), "ballots were counted twice")
    assert signed.speaker.name == "Marta Kowalczyk"


def test_a_name_in_apposition_to_a_role_is_the_speaker(analyzer: Analyzer) -> None:
    text = "The mill closed in March.\n\nHis daughter, Greta Holmqvist, says the family will sell the land.\n"
    daughter = _by_content(_found(analyzer, text), "the family will sell the land")
    assert daughter.speaker.name == "Greta Holmqvist"
    assert daughter.speaker.role is not None and "daughter" in daughter.speaker.role


def test_a_document_speaks_for_the_organisation_that_issued_it(analyzer: Analyzer) -> None:
    text = "Prices rose again.\n\nA statement from the Baltic Grain Board said exports would halve this year.\n"
    board = _by_content(_found(analyzer, text), "exports would halve")
    assert board.speaker.name == "Baltic Grain Board"
    assert board.speaker.type == "named_organization"


def test_the_company_refers_to_the_organisation_that_spoke_not_the_last_one_named(analyzer: Analyzer) -> None:
    text = ("Nordlicht Energy said on Monday that Vattro Systems had cancelled an order.\n\n"
            "The company said it would find other buyers before the summer.\n")
    company = _by_content(_found(analyzer, text), "find other buyers")
    assert company.speaker.name == "Nordlicht Energy"


def test_paragraph_break_ends_a_sentence_before_parsing(analyzer: Analyzer) -> None:
    assert PARAGRAPH_BREAKS in load_pipeline(None).pipe_names
    text = "Story continues below advertisement\n\nTomas Eriksen, a fisheries officer, said the quota was cut.\n"
    eriksen = _by_content(_found(analyzer, text), "the quota was cut")
    assert eriksen.speaker.name == "Tomas Eriksen"


def test_call_reports_a_verdict_or_a_demand_but_not_a_name(analyzer: Analyzer) -> None:
    text = ("The harbour board met on Friday.\n\nThe dockers' union called the new rota unworkable.\n\n"
            "Mayor Ines Varga called for a second ferry.\n\nA charity called the Harbour Fund paid for the lights.\n")
    found = _found(analyzer, text)
    verdict = _by_content(found, "the new rota unworkable")
    assert verdict.cue is not None and verdict.cue.text == "called"
    demand = _by_content(found, "a second ferry")
    assert demand.speaker.name == "Ines Varga"
    assert not [a for a in found if "Harbour Fund" in a.content.text]


def test_indefinite_pronoun_is_an_unnamed_group_not_the_last_speaker(analyzer: Analyzer) -> None:
    text = ('The tenants\' union said in a statement on Monday that rents had doubled. '
            'Everyone on this street knows the landlord will sell the building.')
    found = Analyzer(attribution_scope="all").analyze(text).attributions  # "knows": a belief cue
    everyone = [a for a in found if a.speaker.mention and a.speaker.mention.text == "Everyone"]
    assert everyone
    assert not [a for a in analyzer.analyze(text).attributions if "landlord" in a.content.text]
    assert all(a.speaker.type == "unnamed_group" and a.speaker.name == "Everyone" for a in everyone)


def test_officials_speaking_to_a_newspaper_are_relayed_by_it(analyzer: Analyzer) -> None:
    text = ('The deal was described by two council members to the Valley Ledger, who said that the plan '
            '"exists only on paper."')
    found = analyzer.analyze(text).attributions
    assert found and found[0].speaker.name == "two council members"
    assert [relay.name for relay in found[0].via] == ["Valley Ledger"]
