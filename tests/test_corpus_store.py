"""The corpus tables on both engines: traces kept incrementally, recycled_quote saved with the article,
speaker corrections that survive re-analysis, the stored citation graph. Hand-made analyses, no spaCy."""

from __future__ import annotations

import dataclasses

from newsprobe.corpus.citations import citation_edges
from newsprobe.models import Relay, SpeakerCorrection
from newsprobe.store import open_store
from newsprobe.store.corpus_tables import (
    add_correction,
    people,
    quote_traces,
    trace_for,
    traces_matching,
)
from newsprobe.store.corpus_tables import citation_edges as stored_edges
from tests.test_corpus_tracing import ORIGINAL, article_with

FIRST = article_with("a1", "2023-11-02", "Valley Courier", (ORIGINAL, "Samir al-Hadidi", None),
                     ("Foreign soldiers must leave the river base before the spring floods.", "Samir al-Hadidi", None))
SECOND = article_with("a2", "2023-11-03", "Northern Wire",
                      (ORIGINAL.replace("single", "lone"), "Samir al-Hadeedi", None))
LATE = article_with("a3", "2024-02-15", "Daily Meridian",
                    ("We will not accept a single foreign soldier on our land", "al-Hadidi", None))


def test_traces_are_built_as_articles_arrive_and_recycling_is_saved_with_the_article(store_target: str) -> None:
    with open_store(store_target) as store:
        assert store.save(FIRST) == FIRST
        assert store.save(SECOND) == SECOND  # a day later: no finding
        stored = store.save(LATE)
        [finding] = [f for f in stored.findings if f.type == "recycled_quote"]
        assert "105 days earlier" in finding.message
        assert store.article("a3") == stored  # in the stored document ...
        with store.transaction(write=False) as tx:  # ... and in the findings table, in the same transaction
            assert tx.fetch_value("SELECT count(*) FROM findings WHERE type = 'recycled_quote'") == 1
            trace = trace_for(tx, "a3#0")
            assert trace is not None and [a.attribution_id for a in trace.appearances] == ["a1#0", "a2#0", "a3#0"]
            assert [a.drift for a in trace.appearances] == ["earliest", "reworded", "truncated"]
            assert not trace.speaker_changed  # al-Hadeedi and al-Hadidi are one person's spellings
            assert [t.id for t in quote_traces(tx)] == ["a1#0"]
            assert [t.id for t in traces_matching(tx, "we will NOT accept a single foreign soldier")] == ["a1#0"]
            assert traces_matching(tx, "the spring floods") == []
            single = trace_for(tx, "a1#1")
            assert single is not None and len(single.appearances) == 1


def test_an_earliest_wording_stored_after_its_reuse_flags_the_reuse_once(store_target: str) -> None:
    with open_store(store_target) as store:
        assert store.save(LATE) == LATE  # alone: nothing to compare with, no finding
        store.save(SECOND)  # a day less than 105 earlier: flags the late article
        [finding] = [f for f in store.article("a3").findings if f.type == "recycled_quote"]  # type: ignore[union-attr]
        assert "104 days earlier" in finding.message and "Northern Wire" in finding.message
        store.save(FIRST)  # an even earlier wording: the late article keeps its one finding
        store.save(FIRST)  # and a re-save adds nothing either
        late = store.article("a3")
        assert late is not None and [f.type for f in late.findings] == ["recycled_quote"]
        assert store.article("a2") == SECOND  # a day after the first wording: not recycled
        with store.transaction(write=False) as tx:
            rows = tx.fetch_all("SELECT article_id, ordinal FROM findings WHERE type = 'recycled_quote'")
            assert [(row["article_id"], row["ordinal"]) for row in rows] == [("a3", len(LATE.findings))]
            assert tx.fetch_value("SELECT finding_count FROM articles WHERE id = 'a3'") == len(late.findings)


