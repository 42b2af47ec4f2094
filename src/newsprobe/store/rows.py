"""Analysis -> table rows: pure functions, one per table, so the writer and the docs agree on every column.

The rows are plain dicts keyed by column name; the SQL that inserts them is built from the same names
(``insert_sql``), so a column added here is added in one place (and in the migration files).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from newsprobe.models import Analysis, Article, Finding, Run, Span

Row = dict[str, Any]

# The child tables of an article, in the order they are written (relays after their attributions).
CHILD_TABLES = ("attributions", "relays", "entities", "times", "claims", "techniques", "findings", "notices")


def run_key(run: Run) -> str:
    """One key for a Run: two analyses with the same key were made the same way (version, pipeline, methods,
    settings)."""
    plain = json.dumps([run.newsprobe_version, run.model, run.model_version, list(run.methods), run.settings_hash])
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()[:24]


def text_sha256(article: Article) -> str:
    return hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def run_row(run: Run) -> Row:
    return {"run_key": run_key(run), "newsprobe_version": run.newsprobe_version, "model": run.model,
            "model_version": run.model_version, "methods": json.dumps(list(run.methods)),
            "settings_hash": run.settings_hash, "created_at": _now()}


def article_row(analysis: Analysis, run_id: int, document: dict[str, Any] | None = None) -> Row:
    """The article's row; ``document`` is ``analysis.to_dict()`` when the caller already has it."""
    article = analysis.article
    reference = analysis.reference_date
    return {
        "id": article.id, "run_id": run_id, "title": article.title, "url": article.url, "outlet": article.outlet,
        "authors": json.dumps(list(article.authors), ensure_ascii=False), "published": article.published,
        "published_date": _iso_date(article.published), "language": article.language, "source": article.source,
        "dateline": article.dateline,
        "reference_date": reference.value if reference else None,
        "reference_date_source": reference.source if reference else None,
        "duplicate_of": article.duplicate_of, "duplicate_similarity": article.duplicate_similarity,
        "text": article.text, "text_sha256": text_sha256(article),
        "body_start": article.body.start, "body_end": article.body.end,
        "quoted_share": analysis.summary.quoted_share if analysis.summary else None,
        "attribution_count": len(analysis.attributions), "finding_count": len(analysis.findings),
        "schema_version": analysis.schema_version,
        "analysis_json": json.dumps(document if document is not None else analysis.to_dict(), ensure_ascii=False),
        "stored_at": _now(),
    }


def child_rows(analysis: Analysis, run_id: int) -> dict[str, list[Row]]:
    """Every child table's rows for one analysis, keyed by table name."""
    article_id = analysis.article.id
    base = {"article_id": article_id, "run_id": run_id}
    tables: dict[str, list[Row]] = {name: [] for name in CHILD_TABLES}
    for ordinal, attribution in enumerate(analysis.attributions):
        speaker, cue, mention = attribution.speaker, attribution.cue, attribution.speaker.mention
        tables["attributions"].append({
            **base, "ordinal": ordinal, "kind": attribution.kind,
            **_span("content", attribution.content, text_column="content"),
            **_span("cue", cue, text_column="cue"),
            "speaker_name": speaker.name, "speaker_type": speaker.type, "speaker_role": speaker.role,
            **_span("speaker_mention", mention, text_column="speaker_mention"),
            "said_on": attribution.said_on, "confidence": attribution.confidence, "method": attribution.method,
            "via": json.dumps([{"name": relay.name, "kind": relay.kind} for relay in attribution.via],
                              ensure_ascii=False),
        })
        tables["relays"].extend({**base, "attribution_ordinal": ordinal, "ordinal": index, "name": relay.name,
                                 "kind": relay.kind} for index, relay in enumerate(attribution.via))
    tables["entities"] = [{**base, "ordinal": ordinal, "start_offset": entity.start, "end_offset": entity.end,
                           "text": entity.text, "label": entity.label}
                          for ordinal, entity in enumerate(analysis.entities)]
    tables["times"] = [{**base, "ordinal": ordinal, "start_offset": time.start, "end_offset": time.end,
                        "text": time.text, "type": time.type, "value": time.value, "anchor": time.anchor}
                       for ordinal, time in enumerate(analysis.times)]
    tables["claims"] = [{**base, "ordinal": ordinal, "start_offset": claim.start, "end_offset": claim.end,
                         "text": claim.text, "checkworthiness": claim.checkworthiness, "attributed": claim.attributed,
                         "marks": json.dumps([{"start": mark.start, "end": mark.end, "text": mark.text,
                                               "kind": mark.kind} for mark in claim.marks], ensure_ascii=False)}
                        for ordinal, claim in enumerate(analysis.claims)]
    tables["techniques"] = [{**base, "ordinal": ordinal, "start_offset": technique.start,
                             "end_offset": technique.end, "text": technique.text, "technique": technique.technique,
                             "score": technique.score}
                            for ordinal, technique in enumerate(analysis.techniques)]
    tables["findings"] = list(finding_rows(analysis.article.id, run_id, analysis.findings))
    tables["notices"] = [{**base, "ordinal": ordinal, "code": notice.code, "message": notice.message}
                         for ordinal, notice in enumerate(analysis.notices)]
    return tables


def finding_rows(article_id: str, run_id: int, findings: Sequence[Finding], start: int = 0) -> Iterator[Row]:
    """Rows of an article's ``findings``, numbered from ``start`` (the writer appends post-save hooks' findings)."""
    for ordinal, finding in enumerate(findings, start=start):
        first = finding.evidence[0] if finding.evidence else None
        yield {"article_id": article_id, "run_id": run_id, "ordinal": ordinal, "type": finding.type,
               "severity": finding.severity, "message": finding.message,
               "evidence_start": first.start if first else None, "evidence_end": first.end if first else None,
               "evidence_text": first.text if first else None,
               "evidence": json.dumps([{"start": span.start, "end": span.end, "text": span.text}
                                       for span in finding.evidence], ensure_ascii=False),
               "suggestion": finding.suggestion, "method": finding.method}


def insert_sql(table: str, columns: Sequence[str], conflict: str | None = None) -> str:
    """``INSERT INTO table (...) VALUES (:...)``; with ``conflict`` (the key columns), an upsert that
    replaces every other column, in the ``ON CONFLICT ... DO UPDATE`` syntax SQLite and PostgreSQL share."""
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"VALUES ({', '.join(':' + column for column in columns)})")
    if conflict:
        keys = {key.strip() for key in conflict.split(",")}
        updates = ", ".join(f"{column} = excluded.{column}" for column in columns if column not in keys)
        sql += f" ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    return sql


def _span(prefix: str, span: Span | None, text_column: str) -> Row:
    return {f"{prefix}_start": span.start if span else None, f"{prefix}_end": span.end if span else None,
            text_column: span.text if span else None}


def _iso_date(published: str | None) -> str | None:
    """The YYYY-MM-DD part of an ISO 8601 publication date, for date-range queries; None when it has none."""
    if not published or len(published) < 10:
        return None
    head = published[:10]
    try:
        datetime.strptime(head, "%Y-%m-%d")
    except ValueError:
        return None
    return head


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
