"""Versioned schema migrations: ordered SQL files per dialect, recorded in ``schema_migrations``.

``migrations/<dialect>/NNNN_name.sql`` (``0001_core.sql``, ``0002_corpus.sql`` ...): each file runs once, in
the order of its number, inside one transaction with its ``schema_migrations`` row, so a migration is
applied whole or not at all. A database that records a version this newsprobe has no file for was written
by a newer newsprobe (E023); a file with tables but no ``schema_migrations`` is someone else's (E021).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from newsprobe.errors import Errors, StoreError
from newsprobe.store.dialects import Dialect

_FILE_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")
_TABLE = "schema_migrations"
# The runner's own table: outside the numbered files so it exists before the first of them runs.
_CREATE_TABLE = (f"CREATE TABLE IF NOT EXISTS {_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                 "applied_at TEXT NOT NULL, newsprobe_version TEXT NOT NULL)")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def known_migrations(dialect: str) -> tuple[Migration, ...]:
    """The migration files shipped for one dialect, in order."""
    folder = files("newsprobe.store").joinpath("migrations", dialect)
    found = []
    for entry in folder.iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migration files share a number in migrations/{dialect}: {versions}")
    return tuple(found)


def applied_versions(dialect: Dialect, connection: Any) -> list[int] | None:
    """Versions recorded in the database; None for an empty, new database. Checks the file is newsprobe's."""
    tables = dialect.table_names(connection)
    if _TABLE not in tables:
        user_tables = {name for name in tables if not name.startswith("sqlite_")}
        if user_tables:
            shown = ", ".join(sorted(user_tables)[:5])
            raise StoreError(Errors.E021, target=dialect.shown,
                             detail=f"it has tables ({shown}) but no {_TABLE} table of newsprobe")
        return None
    try:
        rows = dialect.execute(connection, f"SELECT version, name FROM {_TABLE} ORDER BY version", None).fetchall()
    except Exception as error:  # another program's schema_migrations (Rails has one) lacks our columns
        raise StoreError(Errors.E021, target=dialect.shown,
                         detail=f"its {_TABLE} table is not newsprobe's ({error})") from error
    rows = [dict(row) for row in rows]
    if rows and (rows[0]["version"], rows[0]["name"]) != (1, "core"):
        raise StoreError(Errors.E021, target=dialect.shown, detail=f"its {_TABLE} table is not newsprobe's")
    return [int(row["version"]) for row in rows]


def pending(dialect: Dialect, connection: Any) -> tuple[list[Migration], list[int]]:
    """(migrations still to apply, versions applied); E023 when the database is newer than this code."""
    known = known_migrations(dialect.name)
    applied = applied_versions(dialect, connection) or []
    known_versions = {migration.version for migration in known}
    unknown = [version for version in applied if version not in known_versions]
    if unknown:
        raise StoreError(Errors.E023, target=dialect.shown, found=max(applied),
                         known=max(known_versions, default=0))
    done = set(applied)
    return [migration for migration in known if migration.version not in done], applied


def apply(dialect: Dialect, connection: Any, migration: Migration, newsprobe_version: str) -> None:
    """Run one migration and record it; the caller holds the transaction."""
    dialect.run_script(connection, _CREATE_TABLE)
    dialect.run_script(connection, migration.sql)
    dialect.execute(connection, f"INSERT INTO {_TABLE} (version, name, applied_at, newsprobe_version) "
                                "VALUES (:version, :name, :applied_at, :newsprobe_version)",
                    {"version": migration.version, "name": migration.name,
                     "applied_at": datetime.now(UTC).isoformat(timespec="seconds"),
                     "newsprobe_version": newsprobe_version})
