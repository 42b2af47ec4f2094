"""Analysis -> what the article page shows: the text cut into annotated pieces, and the side panels.

Like ``render/html.py``, the text is cut at every mark boundary and each piece carries the kinds of
every mark covering it, so overlapping marks never have to nest. Unlike it, pieces also say which
attribution they belong to, so the page can show one quote's details when it is clicked. Relays
(``via``) have no offsets in the model: they are found as the nearest occurrence of the relay's name
around the attribution. The timeline and summary rows are ``render``'s own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import quote, urlsplit

from newsprobe.models import Analysis, Attribution, Span
from newsprobe.render.summary import summary_rows
from newsprobe.render.timeline import TimelineEntry, timeline
from newsprobe.store.queries import SearchPage

# The kinds of mark, in legend order, with what each looks like besides its colour (colour is never the
# only signal: each kind has its own line or type style, repeated in the legend).
LEGEND: tuple[tuple[str, str, str], ...] = (
    ("quote", "quote", "what was said: solid underline"),
    ("speaker", "speaker", "who said it: bold, double underline"),
    ("cue", "cue", "the reporting verb: italic, dotted underline"),
    ("relay", "via", "who passed it on: wavy underline"),
    ("date", "date", "a time expression: dashed box"),
    ("technique", "technique", "a persuasion technique: bar above"),
    ("finding", "finding", "evidence of a finding: red band below"),
)

# How far around an attribution a relay's name is sought (characters); a relay is named in the same
# sentence or the next one in every seed and ggt-dev case we looked at.
_RELAY_WINDOW = 400


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # one of LEGEND's kinds
    label: str
    attribution: int | None = None  # index into Analysis.attributions


@dataclass
class Piece:
    text: str
    kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    attribution: int | None = None  # the innermost quote this piece belongs to
    opens_quote: bool = False  # the first piece of that quote: the one that takes keyboard focus
    outside: bool = False  # headline, dateline or boilerplate: not analysed


@dataclass(frozen=True)
class QuoteView:
    index: int
    kind: str
    content: str
    speaker: str
    speaker_type: str
    role: str | None
    via: tuple[str, ...]
    said_on: str | None
    confidence: float
    cue: str | None
    method: str
    start: int


@dataclass
class SpeakerGroup:
    name: str
    speaker_type: str
    roles: list[str] = field(default_factory=list)
    quotes: list[QuoteView] = field(default_factory=list)


@dataclass(frozen=True)
class FindingView:
    type: str
    severity: str
    message: str
    suggestion: str | None
    evidence: tuple[str, ...]
    start: int | None


@dataclass(frozen=True)
class ArticleView:
    id: str
    title: str
    meta: tuple[tuple[str, str], ...]
    url: str | None  # only when http(s): the one URL the page links to
    notices: tuple[tuple[str, str], ...]
    pieces: list[Piece]
    quotes: list[QuoteView]
    speakers: list[SpeakerGroup]
    findings: list[FindingView]
    timeline: list[TimelineEntry]
    reference: str | None
    summary: list[tuple[str, str]]
    counts: dict[str, int]


def safe_href(url: str | None) -> str | None:
    """A URL fit for ``href``: http(s) with a host only (never ``javascript:``, ``data:`` ...)."""
    if not url:
        return None
    candidate = url.strip()
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or any(c in candidate for c in "\r\n\t "):
        return None
    return candidate


def article_path(article_id: str) -> str:
    """The page of a stored article; ids may be URLs, so every character outside [A-Za-z0-9_.~-] is quoted."""
    return "/articles/" + quote(article_id, safe="")


def trace_path(attribution_id: str) -> str:
    return "/traces/" + quote(attribution_id, safe="")


def speaker_path(name: str) -> str:
    return "/speakers/" + quote(name, safe="")


def person_path(person_id_or_name: str) -> str:
    return "/people/" + quote(person_id_or_name, safe="")


def speaker_name(attribution: Attribution) -> str:
    return attribution.speaker.name or "(unresolved speaker)"


def relay_spans(text: str, attribution: Attribution) -> list[Span]:
    """Where each relay of the attribution is named: the occurrence nearest the cue (else the content)."""
    anchor = attribution.cue or attribution.content
    low = max(0, anchor.start - _RELAY_WINDOW)
    high = min(len(text), anchor.end + _RELAY_WINDOW)
    window = text[low:high]
    spans: list[Span] = []
    for relay in attribution.via:
        name = relay.name.strip()
        if not name:
            continue
        found = [low + match.start() for match in re.finditer(re.escape(name), window, flags=re.IGNORECASE)]
        if found:
            start = min(found, key=lambda position: abs(position - anchor.start))
            spans.append(Span(start, start + len(name), text[start:start + len(name)]))
    return spans


def marks(analysis: Analysis) -> list[Mark]:
    text = analysis.article.text
    found: list[Mark] = []

    def add(span: Span | None, kind: str, label: str, attribution: int | None = None) -> None:
        if span is not None and span.end > span.start:
            found.append(Mark(span.start, span.end, kind, label, attribution))

    for index, attribution in enumerate(analysis.attributions):
        speaker = speaker_name(attribution)
        add(attribution.content, "quote", f"{attribution.kind} quote: {speaker}", index)
        add(attribution.cue, "cue", f"cue for {speaker}", index)
        add(attribution.speaker.mention, "speaker", f"speaker: {speaker}", index)
        for relay, span in zip(attribution.via, relay_spans(text, attribution), strict=False):
            add(span, "relay", f"via {relay.kind}: {relay.name}", index)
    for time in analysis.times:
        add(Span(time.start, time.end, time.text), "date", f"{time.type} {time.value or 'unresolved'}")
    for technique in analysis.techniques:
        add(Span(technique.start, technique.end, technique.text), "technique", technique.technique)
    for finding in analysis.findings:
        for span in finding.evidence:
            add(span, "finding", finding.type)
    return found


def pieces(analysis: Analysis) -> list[Piece]:
    text = analysis.article.text
    body = analysis.article.body
    all_marks = marks(analysis)
    outside_spans = [span for span in (analysis.article.title_span, analysis.article.dateline_span,
                                       *analysis.article.boilerplate) if span is not None]
    cuts = sorted({0, len(text), body.start, body.end, *(m.start for m in all_marks), *(m.end for m in all_marks)})
    # Marks sorted by start let each piece look only at the marks that can cover it.
    ordered = sorted(all_marks, key=lambda m: m.start)
    open_marks: list[Mark] = []
    next_mark = 0
    seen_quotes: set[int] = set()
    result: list[Piece] = []
    for start, end in pairwise(cuts):
        while next_mark < len(ordered) and ordered[next_mark].start <= start:
            open_marks.append(ordered[next_mark])
            next_mark += 1
        open_marks = [m for m in open_marks if m.end > start]
        covering = [m for m in open_marks if m.start <= start and end <= m.end]
        quotes = [m for m in covering if m.kind == "quote"]
        innermost = min(quotes, key=lambda m: m.end - m.start).attribution if quotes else None
        opens = innermost is not None and innermost not in seen_quotes
        if innermost is not None:
            seen_quotes.add(innermost)
        outside = not (body.start <= start and end <= body.end) or any(
            s.start <= start and end <= s.end for s in outside_spans)
        result.append(Piece(
            text=text[start:end],
            kinds=tuple(kind for kind, _, _ in LEGEND if any(m.kind == kind for m in covering)),
            labels=tuple(dict.fromkeys(m.label for m in covering)),
            attribution=innermost,
            opens_quote=opens,
            outside=outside,
        ))
    return _merged(result)


def _merged(found: Iterable[Piece]) -> list[Piece]:
    """Neighbouring plain pieces joined: fewer elements for the browser to lay out."""
    merged: list[Piece] = []
    for piece in found:
        if merged and not piece.kinds and not merged[-1].kinds and piece.outside == merged[-1].outside:
            merged[-1].text += piece.text
        else:
            merged.append(piece)
    return merged


def quote_views(analysis: Analysis) -> list[QuoteView]:
    return [
        QuoteView(
            index=index, kind=a.kind, content=" ".join(a.content.text.split()), speaker=speaker_name(a),
            speaker_type=a.speaker.type, role=a.speaker.role,
            via=tuple(f"{relay.name} ({relay.kind})" for relay in a.via), said_on=a.said_on,
            confidence=a.confidence, cue=a.cue.text if a.cue else None, method=a.method, start=a.content.start,
        )
        for index, a in enumerate(analysis.attributions)
    ]


def speaker_groups(quotes: list[QuoteView], analysis: Analysis) -> list[SpeakerGroup]:
    """Attributions grouped by speaker, the speakers in order of first appearance."""
    groups: dict[str, SpeakerGroup] = {}
    for view, attribution in zip(quotes, analysis.attributions, strict=True):
        group = groups.setdefault(view.speaker, SpeakerGroup(view.speaker, view.speaker_type))
        role = attribution.speaker.role
        if role and role not in group.roles:
            group.roles.append(role)
        group.quotes.append(view)
    return list(groups.values())


def article_view(analysis: Analysis) -> ArticleView:
    article = analysis.article
    quotes = quote_views(analysis)
    meta = tuple((label, value) for label, value in (
        ("outlet", article.outlet), ("published", article.published), ("dateline", article.dateline),
        ("authors", ", ".join(article.authors)), ("language", article.language), ("id", article.id),
        ("model", f"{analysis.run.model} {analysis.run.model_version}"),
    ) if value)
    reference = analysis.reference_date
    return ArticleView(
        id=article.id,
        title=article.title or "(no headline)",
        meta=meta,
        url=safe_href(article.url),
        notices=tuple((notice.code, notice.message) for notice in analysis.notices),
        pieces=pieces(analysis),
        quotes=quotes,
        speakers=speaker_groups(quotes, analysis),
        findings=[FindingView(f.type, f.severity, f.message, f.suggestion,
                              tuple(" ".join(span.text.split()) for span in f.evidence),
                              f.evidence[0].start if f.evidence else None) for f in analysis.findings],
        timeline=timeline(analysis),
        reference=(f"{reference.value or 'unknown'} ({reference.source})" if reference is not None else None),
        summary=[(name, value) for name, value in summary_rows(analysis.summary)] if analysis.summary else [],
        counts={"attributions": len(analysis.attributions), "findings": len(analysis.findings),
                "dates": len(analysis.times), "techniques": len(analysis.techniques)},
    )


def month_bars(quotes: SearchPage, height: int = 90) -> list[tuple[str, int, int]]:
    """Quotes per publication month (``YYYY-MM``, count, bar height in pixels) for a speaker's chart."""
    counts: dict[str, int] = {}
    for hit in quotes.hits:
        month = (hit.article.published or "")[:7]
        if len(month) == 7:
            counts[month] = counts.get(month, 0) + 1
    tallest = max(counts.values(), default=1)
    return [(month, count, max(2, round(height * count / tallest))) for month, count in sorted(counts.items())]
