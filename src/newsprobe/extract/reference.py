"""The article's reference date: what `yesterday`, `on Friday` and `December 26` are resolved against.

In order: the publication date from metadata (HTML metadata, a JSONL field or ``--published``, all
carried on ``Article.published``); else a date the text itself gives, with the words as evidence
(`As the year 2021 ended on Friday` -> 2021-12-31; a full date in the dateline or first lines); else
unknown. The source is always recorded, so a reader knows how far to trust resolved dates.
"""

from __future__ import annotations

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
    text = article.text
    body = article.body
    for pattern, month, day, wording in ((_YEAR_ENDED, 12, 31, "ended"), (_YEAR_BEGAN, 1, 1, "began")):
        match = pattern.search(text, body.start, body.end)
        if match is None:
            continue
        value = date(int(match["year"]), month, day)
        note = f"the text says the year {match['year']} {wording}"
        if match["weekday"]:
            stated = WEEKDAYS[match["weekday"].lower()]
            fits = value.isoweekday() == stated
            note += f" on a {match['weekday'].capitalize()}" + ("" if fits else
                                                                 f", though {value:%d %B %Y} was a {value:%A}")
        # Written when the year turned: the end of that year is the best single date to resolve against.
        return ReferenceDate(value.isoformat(), "text", article.span(match.start(), match.end()),
                             f"{note}: {value.isoformat()}")
    lead_end = min(body.end, body.start + _LEADING_CHARACTERS)
    for found in find_times_in_text(text[:lead_end], None):
        if found.start >= (article.dateline_span.start if article.dateline_span else body.start) and \
                found.value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", found.value):
            return ReferenceDate(found.value, "text", article.span(found.start, found.end),
                                 f"a full date at the start of the article: {found.value}")
    return None
