"""Every difference between SQLite and PostgreSQL, in one place.

The rest of the store writes one SQL text for both: named parameters ``:name``, ``INSERT ... ON CONFLICT``
(both engines have it), ``lower(...)`` for case-insensitive matches. What cannot be shared lives here:
connecting, the placeholder style of the driver, full-text matching (FTS5 against ``tsvector``), running a
migration script, and turning driver exceptions into coded ``StoreError``s.
"""

from __future__ import annotations

import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from newsprobe.errors import Errors, StoreError

Row = dict[str, Any]
Params = Mapping[str, Any]

# ":name" but not the "::" of a PostgreSQL cast nor a colon inside a word ("12:30" in a string literal is the
# caller's problem: store SQL keeps literals out and passes values as parameters).
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_SQLITE_MAGIC = b"SQLite format 3\x00"


class Dialect(ABC):
    """One database engine: how to connect, speak its parameters and match text, and what its errors mean."""

    name: str

    def __init__(self, target: str, timeout: float) -> None:
        self.target = target
        self.timeout = timeout

    @property
    def shown(self) -> str:
        """The target as shown in messages (a password in a URL is hidden)."""
        return self.target

    @abstractmethod
    def connect(self) -> Any: ...

    @abstractmethod
    def begin(self, connection: Any, write: bool) -> None: ...

    @abstractmethod
    def commit(self, connection: Any) -> None: ...

    @abstractmethod
    def rollback(self, connection: Any) -> None: ...

    @abstractmethod
    def execute(self, connection: Any, sql: str, params: Params | None) -> Any: ...

    @abstractmethod
    def execute_many(self, connection: Any, sql: str, rows: Sequence[Params]) -> None: ...

    @abstractmethod
    def run_script(self, connection: Any, script: str) -> None:
        """Run a migration file (several statements) inside the open transaction."""

    @abstractmethod
    def table_names(self, connection: Any) -> set[str]: ...

    @abstractmethod
    def attribution_text_match(self, parameter: str) -> str:
        """A WHERE condition on alias ``a`` (attributions): its content matches the search text ``:parameter``."""

    @abstractmethod
    def attribution_text_rows(self, parameter: str) -> str:
        """A query with one row per attribution whose content matches ``:parameter``, for counting them (the
        caller adds a LIMIT): the cheapest the engine has."""

    @abstractmethod
    def newest_first_walk(self, article_where: str, attribution_where: str) -> str:
        """A FROM ... WHERE clause joining articles ``r`` (filtered by ``article_where``) and their attributions
        ``a`` (``attribution_where``) that makes the engine walk articles in ``published_date`` order and look
        up each one's attributions, so ORDER BY (newest first) ... LIMIT stops early, without sorting every
        match; for searches with many matches."""

    @abstractmethod
    def article_text_match(self, parameter: str) -> str:
        """A WHERE condition on alias ``r`` (articles): its title or text matches ``:parameter``."""

    def batch(self, connection: Any) -> AbstractContextManager[Any]:
        """Statements run inside ``with engine.batch(connection):`` may be sent together, their errors raised at
        the end of the block at the latest; for a run of writes that read nothing back."""
        return nullcontext()

    def speaker_name_match(self, parameter: str) -> str:
        """A WHERE condition on alias ``a``: the speaker's name is one of the stored names that are LIKE
        ``:parameter`` (any case), found in the few rows of ``speaker_names``, then through the index on
        ``lower(speaker_name)``, not by a scan of every attribution (63 ms -> see benchmarks/README.md)."""
        return (f"lower(a.speaker_name) IN (SELECT lower(n.name) FROM speaker_names n "
                f"WHERE lower(n.name) LIKE :{parameter} ESCAPE '\\')")

    @abstractmethod
    def refresh_statistics(self, connection: Any) -> None:
        """After a bulk load, inside the open transaction: update the planner's statistics of the searched
        tables where the engine's plans depend on them."""

    def search_text(self, text: str) -> str | None:
        """The user's search text as the engine's query parameter; None when it has no word to search."""
        return text.strip() if re.search(r"\w", text) else None

    @abstractmethod
    def is_driver_error(self, error: Exception) -> bool:
        """Whether the exception came from the database driver (and ``translate`` should code it)."""

    @abstractmethod
    def translate(self, error: Exception) -> StoreError:
        """The coded error a driver exception means."""

    @abstractmethod
    def close(self, connection: Any) -> None: ...


