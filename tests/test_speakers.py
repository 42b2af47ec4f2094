"""Speaker resolution and content-boundary rules: gender, re-mentions, acronyms, documents (own texts; loads spaCy)."""

from __future__ import annotations

import pytest

from newsprobe.analyzer import Analyzer
from tests.test_attribution_rules import _by_content, _found

pytestmark = pytest.mark.model


def test_she_skips_a_more_recent_man(analyzer: Analyzer) -> None:
    text = ("Clinic plans\n\nMs. Ines Alvarez runs the clinic on Bay Street.\n\n"
            "Tomas Berg visited it on Monday with his deputy.\n\n“We will reopen the ward in May,” she said.\n")
    assert _by_content(_found(analyzer, text), "reopen the ward").speaker.name == "Ines Alvarez"


def test_a_person_named_inside_a_quotation_is_no_antecedent(analyzer: Analyzer) -> None:
    text = ("Budget vote\n\nDana Whitfield spoke after the vote on Tuesday.\n\n"
            "“Peter Olsen has misread the budget again,” she said.\n")
    assert _by_content(_found(analyzer, text), "misread the budget").speaker.name == "Dana Whitfield"


def test_a_descriptive_re_mention_is_the_person_just_named(analyzer: Analyzer) -> None:
    text = ("Match report\n\nCaleb Moreau scored twice for the home side on Saturday.\n\n"
            "“It felt great to finally get one past him,” said the rookie winger.\n")
    assert _by_content(_found(analyzer, text), "finally get one").speaker.name == "Caleb Moreau"


def test_zero_width_characters_do_not_split_a_name(analyzer: Analyzer) -> None:
    text = ("Union vote\n\nJeff Brenner leads the local union.\n\n"
            "On Friday, Brenner\u200b said the vote was fair and the count was open.\n")
    assert _by_content(_found(analyzer, text), "the vote was fair").speaker.name == "Jeff Brenner"


def test_a_given_name_read_as_a_modal_still_belongs_to_the_name(analyzer: Analyzer) -> None:
    text = ("Rail safety\n\nWill Young, a mechanic based in Kansas, said the brakes froze in the cold.\n\n"
            "Young said the crews had warned about it for years.\n")
    found = _found(analyzer, text)
    assert _by_content(found, "crews had warned").speaker.name == "Will Young"


def test_a_pronoun_quoted_as_saying_is_resolved(analyzer: Analyzer) -> None:
    text = ("City debt\n\nMayor Ruth Okafor spoke on Friday.\n\n"
            "“The debt is simply untenable for a city of this size,” she was quoted as saying in the release.\n")
    assert _by_content(_found(analyzer, text), "debt is simply untenable").speaker.name == "Ruth Okafor"


def test_the_official_is_the_unnamed_official_met_before(analyzer: Analyzer) -> None:
    text = ("Extraditions\n\nA justice official told reporters the request was routine.\n\n"
            "“Most of those requests go through in the end,” the official said.\n")
    speaker = _by_content(_found(analyzer, text), "Most of those requests").speaker
    assert speaker.name == "A justice official"
    assert speaker.type == "unnamed_person"


def test_a_quotation_ending_its_sentence_does_not_take_the_next_sentences_cue(analyzer: Analyzer) -> None:
    text = ("Pilot project\n\n“We are delighted with how the first cohort did,” says director Alma Ruiz. "
            "“We are setting ourselves up for the next two groups.” While some critics say the fee is too high, "
            "the board disagrees.\n")
    second = _by_content(_found(analyzer, text), "setting ourselves up")
    assert second.speaker.name == "Alma Ruiz"


def test_a_sentence_closed_by_a_quotation_is_the_statement(analyzer: Analyzer) -> None:
    text = ("Quarterly results\n\nSales for the first quarter were “far better than anyone expected,” says chief "
            "executive Mona Reyes.\n")
    sales = _by_content(_found(analyzer, text), "far better than anyone expected")
    assert sales.content.text.startswith("Sales for the first quarter")
    assert sales.kind == "mixed"


def test_a_belief_held_by_a_pronoun_is_not_an_attribution(analyzer: Analyzer) -> None:
    text = "Bridge works\n\nPaula Nowak runs the site.\n\nShe thinks the bridge will open before the winter.\n"
    assert not [a for a in _found(analyzer, text) if "bridge will open" in a.content.text]


def test_a_poll_showing_a_result_is_an_attribution_in_scope_all_only(analyzer: Analyzer) -> None:
    text = "Race tightens\n\nA new poll shows that the mayor has a narrow lead among older voters.\n"
    poll = _by_content(_found(Analyzer(attribution_scope="all"), text), "narrow lead")
    assert poll.speaker.name is not None and "poll" in poll.speaker.name
    assert not _found(analyzer, text)  # evidence, not speech: the default scope leaves it out


def test_a_document_a_speaker_issued_speaks_for_them(analyzer: Analyzer) -> None:
    text = ("Juice rules\n\nJo Park of the dairy board said milk would stay on the menu.\n\n"
            "The Beverage Council said in a statement that juice is a source of vitamins for children. "
            "The statement also said that removing it could harm nutrition.\n")
    assert _by_content(_found(analyzer, text), "removing it could harm").speaker.name == "Beverage Council"


def test_an_acronym_resolves_to_the_organisation_named_in_full_before(analyzer: Analyzer) -> None:
    text = ("Insurance claim\n\nNorthern Trade Agency insures exporters against political risk.\n\n"
            "NTA said it is self-funding and needs no support from the treasury.\n")
    speaker = _by_content(_found(analyzer, text), "self-funding").speaker
    assert speaker.name == "Northern Trade Agency"
