"""Speaker and content rules: captions, company names, documents, descriptions, cue windows (own texts)."""

from __future__ import annotations

import pytest

from newsprobe.analyzer import Analyzer
from newsprobe.extract.people import caption_lines
from tests.test_attribution_rules import _by_content, _found


def test_a_line_closed_by_a_photo_credit_or_a_clip_length_is_a_caption() -> None:
    text = ("Ana Ruiz, left, at the harbour on Monday. (Tom Berg / Daily Post)\n"
            "The board met on Monday (and again on Friday).\n"
            "Crews explain what the storm did to the pier. 2:43\n"
            "Pavel Ostrov at home. (FILE PHOTO)\n")
    lines = text.split("\n")
    found = [text[start:end] for start, end in caption_lines(text)]
    assert found == [lines[0], lines[2], lines[3]]


@pytest.mark.model
def test_a_person_in_a_photo_caption_is_no_antecedent(analyzer: Analyzer) -> None:
    text = ("Ferry fares\n\nMarta Lindqvist runs the ferry co-op on the island.\n\n"
            "Jonas Pellegrini at the dock in May. (Ana Soto / Island Courier)\n\n"
            "“We cannot raise fares again this year,” she said.\n")
    assert _by_content(_found(analyzer, text), "raise fares again").speaker.name == "Marta Lindqvist"


@pytest.mark.model
def test_he_is_a_person_met_only_as_an_object_when_nobody_else_came_before(analyzer: Analyzer) -> None:
    text = ("Tailoring\n\nI asked the tailor, Robert Okafor, who runs a shop in Halden, about the trend.\n\n"
            "“Wide lapels are coming back in every big city,” he explains.\n")
    assert _by_content(_found(analyzer, text), "Wide lapels").speaker.name == "Robert Okafor"


@pytest.mark.model
def test_a_lone_name_tagged_an_organisation_elsewhere_speaks_as_one(analyzer: Analyzer) -> None:
    text = ("App dispute\n\nNEW YORK -- Shares of Tellmark fell on Monday after the ban.\n\n"
            "Tellmark said the update would reach every school by March.\n")
    speaker = _by_content(_found(analyzer, text), "update would reach").speaker
    assert speaker.name == "Tellmark"
    assert speaker.type == "named_organization"


@pytest.mark.model
def test_a_longer_name_that_came_after_the_short_one_is_another_thing(analyzer: Analyzer) -> None:
    text = ("Phone apps\n\nNEW YORK -- Shares of Tellmark fell on Monday. Tellmark says Orbis has cut off its "
            "access to the store. Users had downloaded an app called Tellmark Research.\n\n"
            "Tellmark said the app would be fixed by Friday.\n")
    assert _by_content(_found(analyzer, text), "app would be fixed").speaker.name == "Tellmark"


@pytest.mark.model
def test_a_legal_form_is_not_part_of_a_re_mentioned_companys_name(analyzer: Analyzer) -> None:
    text = ("Pipeline\n\nThe pipeline is run by Northgate Corp. of Calgary.\n\n"
            "Northgate said it had signed agreements with every town along the route.\n")
    assert _by_content(_found(analyzer, text), "signed agreements").speaker.name == "Northgate"


@pytest.mark.model
def test_a_surname_is_the_person_rather_than_a_hyphenated_pair(analyzer: Analyzer) -> None:
    text = ("Trade talk\n\nCentre Daniel Okafor arrived on Monday.\n\n"
            "Forward Maria Ruiz-Okafor of the Halden Ravens scored twice on Sunday.\n\n"
            "“I am ready to play tonight,” Okafor said.\n")
    assert _by_content(_found(analyzer, text), "ready to play").speaker.name == "Daniel Okafor"


@pytest.mark.model
def test_a_cue_with_words_after_it_in_the_sentence_before_does_not_introduce_a_quotation(
        analyzer: Analyzer) -> None:
    text = ("School food\n\n“The new rules will change what kids drink at lunch,” said Mira Holt, head of the "
            "Halden Diet Institute, who posts about ferries on her website. "
            "“It gives parents a reason to call their school board.”\n")
    assert _by_content(_found(analyzer, text), "reason to call").speaker.name == "Mira Holt"


@pytest.mark.model
def test_a_document_named_after_its_issuer_speaks_for_it(analyzer: Analyzer) -> None:
    text = ("Greenhouses\n\nThe greenhouses will be heated with waste steam, according to the Verdane website.\n")
    assert _by_content(_found(analyzer, text), "waste steam").speaker.name == "Verdane"


@pytest.mark.model
def test_a_book_speaks_for_its_author(analyzer: Analyzer) -> None:
    text = ("Rail history\n\nAuthor Lena Marsh has written about the porters.\n\n"
            "Most porters worked nights for low pay, according to Marsh’s book.\n")
    assert _by_content(_found(analyzer, text), "worked nights").speaker.name == "Lena Marsh"


@pytest.mark.model
def test_a_long_appositive_does_not_hide_the_cue_after_a_quotation(analyzer: Analyzer) -> None:
    text = ("Security\n\n\"Every country in the region spies on its neighbours and always has,\" Tomas Eklund, "
            "a former security adviser to three prime ministers, said on Sunday.\n")
    assert _by_content(_found(analyzer, text), "spies on its neighbours").speaker.name == "Tomas Eklund"


