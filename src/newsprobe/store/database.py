"""The Store: one writer and the transactions every query runs in, over either dialect.

``save`` writes an article and all its rows in one transaction: the article row is upserted (so rows of
other layers that point at it survive), its earlier child rows are deleted, the new ones inserted, then
every post-save hook runs in the same transaction. A failure anywhere rolls all of it back.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import Any

from newsprobe.errors import Errors, StoreError
from newsprobe.models import Analysis, Article, Finding, Run, _json_ready
from newsprobe.settings import load_settings
from newsprobe.store import queries, rows, schema
from newsprobe.store.dialects import Dialect, Row, SQLiteDialect, dialect_for


class Transaction:
    """SQL inside one open transaction, with ``:name`` parameters on both dialects.

    ``dialect`` is ``"sqlite"`` or ``"postgresql"``; ``engine`` is the Dialect object, for the few clauses
    that differ (``engine.attribution_text_match(...)``). Values go in as parameters, never into the SQL text.
    """

    def __init__(self, engine: Dialect, connection: Any) -> None:
        self.engine = engine
        self.dialect = engine.name
        self.connection = connection  # the driver's connection (sqlite3 or psycopg), for the schema runner

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> int:
        """Run one statement; returns the number of rows it changed (-1 when the driver cannot tell)."""
        cursor = self.engine.execute(self.connection, sql, params)
        return int(cursor.rowcount)

    def execute_many(self, sql: str, params: Sequence[Mapping[str, Any]]) -> None:
        if params:
            self.engine.execute_many(self.connection, sql, params)

    def fetch_all(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return [dict(row) for row in self.engine.execute(self.connection, sql, params).fetchall()]

    def fetch_one(self, sql: str, params: Mapping[str, Any] | None = None) -> Row | None:
        row = self.engine.execute(self.connection, sql, params).fetchone()
        return dict(row) if row is not None else None

    def fetch_value(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        row = self.fetch_one(sql, params)
        return next(iter(row.values())) if row else None


# A post-save hook runs inside save()'s transaction after the article's rows are written. It may write its own
# tables through the Transaction, and returns findings to add to the stored analysis (recycled_quote ...).
PostSaveHook = Callable[[Transaction, Analysis], Iterable[Finding]]
POST_SAVE_HOOKS: list[PostSaveHook] = []


# Modules of the store package that register post-save hooks when imported (the corpus tables). Loaded when
# the first Store opens, so every writer (ingest, batch merge, the web server) runs the same hooks.
HOOK_MODULES = ("newsprobe.store.corpus_tables",)


def load_hook_modules() -> None:
    for name in HOOK_MODULES:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


def register_post_save(hook: PostSaveHook) -> PostSaveHook:
    """Add a hook that every Store (opened without its own ``hooks``) calls in ``save``; usable as a decorator."""
    if hook not in POST_SAVE_HOOKS:
        POST_SAVE_HOOKS.append(hook)
    return hook


# save_many of at least this many analyses is a bulk load: the planner's statistics are refreshed at its end
# (PostgreSQL's ANALYZE; SQLite's plans do not depend on them), so searches right after it are planned for
# the tables as they are now.
BULK_LOAD = 100


def _insert_findings(tx: Transaction, article_id: str, run_id: int, document: dict[str, Any],
                     added: Sequence[Finding]) -> None:
    """Add ``added`` after the stored article's findings: their rows, and the same findings in its document."""
    new_rows = list(rows.finding_rows(article_id, run_id, added, start=len(document["findings"])))
    tx.execute_many(rows.insert_sql("findings", list(new_rows[0])), new_rows)
    document["findings"].extend(dataclasses.asdict(finding, dict_factory=_json_ready) for finding in added)
    tx.execute("UPDATE articles SET analysis_json = :analysis_json, finding_count = :finding_count "
               "WHERE id = :id", {"analysis_json": json.dumps(document, ensure_ascii=False),
                                  "finding_count": len(document["findings"]), "id": article_id})


def add_findings(tx: Transaction, article_id: str, findings: Sequence[Finding]) -> int:
    """Give an article stored earlier the findings a later save showed about it, except those of the same type
    on the same evidence it has already; returns how many were added (0 when it is not stored)."""
    stored = tx.fetch_all("SELECT type, evidence FROM findings WHERE article_id = :id", {"id": article_id})
    have = {(row["type"], tuple((int(span["start"]), int(span["end"])) for span in json.loads(row["evidence"])))
            for row in stored}
    new = [finding for finding in findings
           if (finding.type, tuple((span.start, span.end) for span in finding.evidence)) not in have]
    if not new:
        return 0
    row = tx.fetch_one("SELECT run_id, analysis_json FROM articles WHERE id = :id", {"id": article_id})
    if row is None:
        return 0
    _insert_findings(tx, article_id, int(row["run_id"]), json.loads(row["analysis_json"]), new)
    return len(new)


