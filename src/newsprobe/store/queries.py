"""Named queries, shared by the CLI, the API and the web pages: each takes a Transaction and plain values and
returns ``models.py`` objects or the small frozen dataclasses below. SQL lives here and in the migrations only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsprobe.errors import Warnings
from newsprobe.models import Attribution, Notice, Relay, Span, Speaker
from newsprobe.store.dialects import Row

if TYPE_CHECKING:  # the Store imports this module
    from newsprobe.store.database import Transaction

# Newest first, undated last, on both engines (PostgreSQL would sort NULLs first in DESC; SQLite does this
# by itself). The order of the index on articles (published_date, id), so a page needs no sort of all matches.
_ORDER = "r.published_date DESC NULLS LAST, r.id DESC"
MAX_LIMIT = 10_000
# Above this many matches a page is found by walking articles newest first instead of sorting every match:
# on 100k generated attributions, 6,000 matches took 174 ms sorted and 18 ms walked (benchmarks/README.md).
_MANY_MATCHES = 500
# Counting stops here (or at the end of the page asked for, if that is further): a search reports "at least
# COUNT_LIMIT matches" as search engines do, since counting every match reads every matching row. On
# PostgreSQL a word in most of 100k attributions took 165 ms to count in full, 2 ms to count to 1,001
# (EXPLAIN ANALYZE, benchmarks/README.md). Above _MANY_MATCHES, so the walk is chosen as before.
COUNT_LIMIT = 1_000


@dataclass(frozen=True)
class SearchQuery:
    """What to look for; every field is optional and they combine with AND.

    ``text``: words in the quoted or reported content (all of them; "quoted phrases" as phrases; stemmed, so
    ``warn`` finds ``warned``). ``speaker``: part of the speaker's resolved name, any case. ``outlet``: the
    outlet, any case. ``since`` / ``until``: ISO dates, inclusive, on the article's publication date.
    ``source_type``: ``Speaker.type`` (named_person, unnamed_group ...). ``finding_type``: only articles with a
    finding of this type. ``kind``: direct | indirect | mixed.
    """

    text: str | None = None
    speaker: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    source_type: str | None = None
    finding_type: str | None = None
    kind: str | None = None
    article_id: str | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True)
class ArticleRef:
    """Enough of a stored article to show where a result comes from."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


@dataclass(frozen=True)
class AttributionHit:
    article: ArticleRef
    ordinal: int  # index in Analysis.attributions: "<article id>#<ordinal>" names the attribution
    attribution: Attribution

    @property
    def attribution_id(self) -> str:
        return f"{self.article.id}#{self.ordinal}"


@dataclass(frozen=True)
class SearchPage:
    hits: tuple[AttributionHit, ...]
    total: int  # matches in all, not only this page; a lower bound when total_exact is False
    limit: int
    offset: int
    notices: tuple[Notice, ...] = ()  # W020 when the search text had no searchable words
    total_exact: bool = True  # False: counting stopped at ``total`` (COUNT_LIMIT), there are more matches


@dataclass(frozen=True)
class ArticleHit:
    article: ArticleRef
    attributions: int
    findings: int
    source: str | None


@dataclass(frozen=True)
class ArticlePage:
    hits: tuple[ArticleHit, ...]
    total: int  # as SearchPage.total: a lower bound when total_exact is False
    limit: int
    offset: int
    notices: tuple[Notice, ...] = ()
    total_exact: bool = True


@dataclass(frozen=True)
class RunInfo:
    id: int
    newsprobe_version: str
    model: str
    model_version: str
    settings_hash: str
    articles: int


@dataclass(frozen=True)
class StoreStats:
    dialect: str
    schema_version: int
    articles: int
    attributions: int
    speakers: int  # distinct resolved speaker names
    entities: int
    findings: int
    first_published: str | None
    last_published: str | None
    outlets: tuple[tuple[str, int], ...]  # (outlet, articles), most first, at most 10
    runs: tuple[RunInfo, ...] = field(default=())


@dataclass(frozen=True)
class SpeakerSummary:
    """One resolved speaker name as the articles give it (the corpus registry merges variants across them)."""

    name: str
    type: str
    attributions: int
    articles: int
    first_seen: str | None
    last_seen: str | None
    outlets: tuple[str, ...]
    roles: tuple[str, ...]