@pytest.mark.model
def test_a_description_keeps_its_participle_and_stops_at_a_conjunction(analyzer: Analyzer) -> None:
    text = ("Protest\n\nPeople detained on Monday said that the officers had used too much force.\n\n"
            "An analyst quoted in the survey, which covered rents in five cities, said prices will keep rising.\n\n"
            "The port deal was nearly done, according to a source close to the port authority but not cleared "
            "to comment.\n")
    found = _found(analyzer, text)
    assert _by_content(found, "too much force").speaker.name == "People detained on Monday"
    assert _by_content(found, "keep rising").speaker.name == "An analyst quoted in the survey"
    assert _by_content(found, "nearly done").speaker.name == "a source close to the port authority"


@pytest.mark.model
def test_quoted_words_read_as_the_subject_leave_the_speaker_named_before(analyzer: Analyzer) -> None:
    text = ("Running\n\nRetired postman Peter Novak, who dropped 9 kg. “and two shirt sizes” over the summer, says "
            "the club changed his habits.\n")
    assert _by_content(_found(analyzer, text), "changed his habits").speaker.name == "Peter Novak"


@pytest.mark.model
def test_a_commitment_is_not_a_statement_in_the_speech_scope(analyzer: Analyzer) -> None:
    text = "Budget\n\nSenator Ana Ruiz vowed to pass the budget before the holidays.\n"
    assert not [a for a in _found(analyzer, text) if "pass the budget" in a.content.text]
    assert _by_content(_found(Analyzer(attribution_scope="all"), text), "pass the budget").speaker.name == "Ana Ruiz"


@pytest.mark.model
def test_an_imperative_addressed_to_the_reader_is_not_an_attribution(analyzer: Analyzer) -> None:
    text = "Markets\n\nNote that the index is plotted upside down to show the trend more clearly.\n"
    assert not _found(analyzer, text)


@pytest.mark.model
def test_a_reported_clause_split_by_the_parser_is_read_whole(analyzer: Analyzer) -> None:
    text = ("Ferries\n\nJonas Berg said the trouble the ferries have all winter is that there are not enough "
            "crews.\n\nTomas Berg said Thursday one of Holt's ideas, to find spots where the bridge could not be "
            "raised, would cost less.\n")
    found = _found(analyzer, text)
    assert _by_content(found, "not enough crews").content.text.startswith("the trouble the ferries have")
    assert "one of Holt's ideas" in _by_content(found, "would cost less").content.text
    text = ("Shelter\n\nDuring her years on the street, which ended this fall, Mira Holt says she skipped meals, "
            "sold her car and slept in shelters for a year.\n")
    assert _by_content(_found(analyzer, text), "skipped meals").content.text.endswith("slept in shelters for a year")


@pytest.mark.model
def test_a_cue_read_as_a_participle_of_the_speakers_noun_still_has_the_speaker(analyzer: Analyzer) -> None:
    text = ("Claims\n\n“We paid out more on storm damage than in any year before,” Lina Varga, the insurer’s "
            "then-head of claims, noted in a 2015 newsletter.\n")
    assert _by_content(_found(analyzer, text), "storm damage").speaker.name == "Lina Varga"


@pytest.mark.model
def test_a_given_name_related_to_somebody_is_a_new_person(analyzer: Analyzer) -> None:
    text = ("Flood\n\nPolice chief Anton Kowal said the river had peaked.\n\n"
            "Marek's father, Anton, said his son had moved to the valley in 2010.\n\n"
            "His father said the family would plant a tree in May.\n")
    found = _found(analyzer, text)
    assert _by_content(found, "moved to the valley").speaker.name == "Anton"
    assert _by_content(found, "plant a tree").speaker.name == "Anton"


@pytest.mark.model
def test_a_participle_on_a_reported_clause_belongs_to_the_cues_speaker(analyzer: Analyzer) -> None:
    text = ("Harbour\n\nMayor Ana Ruiz has said the town will honour its pledge of $2 million, insisting her "
            "council will not add a further dollar.\n")
    assert _by_content(_found(analyzer, text), "a further dollar").speaker.name == "Ana Ruiz"


@pytest.mark.model
def test_it_is_the_organisation_that_was_the_subject_just_before(analyzer: Analyzer) -> None:
    text = ("Insurance\n\nNorvik Mining Group said it had filed a claim.\n\n"
            "NTA refused to discuss the claim with reporters. “Our clients expect us to keep their files private,” "
            "it said in a statement.\n")
    assert _by_content(_found(analyzer, text), "files private").speaker.name == "NTA"


@pytest.mark.model
def test_a_paraphrase_running_into_a_quotation_is_one_mixed_statement(analyzer: Analyzer) -> None:
    text = ("Budget\n\nTwo council members said the offer “changes nothing but the date” on Friday.\n\n"
            "Ana Ruiz said on Monday, “We will vote no on this plan.”\n\n"
            "Tomas Berg said that “nothing has been agreed yet.”\n")
    found = _found(analyzer, text)
    mixed = _by_content(found, "changes nothing")
    assert (mixed.kind, mixed.content.text) == ("mixed", "the offer “changes nothing but the date”")
    assert _by_content(found, "vote no").kind == "direct"  # opened by a comma: the quotation stands alone
    assert _by_content(found, "nothing has been agreed").kind == "direct"  # only "that" before it
