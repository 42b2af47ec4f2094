"""When each statement was made: a time expression attached to an attribution's cue.

This works over models only (attributions, time expressions, the article text), so it applies to
whatever the attribution extractor produces. A date counts as the statement's date when the text ties
it to the reporting cue, in the same sentence and outside what was said:
- right after the cue: `said on December 28`, `said Tuesday`, `said on Saturday, December 26, that`,
  `said in a statement on December 30`, `told reporters on Monday`;
- before the cue, opening the clause: `On Monday, the minister said ...`.
A date inside the reported content (`said that the 31st of December will be ...`) is what the statement
is about, not when it was made, and is never used.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from newsprobe.extract.times import sentence_bounds
from newsprobe.models import Attribution, Span, TimeExpression

METHOD = "newsprobe.statement_dates.v1"

# Words allowed between the cue and the date: prepositions and a short noun phrase naming the occasion
# (`in a statement on`, `in an interview with CNN on`, `to reporters on`, `late on`). Six words at most:
# further away, the date usually belongs to another clause.
_AFTER_CUE = re.compile(
    r"\s*,?\s*(?:(?:late|early|earlier|later)\s+)?"
    r"(?:(?:reporters|journalists|the\s+press|parliament|lawmakers)\s+)?"
    r"(?:(?:in|during|at|to|with|through|via|from)\s+(?:[\w.'’-]+\s+){1,6}?)?(?:on|late\s+on|early\s+on|as\s+of)?\s*",
)
# Before the cue: the date opens the sentence or clause (`On Monday, X said`, `Earlier on Friday, X told`).
_BEFORE_CUE_OPENING = re.compile(r"(?:^|[;:]\s*|\b(?:and|but)\s+)(?:(?:earlier|later|late|early)\s+)?(?:on\s+)?$",
                                 re.IGNORECASE)
_DATED_VALUE = re.compile(r"(?:\d{4}|XXXX)(?:-\d{2}(?:-\d{2})?|-W\d{2}(?:-\d)?|-WXX-\d)?(?:T[\w:]+)?")


def _datable(time: TimeExpression) -> bool:
    return time.type in ("DATE", "TIME") and time.value is not None and bool(_DATED_VALUE.fullmatch(time.value))


def _inside(time: TimeExpression, span: Span) -> bool:
    return span.start <= time.start and time.end <= span.end


def statement_time(attribution: Attribution, times: Iterable[TimeExpression], text: str) -> TimeExpression | None:
    """The time expression that dates this attribution's statement, if the text gives one."""
    cue = attribution.cue
    if cue is None:
        return None
    sentence_start, sentence_end = sentence_bounds(text, cue.start, cue.end)
    candidates = [
        time for time in times
        if _datable(time) and sentence_start <= time.start and time.end <= sentence_end
        and not _inside(time, attribution.content)
    ]
    for time in sorted(candidates, key=lambda t: t.start):
        if time.start >= cue.end:
            gap = text[cue.end:time.start]
            if attribution.content.start >= cue.end and attribution.content.start < time.start:
                continue  # the date comes after the content began: it belongs to what was said
            if _AFTER_CUE.fullmatch(gap) and not re.search(r"[\"“”.;:]", gap):
                return time
    for time in sorted(candidates, key=lambda t: -t.end):
        if time.end <= cue.start:
            gap = text[time.end:cue.start]
            opening = text[sentence_start:time.start]
            if re.search(r"[\"“”;:]", gap) or len(gap.split()) > 12:
                continue
            if _BEFORE_CUE_OPENING.search(opening) and not _inside(time, attribution.content):
                return time
    return None


def date_statements(
    attributions: Iterable[Attribution], times: Iterable[TimeExpression], text: str
) -> tuple[Attribution, ...]:
    """The attributions with ``said_on`` set from the time expression tied to each cue (others unchanged)."""
    time_list = list(times)
    dated = []
    for attribution in attributions:
        time = statement_time(attribution, time_list, text) if attribution.said_on is None else None
        dated.append(dataclasses.replace(attribution, said_on=time.value) if time is not None else attribution)
    return tuple(dated)