class Store:
    """A newsprobe database. Use ``open_store``; a Store is a context manager that closes its connection.

    One connection, used by one thread at a time (a lock serialises transactions, so a web server's threads
    may share a Store).
    """

    def __init__(self, engine: Dialect, *, migrate: bool | None = True, hooks: Sequence[PostSaveHook] | None = None,
                 newsprobe_version: str | None = None) -> None:
        self.engine = engine
        self._hooks = hooks
        if hooks is None:
            load_hook_modules()
        self._lock = threading.RLock()
        self._run_ids: dict[str, int] = {}
        self._open: Transaction | None = None
        self._version = newsprobe_version or _installed_version()
        self._connection = engine.connect()
        try:
            if migrate is not None:
                self._check_schema(migrate)
        except BaseException:
            self.close()
            raise

    # --- lifetime -------------------------------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                with suppress(Exception):  # a lost connection cannot be closed any further
                    self.engine.close(self._connection)
                self._connection = None

    @property
    def dialect(self) -> str:
        return self.engine.name

    @property
    def target(self) -> str:
        """Where the database is, as shown to users (no password)."""
        return self.engine.shown

    # --- transactions ---------------------------------------------------------------------------------------

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Transaction]:
        """``with store.transaction() as tx:`` commits at the end, rolls back on any exception.

        A transaction opened inside another one (in the same thread) joins it: it commits with the outer one.
        Driver errors become coded StoreErrors (E021 foreign, E022 damaged, E024 locked, E025 connection lost,
        E028 other); other exceptions pass through unchanged, after the rollback.
        """
        with self._lock:
            if self._connection is None:
                raise StoreError(Errors.E028, target=self.target, detail="the store is closed")
            if self._open is not None:  # nested (a hook or a caller inside a transaction): join the open one
                yield self._open
                return
            connection = self._connection
            try:
                self.engine.begin(connection, write)
                self._open = Transaction(self.engine, connection)
                yield self._open
                self._open = None
                self.engine.commit(connection)
            except BaseException as error:
                self._open = None
                self._run_ids.clear()  # run rows inserted in this transaction are gone with it
                with suppress(Exception):  # a lost connection: the server has already dropped the transaction
                    self.engine.rollback(connection)
                if isinstance(error, Exception) and self.engine.is_driver_error(error):
                    raise self.engine.translate(error) from error
                raise

    # --- schema ---------------------------------------------------------------------------------------------

    def _check_schema(self, migrate: bool) -> None:
        with self.transaction(write=migrate) as tx:
            waiting, _ = schema.pending(self.engine, tx.connection)
            if waiting and not migrate:
                raise StoreError(Errors.E027, target=self.target,
                                 pending=", ".join(f"{m.version:04d}_{m.name}" for m in waiting))
            if waiting and migrate:
                for migration in waiting:
                    schema.apply(self.engine, tx.connection, migration, self._version)

    def migrate(self) -> list[str]:
        """Apply pending migrations, each in its own transaction; returns the names applied (``0002_corpus``)."""
        done: list[str] = []
        while True:
            with self.transaction() as tx:
                waiting, _ = schema.pending(self.engine, tx.connection)
                if not waiting:
                    return done
                schema.apply(self.engine, tx.connection, waiting[0], self._version)
                done.append(f"{waiting[0].version:04d}_{waiting[0].name}")

    def schema_version(self) -> int:
        with self.transaction(write=False) as tx:
            return int(tx.fetch_value("SELECT max(version) AS version FROM schema_migrations") or 0)

    # --- writing --------------------------------------------------------------------------------------------

    def save(self, analysis: Analysis) -> Analysis:
        """Store one analysis, replacing any earlier one of the same article; returns it as stored (with the
        findings post-save hooks added)."""
        with self.transaction() as tx:
            return self._write(tx, analysis)

    def save_many(self, analyses: Iterable[Analysis]) -> int:
        """Store several analyses in one transaction (all or none); returns how many."""
        count = 0
        with self.transaction() as tx:
            for analysis in analyses:
                self._write(tx, analysis)
                count += 1
            if count >= BULK_LOAD:
                self.engine.refresh_statistics(tx.connection)
        return count

    def _write(self, tx: Transaction, analysis: Analysis) -> Analysis:
        run_id = self._run_id(tx, analysis.run)
        article_id = analysis.article.id
        # A new article has no child rows (each references articles.id): one look-up instead of eight DELETEs, a
        # round trip each on PostgreSQL (save_many of 500 new articles: 6.7 s -> 4.9 s, benchmarks/README.md).
        if tx.fetch_one("SELECT 1 AS found FROM articles WHERE id = :id", {"id": article_id}) is not None:
            for table in reversed(rows.CHILD_TABLES):  # relays before the attributions they point at
                tx.execute(f"DELETE FROM {table} WHERE article_id = :article_id", {"article_id": article_id})
        document = analysis.to_dict()  # once: asdict of a long analysis is the dearest step of a save
        article_row = rows.article_row(analysis, run_id, document)
        names = sorted({attribution.speaker.name for attribution in analysis.attributions if attribution.speaker.name})
        with self.engine.batch(tx.connection):  # writes only: one round trip on PostgreSQL
            tx.execute(rows.insert_sql("articles", list(article_row), conflict="id"), article_row)
            for table, table_rows in rows.child_rows(analysis, run_id).items():
                if table_rows:
                    tx.execute_many(rows.insert_sql(table, list(table_rows[0])), table_rows)
            tx.execute_many("INSERT INTO speaker_names (name) VALUES (:name) ON CONFLICT (name) DO NOTHING",
                            [{"name": name} for name in names])
        hooks = POST_SAVE_HOOKS if self._hooks is None else self._hooks
        added: list[Finding] = []
        for hook in hooks:
            added.extend(finding for finding in hook(tx, analysis)
                         if finding not in analysis.findings and finding not in added)
        if not added:
            return analysis
        _insert_findings(tx, article_id, run_id, document, added)
        return dataclasses.replace(analysis, findings=(*analysis.findings, *added))

    def _run_id(self, tx: Transaction, run: Run) -> int:
        key = rows.run_key(run)
        if key not in self._run_ids:
            row = rows.run_row(run)
            tx.execute(rows.insert_sql("runs", list(row)) + " ON CONFLICT (run_key) DO NOTHING", row)
            self._run_ids[key] = int(tx.fetch_value("SELECT id FROM runs WHERE run_key = :key", {"key": key}))
        return self._run_ids[key]

    # --- reading --------------------------------------------------------------------------------------------

    def article(self, article_id: str) -> Analysis | None:
        """The analysis stored for this article id, exactly as saved; None when there is none."""
        with self.transaction(write=False) as tx:
            raw = tx.fetch_value("SELECT analysis_json FROM articles WHERE id = :id", {"id": article_id})
        return Analysis.from_dict(json.loads(raw)) if raw is not None else None

    def has_article(self, article_id: str) -> bool:
        with self.transaction(write=False) as tx:
            return tx.fetch_one("SELECT 1 AS found FROM articles WHERE id = :id", {"id": article_id}) is not None

    def is_current(self, article: Article, run: Run) -> bool:
        """True when this article (same id, same text) is stored from an identical run: analysing it again
        would give the same rows, so ``ingest`` skips it."""
        with self.transaction(write=False) as tx:
            row = tx.fetch_one(
                "SELECT r.text_sha256 AS text_sha256, u.run_key AS run_key FROM articles r "
                "JOIN runs u ON u.id = r.run_id WHERE r.id = :id", {"id": article.id})
        return row is not None and row["run_key"] == rows.run_key(run) and row["text_sha256"] == rows.text_sha256(
            article)

    def search(self, query: queries.SearchQuery | str) -> queries.SearchPage:
        """Attributions matching a ``SearchQuery`` (or plain search text), one page; see ``queries.search``."""
        with self.transaction(write=False) as tx:
            return queries.search(tx, _as_query(query))

    def search_articles(self, query: queries.SearchQuery | str) -> queries.ArticlePage:
        """Articles matching a ``SearchQuery`` (text in title or body), one page."""
        with self.transaction(write=False) as tx:
            return queries.search_articles(tx, _as_query(query))

    def stats(self) -> queries.StoreStats:
        with self.transaction(write=False) as tx:
            return queries.stats(tx)