def search(tx: Transaction, query: SearchQuery) -> SearchPage:
    """Attributions matching ``query``, newest article first, one page of them and the total (counted up to
    ``COUNT_LIMIT`` or the end of the page, whichever is further; ``total_exact`` says whether it stopped)."""
    on_attributions, on_articles, params = _split_conditions(tx, query, attributions=True)
    where = " AND ".join(on_attributions + on_articles) or "1 = 1"
    limit, offset = _page(query)
    bound = max(COUNT_LIMIT, offset + limit)
    if set(params) == {"text"}:
        # Text alone: the full-text index counts its matches without reading the attribution rows.
        matching = tx.engine.attribution_text_rows("text")
    elif on_articles:
        matching = f"SELECT 1 AS one FROM attributions a JOIN articles r ON r.id = a.article_id WHERE {where}"
    else:
        matching = f"SELECT 1 AS one FROM attributions a WHERE {where}"
    total, exact = _bounded_count(tx, matching, params, bound)
    if total > _MANY_MATCHES:
        # Many matches: walk the articles newest first (the published_date index) and stop when the page is
        # full (each engine is told so in its own words: engine.newest_first_walk). Few matches: fetch them all
        # and sort, cheaper than walking articles that have none.
        source = tx.engine.newest_first_walk(" AND ".join(on_articles) or "1 = 1",
                                             " AND ".join(on_attributions) or "1 = 1")
    else:
        source = f"FROM attributions a JOIN articles r ON r.id = a.article_id WHERE {where}"
    found = tx.fetch_all(
        "SELECT r.id AS article_id, r.title, r.outlet, r.published, r.url, a.ordinal, a.kind, a.content_start, "
        "a.content_end, a.content, a.cue_start, a.cue_end, a.cue, a.speaker_name, a.speaker_type, a.speaker_role, "
        "a.speaker_mention_start, a.speaker_mention_end, a.speaker_mention, a.said_on, a.confidence, a.method, "
        f"a.via {source} ORDER BY {_ORDER}, a.ordinal LIMIT :limit OFFSET :offset",
        {**params, "limit": limit, "offset": offset})
    return SearchPage(tuple(_attribution_hit(row) for row in found), total, limit, offset, _notices(tx, query),
                      exact)


def search_articles(tx: Transaction, query: SearchQuery) -> ArticlePage:
    """Articles matching ``query`` (text in the title or body; speaker, source type and kind: some attribution
    of the article has them), newest first; the total counted as in ``search``."""
    where, params = _conditions(tx, query, attributions=False)
    base = f"FROM articles r WHERE {where}"
    limit, offset = _page(query)
    total, exact = _bounded_count(tx, f"SELECT 1 AS one {base}", params, max(COUNT_LIMIT, offset + limit))
    found = tx.fetch_all(
        "SELECT r.id AS article_id, r.title, r.outlet, r.published, r.url, r.attribution_count, r.finding_count, "
        f"r.source {base} ORDER BY {_ORDER} LIMIT :limit OFFSET :offset", {**params, "limit": limit, "offset": offset})
    hits = tuple(ArticleHit(_article_ref(row), int(row["attribution_count"]), int(row["finding_count"]),
                            row["source"]) for row in found)
    return ArticlePage(hits, total, limit, offset, _notices(tx, query), exact)


def _bounded_count(tx: Transaction, matching: str, params: dict[str, Any], bound: int) -> tuple[int, bool]:
    """(matches, exact): the rows of ``matching`` counted up to ``bound``; one more says there are more."""
    counted = int(tx.fetch_value(f"SELECT count(*) AS total FROM ({matching} LIMIT :count_limit) counted",
                                 {**params, "count_limit": bound + 1}) or 0)
    return min(counted, bound), counted <= bound


def stats(tx: Transaction) -> StoreStats:
    def count(sql: str) -> int:
        return int(tx.fetch_value(sql) or 0)

    dates = tx.fetch_one("SELECT min(published_date) AS first, max(published_date) AS last FROM articles") or {}
    outlets = tx.fetch_all("SELECT outlet, count(*) AS articles FROM articles WHERE outlet IS NOT NULL "
                           "GROUP BY outlet ORDER BY count(*) DESC, outlet LIMIT 10")
    runs = tx.fetch_all("SELECT u.id, u.newsprobe_version, u.model, u.model_version, u.settings_hash, "
                        "(SELECT count(*) FROM articles r WHERE r.run_id = u.id) AS articles FROM runs u ORDER BY u.id")
    return StoreStats(
        dialect=tx.dialect,
        schema_version=count("SELECT max(version) FROM schema_migrations"),
        articles=count("SELECT count(*) FROM articles"),
        attributions=count("SELECT count(*) FROM attributions"),
        speakers=count("SELECT count(DISTINCT speaker_name) FROM attributions"),
        entities=count("SELECT count(*) FROM entities"),
        findings=count("SELECT count(*) FROM findings"),
        first_published=dates.get("first"), last_published=dates.get("last"),
        outlets=tuple((row["outlet"], int(row["articles"])) for row in outlets),
        runs=tuple(RunInfo(int(row["id"]), row["newsprobe_version"], row["model"], row["model_version"],
                           row["settings_hash"], int(row["articles"])) for row in runs),
    )


