"""TIMEX3 conventions added to the time rules after reading TBAQ's value mismatches, one hand-written text each."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsprobe.evaluation.timex import read_timeml, value_mismatches
from newsprobe.extract.times import find_times_in_text

MONDAY = date(2021, 12, 27)
LATE_OCTOBER = date(2021, 10, 26)


def _times(text: str, reference: date) -> list[tuple[str, str, str | None]]:
    return [(found.text, found.type, found.value) for found in find_times_in_text(text, reference)]


def _value_of(text: str, expression: str, reference: date) -> str | None:
    [value] = [found.value for found in find_times_in_text(text, reference) if found.text == expression]
    return value


@pytest.mark.parametrize(
    ("text", "expression", "reference", "value"),
    [
        # Capitalised words ending in -ed (`United`) are no past-tense verbs; `would` then rules: future.
        ("The father would fly to the United States Thursday with his wife.", "Thursday", date(2000, 4, 5),
         "2000-04-06"),
        # `next to` is a place, not the next week.
        ("A van exploded next to the old barracks on Friday.", "Friday", MONDAY, "2021-12-24"),
        # `vacation plans` is a noun; `planned to` is a plan for later.
        ("On Friday, when the minister set aside her vacation plans, crews dug.", "Friday", MONDAY, "2021-12-24"),
        ("The survey team planned to leave the port on Thursday.", "Thursday", MONDAY, "2021-12-30"),
        # A deadline in the past perfect has passed.
        ("The tender offer had been due to expire Friday evening.", "Friday evening", MONDAY, "2021-12-24TEV"),
        # `Last`/`Next` opening a sentence still relate the weekday or month.
        ("Last April, the mill changed hands.", "Last April", LATE_OCTOBER, "2021-04"),
        ("Next Friday, the mill reopens.", "Next Friday", MONDAY, "2021-12-31"),
        # `over the weekend` in a past clause, written on a Monday: the weekend just gone (ISO week 51).
        ("Over the weekend, officials confirmed the grain deal.", "the weekend", MONDAY, "2021-W51-WE"),
        ("Officials will sign the grain deal over the weekend.", "the weekend", MONDAY, "2021-W52-WE"),
        # `the past year`, `the last week`: the previous calendar unit, as `last year`.
        ("Prices doubled over the past year.", "the past year", MONDAY, "2020"),
        ("He has stayed in Leeds for the last week.", "the last week", MONDAY, "2021-W51"),
        # Anaphora keeps its anchor when modified.
        ("She left in June 2009 and came back later that year.", "later that year", MONDAY, "2009"),
        # The governing word decides the year: a year that ended, a date since which, cannot be ahead.
        ("Revenue was $3 million in the year ended March 31.", "March 31", LATE_OCTOBER, "2021-03-31"),
        ("Shares have doubled since Feb. 2.", "Feb. 2", LATE_OCTOBER, "2021-02-02"),
        # `now that` still says "at present".
        ("Now that the port is open, ferries sail.", "Now", MONDAY, "PRESENT_REF"),
        ("Tomorrow's vote decides the fare.", "Tomorrow", MONDAY, "2021-12-28"),
        # A clock time, a comma, then the date.
        ("The offer runs until 5 p.m. EST, Nov. 6.", "5 p.m. EST, Nov. 6", MONDAY, "2021-11-06T17:00"),
        ("Brokers met at mid-afternoon yesterday.", "mid-afternoon yesterday", MONDAY, "2021-12-26TAF"),
        # Seasons: with a year (digits or words), or the latest one begun (the next one in a future clause).
        ("Pumps froze in the winter of 1994.", "the winter of 1994", MONDAY, "1994-WI"),
        ("Oil fell in the summer of nineteen ninety-four.", "the summer of nineteen ninety-four", MONDAY,
         "1994-SU"),
        ("Rivals cut prices over the summer.", "the summer", LATE_OCTOBER, "2021-SU"),
        ("The plant will reopen in the spring.", "the spring", LATE_OCTOBER, "2022-SP"),
        ("A bomb went off. January nineteen ninety-seven.", "January nineteen ninety-seven", MONDAY, "1997-01"),
        ("Sales stalled in the last half of the '80s.", "the last half of the '80s", MONDAY, "198"),
        # `for the year` is the year in progress; `year end` that year (TIMEX3: the year, mod END).
        ("Sales for the full year rose 4%.", "the full year", LATE_OCTOBER, "2021"),
        ("The deal should close by year end.", "year end", LATE_OCTOBER, "2021"),
        ("The index is up 9% since year-end.", "year-end", LATE_OCTOBER, "2020"),
    ],
)
def test_value_conventions(text: str, expression: str, reference: date, value: str) -> None:
    assert _value_of(text, expression, reference) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # TIMEX3 writes a half as the next smaller unit.
        ("The envoy spent 5 1/2 hours in the capital.", ("5 1/2 hours", "DURATION", "PT5H30M")),
        ("But a minute and a half on, a pilot called.", ("a minute and a half", "DURATION", "PT1M30S")),
        ("The siege lasted two and a half years.", ("two and a half years", "DURATION", "P2Y6M")),
        # `later` is a TimeML signal, not part of the expression.
        ("Three days later, the index recovered.", ("Three days", "DURATION", "P3D")),
        # `the year ended ...` is a twelve-month duration.
        ("Net rose in the year ending with the sale.", ("the year", "DURATION", "P1Y")),
    ],
)
def test_duration_conventions(text: str, expected: tuple[str, str, str]) -> None:
    assert _times(text, LATE_OCTOBER) == [expected]


def test_a_decimal_is_not_a_year() -> None:
    assert _times("The index closed at 2082.1 points.", LATE_OCTOBER) == []


def test_year_quarters_follow_the_quarter_in_focus() -> None:
    text = ("Profit rose in the third quarter. It earned $3 in the 1988 quarter, less than in the corresponding "
            "period last year and in last year's quarter.")
    assert [value for _, _, value in _times(text, date(1989, 10, 26))] == ["1989-Q3", "1988-Q3", "1988-Q3",
                                                                          "1988-Q3"]


def test_the_previous_weekday_counts_back_from_the_day_in_focus() -> None:
    text = "Stocks fell on Dec. 17, down 4% from the previous Friday."
    assert _value_of(text, "the previous Friday", date(2021, 12, 20)) == "2021-12-10"


def test_value_mismatches_list_each_wrong_value_with_context(tmp_path: Path) -> None:
    timeml = (
        '<?xml version="1.0" ?>\n<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-06" '
        'functionInDocument="CREATION_TIME">19980206</TIMEX3></DCT>\n<TEXT>Barges sailed '
        '<TIMEX3 tid="t1" type="DATE" value="1998-02-04">yesterday</TIMEX3> and '
        '<TIMEX3 tid="t2" type="DATE" value="1998-02-06">today</TIMEX3>.</TEXT></TimeML>'
    )
    path = tmp_path / "barges.tml"
    path.write_text(timeml, encoding="utf-8")
    lines = value_mismatches([read_timeml(path)])
    assert lines[0] == "barges.tml (creation time 1998-02-06): 1 value mismatches"
    assert lines[1].startswith("  'yesterday' gold DATE 1998-02-04 got DATE 1998-02-05 | ")
    assert "[yesterday]" in lines[1]
    assert len(lines) == 2
