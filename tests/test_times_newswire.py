"""Newswire time expressions added for issue 14: sets, quarter and fiscal-year codes, clock times in words,
hyphenated modifiers, ages; and the parse-given tense that picks the year of a bare month. Each case is an
invented sentence for one general pattern; the reference date 2021-12-31 is a Friday."""

from __future__ import annotations

from datetime import date

import pytest

from newsprobe.analyzer import Analyzer
from newsprobe.extract.times import clause_tense, find_times_in_text

NEW_YEAR_EVE = date(2021, 12, 31)


def _times(text: str, reference: date | None = NEW_YEAR_EVE) -> list[tuple[str, str, str | None]]:
    return [(found.text, found.type, found.value) for found in find_times_in_text(text, reference)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # sets: a recurrence adverb, a counted period, one period in two
        ("The harbour festival is held annually.", [("annually", "SET", "P1Y")]),
        ("Tolls are reviewed quarterly, the authority said.", [("quarterly", "SET", "P3M")]),
        ("Inspectors visit the quay every two weeks.", [("every two weeks", "SET", "P2W")]),
        ("The night ferry sails every other day.", [("every other day", "SET", "P2D")]),
        # quarter codes, with and without a year
        ("Cargo volumes fell in Q3.", [("Q3", "DATE", "2021-Q3")]),
        ("Cargo volumes fell in Q2 2020.", [("Q2 2020", "DATE", "2020-Q2")]),
        ("The 2019 Q4 figures were revised.", [("2019 Q4", "DATE", "2019-Q4")]),
        ("Results for H1 2021 were strong.", [("H1 2021", "DATE", "2021-H1")]),
        # fiscal years, written out and as codes
        ("In fiscal 2020, the port lost money.", [("fiscal 2020", "DATE", "2020")]),
        ("FY2022 revenue rose.", [("FY2022", "DATE", "2022")]),
        ("The FY 2019 budget was cut.", [("FY 2019", "DATE", "2019")]),
        # clock times in words
        ("The tug left at 4 in the morning.", [("4 in the morning", "TIME", "2021-12-31T04:00")]),
        ("The gates close at ten at night.", [("ten at night", "TIME", "2021-12-31T22:00")]),
        ("The bell rang at six o'clock.", [("six o'clock", "TIME", "2021-12-31T06:00")]),
        # hyphenated and spaced modifiers
        ("The survey is due in late-November.", [("late-November", "DATE", "2021-11")]),
        ("By mid afternoon the quay was empty.", [("mid afternoon", "TIME", "2021-12-31TAF")]),
        # durations the rules already knew, kept
        ("Rents rose over the past two weeks.", [("the past two weeks", "DURATION", "P2W")]),
        ("The crane was idle for three and a half years.", [("three and a half years", "DURATION", "P3Y6M")]),
    ],
)
def test_newswire_patterns(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert _times(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The pilot, 52 years old, was unhurt.",  # an age
        "Workers 55 years of age or older may retire.",  # an age
        "The quarterly dividend was cut.",  # the adjective, not a recurrence
        "Traffic grew 8% annually.",  # a rate
        "The H1 visa rules changed.",  # `H1` without a year
        "Form Q7 was filed.",  # no such quarter
        'The pilot told CBS\'s "60 Minutes" he was unhurt.',  # a programme's title
        "Dockers joined the March for Fair Pay in Leeds.",  # a march with a name
    ],
)
def test_not_time_expressions(text: str) -> None:
    assert _times(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On May 22, 2015, she joined the board, and the following year she became chair.", "2016"),
        ("In March 2019 the port shut; the following month it reopened.", "2019-04"),
        ("On June 3, 2020, the crane fell; the following week the inquiry began.", "2020-W24"),
    ],
)
def test_the_following_unit_has_the_granularity_it_names(text: str, expected: str) -> None:
    assert _times(text)[-1][2] == expected


def test_two_digit_fiscal_year_stays_unresolved() -> None:
    assert _times("FY23 targets were met.") == [("FY23", "DATE", None)]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        # a past verb, the month five months ahead of the reference: the March before
        ("The harbour master stepped down in March.", date(2021, 11, 2), "2021-03"),
        # a deadline just ahead keeps the nearest year though the verb is past
        ("The authority extended the offer to Nov. 16.", date(2021, 10, 30), "2021-11-16"),
        # a future verb, the month nine months behind: the coming December
        ("The crew will sail on a mission in December.", date(2022, 3, 4), "2022-12"),
    ],
)
def test_the_parse_tense_picks_the_year_of_a_bare_month(analyzer: Analyzer, text: str, reference: date,
                                                        expected: str) -> None:
    doc = analyzer.nlp(text)
    [found] = find_times_in_text(doc.text, reference, clause_tense(doc))
    assert found.value == expected
