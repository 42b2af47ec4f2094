"""Which outlets relay which: the citation graph of ``according to PBS NewsHour`` and ``told The New York Times``.

An attribution's relay chain (``Attribution.via``, outermost last) says how a statement reached the article:
speaker -> via[0] -> ... -> via[-1] -> the article's outlet. Each step between two named outlets or organisations
is an edge ``relayer -> source`` ("the relayer passes on what the source published"); translators, people and
documents in a chain are passed over (they are not publishers, and "a translator" in two articles is not one
node). Edges are counted over a corpus and keep a few example attributions; they export as CSV and GraphML
(networkx) and draw as an SVG (``citation_svg``) that the HTML report and the web pages show.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from html import escape

import networkx as nx

from newsprobe.models import Analysis, Attribution, CitationEdge

__all__ = ["THIS_ARTICLE", "chain_steps", "citation_csv", "citation_edges", "citation_graph", "citation_graphml",
           "citation_svg", "count_steps", "relay_steps", "unnamed_outlet"]

# Relay kinds that publish: the nodes of the graph.
PUBLISHER_KINDS = frozenset({"outlet", "organization"})
# What the article's own node is called when it names no outlet (the HTML report of one pasted article).
THIS_ARTICLE = "this article"
MAX_EXAMPLES = 5


def unnamed_outlet(article_id: str, title: str | None = None) -> str:
    """The node of an article whose outlet is unknown, in a graph of several articles: its own node (named by its
    headline, else its id), never one shared "this article" that would join unrelated articles into one publisher."""
    return f"{title or article_id} (outlet unknown)"


def outlet_key(name: str) -> str:
    """One spelling for one outlet: ``The New York Times`` and ``New York Times`` meet, case aside."""
    words = re.findall(r"\w+", name.casefold().replace("’", "'"))
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def relay_steps(attribution: Attribution, article_outlet: str | None) -> list[tuple[str, str]]:
    """The (relayer, source) steps of one attribution's chain."""
    return chain_steps([relay.name for relay in attribution.via if relay.kind in PUBLISHER_KINDS],
                       article_outlet)


def chain_steps(publishers: Sequence[str], article_outlet: str | None) -> list[tuple[str, str]]:
    """(relayer, source) steps of a chain of publishers (innermost first) ending at the article's outlet."""
    chain = [name for name in publishers if name.strip()]
    if not chain:
        return []
    nodes = [*chain, article_outlet or THIS_ARTICLE]
    return [(relayer, source) for source, relayer in itertools.pairwise(nodes)
            if outlet_key(source) != outlet_key(relayer)]  # an outlet citing itself is no relay


def citation_edges(analyses: Iterable[Analysis]) -> list[CitationEdge]:
    """Count the relay steps of analyses, most used edge first (``count_steps``). One article with no outlet is
    "this article"; among several, each such article keeps a node of its own (``unnamed_outlet``)."""
    chosen = list(analyses)

    def outlet_of(analysis: Analysis) -> str | None:
        article = analysis.article
        return article.outlet or (unnamed_outlet(article.id, article.title) if len(chosen) > 1 else None)

    return count_steps((f"{analysis.article.id}#{index}", relay_steps(attribution, outlet_of(analysis)))
                       for analysis in chosen for index, attribution in enumerate(analysis.attributions))


