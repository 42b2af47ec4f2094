"""A bare weekday takes its direction from the verb that governs it: `said in a statement on Wednesday`
looks back even when the reported clause after it is in the future tense; `will meet on Friday` looks
ahead. Texts are invented; the reference date 2021-12-31 is a Friday."""

from __future__ import annotations

from datetime import date

import pytest

from newsprobe.analyzer import Analyzer
from newsprobe.extract.times import clause_tense, find_times_in_text

NEW_YEAR_EVE = date(2021, 12, 31)  # a Friday


def _weekdays(text: str) -> list[tuple[str, str | None]]:
    return [(found.text, found.value) for found in find_times_in_text(text, NEW_YEAR_EVE)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a reporting verb, an occasion phrase and `on`, then a future-tense reported clause
        ("The dockers' union said in a statement on Wednesday that it will strike again.",
         [("Wednesday", "2021-12-29")]),
        # a reporting verb with its object, no preposition
        ("The harbour master told reporters Monday that the cranes would be repaired.", [("Monday", "2021-12-27")]),
        # a capitalised object (an outlet) between the verb and the date
        ("She told The Quayside Gazette on Tuesday that ferries could resume.", [("Tuesday", "2021-12-28")]),
        # the weekday of the reference date itself is that day, as wire copy writes today
        ("The mayor said Friday that the bridge will reopen.", [("Friday", "2021-12-31")]),
        # future wording keeps pointing forward
        ("The council will meet on Wednesday.", [("Wednesday", "2022-01-05")]),
        ("A spokesman said on Wednesday that the ministers would meet on Monday.",
         [("Wednesday", "2021-12-29"), ("Monday", "2022-01-03")]),
    ],
)
def test_reporting_verb_decides_the_direction_of_a_bare_weekday(text: str, expected: list[tuple[str, str]]) -> None:
    assert _weekdays(text) == expected


def test_a_longer_object_may_hide_a_verb_so_the_tense_marker_still_decides() -> None:
    # `the council meets` is a clause of its own: `said` does not govern Monday
    assert _weekdays("He said the council meets Monday and will vote.") == [("Monday", "2022-01-03")]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The union said in a statement on Wednesday that it will strike next month.", "2021-12-29"),
        ("Protesters marched on Wednesday, and the police will close the road.", "2021-12-29"),
        ("The talks are going to resume on Wednesday.", "2022-01-05"),
        ("The dockers plan to march on Wednesday.", "2022-01-05"),
    ],
)
def test_the_parse_gives_the_governing_verb(analyzer: Analyzer, text: str, expected: str) -> None:
    doc = analyzer.nlp(text)
    [wednesday] = [found for found in find_times_in_text(doc.text, NEW_YEAR_EVE, clause_tense(doc))
                   if found.text == "Wednesday"]
    assert wednesday.value == expected


@pytest.mark.model
def test_no_statement_after_reference_finding_for_a_past_report(analyzer: Analyzer) -> None:
    text = ("Ferry crews walk out again\n\n"
            "The crews' union said in a statement on Wednesday that its members will stop work in January. "
            "The harbour authority told reporters Thursday that talks would continue next week.\n")
    analysis = analyzer.analyze(text, published="2021-12-31")
    assert {a.said_on for a in analysis.attributions if a.said_on} <= {"2021-12-29", "2021-12-30"}
    assert "2021-12-29" in {a.said_on for a in analysis.attributions}
    assert not [f for f in analysis.findings if f.type == "statement_after_reference_date"]