def _as_query(query: queries.SearchQuery | str) -> queries.SearchQuery:
    return query if isinstance(query, queries.SearchQuery) else queries.SearchQuery(text=query)


def open_store(target: str | Path | None = None, *, migrate: bool | None = True, timeout: float | None = None,
               hooks: Sequence[PostSaveHook] | None = None) -> Store:
    """Open (and with ``migrate``, create or upgrade) the database at ``target``.

    ``target``: a file path or ``sqlite:///PATH`` (SQLite), or ``postgresql://...``; None reads the ``db``
    setting (``NEWSPROBE_DB``, default ``newsprobe.db``). With ``migrate=False`` the database must exist and be
    up to date (E020, E027): read-only commands never create or change a schema. ``migrate=None`` opens (or
    creates) it without looking at the schema, for a caller that runs ``Store.migrate()`` itself.
    """
    settings = load_settings() if target is None or timeout is None else None
    chosen = str(target) if target is not None else settings.db  # type: ignore[union-attr]
    seconds = timeout if timeout is not None else settings.db_timeout  # type: ignore[union-attr]
    engine = dialect_for(chosen, seconds)
    if migrate is False and isinstance(engine, SQLiteDialect) and not engine.path.exists():
        raise StoreError(Errors.E020, target=engine.shown, detail="no such file (newsprobe ingest creates one)")
    return Store(engine, migrate=migrate, hooks=hooks)


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsprobe")
    except PackageNotFoundError:
        return "0+unknown"
