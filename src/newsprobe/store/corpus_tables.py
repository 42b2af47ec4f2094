"""Reads and writes of the corpus tables (``0002_corpus.sql``): quote traces, person ids, speaker corrections.

``update_quote_traces`` is the post-save hook: inside the transaction that saves an article it replaces the
article's quotes and LSH band keys, compares each quote with the stored quotes that share a band key, records
the confirmed links, and returns the article's ``recycled_quote`` findings, which the store saves with the
article. The rest are named queries over a ``Transaction`` that the CLI, the API and the web pages share;
they take and give ``models`` objects. SQL is the same on SQLite and PostgreSQL (``:name`` parameters).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from newsprobe.corpus.citations import PUBLISHER_KINDS, chain_steps, count_steps, unnamed_outlet
from newsprobe.corpus.speakers import NAMED_TYPES, build_registry, name_key
from newsprobe.corpus.tracing import (
    QuoteUnit,
    band_keys,
    compare_quotes,
    quote_units,
    recycled_quote_findings,
    trace_of,
    units_from_text,
)
from newsprobe.models import (
    Analysis,
    CitationEdge,
    Finding,
    Person,
    QuoteTrace,
    Span,
    SpeakerAppearance,
    SpeakerCorrection,
)
from newsprobe.store.database import Transaction, add_findings, register_post_save

__all__ = [
    "add_correction",
    "citation_edges",
    "corrections",
    "people",
    "quote_traces",
    "trace_for",
    "traces_matching",
    "update_quote_traces",
]

# Parameters in one IN (...) list: well under SQLite's limit of 32,766 and PostgreSQL's 65,535.
_CHUNK = 500
_QUOTE_COLUMNS = ("attribution_id, article_id, ordinal, published, outlet, speaker, said_on, span_start, span_end, "
                  "text, words")


def _in_list(prefix: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    names = [f"{prefix}{index}" for index in range(len(values))]
    return ", ".join(f":{name}" for name in names), dict(zip(names, values, strict=True))


# Two shared bands, not one, make a candidate. With 2-row bands a pair of quotes shares each band with probability
# J^2 (J: Jaccard similarity of their content words), so over 64 bands: J = 0.05 (unrelated quotes on one topic)
# shares one band 15% of the time but two only 1%, while J = 0.3 (truncations, translations) shares two 99.4% of the
# time and J = 0.25 91%. Measured on 300 PolNeAR train articles saved in order: 17,307 comparisons instead of
# 75,324 (a quarter), 79 of the 80 links kept; the tracing corpus keeps recall and precision 1.0. Candidates still
# grow with the corpus (stored quotes on the same topic), four times more slowly.
MIN_SHARED_BANDS = 2


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _unit(row: dict[str, Any]) -> QuoteUnit:
    return QuoteUnit(row["attribution_id"], row["article_id"], row["outlet"], row["published"], row["speaker"],
                     row["said_on"], Span(int(row["span_start"]), int(row["span_end"]), row["text"]),
                     tuple(row["words"].split(" ")))


def _units(tx: Transaction, ids: Sequence[str]) -> list[QuoteUnit]:
    found: list[QuoteUnit] = []
    for chunk in _chunks(sorted(set(ids))):
        placeholders, params = _in_list("q", chunk)
        found.extend(_unit(row) for row in tx.fetch_all(
            f"SELECT {_QUOTE_COLUMNS} FROM corpus_quotes WHERE attribution_id IN ({placeholders})", params))
    return found


def _candidates(tx: Transaction, unit: QuoteUnit, keys: Sequence[str]) -> list[QuoteUnit]:
    """Stored quotes of other articles that share at least ``MIN_SHARED_BANDS`` of the band keys ``keys`` of
    ``unit``."""
    placeholders, params = _in_list("b", keys)
    rows = tx.fetch_all(
        f"SELECT q.attribution_id AS attribution_id FROM corpus_quote_bands b "
        f"JOIN corpus_quotes q ON q.attribution_id = b.attribution_id "
        f"WHERE b.band_key IN ({placeholders}) AND q.article_id <> :article_id "
        f"GROUP BY q.attribution_id HAVING COUNT(*) >= :min_shared",
        {**params, "article_id": unit.article_id, "min_shared": MIN_SHARED_BANDS})
    return _units(tx, [row["attribution_id"] for row in rows])


def _delete_article_quotes(tx: Transaction, article_id: str) -> None:
    # Links and bands first: not every SQLite connection enforces ON DELETE CASCADE.
    inner = "SELECT attribution_id FROM corpus_quotes WHERE article_id = :article_id"
    params = {"article_id": article_id}
    tx.execute(f"DELETE FROM corpus_quote_links WHERE earlier_id IN ({inner}) OR later_id IN ({inner})", params)
    tx.execute(f"DELETE FROM corpus_quote_bands WHERE attribution_id IN ({inner})", params)
    tx.execute("DELETE FROM corpus_quotes WHERE article_id = :article_id", params)


def _order(unit: QuoteUnit) -> tuple[str, str, str]:
    return (unit.published or "9999-99-99", unit.article_id, unit.attribution_id)


@register_post_save
def update_quote_traces(tx: Transaction, analysis: Analysis) -> list[Finding]:
    """The post-save hook: store the article's quotes, link them to earlier wordings, return recycled_quote."""
    _delete_article_quotes(tx, analysis.article.id)
    units = quote_units(analysis)
    if not units:
        return []
    tx.execute_many(
        "INSERT INTO corpus_quotes (attribution_id, article_id, ordinal, published, outlet, speaker, said_on, "
        "span_start, span_end, text, words) VALUES (:attribution_id, :article_id, :ordinal, :published, :outlet, "
        ":speaker, :said_on, :span_start, :span_end, :text, :words)",
        [{"attribution_id": unit.attribution_id, "article_id": unit.article_id,
          "ordinal": int(unit.attribution_id.rpartition("#")[2]), "published": unit.published,
          "outlet": unit.outlet, "speaker": unit.speaker, "said_on": unit.said_on, "span_start": unit.span.start,
          "span_end": unit.span.end, "text": unit.span.text, "words": " ".join(unit.words)} for unit in units])
    keys = {unit.attribution_id: band_keys(unit.words) for unit in units}
    links = []
    for unit in units:
        for other in _candidates(tx, unit, keys[unit.attribution_id]):
            earlier, later = sorted((unit, other), key=_order)
            match = compare_quotes(earlier.words, later.words)
            if match is not None:
                links.append({"earlier_id": earlier.attribution_id, "later_id": later.attribution_id,
                              "drift": match.drift, "similarity": match.similarity})
    # Bands after the comparison, so a quote is never its own candidate.
    tx.execute_many("INSERT INTO corpus_quote_bands (band_key, attribution_id) VALUES (:band_key, :attribution_id)",
                    [{"band_key": key, "attribution_id": unit.attribution_id}
                     for unit in units for key in keys[unit.attribution_id]])
    tx.execute_many("INSERT INTO corpus_quote_links (earlier_id, later_id, drift, similarity) "
                    "VALUES (:earlier_id, :later_id, :drift, :similarity) ON CONFLICT DO NOTHING", links)
    traces = [trace for trace in (trace_for(tx, unit.attribution_id) for unit in units) if trace is not None]
    _flag_later_appearances(tx, analysis.article.id, traces)
    return recycled_quote_findings(units, traces)


