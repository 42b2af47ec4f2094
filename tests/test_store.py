"""The store on both engines: round trip, replacement, search, stats, migrations, hooks."""

from __future__ import annotations

import dataclasses

import pytest

from newsprobe.errors import StoreError
from newsprobe.models import Finding
from newsprobe.store import SearchQuery, Transaction, open_store
from tests.store_samples import RUN, sample_analysis


def test_article_round_trip_is_exact(store_target: str) -> None:
    analysis = sample_analysis()
    with open_store(store_target) as store:
        assert store.article("harbour-1") is None
        assert store.save(analysis) == analysis
        assert store.has_article("harbour-1")
        assert store.article("harbour-1") == analysis
    with open_store(store_target, migrate=False) as store:  # and after reopening
        assert store.article("harbour-1") == analysis


def test_saving_again_replaces_the_earlier_rows(store_target: str) -> None:
    first = sample_analysis()
    second = sample_analysis(quote="the gates stay shut until Friday",
                             run=dataclasses.replace(RUN, settings_hash="other"))
    with open_store(store_target, hooks=[]) as store:
        store.save(first)
        store.save(first)
        store.save(second)
        assert store.article("harbour-1") == second
        with store.transaction(write=False) as tx:
            assert tx.fetch_value("SELECT count(*) FROM articles") == 1
            assert tx.fetch_value("SELECT count(*) FROM attributions") == 2
            assert tx.fetch_value("SELECT count(*) FROM relays") == 1
            run_ids = {row["run_id"] for row in tx.fetch_all("SELECT run_id FROM attributions")}
            article_run = tx.fetch_value("SELECT run_id FROM articles")
            assert tx.fetch_value("SELECT settings_hash FROM runs WHERE id = :id", {"id": article_run}) == "other"
        assert run_ids == {article_run}
        assert store.search("cranes").total == 0
        assert store.search("gates shut").total == 1
        assert store.is_current(second.article, second.run)
        assert not store.is_current(second.article, RUN)


def test_search_by_text_speaker_outlet_dates_source_type_and_finding(store_target: str) -> None:
    with open_store(store_target, hooks=[]) as store:  # the store alone: no corpus findings
        store.save(sample_analysis("a", outlet="Harbour Gazette", published="2023-05-02"))
        store.save(sample_analysis("b", outlet="Coast Post", published="2023-06-10", speaker="Hadi al-Ameri",
                                   quote="the convoy turned back at the border"))
        store.save(sample_analysis("c", outlet="Coast Post", published="2022-01-01", speaker="Ana Costa",
                                   quote="no ship has left since dawn"))
        assert [hit.article.id for hit in store.search("crane stops").hits] == ["a"]  # stemmed, any form
        assert store.search('"convoy turned back"').total == 1
        assert store.search("al-Ameri (border)").total == 0  # operators in user text are plain words
        by_speaker = store.search(SearchQuery(speaker="AL-AMERI"))
        assert [(hit.article.id, hit.attribution.speaker.name) for hit in by_speaker.hits] == [("b", "Hadi al-Ameri")]
        assert by_speaker.hits[0].attribution.via[0].name == "Coast Radio"
        assert by_speaker.hits[0].attribution_id == "b#0"
        assert store.search(SearchQuery(speaker="100%")).total == 0
        ignored = store.search("?!")
        assert ignored.total == 6 and [notice.code for notice in ignored.notices] == ["W020"]
        assert store.search(SearchQuery(outlet="coast post")).total == 4
        dated = store.search(SearchQuery(since="2023-01-01", until="2023-05-31"))
        assert {hit.article.id for hit in dated.hits} == {"a"}
        assert store.search(SearchQuery(source_type="named_organization")).total == 3
        assert store.search(SearchQuery(finding_type="weekday_date_mismatch", outlet="Coast Post")).total == 4
        assert store.search(SearchQuery(finding_type="recycled_quote")).total == 0
        newest_first = store.search(SearchQuery(limit=2, offset=0))
        assert newest_first.total == 6 and [hit.article.id for hit in newest_first.hits] == ["b", "b"]
        assert [hit.article.id for hit in store.search(SearchQuery(limit=2, offset=4)).hits] == ["c", "c"]
        articles = store.search_articles(SearchQuery(text="ships offshore", speaker="costa"))
        assert [hit.article.id for hit in articles.hits] == ["c"] and articles.hits[0].attributions == 2
        stats = store.stats()
        assert (stats.articles, stats.attributions, stats.speakers, stats.findings) == (3, 6, 4, 3)
        assert stats.first_published == "2022-01-01" and stats.outlets[0] == ("Coast Post", 2)
        assert stats.schema_version >= 1 and len(stats.runs) == 1 and stats.runs[0].articles == 3


def _hit_keys(page: object) -> list[tuple[str, int]]:
    return [(hit.article.id, hit.ordinal) for hit in page.hits]  # type: ignore[attr-defined]


