"""General classes of time expressions found by reading TBAQ's errors (issue 14), one invented sentence each:
the year of a month named without one, year-on-year comparisons in results stories, the quarter a story
reports, spans of years, `the week` and counted days, and compounds that name no time."""

from __future__ import annotations

from datetime import date

import pytest

from newsprobe.extract import times as times_module
from newsprobe.extract.times import find_times_in_text

LATE_OCTOBER = date(2021, 10, 26)
EARLY_MARCH = date(2022, 3, 4)


def _times(text: str, reference: date) -> list[tuple[str, str | None]]:
    return [(found.text, found.value) for found in find_times_in_text(text, reference)]


def _value_of(text: str, expression: str, reference: date) -> str | None:
    [value] = [found.value for found in find_times_in_text(text, reference) if found.text == expression]
    return value


@pytest.mark.parametrize(
    ("text", "expression", "reference", "value"),
    [
        # Without a tense that says otherwise, a month more than four months ahead is the one before.
        ("The bakery chain was sold in April.", "April", LATE_OCTOBER, "2021-04"),
        ("The ferry line lost its licence on May 3.", "May 3", LATE_OCTOBER, "2021-05-03"),
        # ... a month up to four months ahead is still the coming one,
        ("The tender closes in February.", "February", LATE_OCTOBER, "2022-02"),
        # ... and a future marker or a timetable in the present keeps a month further ahead.
        ("The council will vote on the budget in August.", "August", EARLY_MARCH, "2022-08"),
        ("The new terminal opens in September.", "September", EARLY_MARCH, "2022-09"),
        ("The airline will double its flights by September.", "September", EARLY_MARCH, "2022-09"),
        ("The lease expires on Aug. 31.", "Aug. 31", EARLY_MARCH, "2022-08-31"),
    ],
)
def test_the_year_of_a_month_named_without_one(text: str, expression: str, reference: date, value: str) -> None:
    assert _value_of(text, expression, reference) == value


def test_each_year_on_year_comparison_looks_back_from_the_period_reported() -> None:
    text = ("The grocer earned $4 million in the third quarter, up from $3 million a year ago. "
            "Sales were $90 million, against $80 million a year earlier.")
    assert [value for _, value in _times(text, LATE_OCTOBER)] == ["2021-Q3", "2020-Q3", "2020-Q3"]


def test_a_year_earlier_after_a_year_ago_is_the_same_year() -> None:
    text = "Output fell 3% from a year ago. Costs rose, compared with a year earlier."
    assert [value for _, value in _times(text, LATE_OCTOBER)] == ["2020", "2020"]


def test_the_quarter_a_story_reports_is_the_first_it_names() -> None:
    text = ("The miller posted higher third-quarter profit. After a weak second quarter, margins "
            "recovered. In the 2020 period, it lost money.")
    assert _value_of(text, "the 2020 period", LATE_OCTOBER) == "2020-Q3"


def test_a_span_of_years_gives_two_dates_but_a_count_gives_none() -> None:
    assert _times("The mine ran from 1994 to 2001.", LATE_OCTOBER) == [("1994", "1994"), ("2001", "2001")]
    assert _times("Some 1800 to 1900 workers joined.", LATE_OCTOBER) == []


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        # `the week` as a week of its own: the figure's span, a possessive; the week of the day in focus
        ("The index rose on Friday, Oct. 22. For the week, it gained 2%.", "the week", "2021-W42"),
        ("It was the week's busiest session.", "the week", "2021-W43"),
        # a week set by an event is a date whose value the text does not give
        ("Rents rose in the week before the vote.", "the week", None),
        # a day counted within an event: today where the sentence says so
        ("Today is the third day of the port strike.", "the third day", "2021-10-26"),
        ("She resigned on her second day in office.", "her second day", None),
        # sets: a month of every year, a quarter counted as a quarter, a part of every such weekday
        ("The fishing fleet sails each June.", "each June", "XXXX-06"),
        ("The co-op pays a dividend every quarter.", "every quarter", "P1Q"),
        ("The ferry runs on Friday nights.", "Friday nights", "XXXX-WXX-5TNI"),
        # a day named through the day in focus
        ("The dam failed on Oct. 3. Earlier that day, engineers had left.", "Earlier that day", "2021-10-03"),
        ("The dam failed on Oct. 3 and the town flooded the next morning.", "the next morning", "2021-10-04TMO"),
        ("The ship docked on Oct. 3 and sailed that same day.", "that same day", "2021-10-03"),
        # the early part of a season: the latest one begun
        ("Orders were weak in the early summer.", "the early summer", "2021-SU"),
        # a part of the day in focus; an uncounted time back
        ("Shares fell on Friday, Oct. 22. Buyers came in the morning.", "the morning", "2021-10-22TMO"),
        ("The mill, which just months ago was idle, hired 40 people.", "just months ago", "PAST_REF"),
        # two quarters of a named year are its half
        ("Demand should hold through the first two quarters of 2022.", "the first two quarters of 2022", "2022-H1"),
        # a counted span compared with the year before is still that span
        ("In the year-earlier nine months, net was $2 million.", "the year-earlier nine months", "P9M"),
        # a span of no stated unit
        ("The crews will stay for a while.", "a while", "PXX"),
    ],
)
def test_values_of_the_classes(text: str, expression: str, value: str | None) -> None:
    assert _value_of(text, expression, LATE_OCTOBER) == value