class SQLiteDialect(Dialect):
    name = "sqlite"

    def __init__(self, target: str, timeout: float) -> None:
        super().__init__(target, timeout)
        self.path = Path(target)

    def connect(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise StoreError(Errors.E020, target=self.target, detail="it is a directory")
        if self.path.exists():
            self._check_header()
        elif not self.path.parent.is_dir():
            raise StoreError(Errors.E020, target=self.target, detail=f"no directory {self.path.parent}")
        try:
            # isolation_level=None: no implicit transactions; the store opens each one itself (BEGIN IMMEDIATE
            # for writes, so that waiting for a lock happens at the start, under the busy timeout).
            connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None,
                                         check_same_thread=False)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            tables = {name for name in self.table_names(connection) if not name.startswith("sqlite_")}
            if tables and "schema_migrations" not in tables:
                # Another program's database: refuse before changing anything (even its journal mode).
                connection.close()
                shown = ", ".join(sorted(tables)[:5])
                raise StoreError(Errors.E021, target=self.target,
                                 detail=f"it has tables ({shown}) but no schema_migrations table of newsprobe")
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode: a crash loses at most the last commits, never consistency (sqlite.org/wal.html).
            connection.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as error:
            raise self.translate(error) from error
        return connection

    def _check_header(self) -> None:
        try:
            with self.path.open("rb") as handle:
                head = handle.read(len(_SQLITE_MAGIC))
        except OSError as error:
            raise StoreError(Errors.E020, target=self.target, detail=error.strerror or error) from error
        if head and head != _SQLITE_MAGIC:
            raise StoreError(Errors.E021, target=self.target, detail="the file is not a SQLite database")

    def begin(self, connection: Any, write: bool) -> None:
        connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")

    def commit(self, connection: Any) -> None:
        connection.execute("COMMIT")

    def rollback(self, connection: Any) -> None:
        if connection.in_transaction:
            connection.execute("ROLLBACK")

    def execute(self, connection: Any, sql: str, params: Params | None) -> Any:
        return connection.execute(sql, dict(params) if params else {})

    def execute_many(self, connection: Any, sql: str, rows: Sequence[Params]) -> None:
        connection.executemany(sql, rows)

    def run_script(self, connection: Any, script: str) -> None:
        # executescript() would COMMIT first; split into statements instead (triggers hold ";" inside
        # BEGIN ... END, which sqlite3.complete_statement understands) and run them in our transaction.
        statement = ""
        for line in script.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                connection.execute(statement)
                statement = ""
        if any(line.strip() and not line.strip().startswith("--") for line in statement.splitlines()):
            connection.execute(statement)  # the last statement, without its ";"

    def table_names(self, connection: Any) -> set[str]:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").fetchall()
        return {row[0] for row in rows}

    def attribution_text_match(self, parameter: str) -> str:
        return f"a.id IN (SELECT rowid FROM attributions_fts WHERE attributions_fts MATCH :{parameter})"

    def refresh_statistics(self, connection: Any) -> None:
        # Nothing: the search plans are fixed by the SQL (CROSS JOIN, the FTS table, the names table) and were
        # measured without sqlite_stat1; ANALYZE would let the planner change them.
        return None

    def attribution_text_rows(self, parameter: str) -> str:
        return f"SELECT 1 AS one FROM attributions_fts WHERE attributions_fts MATCH :{parameter}"

    def newest_first_walk(self, article_where: str, attribution_where: str) -> str:
        # CROSS JOIN: SQLite keeps the left table as the outer loop (sqlite.org/optoverview.html#crossjoin).
        return (f"FROM articles r CROSS JOIN attributions a "
                f"WHERE r.id = a.article_id AND {article_where} AND {attribution_where}")

    def article_text_match(self, parameter: str) -> str:
        return f"r.row_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :{parameter})"

    def search_text(self, text: str) -> str | None:
        return fts5_query(text)

    def is_driver_error(self, error: Exception) -> bool:
        return isinstance(error, sqlite3.Error)

    def translate(self, error: Exception) -> StoreError:
        message = str(error)
        lowered = message.lower()
        if "locked" in lowered or "busy" in lowered:
            return StoreError(Errors.E024, target=self.target, seconds=self.timeout, detail=message)
        if "file is not a database" in lowered:
            return StoreError(Errors.E021, target=self.target, detail=message)
        if "malformed" in lowered or "corrupt" in lowered:
            return StoreError(Errors.E022, target=self.target, detail=message)
        if isinstance(error, sqlite3.OperationalError) and "unable to open" in lowered:
            return StoreError(Errors.E020, target=self.target, detail=message)
        return StoreError(Errors.E028, target=self.target, detail=message)

    def close(self, connection: Any) -> None:
        connection.close()


