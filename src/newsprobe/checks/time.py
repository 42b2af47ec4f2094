"""Findings about dates that do not add up: a weekday that does not fit its date, a statement dated
after the article, the future tense about a date already past, an announced event the article says
did not happen. They read the Analysis (times, attributions, reference date), never spaCy objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from newsprobe.extract.times import WEEKDAYS, parse_reference, sentence_bounds
from newsprobe.models import Analysis, Finding, Span, TimeExpression

METHOD = "newsprobe.time_checks.v1"

# How far from the stated year we look for one where the weekday fits. Weekdays repeat within 11 years
# at most (6 for most dates), so 11 always finds one when the date exists.
_YEARS_SEARCHED = 11

_WEEKDAY_IN_TEXT = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_FUTURE_CLAUSE = re.compile(
    r"\b(?:will|shall|'ll|is\s+(?:going|scheduled|expected|due|set)\s+to|are\s+(?:going|scheduled|expected|due|set)\s+to)"
    r"\b", re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:said|says|stated|told|announced|according\s+to|added|warned|claimed|declared|noted)\b",
                       re.IGNORECASE)
_ANNOUNCED = re.compile(
    r"\b(?:would|will|was\s+to|is\s+to|was\s+expected\s+to|is\s+expected\s+to|was\s+scheduled\s+to)\s+be\s+"
    r"(?:announced|made|published|released|issued|held|signed|declared)\b", re.IGNORECASE)
_DID_NOT_HAPPEN = re.compile(
    r"\bno\s+such\s+(?:statement|announcement|decision|declaration|meeting|event|vote|agreement)\s+"
    r"(?:was|has\s+been|had\s+been)\s+(?:made|issued|held|published|released|announced|signed)"
    r"|\b(?:has|had|was)\s+not\s+(?:yet\s+)?been\s+(?:announced|made|held|published|released|issued|signed)"
    r"|\bdid\s+not\s+(?:happen|take\s+place|materiali[sz]e)\b", re.IGNORECASE)


def _day(value: str | None) -> date | None:
    """The calendar day of a TIMEX3 value (`2021-12-26`, `2021-12-26T09:00`); None for weeks, months, `XXXX`."""
    return parse_reference(value)


def nearest_fitting_year(day: date, weekday: int) -> int | None:
    """The year nearest to ``day.year`` in which that day and month fall on ``weekday`` (earlier on a tie)."""
    for distance in range(1, _YEARS_SEARCHED + 1):
        for year in (day.year - distance, day.year + distance):
            try:
                if date(year, day.month, day.day).isoweekday() == weekday:
                    return year
            except ValueError:
                continue  # 29 February outside a leap year
    return None


def _reference_words(analysis: Analysis) -> str:
    reference = analysis.reference_date
    if reference is None or reference.value is None:
        return ""
    where = {"metadata": "publication date", "text": "inferred from the text"}.get(reference.source, reference.source)
    return f" (the article's reference date is {reference.value}, {where})"


def weekday_mismatch_findings(analysis: Analysis) -> Iterator[Finding]:
    for time in analysis.times:
        stated = _WEEKDAY_IN_TEXT.search(time.text)
        day = _day(time.value)
        if stated is None or day is None:
            continue
        weekday = WEEKDAYS[stated.group(1).lower()]
        if day.isoweekday() == weekday:
            continue
        year = nearest_fitting_year(day, weekday)
        explicit_year = bool(re.search(r"\b\d{4}\b", time.text))
        read_as = "is" if explicit_year else "is read as"
        message = (f"“{time.text}” {read_as} {day:%-d %B %Y}{'' if explicit_year else _reference_words(analysis)}, "
                   f"but {day:%-d %B %Y} was a {day:%A}, not a {stated.group(1)}.")
        suggestion = None
        if year is not None:
            suggestion = (f"{day:%-d %B} {year} was a {stated.group(1)}: the statement most likely dates from {year} "
                          "and may be recycled from an older report; check the original source.")
        yield Finding("weekday_date_mismatch", message, "warning", (Span(time.start, time.end, time.text),),
                      suggestion, METHOD)


def statement_after_reference_findings(analysis: Analysis) -> Iterator[Finding]:
    reference = _day(analysis.reference_date.value if analysis.reference_date else None)
    if reference is None:
        return
    for attribution in analysis.attributions:
        said_on = _day(attribution.said_on)
        if said_on is None or said_on <= reference:
            continue
        speaker = attribution.speaker.name or "the speaker"
        evidence = tuple(span for span in (attribution.cue, attribution.content) if span is not None)
        yield Finding(
            "statement_after_reference_date",
            f"A statement by {speaker} is dated {said_on.isoformat()}, after the article's reference date "
            f"{reference.isoformat()} ({analysis.reference_date.source if analysis.reference_date else 'unknown'}).",
            "warning", evidence,
            "The date, the publication date or the statement's source may be wrong; check them.", METHOD)


def _inside_attribution(analysis: Analysis, time: TimeExpression) -> bool:
    return any(a.content.start <= time.start and time.end <= a.content.end for a in analysis.attributions)


def future_tense_past_date_findings(analysis: Analysis) -> Iterator[Finding]:
    """The author's own future tense about a date before the reference date (`the talks will open on
    March 3` in an article of March 10). Reported speech is left alone: a speaker could say it then."""
    reference = _day(analysis.reference_date.value if analysis.reference_date else None)
    if reference is None:
        return
    text = analysis.article.text
    for time in analysis.times:
        day = _day(time.value)
        if day is None or day >= reference or _inside_attribution(analysis, time):
            continue
        start, end = sentence_bounds(text, time.start, time.end)
        sentence = text[start:end]
        if not _FUTURE_CLAUSE.search(sentence) or _REPORTED.search(sentence):
            continue
        yield Finding(
            "future_tense_past_date",
            f"The sentence speaks of {day.isoformat()} in the future tense, but that date is before the article's "
            f"reference date {reference.isoformat()}.",
            "warning", (Span(time.start, time.end, time.text),),
            "The sentence may have been copied from an older text without being updated.", METHOD)


def announced_event_findings(analysis: Analysis) -> Iterator[Finding]:
    """`X would be announced on December 31` followed, within two sentences, by `no such statement was made`."""
    text = analysis.article.text
    body = analysis.article.body
    for time in analysis.times:
        if time.type != "DATE" or not (body.start <= time.start < body.end):
            continue
        start, end = sentence_bounds(text, time.start, time.end)
        announced = _ANNOUNCED.search(text, start, end)
        if announced is None:
            continue
        following_end = end
        for _ in range(2):
            following_end = sentence_bounds(text, following_end + 1, following_end + 1)[1] \
                if following_end < body.end else following_end
        denial = _DID_NOT_HAPPEN.search(text, end, min(following_end, body.end))
        if denial is None:
            continue
        denial_start, denial_end = sentence_bounds(text, denial.start(), denial.end())
        yield Finding(
            "announced_event_not_happened",
            f"The article says “{text[start:end].strip()}” ({time.value or 'date unresolved'}), then "
            f"“{text[denial_start:denial_end].strip()}”: the announced event did not happen, as far as it knows.",
            "info",
            (Span(announced.start(), announced.end(), announced.group()), Span(time.start, time.end, time.text),
             Span(denial.start(), denial.end(), denial.group())),
            "Check whether the announcement came later; the article may have been written before the date.",
            METHOD)


def time_findings(analysis: Analysis) -> Iterator[Finding]:
    yield from weekday_mismatch_findings(analysis)
    yield from statement_after_reference_findings(analysis)
    yield from future_tense_past_date_findings(analysis)
    yield from announced_event_findings(analysis)
