"""Issue 14 attribution rules, each on a short invented text (loads spaCy): general patterns of news copy
that the dev sets showed unhandled, written so that they hold on news the rules were not fitted to."""

from __future__ import annotations

import pytest

from newsprobe.analyzer import Analyzer
from newsprobe.evaluation.attribution import same_name
from tests.test_attribution_rules import _by_content, _found

pytestmark = pytest.mark.model


def test_a_title_that_owns_an_office_is_part_of_its_name(analyzer: Analyzer) -> None:
    text = ("The match ended late.\n\nRoad crews finished on Friday, a statement released by the Premier's Office "
            "said.\n\nLater, his office said the crews were done.\n")
    found = _found(analyzer, text)
    assert _by_content(found, "Road crews finished").speaker.name == "Premier's Office"
    # a possessive re-mention ("his office") is the body named before it with the same noun
    assert _by_content(found, "the crews were done").speaker.name == "Premier's Office"


def test_an_inverted_cue_reads_its_object_as_the_speaker(analyzer: Analyzer) -> None:
    text = ("Lena Ortiz opened the bakery in 2015.\n\n“We bake everything here,” points out the cheerful Halden "
            "resident, who moved here in 2009.\n")
    bakery = _by_content(_found(analyzer, text), "We bake everything here")
    assert bakery.speaker.name == "Lena Ortiz"


def test_a_cue_in_a_series_of_actions_is_no_inversion(analyzer: Analyzer) -> None:
    for text in ("The mayor came on Monday.\n\nAna Ruiz toured the site, explained the plan and said the work "
                 "would start in May.\n",
                 "The mayor came on Monday.\n\nAna Ruiz toured the site, explained the plan.\n"):
        assert not [a for a in _found(analyzer, text) if a.speaker.name == "the plan"]


def test_an_inverted_cue_inside_a_sentence_splits_it_in_two_parts(analyzer: Analyzer) -> None:
    text = ("The mill was busy.\n\nThere is real joy in the work, insists 17-year-old Jon Pekka, in making something "
            "that lasts.\n")
    found = _found(analyzer, text)
    assert _by_content(found, "There is real joy").content.text == "There is real joy in the work"
    assert _by_content(found, "in making something").speaker.name == "Jon Pekka"


def test_a_short_given_name_is_the_full_name_met_before(analyzer: Analyzer) -> None:
    text = "A photo shows Alexander Veld and Mara Quist at the shop.\n\nXander Veld said the shop would stay open.\n"
    assert _by_content(_found(analyzer, text), "stay open").speaker.name == "Alexander Veld"


def test_he_after_an_unnamed_source_is_that_source(analyzer: Analyzer) -> None:
    text = ("The shelling began at noon.\n\nOne crew reached a nearby school building, where they found a dog in the "
            "hall, a private rescue volunteer present during the fire told Reuters. Then they searched the upper "
            "floors.\n\nThe school was empty by evening, he said.\n")
    found = _found(analyzer, text)
    # (a closing cue the parser reads as an adverbial clause still reports the sentence before it)
    crew = _by_content(found, "One crew reached")
    assert crew.speaker.name is not None and crew.speaker.name.startswith("a private rescue volunteer")
    assert _by_content(found, "The school was empty").speaker.name == crew.speaker.name


def test_the_parts_of_one_reported_statement_share_its_speaker(analyzer: Analyzer) -> None:
    text = ("Ivan Kos, a cook at the hotel, said he heard two blasts.\n\n\"We ran upstairs,\" Tomas Berg told "
            "reporters.\n\nBerg and some colleagues hid under desks, he said, but one waiter ran to the roof and was "
            "caught there.\n")
    found = _found(analyzer, text)
    first, second = _by_content(found, "hid under desks"), _by_content(found, "one waiter ran")
    assert first.speaker.name == second.speaker.name == "Ivan Kos"