class PostgreSQLDialect(Dialect):
    name = "postgresql"

    @property
    def shown(self) -> str:
        parts = urlsplit(self.target)
        if parts.password is None:
            return self.target
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))

    def connect(self) -> Any:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as error:  # an optional dependency: pip install 'newsprobe[postgres]'
            raise StoreError(Errors.E020, target=self.shown,
                             detail="psycopg is not installed (pip install 'psycopg[binary]')") from error
        try:
            # autocommit: transactions are opened explicitly (conn.transaction()), never implicitly by a read.
            return psycopg.connect(self.target, autocommit=True, row_factory=dict_row,
                                   connect_timeout=max(1, int(self.timeout)))
        except psycopg.Error as error:
            raise StoreError(Errors.E020, target=self.shown, detail=_first_line(error)) from error

    def begin(self, connection: Any, write: bool) -> None:
        connection.execute("BEGIN")

    def commit(self, connection: Any) -> None:
        connection.execute("COMMIT")

    def rollback(self, connection: Any) -> None:
        if not connection.closed:
            connection.execute("ROLLBACK")

    def execute(self, connection: Any, sql: str, params: Params | None) -> Any:
        return connection.execute(self._placeholders(sql), dict(params) if params else None)

    def execute_many(self, connection: Any, sql: str, rows: Sequence[Params]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(self._placeholders(sql), rows)

    def run_script(self, connection: Any, script: str) -> None:
        connection.execute(script)  # no parameters: psycopg sends the whole script as one simple query

    def table_names(self, connection: Any) -> set[str]:
        rows = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()").fetchall()
        return {row["table_name"] for row in rows}

    def attribution_text_match(self, parameter: str) -> str:
        return f"a.content_tsv @@ websearch_to_tsquery('english', :{parameter})"

    def batch(self, connection: Any) -> AbstractContextManager[Any]:
        # Pipeline mode: the statements go out without waiting for each one's answer, one round trip in all
        # (psycopg's executemany pipelines its own rows, but not one executemany with the next).
        return connection.pipeline()  # type: ignore[no-any-return]

    def speaker_name_match(self, parameter: str) -> str:
        # ARRAY(...) is an InitPlan, run once a query: as IN (...) PostgreSQL made it a semi-join, which inside
        # the LATERAL walk (newest_first_walk) scanned speaker_names again for every article (53 ms a page).
        return (f"lower(a.speaker_name) = ANY (ARRAY(SELECT lower(n.name) FROM speaker_names n "
                f"WHERE lower(n.name) LIKE :{parameter} ESCAPE '\\'))")

    def refresh_statistics(self, connection: Any) -> None:
        # Autovacuum analyses a table only after its next nap (a minute) once a tenth of it changed; until then
        # the planner takes a freshly loaded table for empty and scans it. ANALYZE samples 30,000 rows a table
        # (default_statistics_target 100), a fraction of a second on 100k attributions.
        connection.execute("ANALYZE articles, attributions, speaker_names")

    def attribution_text_rows(self, parameter: str) -> str:
        # The GIN index finds the rows, but the heap is read to check that each is visible: bounded by LIMIT.
        return (f"SELECT 1 AS one FROM attributions a "
                f"WHERE a.content_tsv @@ websearch_to_tsquery('english', :{parameter})")

    def newest_first_walk(self, article_where: str, attribution_where: str) -> str:
        # A LATERAL subquery with OFFSET 0 cannot be flattened into a join, so the planner must take articles
        # as the outer loop (in the order of articles_newest_first, 0003) and stop at the LIMIT. As a plain
        # join it sorted every match when it misjudged a speaker search as rare (26 ms -> see
        # benchmarks/README.md).
        return (f"FROM articles r CROSS JOIN LATERAL (SELECT * FROM attributions a WHERE a.article_id = r.id "
                f"AND {attribution_where} OFFSET 0) a WHERE {article_where}")

    def article_text_match(self, parameter: str) -> str:
        return f"r.search_tsv @@ websearch_to_tsquery('english', :{parameter})"

    def is_driver_error(self, error: Exception) -> bool:
        import psycopg

        return isinstance(error, psycopg.Error)

    def translate(self, error: Exception) -> StoreError:
        import psycopg

        message = _first_line(error)
        if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
            return StoreError(Errors.E025, target=self.shown, detail=message)
        return StoreError(Errors.E028, target=self.shown, detail=message)

    def close(self, connection: Any) -> None:
        connection.close()

    @staticmethod
    def _placeholders(sql: str) -> str:
        # psycopg's style is %(name)s, so a literal % must be doubled first.
        return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


def dialect_for(target: str, timeout: float) -> Dialect:
    """``postgresql://`` / ``postgres://`` URLs, ``sqlite:///PATH``, or a plain file path."""
    if target.startswith(("postgresql://", "postgres://")):
        return PostgreSQLDialect(target, timeout)
    if target.startswith("sqlite:///"):
        return SQLiteDialect(target.removeprefix("sqlite:///") or "newsprobe.db", timeout)
    if "://" in target or not target.strip():
        raise StoreError(Errors.E026, target=target)
    return SQLiteDialect(target, timeout)


_FTS_TOKEN = re.compile(r'"([^"]*)"|(\w+)')


def fts5_query(text: str) -> str | None:
    """User search text as an FTS5 query that cannot be a syntax error: every word, all required, with
    "quoted phrases" kept as phrases, as PostgreSQL's websearch_to_tsquery reads the same text.

    FTS5's own syntax treats ``-``, ``:``, ``*``, ``AND`` ... as operators, so raw user text (``al-Ameri``)
    would fail or mean something else; each word is quoted instead.
    """
    terms: list[str] = []
    for phrase, word in _FTS_TOKEN.findall(text):
        words = re.findall(r"\w+", phrase) if phrase else [word]
        if words:
            terms.append('"' + " ".join(words) + '"')
    return " ".join(terms) or None


def rows_as_dicts(rows: Iterable[Any]) -> list[Row]:
    return [dict(row) for row in rows]


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
