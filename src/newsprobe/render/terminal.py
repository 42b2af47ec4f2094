"""Analysis -> a readable terminal report (rich renderables; the CLI prints them)."""

from __future__ import annotations

from collections import Counter

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsprobe.models import Analysis, Attribution, Summary
from newsprobe.render.summary import claim_marks, summary_rows
from newsprobe.render.timeline import TimelineEntry, timeline

_QUOTE_WIDTH = 90
_SEVERITY_STYLE = {"info": "cyan", "warning": "yellow", "error": "bold red"}


def _clip(text: str, width: int = _QUOTE_WIDTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def render_terminal(analysis: Analysis) -> RenderableType:
    parts: list[RenderableType] = [_header(analysis)]
    if analysis.notices:
        parts.append(Text("\n".join(f"{n.code}: {n.message}" for n in analysis.notices), style="yellow"))
    parts.append(_entities(analysis))
    if analysis.attributions:
        parts.append(_attributions(analysis.attributions))
    if analysis.times:
        parts.append(_times(analysis))
    entries = timeline(analysis)
    if entries:
        parts.append(_timeline(analysis, entries))
    if analysis.claims:
        parts.append(_claims(analysis))
    if analysis.techniques:
        parts.append(_techniques(analysis))
    parts.append(_findings(analysis))
    if analysis.summary is not None:
        parts.append(_summary(analysis.summary))
    return Group(*parts)


def _header(analysis: Analysis) -> Panel:
    article = analysis.article
    lines = Text()
    rows = [
        ("source", article.source),
        ("id", article.id),
        ("outlet", article.outlet),
        ("url", article.url),
        ("authors", ", ".join(article.authors) or None),
        ("published", article.published),
        ("dateline", article.dateline),
        ("language", article.language),
        ("body", f"{len(article.body.text.split())} words, characters {article.body.start}-{article.body.end}"),
        ("model", f"{analysis.run.model} {analysis.run.model_version}"),
    ]
    for label, value in rows:
        if value:
            lines.append(f"{label:>10}: ", style="dim")
            lines.append(f"{value}\n")
    title = article.title or "(no headline)"
    return Panel(lines, title=Text(title, style="bold"), title_align="left")


def _entities(analysis: Analysis) -> RenderableType:
    if not analysis.entities:
        return Text("No named entities found.", style="dim")
    counts = Counter((entity.label, entity.text) for entity in analysis.entities)
    by_label: dict[str, list[str]] = {}
    for (label, text), count in counts.most_common():
        by_label.setdefault(label, []).append(text if count == 1 else f"{text} ×{count}")
    table = Table(title="Named entities", title_justify="left", show_lines=False)
    table.add_column("type", style="bold")
    table.add_column("mentions")
    for label in sorted(by_label):
        table.add_row(label, ", ".join(by_label[label]))
    return table


def _attributions(attributions: tuple[Attribution, ...]) -> Table:
    table = Table(title="Who said what", title_justify="left", show_lines=True)
    for column in ("speaker", "via", "kind", "said on", "quote"):
        table.add_column(column)
    for attribution in attributions:
        speaker = attribution.speaker
        who = Text(speaker.name or "(unresolved)", style="bold")
        if speaker.mention is not None and speaker.mention.text != speaker.name:
            who.append(f"\n“{_clip(speaker.mention.text, 40)}”", style="dim")
        who.append(f"\n{speaker.type}", style="italic dim")
        via = " → ".join(relay.name for relay in attribution.via) or "—"
        table.add_row(who, via, attribution.kind, attribution.said_on or "", _clip(attribution.content.text))
    return table


def _times(analysis: Analysis) -> Table:
    table = Table(title="Time expressions", title_justify="left")
    for column in ("text", "type", "value"):
        table.add_column(column)
    for time in analysis.times:
        table.add_row(time.text, time.type, time.value or "(unresolved)")
    return table


def _timeline(analysis: Analysis, entries: list[TimelineEntry]) -> Table:
    reference = analysis.reference_date
    title = "Timeline"
    if reference is not None:
        title += f" (reference date: {reference.value or 'unknown'}, {reference.source})"
    table = Table(title=title, title_justify="left")
    for column in ("when", "what", "who / words", "text"):
        table.add_column(column)
    for entry in entries:
        style = "bold" if entry.kind == "statement" else "dim" if entry.kind == "reference" else ""
        table.add_row(entry.when, Text(entry.kind, style=style), entry.label, _clip(entry.text))
    return table


def _claims(analysis: Analysis) -> Table:
    table = Table(title="Check-worthy claims", title_justify="left")
    for column in ("score", "sourced", "claim", "to verify"):
        table.add_column(column)
    for claim in sorted(analysis.claims, key=lambda claim: -claim.checkworthiness):
        table.add_row(f"{claim.checkworthiness:.2f}", "yes" if claim.attributed else "no", _clip(claim.text),
                      claim_marks(claim))
    return table


def _summary(summary: Summary) -> Table:
    table = Table(title="Summary", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for label, value in summary_rows(summary):
        table.add_row(label, value)
    return table


def _techniques(analysis: Analysis) -> Table:
    table = Table(title="Persuasion techniques", title_justify="left")
    for column in ("technique", "score", "text"):
        table.add_column(column)
    for technique in analysis.techniques:
        table.add_row(technique.technique, f"{technique.score:.2f}", _clip(technique.text))
    return table


def _findings(analysis: Analysis) -> RenderableType:
    if not analysis.findings:
        return Text("No findings.", style="dim")
    table = Table(title="Findings", title_justify="left", show_lines=True)
    for column in ("severity", "type", "finding"):
        table.add_column(column)
    for finding in analysis.findings:
        message = Text(finding.message)
        if finding.suggestion:
            message.append(f"\n→ {finding.suggestion}", style="italic")
        evidence = "; ".join(f"“{_clip(span.text, 60)}”" for span in finding.evidence)
        if evidence:
            message.append(f"\n{evidence}", style="dim")
        table.add_row(Text(finding.severity, style=_SEVERITY_STYLE.get(finding.severity, "")), finding.type, message)
    return table