def test_an_unsigned_statement_is_the_source_that_just_spoke(analyzer: Analyzer) -> None:
    text = ("Storms hit the coast.\n\nThe Halden Trust said two of its staff were hurt in the flood. A statement said "
            "the trust was \"deeply shaken\" by the damage.\n\nA statement said the port would reopen on Friday.\n")
    found = _found(analyzer, text)
    assert _by_content(found, "deeply shaken").speaker.name == "Halden Trust"
    # a new paragraph with nobody speaking in it: the statement stays unsigned
    assert _by_content(found, "port would reopen").speaker.type == "document"


def test_they_is_the_one_plural_name_of_the_sentence_before(analyzer: Analyzer) -> None:
    text = ("The vote is in May.\n\nCentral to the Greens’ campaign is their promise that the tax will pay for "
            "itself. Most of the revenue, they promise, will go back to households.\n")
    assert _by_content(_found(analyzer, text), "Most of the revenue").speaker.name == "Greens"


def test_a_quotation_cued_inside_a_reported_clause_belongs_to_it(analyzer: Analyzer) -> None:
    text = ("The council met late.\n\nRival Ines Ferro had mocked the complaint, saying anybody who complains about "
            "a chair “is not having a good night.”\n")
    mocked = _by_content(_found(analyzer, text), "is not having a good night")
    assert mocked.speaker.name is not None and "Ines Ferro" in mocked.speaker.name


def test_the_scorer_strips_an_article_and_a_title_alike() -> None:
    assert same_name("Prime Minister's Office", "the Prime Minister's Office")
    assert not same_name("Prime Minister's Office", "Finance Office")


def test_the_city_is_the_city_government_the_article_names(analyzer: Analyzer) -> None:
    text = ("The arena will close in March, according to the city. Skaters will have to drive to the next town.\n\n"
            "A chart from the City of Halden shows fewer skaters since 2015.\n")
    assert _by_content(_found(analyzer, text), "arena will close").speaker.name == "City of Halden"
    unnamed = "The arena will close in March, according to the city. Skaters will drive to Halden or Tarnow.\n"
    assert _by_content(_found(analyzer, unnamed), "arena will close").speaker.name == "the city"


def test_a_quotation_after_a_cue_of_its_sentence_is_that_cues_with_according_to_as_relay(analyzer: Analyzer) -> None:
    text = ("Rates held steady.\n\nOn March 3, Ana Ruiz, the head of the Halden Savings Bank, gave an interview "
            "noting her opposition to further rate hikes because they could “hurt an otherwise healthy town,” "
            "according to The Courier.\n")
    ruiz = _by_content(_found(analyzer, text), "hurt an otherwise healthy town")
    assert ruiz.speaker.name == "Ana Ruiz"
    assert [relay.name for relay in ruiz.via] == ["Courier"]


def test_who_issued_a_statement_saying_is_the_speaker(analyzer: Analyzer) -> None:
    text = ("Rates held steady.\n\nThe Halden Savings Bank issued a statement on Monday saying the rates would not "
            "change this year.\n\nThe mayor denied reports saying the bank would close.\n")
    found = _found(analyzer, text)
    assert _by_content(found, "rates would not change").speaker.name == "Halden Savings Bank"
    assert _by_content(found, "the bank would close").speaker.name != "the mayor"


def test_city_staff_are_the_staff_of_the_city_the_article_names(analyzer: Analyzer) -> None:
    text = ("The arena will close in March. City staff said they could not talk during the budget.\n\n"
            "A chart from the City of Halden shows fewer skaters since 2015.\n")
    assert _by_content(_found(analyzer, text), "could not talk").speaker.name == "Halden staff"


def test_a_short_quoted_sentence_after_a_cued_quotation_goes_on_with_it(analyzer: Analyzer) -> None:
    text = ("The shop opened in May.\n\n“Before I met her, I had no faith in the trade,” says Ana Ruiz, whose comic "
            "sold 500 copies last year. “Now I have tons.”\n\nSales are up, and she calls the shop “my lifeline.”\n")
    found = _found(analyzer, text)
    assert _by_content(found, "Now I have tons").speaker.name == "Ana Ruiz"
    assert not [a for a in found if a.content.text == "my lifeline."]  # inside a sentence: no statement of its own
