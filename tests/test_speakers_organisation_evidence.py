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