def _flag_later_appearances(tx: Transaction, article_id: str, traces: Sequence[QuoteTrace]) -> None:
    """Give ``recycled_quote`` to articles stored before this one that carry one of its quotes much later.

    Articles do not arrive in date order (``batch merge`` writes shards in hash order, an archive may be ingested
    newest first), so the earliest wording can reach the store after its reuses. Only a trace that this article
    now opens can change what the others' lag is; their findings are worked out as for a new save and added
    where they lack them (``database.add_findings``), never twice.
    """
    opened = [trace for trace in traces if trace.earliest.article_id == article_id and len(trace.appearances) > 1]
    later = sorted({appearance.attribution_id for trace in opened for appearance in trace.appearances
                    if appearance.article_id != article_id})
    by_article: dict[str, list[QuoteUnit]] = {}
    for unit in _units(tx, later):
        by_article.setdefault(unit.article_id, []).append(unit)
    for other, units in sorted(by_article.items()):
        found = recycled_quote_findings(units, opened)
        if found:
            add_findings(tx, other, found)


def _component(tx: Transaction, start: str) -> set[str]:
    """Every quote linked to ``start``, directly or through others."""
    seen, frontier = {start}, [start]
    while frontier:
        found: set[str] = set()
        for chunk in _chunks(frontier):
            placeholders, params = _in_list("q", chunk)
            for row in tx.fetch_all(f"SELECT earlier_id, later_id FROM corpus_quote_links WHERE earlier_id IN "
                                    f"({placeholders}) OR later_id IN ({placeholders})", params):
                found.update((row["earlier_id"], row["later_id"]))
        frontier = sorted(found - seen)
        seen |= found
    return seen