def test_compounds_with_to_name_no_time() -> None:
    assert _times("The quarter-to-quarter gain and day-to-day trading were small.", LATE_OCTOBER) == []


def test_the_past_decade_is_the_decade_before() -> None:
    assert _times("Tolls doubled over the past decade.", LATE_OCTOBER) == [("the past decade", "201")]


def test_the_tense_marker_before_a_weekday_comes_first() -> None:
    new_year_eve = date(2021, 12, 31)
    # `could` belongs to the clause after Thursday; `dismissed` is the verb Thursday goes with
    text = "The ministry dismissed the wild rumours about the port on Thursday that fares could rise."
    assert _value_of(text, "Thursday", new_year_eve) == "2021-12-30"
    # a reporting verb before it is not that verb: Monday is in what was said
    assert _value_of("He said the council meets Monday and will vote.", "Monday", new_year_eve) == "2022-01-03"


def test_a_bare_clock_time_is_on_the_day_in_focus() -> None:
    # the clock time belongs to the day the sentence is about, not to the day the story was written
    text = "The silo collapsed on Oct. 12 at about 9:40 a.m., firefighters said."
    assert _value_of(text, "9:40 a.m.", LATE_OCTOBER) == "2021-10-12T09:40"
    assert _value_of("The count starts at 8 p.m. tonight.", "8 p.m. tonight", LATE_OCTOBER) == "2021-10-26T20:00"


def test_a_deadline_put_off_or_granted_until_a_day_lies_ahead() -> None:
    monday = date(2021, 12, 27)
    assert _value_of("The board postponed the vote until Thursday.", "Thursday", monday) == "2021-12-30"
    assert _value_of("The port has given the carriers until 9 a.m. Wednesday to reply.", "9 a.m. Wednesday",
                     monday) == "2021-12-29T09:00"
    # `up until` looks back
    assert _value_of("Up until Thursday, the crews had kept quiet.", "Thursday", monday) == "2021-12-23"


def test_holiday_weeks_and_days_beyond() -> None:
    spring = date(2021, 4, 12)
    # Easter 2021 fell on 4 April, in ISO week 13
    assert _value_of("Pilgrims arrived as Easter week began.", "Easter week", spring) == "2021-W13"
    assert _times("The crew left the day before yesterday.", spring) == [("the day before yesterday", "2021-04-10")]


def test_today_ending_a_name_is_no_day() -> None:
    assert _times("The mayor told USA Today the port stays shut.", LATE_OCTOBER) == []
    assert _times("Talks ended in Washington D.C. Today, crews went back.", LATE_OCTOBER) == [("Today", "2021-10-26")]


def test_a_bare_that_day_is_left_out() -> None:
    assert _times("Traders sold that day at a loss.", LATE_OCTOBER) == []


