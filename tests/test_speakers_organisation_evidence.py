"""A name the model tags PERSON that the article shows to be a body is an organisation, as a speaker
and in the entity list (invented texts; loads spaCy)."""

from __future__ import annotations

import pytest

from newsprobe.analyzer import Analyzer

pytestmark = pytest.mark.model


def test_a_guild_tagged_as_a_person_speaks_as_an_organisation(analyzer: Analyzer) -> None:
    text = ("Tanners stay out.\n\nThe Tanners' Guild said its members had voted to stay out. It added that the "
            "vote was unanimous.\n")
    analysis = analyzer.analyze(text)
    speakers = {(a.speaker.name, a.speaker.type) for a in analysis.attributions}
    assert speakers == {("Guild", "named_organization")}
    assert not any(entity.label == "PERSON" and "Guild" in entity.text for entity in analysis.entities)


def test_a_person_with_a_gendered_pronoun_stays_a_person(analyzer: Analyzer) -> None:
    text = ("The ferry is late again.\n\nMarta Quill said she had waited two hours at the pier. Quill said its "
            "engine had failed twice this month.\n")
    analysis = analyzer.analyze(text)
    assert {a.speaker.type for a in analysis.attributions} == {"named_person"}
    assert any(entity.label == "PERSON" and entity.text == "Marta Quill" for entity in analysis.entities)


def test_bare_sources_are_the_sources_described_in_full_before(analyzer: Analyzer) -> None:
    text = ("Bid for the paper.\n\nThe offer was made in May, according to sources familiar with the negotiations."
            "\n\nThe owners have not answered, sources said.\n")
    answered = [a for a in analyzer.analyze(text).attributions if "not answered" in a.content.text]
    assert [a.speaker.name for a in answered] == ["sources familiar with the negotiations"]


def test_a_person_introduced_with_an_age_is_who_the_next_pronoun_quotes(analyzer: Analyzer) -> None:
    text = ("A walking club grows.\n\nTomas Brek started the club in 2019. The walks also helped retired baker "
            "Samuel Ortiz, 71.\n\n“I sleep better than I have in years,” he says.\n")
    quote = [a for a in analyzer.analyze(text).attributions if "sleep better" in a.content.text]
    assert [a.speaker.name for a in quote] == ["Samuel Ortiz"]
