"""Faults of the store, each a coded StoreError with nothing half-written: foreign and damaged files, a newer
schema, a locked SQLite file, a PostgreSQL connection lost mid-save."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsprobe.errors import StoreError
from newsprobe.store import Transaction, open_store
from tests.store_samples import sample_analysis


def _code(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError) as raised:
        call()
    return raised.value.code


def test_a_text_file_named_db_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list: eggs, milk\n", encoding="utf-8")
    assert _code(lambda: open_store(path)) == "E021"
    assert path.read_text(encoding="utf-8") == "shopping list: eggs, milk\n"


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE invoices (number INTEGER, total REAL)")
    assert _code(lambda: open_store(path)) == "E021"
    with sqlite3.connect(path) as other:  # untouched: no newsprobe table was added
        names = {row[0] for row in other.execute("SELECT name FROM sqlite_master")}
        journal = other.execute("PRAGMA journal_mode").fetchone()[0]
    assert names == {"invoices"} and journal == "delete"


def test_a_damaged_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "newsprobe.db"
    with open_store(path) as store:
        for number in range(30):
            store.save(sample_analysis(f"article-{number}", extra="Filler sentence. " * 40))
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page, len(data), page):  # every page after the first (schema) one: garbage
        data[offset:offset + 100] = b"\xde\xad" * 50
    path.write_bytes(bytes(data))

    def read_everything() -> None:
        with open_store(path, migrate=False) as store:
            store.search("cranes")
            for number in range(30):
                store.article(f"article-{number}")

    assert _code(read_everything) == "E022"


def test_a_newer_schema_is_refused_before_anything_is_written(store_target: str) -> None:
    with open_store(store_target) as store, store.transaction() as tx:
        tx.execute("INSERT INTO schema_migrations (version, name, applied_at, newsprobe_version) "
                   "VALUES (99, 'future', '2030-01-01', '9.0')")
    assert _code(lambda: open_store(store_target)) == "E023"
    assert _code(lambda: open_store(store_target, migrate=False)) == "E023"


def test_a_pending_migration_stops_readers_and_migrate_applies_it(store_target: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsprobe.store import schema

    open_store(store_target).close()
    shipped = schema.known_migrations
    extra = schema.Migration(90, "extra", "CREATE TABLE extra_notes (note TEXT NOT NULL);\n"
                                          "INSERT INTO extra_notes (note) VALUES ('added');\n")
    monkeypatch.setattr(schema, "known_migrations", lambda dialect: (*shipped(dialect), extra))
    assert _code(lambda: open_store(store_target, migrate=False)) == "E027"
    with open_store(store_target, migrate=None) as store:
        assert store.migrate() == ["0090_extra"]
        assert store.migrate() == []
        with store.transaction(write=False) as tx:
            assert tx.fetch_value("SELECT note FROM extra_notes") == "added"
    open_store(store_target, migrate=False).close()


def test_a_locked_database_waits_then_fails_with_nothing_written(tmp_path: Path) -> None:
    path = tmp_path / "newsprobe.db"
    open_store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with open_store(path, timeout=0.3, migrate=None) as store:
            assert _code(lambda: store.save(sample_analysis())) == "E024"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with open_store(path) as store:
        assert not store.has_article("harbour-1")


def test_a_lost_postgresql_connection_keeps_nothing_of_the_save(postgres_database: str) -> None:
    import psycopg

    def backend_pid(store) -> int:  # type: ignore[no-untyped-def]
        with store.transaction(write=False) as tx:
            return int(tx.fetch_value("SELECT pg_backend_pid()"))

    def terminate(pid: int) -> None:
        with psycopg.connect(postgres_database, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

    pids: list[int] = []

    def cut_the_line(tx: Transaction, analysis):  # type: ignore[no-untyped-def]
        # The article's rows are written; the server loses the connection before the commit.
        terminate(pids[0])
        return ()

    with open_store(postgres_database) as store:
        store.save(sample_analysis("kept"))
    with open_store(postgres_database, hooks=[cut_the_line]) as store:
        pids.append(backend_pid(store))
        assert _code(lambda: store.save(sample_analysis("lost"))) == "E025"
        assert _code(lambda: store.article("kept")) == "E025"  # the store stays broken, and says so
    with open_store(postgres_database) as store:
        pid = backend_pid(store)
        terminate(pid)
        assert _code(lambda: store.has_article("kept")) == "E025"
    with open_store(postgres_database) as store:
        assert store.has_article("kept") and not store.has_article("lost")
        with store.transaction(write=False) as tx:
            assert tx.fetch_value("SELECT count(*) FROM attributions WHERE article_id = 'lost'") == 0


def test_an_unreachable_server_is_a_coded_error(postgres_server: str) -> None:
    port = int(postgres_server.rsplit(":", 1)[1])
    assert _code(lambda: open_store(f"postgresql://postgres@127.0.0.1:{port + 1}/none", timeout=1)) == "E020"