def test_counts_stop_at_the_limit_and_say_so_and_both_page_plans_agree(store_target: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsprobe.store import queries

    with open_store(store_target, hooks=[]) as store:
        for number, published in enumerate(("2023-05-02", None, "2023-06-10", "2022-01-01", "2023-06-10")):
            store.save(sample_analysis(f"n{number}", published=published, speaker=f"Ana Costa {number}"))
        kinds = [SearchQuery(), SearchQuery(text="crane"), SearchQuery(speaker="costa"),
                 SearchQuery(since="2022-06-01", until="2023-12-31"), SearchQuery(speaker="costa", since="2023-01-01"),
                 SearchQuery(text="crane", limit=3, offset=5), SearchQuery(limit=4, offset=8)]
        exact = [store.search(query) for query in kinds]
        assert [page.total for page in exact] == [10, 5, 5, 6, 3, 5, 10] and all(page.total_exact for page in exact)
        assert _hit_keys(exact[0])[:4] == [("n4", 0), ("n4", 1), ("n2", 0), ("n2", 1)]  # newest first (id DESC)
        assert _hit_keys(exact[0])[-2:] == [("n1", 0), ("n1", 1)]  # undated last
        # Every page through the walk along articles (the plan for many matches) is the page sorted in full.
        monkeypatch.setattr(queries, "_MANY_MATCHES", 0)
        assert [_hit_keys(store.search(query)) for query in kinds] == [_hit_keys(page) for page in exact]
        monkeypatch.setattr(queries, "COUNT_LIMIT", 4)
        bounded = store.search(SearchQuery(limit=2))
        assert (bounded.total, bounded.total_exact) == (4, False)  # "at least 4"
        assert _hit_keys(bounded) == _hit_keys(exact[0])[:2]
        crane = store.search(SearchQuery(text="crane", limit=2))  # the full-text index's own count, bounded too
        assert (crane.total, crane.total_exact) == (4, False)
        dated = store.search(SearchQuery(since="2023-06-01", limit=2))
        assert (dated.total, dated.total_exact) == (4, True)  # exactly the limit: exact
        deep = store.search(SearchQuery(limit=3, offset=4))  # counted to the end of the page asked for, at least
        assert (deep.total, deep.total_exact, len(deep.hits)) == (7, False, 3)
        last = store.search(SearchQuery(limit=4, offset=8))
        assert (last.total, last.total_exact, len(last.hits)) == (10, True, 2)
        articles = store.search_articles(SearchQuery(limit=2))
        assert (articles.total, articles.total_exact, len(articles.hits)) == (4, False, 2)


def test_post_save_hook_writes_in_the_same_transaction(store_target: str) -> None:
    recycled = Finding("recycled_quote", "seen in 2019", "warning", (), method="test")

    def hook(tx: Transaction, analysis):  # type: ignore[no-untyped-def]
        tx.execute("INSERT INTO hook_log (article_id) VALUES (:id)", {"id": analysis.article.id})
        return [recycled]

    def failing_hook(tx: Transaction, analysis):  # type: ignore[no-untyped-def]
        tx.execute("INSERT INTO hook_log (article_id) VALUES (:id)", {"id": analysis.article.id})
        raise RuntimeError("corpus step failed")

    with open_store(store_target, hooks=[hook]) as store:
        with store.transaction() as tx:
            tx.execute("CREATE TABLE hook_log (article_id TEXT NOT NULL)")
        stored = store.save(sample_analysis("a"))
        assert stored.findings[-1] == recycled
        assert store.article("a") == stored
        assert store.save(stored) == stored  # a finding already there is not added twice
        assert store.search(SearchQuery(finding_type="recycled_quote")).total == 2
    with open_store(store_target, hooks=[failing_hook]) as store:
        with pytest.raises(RuntimeError):
            store.save(sample_analysis("b"))
        assert not store.has_article("b")
        with store.transaction(write=False) as tx:
            assert [row["article_id"] for row in tx.fetch_all("SELECT article_id FROM hook_log")] == ["a", "a"]


def test_readers_do_not_create_a_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError) as raised:
        open_store(tmp_path / "missing.db", migrate=False)
    assert raised.value.code == "E020" and not (tmp_path / "missing.db").exists()
    with pytest.raises(StoreError) as raised:
        open_store("mysql://somewhere/db")
    assert raised.value.code == "E026"


def test_the_registered_corpus_hooks_run_in_save(store_target: str) -> None:
    """With no ``hooks`` given, the store package's hook modules (the corpus tables) run; what they add is
    stored with the article and read back as saved."""
    with open_store(store_target) as store:
        first = store.save(sample_analysis("a", published="2021-03-01"))
        later = store.save(sample_analysis("b", published="2023-06-10", outlet="Coast Post"))
        assert store.article("a") == first and store.article("b") == later
        with store.transaction(write=False) as tx:
            assert tx.fetch_value("SELECT count(*) FROM findings WHERE article_id = 'b'") == len(later.findings)