def count_steps(steps: Iterable[tuple[str, list[tuple[str, str]]]]) -> list[CitationEdge]:
    """Edges from (attribution id, its relay steps): outlet spellings merged by ``outlet_key``, each node shown
    in its most used spelling, a few example attributions kept."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    spellings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for attribution_id, pairs in steps:
        for relayer, source in pairs:
            key = (outlet_key(relayer), outlet_key(source))
            spellings[key[0]][relayer] += 1
            spellings[key[1]][source] += 1
            counts[key] += 1
            if len(examples[key]) < MAX_EXAMPLES:
                examples[key].append(attribution_id)

    def shown(key: str) -> str:
        options = spellings[key]
        return min(options, key=lambda name: (-options[name], name))

    edges = [CitationEdge(shown(relayer), shown(source), count, tuple(examples[(relayer, source)]))
             for (relayer, source), count in counts.items()]
    return sorted(edges, key=lambda edge: (-edge.count, edge.relayer, edge.source))


def citation_graph(edges: Sequence[CitationEdge]) -> nx.DiGraph:
    """A networkx graph: nodes are outlets, edges relayer -> source with ``count`` and ``examples``."""
    graph = nx.DiGraph()
    for edge in edges:
        graph.add_edge(edge.relayer, edge.source, count=edge.count, examples=" ".join(edge.examples))
    for node in graph.nodes:
        graph.nodes[node]["relays"] = sum(data["count"] for _, _, data in graph.out_edges(node, data=True))
        graph.nodes[node]["relayed"] = sum(data["count"] for _, _, data in graph.in_edges(node, data=True))
    return graph


def citation_csv(edges: Sequence[CitationEdge]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("relayer", "source", "count", "examples"))
    for edge in edges:
        writer.writerow((edge.relayer, edge.source, edge.count, " ".join(edge.examples)))
    return buffer.getvalue()


def citation_graphml(edges: Sequence[CitationEdge]) -> str:
    return "\n".join(nx.generate_graphml(citation_graph(edges))) + "\n"


def citation_svg(edges: Sequence[CitationEdge], width: int = 640, height: int = 420,
                 highlight: str | None = None) -> str:
    """The graph as a self-contained SVG (no script, labels escaped): nodes sized by use, arrows relayer -> source.

    ``highlight`` names a node drawn in the accent colour (the article's own outlet in the HTML report).
    """
    graph = citation_graph(edges)
    if graph.number_of_nodes() == 0:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="60" role="img" '
                'aria-label="no relays"><text x="10" y="30" font-size="13">No outlet is relayed.</text></svg>')
    # A circle for up to 3 nodes reads better than a spring layout; seed fixed so a page is drawn the same each time.
    positions = (nx.circular_layout(graph) if graph.number_of_nodes() <= 3
                 else nx.spring_layout(graph, seed=7, k=1.6 / math.sqrt(graph.number_of_nodes())))
    margin_x, margin_y = 110, 40
    xs = [float(point[0]) for point in positions.values()]
    ys = [float(point[1]) for point in positions.values()]

    def place(node: str) -> tuple[float, float]:
        x, y = (float(value) for value in positions[node])
        span_x = (max(xs) - min(xs)) or 1.0
        span_y = (max(ys) - min(ys)) or 1.0
        return (margin_x + (x - min(xs)) / span_x * (width - 2 * margin_x),
                margin_y + (y - min(ys)) / span_y * (height - 2 * margin_y))

    def radius(node: str) -> float:
        used = graph.nodes[node]["relays"] + graph.nodes[node]["relayed"]
        return 6 + 3 * math.log2(1 + used)

    widest = max(data["count"] for _, _, data in graph.edges(data=True))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} '
             f'{height}" role="img" aria-label="Who relays whom" font-family="sans-serif">',
             '<defs><marker id="np-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/></marker></defs>']
    for relayer, source, data in sorted(graph.edges(data=True)):
        (x1, y1), (x2, y2) = place(relayer), place(source)
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        # Stop the line at the circles' edges so the arrow head is visible.
        start, end = radius(relayer) / length, 1 - (radius(source) + 2) / length
        stroke = 1 + 3 * data["count"] / widest
        parts.append(f'<line x1="{x1 + (x2 - x1) * start:.1f}" y1="{y1 + (y2 - y1) * start:.1f}" '
                     f'x2="{x1 + (x2 - x1) * end:.1f}" y2="{y1 + (y2 - y1) * end:.1f}" stroke="#666" '
                     f'stroke-width="{stroke:.1f}" marker-end="url(#np-arrow)">'
                     f'<title>{escape(relayer)} relays {escape(source)}: {data["count"]}</title></line>')
        parts.append(f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 4:.1f}" font-size="11" fill="#444" '
                     f'text-anchor="middle">{data["count"]}</text>')
    for node in sorted(graph.nodes):
        x, y = place(node)
        fill = "#c0392b" if highlight is not None and outlet_key(node) == outlet_key(highlight) else "#2c6fbb"
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius(node):.1f}" fill="{fill}">'
                     f'<title>{escape(node)}: relays {graph.nodes[node]["relays"]}, relayed '
                     f'{graph.nodes[node]["relayed"]}</title></circle>')
        parts.append(f'<text x="{x:.1f}" y="{y + radius(node) + 13:.1f}" font-size="12" text-anchor="middle">'
                     f'{escape(node)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
