"""The article's reference date: what `yesterday`, `on Friday` and `December 26` are resolved against.

In order: the publication date from metadata (HTML metadata, a JSONL field or ``--published``, all
carried on ``Article.published``); else a date the text itself gives, with the words as evidence
(`As the year 2021 ended on Friday` -> 2021-12-31; a full date in the dateline or first lines); else
unknown. The source is always recorded, so a reader knows how far to trust resolved dates.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from newsprobe.errors import Warnings
from newsprobe.extract.times import WEEKDAYS, find_times_in_text, parse_reference
from newsprobe.models import Article, Notice, ReferenceDate

METHOD = "newsprobe.reference_date.v1"

# A full date this close to the start of the body is a dateline or a "published on" line, not a date
# the story is about. 300 characters is about two lines of a news page.
_LEADING_CHARACTERS = 300

_YEAR_ENDED = re.compile(
    r"(?:the\s+year\s+)?(?P<year>(?:19|20)\d\d)\s+(?:ended|came\s+to\s+an\s+end|drew\s+to\s+a\s+close|closed)"
    r"(?:\s+on\s+(?:a\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?",
    re.IGNORECASE,
)
# "As the month of March 2023 closed on Friday" -> the last day of that month.
_MONTH_ENDED = re.compile(
    r"(?:the\s+month\s+of\s+)?(?P<month>January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s+(?P<year>(?:19|20)\d\d)\s+(?:ended|came\s+to\s+an\s+end|drew\s+to\s+a\s+close|closed)"
    r"(?:\s+on\s+(?:a\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?",
    re.IGNORECASE,
)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_YEAR_BEGAN = re.compile(
    r"(?:the\s+year\s+)?(?P<year>(?:19|20)\d\d)\s+(?:began|started|got\s+under\s+way|opened)"
    r"(?:\s+on\s+(?:a\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?",
    re.IGNORECASE,
)


def reference_date(article: Article, notices: list[Notice] | None = None) -> ReferenceDate:
    """The reference date of ``article``; an unreadable publication date adds W008 to ``notices``."""
    published = parse_reference(article.published)
    if published is not None:
        return ReferenceDate(published.isoformat(), "metadata", None, f"publication date {article.published}")
    if article.published and notices is not None:
        notices.append(Warnings.W008.notice(value=article.published))
    return inferred_reference_date(article) or ReferenceDate(None, "unknown")


def inferred_reference_date(article: Article) -> ReferenceDate | None:
    """A reference date from the article's own words, or None when they give none."""
    found = _period_boundary(article)
    if found is None:
        return _leading_full_date(article)
    match, value, note = found
    if match["weekday"]:
        stated = WEEKDAYS[match["weekday"].lower()]
        fits = value.isoweekday() == stated
        note += f" on a {match['weekday'].capitalize()}"
        if not fits:
            note += f", though {value:%d %B %Y} was a {value:%A}"
    # Written when the period turned: its boundary is the best single date to resolve against.
    return ReferenceDate(value.isoformat(), "text", article.span(match.start(), match.end()),
                         f"{note}: {value.isoformat()}")


def _period_boundary(article: Article) -> tuple[re.Match[str], date, str] | None:
    """The first "<month> <year> ended", "<year> ended" or "<year> began" in the body, as a date."""
    text, body = article.text, article.body
    month_match = _MONTH_ENDED.search(text, body.start, body.end)
    if month_match is not None:
        year, month = int(month_match["year"]), _MONTHS.index(month_match["month"].lower()) + 1
        value = date(year, month, calendar.monthrange(year, month)[1])
        return month_match, value, f"the text says {month_match['month'].capitalize()} {year} ended"
    for pattern, month, day, wording in ((_YEAR_ENDED, 12, 31, "ended"), (_YEAR_BEGAN, 1, 1, "began")):
        for match in pattern.finditer(text, body.start, body.end):
            preceding = text[max(body.start, match.start() - 12):match.start()].split()
            if preceding and preceding[-1].lower() in _MONTHS:
                continue  # "March 2023 began": the year of a month, not a year turning
            return match, date(int(match["year"]), month, day), f"the text says the year {match['year']} {wording}"
    return None


def _leading_full_date(article: Article) -> ReferenceDate | None:
    text = article.text
    body = article.body
    lead_end = min(body.end, body.start + _LEADING_CHARACTERS)
    for found in find_times_in_text(text[:lead_end], None):
        if found.start >= (article.dateline_span.start if article.dateline_span else body.start) and \
                found.value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", found.value):
            return ReferenceDate(found.value, "text", article.span(found.start, found.end),
                                 f"a full date at the start of the article: {found.value}")
    return None
