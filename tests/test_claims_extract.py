"""Check-worthy claims on hand-written texts, through the real pipeline and the shipped model."""

from __future__ import annotations

import dataclasses

import pytest

from newsprobe import Analysis, Analyzer
from newsprobe.extract.claims import METHOD, load_model, sentences

pytestmark = pytest.mark.model

FACTS = (
    "The city council spent 4.2 million dollars on 350 new buses last year, and fares rose by 15 percent.\n"
    "Thank you all for coming out tonight.\n"
    "Governor Ada Brennan signed the bill on Tuesday.\n"
)


def _claim_texts(analysis: Analysis) -> list[str]:
    return [claim.text for claim in analysis.claims]


def test_factual_sentences_with_figures_are_check_worthy_and_pleasantries_are_not(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(FACTS)
    texts = _claim_texts(analysis)
    assert texts[0].startswith("The city council spent 4.2 million dollars")
    assert "Thank you all for coming out tonight." not in texts
    assert METHOD in analysis.run.methods
    for claim in analysis.claims:
        assert analysis.article.text[claim.start:claim.end] == claim.text
        assert claim.checkworthiness >= load_model().threshold
        assert claim.attributed is False


def test_numbers_quantities_and_actors_are_marked(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(FACTS)
    marks = {(mark.text, mark.kind) for claim in analysis.claims for mark in claim.marks}
    assert ("4.2 million dollars", "quantity") in marks
    assert ("15 percent", "quantity") in marks
    assert ("350", "number") in marks
    assert any(kind == "actor" and "Brennan" in text for text, kind in marks)
    for claim in analysis.claims:
        for mark in claim.marks:
            assert analysis.article.text[mark.start:mark.end] == mark.text
            assert claim.start <= mark.start < mark.end <= claim.end


def test_reported_claims_are_attributed(analyzer: Analyzer) -> None:
    text = ("The hospital treated 1,200 patients for smoke inhalation in June, the regional health authority "
            "said on Monday.\nThe fire destroyed 40 homes in the valley, and 3,000 people were evacuated.\n")
    analysis = analyzer.analyze(text)
    by_text = {claim.text.split(",")[0]: claim for claim in analysis.claims}
    assert by_text["The hospital treated 1"].attributed
    assert not by_text["The fire destroyed 40 homes in the valley"].attributed
    unsourced = [f.evidence[0].text for f in analysis.findings if f.type == "unattributed_claim"]
    assert unsourced == [by_text["The fire destroyed 40 homes in the valley"].text]


def test_bullet_items_are_separate_sentences(analyzer: Analyzer) -> None:
    text = ("The plan has three parts:\n- 40 new schools by 2030\n- free meals for 200,000 pupils\n"
            "• a teachers' pay rise of 6 percent\n")
    doc = analyzer.nlp(text)
    assert [span.text for span in sentences(doc)] == [
        "The plan has three parts:", "40 new schools by 2030", "free meals for 200,000 pupils",
        "a teachers' pay rise of 6 percent"]


def _notices(analysis: Analysis) -> list[str]:
    return [notice.message for notice in analysis.notices if notice.code == "W009"]


def test_all_caps_text_is_not_scored(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(FACTS.upper())
    assert analysis.claims == ()
    assert any("capitals" in message for message in _notices(analysis))


def test_a_non_english_article_is_not_scored(analyzer: Analyzer) -> None:
    text = ("Le conseil municipal a dépensé 4,2 millions d'euros pour 350 nouveaux bus l'année dernière, et "
            "les tarifs ont augmenté de 15 pour cent. La maire a signé le décret mardi soir à la mairie.")
    analysis = analyzer.analyze(text)
    assert analysis.article.language == "fr"
    assert analysis.claims == ()
    assert any("'fr'" in message for message in _notices(analysis))


def test_a_run_on_paragraph_does_not_break_the_analysis(analyzer: Analyzer) -> None:
    words = " ".join(["the", "council", "spent", "money", "on", "buses", "and", "trains"] * 625)  # 5,000 words
    analysis = analyzer.analyze("Notes\n" + words)
    assert not [n for n in analysis.notices if n.code == "W003"]
    assert analysis.summary is not None
    long_sentences = [s for s in sentences(analyzer.nlp(words)) if len(s) > 150]
    if long_sentences:
        assert any("longer than 150 words" in message for message in _notices(analysis))


def test_a_body_without_sentences_says_so(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("... --- ... 2021 / 2022 ... --- ...")
    assert analysis.claims == ()
    assert any("no sentences" in message for message in _notices(analysis))


def test_the_component_can_be_switched_off(analyzer: Analyzer) -> None:
    quiet = Analyzer(dataclasses.replace(analyzer.settings, claims=False))
    analysis = quiet.analyze(FACTS)
    assert analysis.claims == ()
    assert METHOD not in analysis.run.methods
    assert not [f for f in analysis.findings if f.type == "unattributed_claim"]


def test_claims_and_summary_survive_the_json_round_trip(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(FACTS)
    assert analysis.summary is not None and analysis.summary.claims == len(analysis.claims)
    assert Analysis.from_dict(analysis.to_dict()) == analysis


@pytest.mark.parametrize(("sentence", "subject"), [
    ("The Danish people do not want a new airport on the island.", "The Danish people"),
    ("Everyone knows the harbour contract was rigged.", "Everyone"),
    ("Most voters reject the tunnel plan.", "Most voters"),
])
def test_sweeping_generalisations_are_listed_with_their_subject_marked(
    analyzer: Analyzer, sentence: str, subject: str,
) -> None:
    analysis = analyzer.analyze(sentence)
    (claim,) = analysis.claims
    assert ("generalization", subject) in {(mark.kind, mark.text) for mark in claim.marks}
    assert [f.type for f in analysis.findings if f.type == "unattributed_claim"] == ["unattributed_claim"]


@pytest.mark.parametrize("sentence", [
    "The Danish people voted against the airport in 2019.",  # a past event, not a generalisation
    "Do most voters reject the tunnel plan?",
])
def test_specific_events_and_questions_are_not_generalisations(analyzer: Analyzer, sentence: str) -> None:
    analysis = analyzer.analyze(sentence)
    assert not any(mark.kind == "generalization" for claim in analysis.claims for mark in claim.marks)


def test_a_sentence_framed_as_a_sources_judgement_is_attributed(analyzer: Analyzer) -> None:
    text = ("Mayor Karl Lund deemed the sale of the 12 harbour cranes to be unlawful.\n"
            "It is believed that the 12 harbour cranes were sold for 3 million dollars.\n")
    analysis = analyzer.analyze(text)
    attributed = {claim.text.split(" ")[0]: claim.attributed for claim in analysis.claims}
    assert attributed.get("Mayor") is True
    assert attributed.get("It") is False  # a belief without a believer is no source


def test_empty_docs_and_pipelines_without_sentences_are_reported_not_raised(analyzer: Analyzer) -> None:
    from spacy.tokens import Doc

    from newsprobe.extract.claims import find_claims
    from newsprobe.models import Notice

    notices: list[Notice] = []
    assert list(find_claims(analyzer.nlp.make_doc(""), notices=notices)) == []
    assert [n.code for n in notices] == ["W009"]
    unparsed: list[Notice] = []
    assert list(find_claims(Doc(analyzer.nlp.vocab, words=["Prices", "rose", "."]), notices=unparsed)) == []
    assert "sentence boundaries" in unparsed[0].message