def speakers(tx: Transaction, limit: int | None = None) -> list[SpeakerSummary]:
    """Every resolved speaker name with its counts, dates, outlets and roles, most quoted first."""
    totals = tx.fetch_all(
        "SELECT a.speaker_name AS name, a.speaker_type AS type, count(*) AS attributions, "
        "count(DISTINCT a.article_id) AS articles, min(r.published_date) AS first_seen, "
        "max(r.published_date) AS last_seen FROM attributions a JOIN articles r ON r.id = a.article_id "
        "WHERE a.speaker_name IS NOT NULL GROUP BY a.speaker_name, a.speaker_type "
        "ORDER BY count(*) DESC, a.speaker_name, a.speaker_type" + (" LIMIT :limit" if limit else ""),
        {"limit": limit} if limit else None)
    # Outlets and roles as a second pass: string aggregation is spelt differently by each engine.
    outlets: dict[tuple[str, str], list[str]] = {}
    for row in tx.fetch_all("SELECT DISTINCT a.speaker_name AS name, a.speaker_type AS type, r.outlet "
                            "FROM attributions a JOIN articles r ON r.id = a.article_id "
                            "WHERE a.speaker_name IS NOT NULL AND r.outlet IS NOT NULL ORDER BY r.outlet"):
        outlets.setdefault((row["name"], row["type"]), []).append(row["outlet"])
    roles: dict[tuple[str, str], list[str]] = {}
    for row in tx.fetch_all("SELECT DISTINCT speaker_name AS name, speaker_type AS type, speaker_role AS role "
                            "FROM attributions WHERE speaker_name IS NOT NULL AND speaker_role IS NOT NULL "
                            "ORDER BY speaker_role"):
        roles.setdefault((row["name"], row["type"]), []).append(row["role"])
    return [SpeakerSummary(row["name"], row["type"], int(row["attributions"]), int(row["articles"]),
                           row["first_seen"], row["last_seen"], tuple(outlets.get((row["name"], row["type"]), ())),
                           tuple(roles.get((row["name"], row["type"]), ()))) for row in totals]


# --- export: the tables users take to pandas, DuckDB or a spreadsheet -------------------------------------------

# Column name -> type ("text", "int", "float", "bool"), in order; docs/store.md lists the same.
EXPORT_COLUMNS: dict[str, dict[str, str]] = {
    "articles": {
        "id": "text", "title": "text", "url": "text", "outlet": "text", "authors": "text", "published": "text",
        "published_date": "text", "language": "text", "source": "text", "reference_date": "text",
        "reference_date_source": "text", "duplicate_of": "text", "duplicate_similarity": "float",
        "attribution_count": "int", "finding_count": "int", "quoted_share": "float", "newsprobe_version": "text",
        "model": "text", "model_version": "text", "settings_hash": "text", "stored_at": "text", "text": "text",
    },
    "attributions": {
        "article_id": "text", "ordinal": "int", "kind": "text", "content_start": "int", "content_end": "int",
        "content": "text", "cue": "text", "speaker_name": "text", "speaker_type": "text", "speaker_role": "text",
        "speaker_mention": "text", "said_on": "text", "via": "text", "confidence": "float", "method": "text",
        "outlet": "text", "published_date": "text",
    },
    "speakers": {
        "name": "text", "type": "text", "attributions": "int", "articles": "int", "first_seen": "text",
        "last_seen": "text", "outlets": "text", "roles": "text",
    },
    "entities": {
        "article_id": "text", "ordinal": "int", "label": "text", "text": "text", "start_offset": "int",
        "end_offset": "int",
    },
    "findings": {
        "article_id": "text", "ordinal": "int", "type": "text", "severity": "text", "message": "text",
        "evidence_start": "int", "evidence_end": "int", "evidence_text": "text", "suggestion": "text",
        "method": "text",
    },
}
_EXPORT_SQL = {
    "articles": "SELECT r.id, r.title, r.url, r.outlet, r.authors, r.published, r.published_date, r.language, "
                "r.source, r.reference_date, r.reference_date_source, r.duplicate_of, r.duplicate_similarity, "
                "r.attribution_count, r.finding_count, r.quoted_share, u.newsprobe_version, u.model, "
                "u.model_version, u.settings_hash, r.stored_at, r.text "
                "FROM articles r JOIN runs u ON u.id = r.run_id ORDER BY r.id",
    "attributions": "SELECT a.article_id, a.ordinal, a.kind, a.content_start, a.content_end, a.content, a.cue, "
                    "a.speaker_name, a.speaker_type, a.speaker_role, a.speaker_mention, a.said_on, a.via, "
                    "a.confidence, a.method, r.outlet, r.published_date "
                    "FROM attributions a JOIN articles r ON r.id = a.article_id ORDER BY a.article_id, a.ordinal",
    "entities": "SELECT article_id, ordinal, label, text, start_offset, end_offset FROM entities "
                "ORDER BY article_id, ordinal",
    "findings": "SELECT article_id, ordinal, type, severity, message, evidence_start, evidence_end, evidence_text, "
                "suggestion, method FROM findings ORDER BY article_id, ordinal",
}


