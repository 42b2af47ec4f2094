"""Speaker and content rules: headline lines, titles, joint and plural speakers, gender evidence (own texts)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from newsprobe.analyzer import Analyzer
from newsprobe.extract.attributions import _headline_lines
from newsprobe.extract.people import not_a_person, place_words
from tests.test_attribution_rules import _by_content, _found


def test_only_the_unfinished_tail_of_a_long_line_is_headline_furniture() -> None:
    line = "Mira Holt says the ferry will run all winter. Follow her on Twitter: @mholt"
    ((start, end),) = _headline_lines(line + "\n")
    assert line[start:end] == "Follow her on Twitter: @mholt"


@pytest.mark.model
def test_a_reported_clause_in_a_line_that_ends_in_furniture_is_found(analyzer: Analyzer) -> None:
    text = ("Ferry plans\n\nThe board met on Monday. Mira Holt says the ferry will run all winter. "
            "Follow her on Twitter: @mholt\n")
    assert _by_content(_found(analyzer, text), "ferry will run").speaker.name == "Mira Holt"


@pytest.mark.model
def test_a_name_in_apposition_to_a_capitalised_title_is_the_speaker(analyzer: Analyzer) -> None:
    text = ("Harbour levy\n\nKeeper of the Harbour Rolls, Anwar Said Rahim, said the levy would rise in March. "
            "He said in a statement that the fishing fleet would be exempt.\n")
    found = _found(analyzer, text)
    assert _by_content(found, "levy would rise").speaker.name == "Anwar Said Rahim"
    assert _by_content(found, "fleet would be exempt").speaker.name == "Anwar Said Rahim"


@pytest.mark.model
def test_a_plain_description_of_a_firm_is_the_firm_named_before(analyzer: Analyzer) -> None:
    text = ("Brake report\n\nThe Northline Railway Company runs most trains through the pass.\n\n"
            "The Winnipeg-based railway said in a filing that it shortens its trains in deep cold.\n")
    assert _by_content(_found(analyzer, text), "shortens its trains").speaker.name == "Northline Railway Company"


@pytest.mark.model
def test_a_document_on_an_organisations_website_speaks_for_it(analyzer: Analyzer) -> None:
    text = ("Winter rules\n\n\"Cold weather slows every freight yard we run,\" says a document titled Winter Notes "
            "on Northline Freight Railway's website.\n\nThe document also said crews must check brakes twice.\n")
    found = _found(analyzer, text)
    assert _by_content(found, "slows every freight yard").speaker.name == "Northline Freight Railway"
    assert _by_content(found, "check brakes twice").speaker.name == "Northline Freight Railway"


@pytest.mark.model
def test_two_named_owners_speak_together_and_they_continues_the_pair(analyzer: Analyzer) -> None:
    text = ("Cafe vote\n\nIn a statement, the cafe's owners Nora Lind and Pavel Ostrov said they accepted the vote.\n\n"
            "\"We want our staff to feel safe and respected at work,\" they said.\n")
    found = _found(analyzer, text)
    assert _by_content(found, "accepted the vote").speaker.name == "Nora Lind and Pavel Ostrov"
    assert _by_content(found, "staff to feel safe").speaker.name == "Nora Lind and Pavel Ostrov"


@pytest.mark.model
def test_they_is_the_plural_subject_earlier_in_its_sentence(analyzer: Analyzer) -> None:
    text = ("Budget talks\n\nThe mayor's office issued a statement on Monday.\n\n"
            "Rural councillors are keen to finish the budget, and they say the road fund must not be cut.\n")
    speaker = _by_content(_found(analyzer, text), "road fund must not be cut").speaker
    assert speaker.name == "Rural councillors"


@pytest.mark.model
def test_an_object_pronoun_after_a_name_is_no_evidence_of_its_gender(analyzer: Analyzer) -> None:
    text = ("Court case\n\nAnna Reyes and Marta Kowal sat in the front row.\n\n"
            "Kowal remembers him laughing at the table.\n\n\"I still set a place for him every Sunday,\" she says.\n")
    assert _by_content(_found(analyzer, text), "set a place for him").speaker.name == "Marta Kowal"


def _tagged(words: list[str], entities: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words)
    doc.ents = [Span(doc, start, end, label) for start, end, label in entities]
    return doc


def test_a_lone_word_the_article_uses_in_a_team_name_is_no_person() -> None:
    doc = _tagged(["the", "Halden", "Ravens", "won", ".", "Halden", "scored", "late", "."],
                  [(1, 3, "ORG"), (5, 6, "PERSON")])
    assert not_a_person(doc.ents[1], place_words(doc))


def test_titles_with_an_article_and_photo_credits_are_no_people() -> None:
    doc = _tagged(["his", "comic", "The", "Lost", "Rider", "(", "Ann", "Lee", "/", "Daily", "Post", ")", "and",
                   "Ann", "Lee", "spoke"], [(2, 5, "PERSON"), (6, 8, "PERSON"), (13, 15, "PERSON")])
    title, credit, person = doc.ents
    places = place_words(doc)
    assert not_a_person(title, places) and not_a_person(credit, places)
    assert not not_a_person(person, places)


@pytest.mark.model
def test_a_gerund_complement_of_said_is_the_reported_clause(analyzer: Analyzer) -> None:
    text = "Hockey\n\nCoach Lena Brandt said having Ola Berg back on defence was a big relief for the team.\n"
    found = _by_content(_found(analyzer, text), "big relief")
    assert found.speaker.name == "Lena Brandt"
    assert found.content.text.startswith("having Ola Berg back")


@pytest.mark.model
def test_a_clause_runs_on_over_a_sentence_split_at_an_abbreviation(analyzer: Analyzer) -> None:
    text = "Walking club\n\nTom Reid says he has lost 12 lbs. since he joined the walking club in the spring.\n"
    found = _by_content(_found(analyzer, text), "has lost 12")
    assert found.content.text.endswith("joined the walking club in the spring")
