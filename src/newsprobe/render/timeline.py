"""The timeline of an article: dated statements and dated events, in date order, for the renderers.

A statement is an attribution with ``said_on``; an event is any other time expression with a calendar
value (`2021-12-31`, `2021-12`, `2014`, `XXXX-12-26`), shown with the words around it. The date that
dates a statement is not listed again as an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprobe.extract.times import sentence_bounds
from newsprobe.models import Analysis

_CALENDAR_VALUE = re.compile(r"(?:\d{4}|XXXX)(?:-[\dWQHX][\w-]*)?(?:T[\w:]+)?")
_CONTEXT_WIDTH = 110


@dataclass(frozen=True)
class TimelineEntry:
    when: str  # TIMEX3 value
    kind: str  # statement | event | reference
    label: str  # who said it, or the time expression's words
    text: str  # what was said, or the sentence around the date
    start: int  # where in the article text, for ordering ties and links


def _sort_key(entry: TimelineEntry) -> tuple[str, int]:
    # Unknown years (XXXX) after the known ones; otherwise ISO order is date order.
    when = entry.when.replace("XXXX", "9999")
    return (when, entry.start)


def _around(text: str, start: int, end: int) -> str:
    left, right = sentence_bounds(text, start, end)
    sentence = " ".join(text[left:right].split())
    return sentence if len(sentence) <= _CONTEXT_WIDTH else sentence[: _CONTEXT_WIDTH - 1] + "…"


def timeline(analysis: Analysis) -> list[TimelineEntry]:
    text = analysis.article.text
    entries: list[TimelineEntry] = []
    statement_sentences: set[tuple[int, str]] = set()
    for attribution in analysis.attributions:
        if attribution.said_on is None:
            continue
        anchor = attribution.cue or attribution.content
        entries.append(TimelineEntry(attribution.said_on, "statement", attribution.speaker.name or "(unresolved)",
                                     " ".join(attribution.content.text.split()), anchor.start))
        statement_sentences.add((sentence_bounds(text, anchor.start, anchor.end)[0], attribution.said_on))
    for time in analysis.times:
        if time.value is None or time.type not in ("DATE", "TIME") or not _CALENDAR_VALUE.fullmatch(time.value):
            continue
        if (sentence_bounds(text, time.start, time.end)[0], time.value) in statement_sentences:
            continue
        entries.append(TimelineEntry(time.value, "event", time.text, _around(text, time.start, time.end), time.start))
    reference = analysis.reference_date
    if reference is not None and reference.value is not None:
        entries.append(TimelineEntry(reference.value, "reference", f"reference date ({reference.source})",
                                     reference.note or "", reference.evidence.start if reference.evidence else -1))
    return sorted(entries, key=_sort_key)