def export_rows(tx: Transaction, table: str) -> Iterator[Row]:
    """The rows of one export table (``EXPORT_COLUMNS`` names them), as plain scalars."""
    if table == "speakers":
        for speaker in speakers(tx):
            yield {"name": speaker.name, "type": speaker.type, "attributions": speaker.attributions,
                   "articles": speaker.articles, "first_seen": speaker.first_seen, "last_seen": speaker.last_seen,
                   "outlets": "; ".join(speaker.outlets), "roles": "; ".join(speaker.roles)}
        return
    yield from tx.fetch_all(_EXPORT_SQL[table])


# --- helpers -----------------------------------------------------------------------------------------------------


def _conditions(tx: Transaction, query: SearchQuery, attributions: bool) -> tuple[str, dict[str, Any]]:
    """The WHERE clause and its parameters; ``attributions``: alias ``a`` is in the FROM clause."""
    on_attributions, on_articles, params = _split_conditions(tx, query, attributions)
    return " AND ".join(on_attributions + on_articles) or "1 = 1", params


def _split_conditions(tx: Transaction, query: SearchQuery,
                      attributions: bool) -> tuple[list[str], list[str], dict[str, Any]]:
    """(conditions on alias ``a``, conditions on alias ``r``, parameters); without ``attributions`` the
    conditions on attributions become an EXISTS on ``r`` and the first list is empty."""
    conditions: list[str] = []
    params: dict[str, Any] = {}
    engine = tx.engine
    attribution_conditions: list[str] = []
    if query.text and (text := engine.search_text(query.text)):
        params["text"] = text
        if attributions:
            attribution_conditions.append(engine.attribution_text_match("text"))
        else:
            conditions.append(engine.article_text_match("text"))
    if query.speaker:
        params["speaker"] = "%" + _escape_like(query.speaker.strip().lower()) + "%"
        attribution_conditions.append(engine.speaker_name_match("speaker"))
    if query.source_type:
        params["source_type"] = query.source_type
        attribution_conditions.append("a.speaker_type = :source_type")
    if query.kind:
        params["kind"] = query.kind
        attribution_conditions.append("a.kind = :kind")
    if not attributions and attribution_conditions:
        conditions.append("EXISTS (SELECT 1 FROM attributions a WHERE a.article_id = r.id AND "
                          + " AND ".join(attribution_conditions) + ")")
        attribution_conditions = []
    if query.outlet:
        params["outlet"] = query.outlet.strip().lower()
        conditions.append("lower(r.outlet) = :outlet")
    if query.since:
        params["since"] = query.since[:10]
        conditions.append("r.published_date >= :since")
    if query.until:
        params["until"] = query.until[:10]
        conditions.append("r.published_date <= :until")
    if query.finding_type:
        params["finding_type"] = query.finding_type
        conditions.append("EXISTS (SELECT 1 FROM findings f WHERE f.article_id = r.id AND f.type = :finding_type)")
    if query.article_id:
        params["article_id"] = query.article_id
        conditions.append("r.id = :article_id")
    return attribution_conditions, conditions, params


def _notices(tx: Transaction, query: SearchQuery) -> tuple[Notice, ...]:
    if query.text and tx.engine.search_text(query.text) is None:
        return (Warnings.W020.notice(text=query.text),)
    return ()


def _page(query: SearchQuery) -> tuple[int, int]:
    return max(0, min(query.limit, MAX_LIMIT)), max(0, query.offset)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _article_ref(row: Row) -> ArticleRef:
    return ArticleRef(row["article_id"], row["title"], row["outlet"], row["published"], row["url"])


def _span(row: Row, prefix: str, text_column: str) -> Span | None:
    if row[f"{prefix}_start"] is None:
        return None
    return Span(int(row[f"{prefix}_start"]), int(row[f"{prefix}_end"]), row[text_column])


def _attribution_hit(row: Row) -> AttributionHit:
    content = _span(row, "content", "content")
    assert content is not None  # NOT NULL columns
    speaker = Speaker(row["speaker_name"], row["speaker_type"], row["speaker_role"],
                      _span(row, "speaker_mention", "speaker_mention"))
    via = tuple(Relay(relay["name"], relay["kind"]) for relay in json.loads(row["via"]))
    attribution = Attribution(row["kind"], content, _span(row, "cue", "cue"), speaker, via, row["said_on"],
                              float(row["confidence"]), row["method"])
    return AttributionHit(_article_ref(row), int(row["ordinal"]), attribution)