def trace_for(tx: Transaction, attribution_id: str) -> QuoteTrace | None:
    """The trace holding this attribution (``"<article id>#<ordinal>"``); None when it is no stored quote.

    A quote seen in one article only gives a trace of one appearance.
    """
    units = _units(tx, sorted(_component(tx, attribution_id)))
    return trace_of(units) if units else None


def traces_matching(tx: Transaction, text: str) -> list[QuoteTrace]:
    """Traces of the stored quotes that a wording typed by a user matches (``newsprobe trace "..."``)."""
    query = units_from_text(text)
    if query is None:
        return []
    seen: set[str] = set()
    traces = []
    for candidate in sorted(_candidates(tx, query, band_keys(query.words)), key=_order):
        if candidate.attribution_id in seen or compare_quotes(candidate.words, query.words) is None:
            continue
        trace = trace_for(tx, candidate.attribution_id)
        if trace is not None:
            seen.update(appearance.attribution_id for appearance in trace.appearances)
            traces.append(trace)
    return traces


def quote_traces(tx: Transaction, limit: int | None = None) -> list[QuoteTrace]:
    """Every trace with two appearances or more, the most carried first (then the earliest)."""
    ids = [row["earlier_id"] for row in tx.fetch_all(
        "SELECT DISTINCT earlier_id FROM corpus_quote_links ORDER BY earlier_id")]
    seen: set[str] = set()
    traces = []
    for attribution_id in ids:
        if attribution_id in seen:
            continue
        trace = trace_for(tx, attribution_id)
        if trace is not None:
            seen.update(appearance.attribution_id for appearance in trace.appearances)
            traces.append(trace)
    traces.sort(key=lambda trace: (-len(trace.appearances), trace.earliest.published or "9999", trace.id))
    return traces[:limit] if limit else traces


# --- speakers ---------------------------------------------------------------------------------------------------

def _speaker_rows(tx: Transaction) -> list[SpeakerAppearance]:
    placeholders, params = _in_list("t", sorted(NAMED_TYPES))
    rows = tx.fetch_all(
        "SELECT a.article_id AS article_id, a.ordinal AS ordinal, a.speaker_name AS name, a.speaker_type AS type, "
        "a.speaker_role AS role, a.speaker_mention AS mention, a.content AS content, r.outlet AS outlet, "
        "r.published_date AS published_date, r.reference_date AS reference_date "
        "FROM attributions a JOIN articles r ON r.id = a.article_id "
        f"WHERE a.speaker_name IS NOT NULL AND a.speaker_type IN ({placeholders}) "
        "ORDER BY a.article_id, a.ordinal", params)
    return [SpeakerAppearance(f"{row['article_id']}#{row['ordinal']}", row["article_id"], row["outlet"],
                              row["published_date"] or row["reference_date"], row["name"], row["type"],
                              row["mention"], row["role"], row["content"]) for row in rows]