def test_reanalysis_replaces_quotes_and_links_once(store_target: str) -> None:
    with open_store(store_target) as store:
        for analysis in (LATE, FIRST, SECOND):  # the late article first: its trace is found from either side
            store.save(analysis)
        store.save(FIRST)
        store.save(dataclasses.replace(LATE, findings=()))
        with store.transaction(write=False) as tx:
            assert tx.fetch_value("SELECT count(*) FROM corpus_quotes") == 4
            assert tx.fetch_value("SELECT count(*) FROM corpus_quote_bands") == 4 * 64
            links = tx.fetch_all("SELECT earlier_id, later_id FROM corpus_quote_links ORDER BY earlier_id, later_id")
            assert [(row["earlier_id"], row["later_id"]) for row in links] == [
                ("a1#0", "a2#0"), ("a1#0", "a3#0"), ("a2#0", "a3#0")]
        assert [f.type for f in store.article("a3").findings] == ["recycled_quote"]  # type: ignore[union-attr]


def test_speaker_corrections_survive_reanalysis(store_target: str) -> None:
    with open_store(store_target) as store:
        for analysis in (FIRST, SECOND, LATE):
            store.save(analysis)
        with store.transaction() as tx:
            [samir] = people(tx)
            assert samir.name == "Samir al-Hadidi" and set(samir.variants) == {"Samir al-Hadeedi", "al-Hadidi"}
            add_correction(tx, SpeakerCorrection("split", "Samir al-Hadidi", "Samir al-Hadeedi"))
        for analysis in (SECOND, FIRST):  # re-analysed: new rows, same names
            store.save(analysis)
        with store.transaction() as tx:
            registry = people(tx)
            assert sorted(p.name for p in registry) == ["Samir al-Hadeedi", "Samir al-Hadidi"]
            assert next(p for p in registry if p.name == "Samir al-Hadidi").id == samir.id
            add_correction(tx, SpeakerCorrection("merge", "Samir al-Hadidi", "Samir al-Hadeedi"))
        with store.transaction() as tx:
            [merged] = people(tx)
            assert merged.id == samir.id
            assert {m.code for m in merged.merges if m.variant == "Samir al-Hadeedi"} == {"user_merge"}


def test_stored_citation_graph_matches_the_analyses(store_target: str) -> None:
    relayed = dataclasses.replace(SECOND, attributions=tuple(
        dataclasses.replace(a, via=(Relay("translator", "translator"), Relay("Valley Courier", "outlet")))
        for a in SECOND.attributions))
    with open_store(store_target) as store:
        store.save(FIRST)
        store.save(relayed)
        with store.transaction(write=False) as tx:
            edges = stored_edges(tx)
    assert edges == citation_edges([FIRST, relayed])
    assert [(e.relayer, e.source, e.count, e.examples) for e in edges] == [
        ("Northern Wire", "Valley Courier", 1, ("a2#0",))]


def test_stored_graph_keeps_outletless_articles_apart(store_target: str) -> None:
    unsigned = [dataclasses.replace(analysis, article=dataclasses.replace(analysis.article, outlet=None),
                                    attributions=tuple(dataclasses.replace(a, via=(Relay("Valley Courier", "outlet"),))
                                                       for a in analysis.attributions))
                for analysis in (FIRST, SECOND)]
    with open_store(store_target) as store:
        for analysis in unsigned:
            store.save(analysis)
        with store.transaction(write=False) as tx:
            edges = stored_edges(tx)
    assert edges == citation_edges(unsigned)
    assert len({edge.relayer for edge in edges}) == 2


def test_commands(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from newsprobe.cli import main

    db = str(tmp_path / "corpus.db")
    with open_store(db) as store:
        for analysis in (FIRST, SECOND, LATE):
            store.save(analysis)
    assert main(["speakers", "list", "--db", db, "--format", "json"]) == 0
    assert '"name": "Samir al-Hadidi"' in capsys.readouterr().out
    assert main(["speakers", "split", "al-hadidi", "Nobody Else", "--db", db]) == 2
    assert "E052" in capsys.readouterr().err
    assert main(["speakers", "split", "Samir al-Hadidi", "Samir al-Hadeedi", "--db", db]) == 0
    assert main(["speakers", "show", "Samir al-Hadeedi", "--db", db, "--format", "json"]) == 0
    assert '"variants": []' in capsys.readouterr().out
    assert main(["speakers", "show", "Nobody", "--db", db]) == 2
    assert main(["trace", "a3#0", "--db", db, "--format", "json"]) == 0
    assert '"drift": "truncated"' in capsys.readouterr().out
    assert main(["trace", "nothing like this was ever said", "--db", db]) == 1
    assert "E051" in capsys.readouterr().err
    assert main(["citations", "--db", db, "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("relayer,source,count,examples")
