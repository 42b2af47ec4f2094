"""Analysis -> one self-contained HTML page: the article text with its annotated spans, then tables.

All article text is escaped. Overlapping annotations are handled by cutting the text at every span
boundary and giving each piece the classes of all spans that cover it, so nothing has to nest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from newsprobe.corpus.citations import THIS_ARTICLE, citation_edges, citation_svg
from newsprobe.models import Analysis, Span
from newsprobe.render.summary import claim_marks, summary_rows
from newsprobe.render.timeline import timeline


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    css_class: str
    label: str


_STYLE = """
body{font:16px/1.6 Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem} h2{font:600 1.1rem system-ui,sans-serif;margin-top:2rem}
.meta,table,.legend{font:14px/1.4 system-ui,sans-serif}
.text{white-space:pre-wrap;border:1px solid #ddd;padding:1rem;border-radius:6px}
table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #eee;padding:.3rem;text-align:left;
vertical-align:top}
.outside{color:#999} .title{font-weight:bold} .dateline{font-variant:small-caps}
.boilerplate{text-decoration:line-through;color:#999}
.entity{border-bottom:2px solid #8ab} .quote{background:#fff3b0} .cue{background:#ffd1a8;font-weight:bold}
.speaker{background:#c9e7ff} .time{border-bottom:2px dotted #393} .claim{box-shadow:inset 0 -3px #e9a}
.technique{background:#f3d0f0} .finding{outline:2px solid #d33}
.legend span{padding:0 .4rem;margin-right:.4rem}
"""


def _marks(analysis: Analysis) -> list[_Mark]:
    article = analysis.article
    marks: list[_Mark] = []

    def add(span: Span | None, css_class: str, label: str) -> None:
        if span is not None and span.end > span.start:
            marks.append(_Mark(span.start, span.end, css_class, label))

    add(article.title_span, "title", "headline")
    add(article.dateline_span, "dateline", "dateline")
    for span in article.boilerplate:
        add(span, "boilerplate", "boilerplate (not analysed)")
    for entity in analysis.entities:
        marks.append(_Mark(entity.start, entity.end, "entity", entity.label))
    for attribution in analysis.attributions:
        speaker = attribution.speaker.name or "unresolved speaker"
        add(attribution.content, "quote", f"{attribution.kind} quote: {speaker}")
        add(attribution.cue, "cue", f"cue for {speaker}")
        add(attribution.speaker.mention, "speaker", f"speaker: {speaker}")
    for time in analysis.times:
        marks.append(_Mark(time.start, time.end, "time", f"{time.type} {time.value or 'unresolved'}"))
    for claim in analysis.claims:
        marks.append(_Mark(claim.start, claim.end, "claim", f"check-worthiness {claim.checkworthiness:.2f}"))
    for technique in analysis.techniques:
        marks.append(_Mark(technique.start, technique.end, "technique", technique.technique))
    for finding in analysis.findings:
        for span in finding.evidence:
            add(span, "finding", finding.type)
    return marks


def _annotated_text(analysis: Analysis) -> str:
    text = analysis.article.text
    body = analysis.article.body
    marks = _marks(analysis)
    cuts = sorted({0, len(text), body.start, body.end, *(m.start for m in marks), *(m.end for m in marks)})
    pieces: list[str] = []
    for start, end in pairwise(cuts):
        covering = [m for m in marks if m.start <= start and end <= m.end]
        classes = {m.css_class for m in covering}
        if not (body.start <= start and end <= body.end):
            classes.add("outside")
        chunk = escape(text[start:end])
        if classes:
            title = escape("; ".join(dict.fromkeys(m.label for m in covering)))
            pieces.append(f'<span class="{" ".join(sorted(classes))}" title="{title}">{chunk}</span>')
        else:
            pieces.append(chunk)
    return "".join(pieces)


def _table(headers: tuple[str, ...], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(header)}</th>" for header in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _sections(analysis: Analysis) -> str:
    out: list[str] = []
    rows: list[tuple[str, ...]]
    if analysis.attributions:
        rows = [
            (a.speaker.name or "(unresolved)", a.speaker.type, " → ".join(r.name for r in a.via) or "—",
             a.kind, a.said_on or "", a.content.text)
            for a in analysis.attributions
        ]
        out.append("<h2>Who said what</h2>" + _table(("speaker", "type", "via", "kind", "said on", "quote"), rows))
        out.append(_relays_section(analysis))
    if analysis.times:
        rows = [(t.text, t.type, t.value or "(unresolved)") for t in analysis.times]
        out.append("<h2>Time expressions</h2>" + _table(("text", "type", "value"), rows))
    entries = timeline(analysis)
    if entries:
        reference = analysis.reference_date
        heading = "Timeline" + (f" (reference date: {reference.value or 'unknown'}, {reference.source})"
                                if reference is not None else "")
        rows = [(e.when, e.kind, e.label, e.text) for e in entries]
        out.append(f"<h2>{escape(heading)}</h2>" + _table(("when", "what", "who / words", "text"), rows))
    if analysis.claims:
        rows = [(f"{c.checkworthiness:.2f}", "yes" if c.attributed else "no", c.text, claim_marks(c))
                for c in analysis.claims]
        out.append("<h2>Check-worthy claims</h2>" + _table(("score", "sourced", "claim", "to verify"), rows))
    if analysis.techniques:
        rows = [(t.technique, f"{t.score:.2f}", t.text) for t in analysis.techniques]
        out.append("<h2>Persuasion techniques</h2>" + _table(("technique", "score", "text"), rows))
    rows = [
        (f.severity, f.type, f.message + (f" → {f.suggestion}" if f.suggestion else ""),
         " | ".join(span.text for span in f.evidence))
        for f in analysis.findings
    ]
    out.append("<h2>Findings</h2>" + (_table(("severity", "type", "finding", "evidence"), rows) if rows
                                      else "<p>No findings.</p>"))
    if analysis.summary is not None:
        out.append("<h2>Summary</h2>" + _table(("figure", "value"), summary_rows(analysis.summary)))
    entity_rows = sorted({(e.label, e.text) for e in analysis.entities})
    out.append("<h2>Named entities</h2>" + _table(("type", "text"), entity_rows))
    return "\n".join(out)


def _relays_section(analysis: Analysis) -> str:
    """The article's own citation graph: which outlets its attributions pass through (corpus.citations)."""
    edges = citation_edges([analysis])
    if not edges:
        return ""
    rows = [(edge.relayer, edge.source, str(edge.count)) for edge in edges]
    return ("<h2>Who relays whom</h2>" + citation_svg(edges, height=300, highlight=analysis.article.outlet
                                                        or THIS_ARTICLE)
            + _table(("relayer", "relays", "attributions"), rows))


def render_html(analysis: Analysis) -> str:
    article = analysis.article
    meta = [
        (label, value)
        for label, value in (
            ("outlet", article.outlet), ("published", article.published), ("dateline", article.dateline),
            ("authors", ", ".join(article.authors)), ("url", article.url), ("source", article.source),
            ("model", f"{analysis.run.model} {analysis.run.model_version}"),
        )
        if value
    ]
    meta_html = " · ".join(f"{escape(label)}: {escape(value)}" for label, value in meta)
    notices = "".join(f"<li>{escape(n.code)}: {escape(n.message)}</li>" for n in analysis.notices)
    legend = "".join(
        f'<span class="{css}">{escape(name)}</span>'
        for css, name in (("quote", "quote"), ("speaker", "speaker"), ("cue", "cue"), ("entity", "entity"),
                          ("time", "time"), ("claim", "claim"), ("technique", "technique"),
                          ("finding", "finding"), ("boilerplate", "boilerplate"))
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="generator" content="newsprobe {escape(analysis.run.newsprobe_version)}">
<title>{escape(article.title or article.id)} — newsprobe</title>
<style>{_STYLE}</style></head>
<body>
<h1>{escape(article.title or "(no headline)")}</h1>
<p class="meta">{meta_html}</p>
{f'<ul class="meta">{notices}</ul>' if notices else ''}
<p class="legend">{legend}</p>
<div class="text">{_annotated_text(analysis)}</div>
{_sections(analysis)}
</body></html>
"""