def corrections(tx: Transaction) -> list[SpeakerCorrection]:
    """Users' merges and splits, oldest first (later corrections apply on top of earlier ones)."""
    return [SpeakerCorrection(row["action"], row["name"], row["other"], row["article_id"]) for row in tx.fetch_all(
        "SELECT action, name, other, article_id FROM corpus_speaker_corrections ORDER BY id")]


def add_correction(tx: Transaction, correction: SpeakerCorrection) -> None:
    if correction.action not in ("merge", "split"):
        raise ValueError(f"a correction is a merge or a split, not {correction.action!r}")
    tx.execute("INSERT INTO corpus_speaker_corrections (action, name, other, article_id, created_at) "
               "VALUES (:action, :name, :other, :article_id, :created_at)",
               {"action": correction.action, "name": correction.name, "other": correction.other,
                "article_id": correction.article_id, "created_at": datetime.now(UTC).isoformat(timespec="seconds")})


def people(tx: Transaction, remember: bool = True) -> list[Person]:
    """The speaker registry of the whole store, most quoted first, with users' corrections applied.

    With ``remember`` (a write transaction) new person ids are recorded by name key, so each person keeps
    their id when articles are re-analysed or added and the canonical spelling changes.
    """
    known = {(row["speaker_type"], row["name_key"]): row["person_id"] for row in tx.fetch_all(
        "SELECT speaker_type, name_key, person_id FROM corpus_person_ids")}
    by_key = {key: person_id for (_, key), person_id in sorted(known.items())}
    registry = build_registry(_speaker_rows(tx), corrections(tx), by_key)
    if remember:
        new = [{"speaker_type": person.type, "name_key": key, "person_id": person.id}
               for person in registry for key in {name_key(person.name), *map(name_key, person.variants)}
               if (person.type, key) not in known]
        tx.execute_many("INSERT INTO corpus_person_ids (speaker_type, name_key, person_id) "
                        "VALUES (:speaker_type, :name_key, :person_id) ON CONFLICT DO NOTHING", new)
    return registry


def registry_version(tx: Transaction) -> tuple[object, ...]:
    """What the registry is built from, summed up cheaply: a registry built for one version holds until it changes.

    Saves add or replace articles (their count, newest row, newest ``stored_at`` and the attribution count
    move) and users add corrections (their count and newest id move). A re-analysis stored in the same second
    as the one it replaces, with as many attributions, leaves it as it was: callers bound their cache's age.
    """
    articles = tx.fetch_one("SELECT count(*) AS articles, max(row_id) AS last_row, max(stored_at) AS stored, "
                            "sum(attribution_count) AS attributions FROM articles")
    fixes = tx.fetch_one("SELECT count(*) AS fixes, max(id) AS last_fix FROM corpus_speaker_corrections")
    return (*(articles or {}).values(), *(fixes or {}).values())


# --- citations --------------------------------------------------------------------------------------------------

def citation_edges(tx: Transaction) -> list[CitationEdge]:
    """The store's citation graph: relay steps of every attribution, counted (``corpus.citations``)."""
    placeholders, params = _in_list("k", sorted(PUBLISHER_KINDS))
    rows = tx.fetch_all(
        "SELECT l.article_id AS article_id, l.attribution_ordinal AS attribution, l.name AS name, "
        "r.outlet AS outlet, r.title AS title FROM relays l JOIN articles r ON r.id = l.article_id "
        f"WHERE l.kind IN ({placeholders}) ORDER BY l.article_id, l.attribution_ordinal, l.ordinal", params)
    chains: dict[tuple[str, int], list[str]] = {}
    outlets: dict[str, str] = {}
    for row in rows:
        chains.setdefault((row["article_id"], int(row["attribution"])), []).append(row["name"])
        outlets[row["article_id"]] = row["outlet"] or unnamed_outlet(row["article_id"], row["title"])
    return count_steps((f"{article_id}#{ordinal}", chain_steps(chain, outlets[article_id]))
                       for (article_id, ordinal), chain in chains.items())
