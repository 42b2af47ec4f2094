"""The citation graph: relay steps, counts, CSV, GraphML and the SVG picture (pure, no spaCy)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from newsprobe.corpus.citations import (
    THIS_ARTICLE,
    citation_csv,
    citation_edges,
    citation_graphml,
    citation_svg,
    relay_steps,
)
from newsprobe.models import Analysis, Article, Attribution, Relay, Run, Span, Speaker


def analysis_with(article_id: str, outlet: str | None, *chains: tuple[Relay, ...]) -> Analysis:
    text = "quoted words"
    attributions = tuple(Attribution("direct", Span(0, 6, "quoted"), None, Speaker("Ana Ruiz", "named_person"),
                                     via=chain) for chain in chains)
    return Analysis(Article(article_id, text, Span(0, len(text), text), outlet=outlet), Run("t", "m", "0"),
                    attributions=attributions)


PBS = Relay("PBS NewsHour", "outlet")
TIMES = Relay("The New York Times", "outlet")


def test_relay_steps_skip_translators_and_self_citation() -> None:
    chain = (Relay("interpreter", "translator"), PBS)
    attribution = analysis_with("a", "Tehran Daily", chain).attributions[0]
    assert relay_steps(attribution, "Tehran Daily") == [("Tehran Daily", "PBS NewsHour")]
    assert relay_steps(attribution, None) == [(THIS_ARTICLE, "PBS NewsHour")]
    assert relay_steps(attribution, "PBS Newshour") == []  # an outlet quoting its own reporting


def test_edges_counted_merged_by_spelling_with_examples() -> None:
    edges = citation_edges([
        analysis_with("a1", "Tehran Daily", (PBS,), (PBS,), (TIMES,)),
        analysis_with("a2", "tehran daily", (Relay("New York Times", "outlet"),)),
        analysis_with("a3", "River Post", (Relay("Shafaq News", "outlet"), Relay("Tehran Daily", "outlet"))),
    ])
    assert [(e.relayer, e.source, e.count) for e in edges] == [
        ("Tehran Daily", "New York Times", 2), ("Tehran Daily", "PBS NewsHour", 2),
        ("River Post", "Tehran Daily", 1), ("Tehran Daily", "Shafaq News", 1)]
    assert edges[1].examples == ("a1#0", "a1#1")
    assert citation_csv(edges).splitlines()[:2] == ["relayer,source,count,examples",
                                                    "Tehran Daily,New York Times,2,a1#2 a2#0"]
    graphml = ET.fromstring(citation_graphml(edges))
    namespace = "{http://graphml.graphdrawing.org/xmlns}"
    assert len(graphml.findall(f".//{namespace}edge")) == 4 and len(graphml.findall(f".//{namespace}node")) == 5


def test_svg_is_well_formed_and_escapes_labels() -> None:
    edges = citation_edges([analysis_with("a", "<Evil & Co>", (PBS,), (Relay("A \"quoted\" wire", "outlet"),))])
    svg = citation_svg(edges, highlight="<Evil & Co>")
    root = ET.fromstring(svg)  # parses: every label escaped
    assert root.tag.endswith("svg") and "<Evil" not in svg and "&lt;Evil &amp; Co&gt;" in svg
    assert svg.count("<circle") == 3 and svg.count("<line") == 2 and "#c0392b" in svg
    assert "No outlet is relayed" in citation_svg([])


def test_html_report_shows_the_articles_own_relays() -> None:
    from newsprobe.render import render_html

    page = render_html(analysis_with("a", "Tehran Daily", (PBS,), (Relay("interpreter", "translator"), PBS)))
    section = page[page.index("Who relays whom"):]
    assert "<svg" in section and "PBS NewsHour" in section and "Tehran Daily" in section
    assert "Who relays whom" not in render_html(analysis_with("b", "Tehran Daily", ()))


def test_articles_without_outlet_keep_nodes_of_their_own() -> None:
    # Two pasted articles with no outlet are two publishers, not one "this article" node relaying both.
    edges = citation_edges([analysis_with("a1", None, (PBS,)), analysis_with("a2", None, (TIMES,))])
    assert {edge.relayer for edge in edges} == {"a1 (outlet unknown)", "a2 (outlet unknown)"}
    assert [edge.relayer for edge in citation_edges([analysis_with("a1", None, (PBS,))])] == [THIS_ARTICLE]