def test_export_every_table_in_every_format(store_target: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv
    import json

    import pyarrow.parquet as pq

    from newsprobe.store.export import EXPORT_TABLES, export_table
    from newsprobe.store.queries import EXPORT_COLUMNS

    linked = sample_analysis("copy", outlet="Coast Post")
    linked = dataclasses.replace(linked, article=dataclasses.replace(linked.article, duplicate_of="harbour-1",
                                                                     duplicate_similarity=0.82))
    with open_store(store_target, hooks=[]) as store:
        store.save(sample_analysis())
        store.save(linked)
        expected = {"articles": 2, "attributions": 4, "speakers": 2, "entities": 4, "findings": 2}
        for table in EXPORT_TABLES:
            for fmt in ("jsonl", "csv", "parquet"):
                path = tmp_path / f"{table}.{fmt}"
                assert export_table(store, table, fmt, path) == expected[table]
                if fmt == "jsonl":
                    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
                elif fmt == "csv":
                    with path.open(encoding="utf-8", newline="") as handle:
                        rows = list(csv.DictReader(handle))
                else:
                    rows = pq.read_table(path).to_pylist()
                assert len(rows) == expected[table] and list(rows[0]) == list(EXPORT_COLUMNS[table])
        articles = {row["id"]: row for row in pq.read_table(tmp_path / "articles.parquet").to_pylist()}
        assert articles["copy"]["duplicate_of"] == "harbour-1" and articles["copy"]["duplicate_similarity"] == 0.82
        assert articles["harbour-1"]["settings_hash"] == RUN.settings_hash
        speakers = {row["name"]: row for row in pq.read_table(tmp_path / "speakers.parquet").to_pylist()}
        assert speakers["Mara Okafor"]["articles"] == 2
        assert speakers["Mara Okafor"]["outlets"] == "Coast Post; Harbour Gazette"
        with pytest.raises(StoreError) as raised:
            export_table(store, "attributions", "parquet", tmp_path / "missing" / "a.parquet")
        assert raised.value.code == "E029" and not list((tmp_path).glob("missing*"))


def test_one_sql_text_for_both_dialects() -> None:
    from newsprobe.store.dialects import PostgreSQLDialect, dialect_for, fts5_query

    translate = PostgreSQLDialect._placeholders
    assert translate("SELECT :a::text, '5%' LIKE :b, x:y") == "SELECT %(a)s::text, '5%%' LIKE %(b)s, x:y"
    assert fts5_query('al-Ameri said "no deal" AND * -x') == '"al" "Ameri" "said" "no deal" "AND" "x"'
    assert fts5_query("?! ...") is None
    assert dialect_for("sqlite:///tmp/x.db", 1).name == "sqlite"
    assert dialect_for("postgres://u@h/db", 1).name == "postgresql"
    assert PostgreSQLDialect("postgresql://u:secret@h/db", 1).shown == "postgresql://u:***@h/db"


def test_every_store_command_and_option_is_documented() -> None:
    import argparse
    from pathlib import Path

    from newsprobe.cli import store as store_commands

    docs = (Path(__file__).resolve().parents[1] / "docs" / "store.md").read_text(encoding="utf-8")
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers()
    store_commands.add_commands(commands)
    for name, command in commands.choices.items():
        assert f"**{name}**" in docs, name
        for action in command._actions:
            for option in action.option_strings:
                if option.startswith("--") and option not in {"--help", "--allow-private", "--field",
                                                              "--extraction-focus", "--max-bytes", "--model",
                                                              "--keep-boilerplate", "--outlet", "--json"}:
                    assert f"`{option}" in docs, f"{name} {option}"


def test_a_bulk_load_refreshes_the_planner_statistics_on_postgresql(store_target: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsprobe.store import database

    monkeypatch.setattr(database, "BULK_LOAD", 2)
    with open_store(store_target, hooks=[]) as store:
        assert store.save_many([sample_analysis("one")]) == 1  # under BULK_LOAD: left to autovacuum
        assert store.save_many([sample_analysis("two"), sample_analysis("three")]) == 2
        with store.transaction(write=False) as tx:
            if tx.dialect != "postgresql":
                return  # SQLite's plans here do not depend on statistics; nothing is analysed
            # ANALYZE sets reltuples to the rows it found (-1: never analysed); autovacuum is too slow for this
            analysed = tx.fetch_value("SELECT reltuples FROM pg_class WHERE relname = 'attributions'")
            index = tx.fetch_value("SELECT count(*) FROM pg_indexes WHERE indexname = 'articles_newest_first'")
        assert (analysed, index) == (6, 1)