def test_could_not_is_the_news_past() -> None:
    # `could not` reports what failed, as the parse rule reads it; a bare `could` still looks ahead
    new_year_eve = date(2021, 12, 31)
    assert _value_of("The guards could not stop the fire on Tuesday.", "Tuesday", new_year_eve) == "2021-12-28"
    assert _value_of("The guards could stop the strike on Tuesday.", "Tuesday", new_year_eve) == "2022-01-04"


def test_a_weekday_span_is_the_weekday_alone() -> None:
    # not the blank lines before it (a paragraph that opens with it), nor a possessive 's after it
    assert _times("The pier closed.\n\nMonday's storm was the worst.", LATE_OCTOBER) == [("Monday", "2021-10-25")]
    assert _times("The pier closed.  Tuesday’s tide was high.", LATE_OCTOBER) == [("Tuesday", "2021-10-26")]


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        # a bare quarter that ended on a day: the calendar quarter holding most of its three months
        ("In the quarter ended July 31, the boatyard sold 40 hulls.", "the quarter", "2021-Q2"),
        ("In the quarter ended Oct. 2, the boatyard sold 40 hulls.", "the quarter", "2021-Q3"),
        # an ordinal one keeps its (fiscal) number and takes the year of the day it ended
        ("The mill lost money in its first quarter ended June 30, 2020.", "its first quarter", "2020-Q1"),
        ("The mill lost money in the fiscal-first quarter ended Sept. 30.", "the fiscal-first quarter", "2021-Q1"),
        # the latest year a report gives figures for is the last one completed
        ("The grocer's sales in the latest fiscal year were $2 billion.", "the latest fiscal year", "2020"),
    ],
)
def test_results_periods(text: str, expression: str, value: str) -> None:
    assert _value_of(text, expression, LATE_OCTOBER) == value


def test_the_preposition_before_a_duration_is_not_part_of_it() -> None:
    assert _times("The pier has been shut for the past two months.", LATE_OCTOBER) == [("the past two months", "P2M")]


def test_rules_skipped_for_want_of_their_words_would_have_found_nothing() -> None:
    # every rule's words are checked before its pattern runs over a text; without the check, the same
    text = ("On Friday, Oct. 22, 2021 at 9:40 a.m. the index rose; for the week it gained 2% and in the third "
            "quarter of 2021 (Q3) sales doubled, as in fiscal 2020 and FY2019. Two weeks ago, just months ago, "
            "the 1990s, the 20th century, nineteen ninety-four, every Monday, twice a day, at 4 in the morning, "
            "noon, Christmas Eve, the winter of 1994, the day before yesterday, later that day, in the morning, "
            "for a while, the first two quarters of 2022, the year ended March 31, the week's end, its third day "
            "of talks, now, tonight, 10/12/2021, 2021-10-12, the past year, a year-earlier loss.")
    assert set(times_module._NEEDS) <= {rule.name for rule in times_module._RULES}
    with_check = find_times_in_text(text, LATE_OCTOBER)
    saved, times_module._NEEDS = times_module._NEEDS, {}
    try:
        assert find_times_in_text(text, LATE_OCTOBER) == with_check
    finally:
        times_module._NEEDS = saved
    assert len(with_check) > 30


def test_a_compound_span_without_a_number_is_a_duration() -> None:
    assert _times("After a day-long meeting, the union ended its decades-long feud.", LATE_OCTOBER) == [
        ("day-long", "P1D"), ("decades-long", "PXY")]
    # an age after a number stays out, as ages do
    assert _times("The ferry carried a 6-year-old boy.", LATE_OCTOBER) == []
    # uncounted decades are written in years, as counted ones are
    assert _times("The quarry was idle for decades.", LATE_OCTOBER) == [("decades", "PXY")]


def test_the_article_of_a_compound_adjective_is_the_nouns() -> None:
    # `a two-year lease`, `a third-quarter loss`: the article belongs to the noun, not to the time
    assert _times("The port signed a two-year lease.", LATE_OCTOBER) == [("two-year", "P2Y")]
    assert _times("The mill posted a third-quarter loss.", LATE_OCTOBER) == [("third-quarter", "2021-Q3")]
    # a time that is a noun phrase of its own keeps it
    assert _times("The mill lost money in the third quarter.", LATE_OCTOBER) == [("the third quarter", "2021-Q3")]
