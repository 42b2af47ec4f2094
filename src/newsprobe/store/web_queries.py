"""Named queries the web pages and the API need beyond ``queries.py``: findings across articles, one speaker's
quotes, and speakers found by name. Written in ``queries.py``'s style (dialect-neutral ``:name`` parameters,
models objects out) and reusing its helpers, so the CLI may call them too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsprobe.models import Finding, Span
from newsprobe.store import queries
from newsprobe.store.dialects import Row

if TYPE_CHECKING:
    from newsprobe.store.database import Transaction


@dataclass(frozen=True)
class FindingQuery:
    """Findings to list; fields combine with AND. ``type`` and ``severity`` exactly, ``outlet`` any case,
    ``since`` / ``until`` on the article's publication date (ISO, inclusive)."""

    type: str | None = None
    severity: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    article_id: str | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True)
class FindingHit:
    article: queries.ArticleRef
    ordinal: int  # index in Analysis.findings
    finding: Finding


@dataclass(frozen=True)
class FindingPage:
    hits: tuple[FindingHit, ...]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class FindingCount:
    type: str
    severity: str
    count: int


def findings(tx: Transaction, query: FindingQuery) -> FindingPage:
    """Findings matching ``query``, newest article first, then in article order."""
    conditions: list[str] = []
    params: dict[str, object] = {}
    for name, sql in (("type", "f.type = :type"), ("severity", "f.severity = :severity"),
                      ("article_id", "r.id = :article_id")):
        if (value := getattr(query, name)) is not None:
            params[name] = value
            conditions.append(sql)
    if query.outlet:
        params["outlet"] = query.outlet.strip().lower()
        conditions.append("lower(r.outlet) = :outlet")
    if query.since:
        params["since"] = query.since[:10]
        conditions.append("r.published_date >= :since")
    if query.until:
        params["until"] = query.until[:10]
        conditions.append("r.published_date <= :until")
    base = f"FROM findings f JOIN articles r ON r.id = f.article_id WHERE {' AND '.join(conditions) or '1 = 1'}"
    total = int(tx.fetch_value(f"SELECT count(*) AS total {base}", params) or 0)
    limit, offset = max(0, min(query.limit, queries.MAX_LIMIT)), max(0, query.offset)
    found = tx.fetch_all(
        "SELECT r.id AS article_id, r.title, r.outlet, r.published, r.url, f.ordinal, f.type, f.severity, f.message, "
        f"f.evidence, f.suggestion, f.method {base} ORDER BY {queries._ORDER}, f.ordinal "
        "LIMIT :limit OFFSET :offset", {**params, "limit": limit, "offset": offset})
    return FindingPage(tuple(_finding_hit(row) for row in found), total, limit, offset)


def finding_counts(tx: Transaction) -> list[FindingCount]:
    """How many findings of each type and severity the store holds, most first (the filter's choices)."""
    rows = tx.fetch_all("SELECT type, severity, count(*) AS n FROM findings GROUP BY type, severity "
                        "ORDER BY count(*) DESC, type, severity")
    return [FindingCount(row["type"], row["severity"], int(row["n"])) for row in rows]


def speakers_named(tx: Transaction, text: str | None, limit: int, offset: int = 0) -> list[queries.SpeakerSummary]:
    """``queries.speakers``' summaries, most quoted first, narrowed to names holding ``text`` (any case)."""
    if not (text and text.strip()):
        # queries.speakers' own LIMIT keeps the page cheap on a large store.
        return queries.speakers(tx, limit=max(0, offset) + max(0, limit))[max(0, offset):]
    pattern = "%" + queries._escape_like(text.strip().lower()) + "%"
    names = [row["name"] for row in tx.fetch_all(
        "SELECT a.speaker_name AS name FROM attributions a WHERE lower(a.speaker_name) LIKE :pattern ESCAPE '\\' "
        "GROUP BY a.speaker_name ORDER BY count(*) DESC, a.speaker_name LIMIT :limit OFFSET :offset",
        {"pattern": pattern, "limit": max(0, limit), "offset": max(0, offset)})]
    return [summary for name in names if (summary := speaker_summary(tx, name)) is not None]


def speaker_quotes(tx: Transaction, name: str, limit: int = 200) -> queries.SearchPage:
    """Every attribution to exactly this resolved speaker name, newest article first."""
    # lower(...) = :lowered first: it is the indexed expression (attributions_speaker_name).
    base = ("FROM attributions a JOIN articles r ON r.id = a.article_id "
            "WHERE lower(a.speaker_name) = :lowered AND a.speaker_name = :name")
    params = {"name": name, "lowered": name.lower()}
    total = int(tx.fetch_value(f"SELECT count(*) AS total {base}", params) or 0)
    limit = max(0, min(limit, queries.MAX_LIMIT))
    found = tx.fetch_all(
        "SELECT r.id AS article_id, r.title, r.outlet, r.published, r.url, a.ordinal, a.kind, a.content_start, "
        "a.content_end, a.content, a.cue_start, a.cue_end, a.cue, a.speaker_name, a.speaker_type, a.speaker_role, "
        "a.speaker_mention_start, a.speaker_mention_end, a.speaker_mention, a.said_on, a.confidence, a.method, "
        f"a.via {base} ORDER BY {queries._ORDER}, a.ordinal LIMIT :limit", {**params, "limit": limit})
    return queries.SearchPage(tuple(queries._attribution_hit(row) for row in found), total, limit, 0)


def speaker_summary(tx: Transaction, name: str) -> queries.SpeakerSummary | None:
    """``queries.speakers``' summary of exactly this resolved name (all its types counted together)."""
    where = "lower(a.speaker_name) = :lowered AND a.speaker_name = :name"
    params = {"name": name, "lowered": name.lower()}
    totals = tx.fetch_one(
        "SELECT min(a.speaker_type) AS type, count(*) AS attributions, count(DISTINCT a.article_id) AS articles, "
        "min(r.published_date) AS first_seen, max(r.published_date) AS last_seen "
        f"FROM attributions a JOIN articles r ON r.id = a.article_id WHERE {where}", params)
    if totals is None or not totals["attributions"]:
        return None
    outlets = tx.fetch_all("SELECT DISTINCT r.outlet FROM attributions a JOIN articles r ON r.id = a.article_id "
                           f"WHERE {where} AND r.outlet IS NOT NULL ORDER BY r.outlet", params)
    roles = tx.fetch_all(f"SELECT DISTINCT a.speaker_role AS role FROM attributions a WHERE {where} "
                         "AND a.speaker_role IS NOT NULL ORDER BY a.speaker_role", params)
    return queries.SpeakerSummary(name, totals["type"], int(totals["attributions"]), int(totals["articles"]),
                                  totals["first_seen"], totals["last_seen"],
                                  tuple(row["outlet"] for row in outlets), tuple(row["role"] for row in roles))


def _finding_hit(row: Row) -> FindingHit:
    evidence = tuple(Span(int(span["start"]), int(span["end"]), span["text"]) for span in json.loads(row["evidence"]))
    finding = Finding(row["type"], row["message"], row["severity"], evidence, row["suggestion"], row["method"])
    return FindingHit(queries._article_ref(row), int(row["ordinal"]), finding)


def analysis_json(tx: Transaction, article_id: str) -> str | None:
    """The stored analysis document as saved (JSON text), for the API to send without rebuilding the models:
    ``Analysis.from_dict`` costs tens of milliseconds on a long article, ``json`` a few."""
    raw = tx.fetch_value("SELECT analysis_json FROM articles WHERE id = :id", {"id": article_id})
    return str(raw) if raw is not None else None
