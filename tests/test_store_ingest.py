"""The store commands end to end (they load spaCy): ingest, rerun, kill -9 midway, search, export, db."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsprobe.cli import main
from newsprobe.store import open_store

pytestmark = pytest.mark.model

_PEOPLE = ["Mara Okafor", "Tomas Reyes", "Lina Haddad", "Piet Janssen", "Aiko Mori", "Sven Dahl", "Nadia Petrova",
           "Omar Farouk", "Grace Lin", "Jonas Berg", "Ruth Amsel", "Kofi Mensah", "Elena Duarte", "Ivo Marek",
           "Sara Quist"]
_PLACES = ["Port Ellis", "Norhaven", "Caldera Bay", "Westmoor", "Kessel", "Brightwater", "Oldham Quay", "Sandrift",
           "Marrow Point", "Hollin", "Greyport", "Tessa Sound", "Varn", "Lowmere", "Ashby Reach"]


def write_articles(folder: Path) -> list[Path]:
    """15 short articles of our own, each with a direct quote, a reported statement and a relay."""
    folder.mkdir()
    paths = []
    for number, (person, place) in enumerate(zip(_PEOPLE, _PLACES, strict=True)):
        text = (f"{place} council delays vote on harbour wall\n\n"
                f"{place.upper()} — Council member {person} said on Tuesday that \"the wall will cost "
                f"{number + 3} million and the town cannot wait another winter,\" according to Radio {place}. "
                f"Engineers warned that the old pier at {place} had moved {number + 2} centimetres since "
                f"March. \"We measured it twice,\" {person.split()[1]} told reporters. Residents of {place} "
                f"said they would attend the meeting on the {number + 4}th in large numbers.")
        path = folder / f"article-{number:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _command(folder: Path, target: str) -> list[str]:
    return [sys.executable, "-m", "newsprobe.cli", "ingest", str(folder), "--db", target]


def _environment() -> dict[str, str]:
    # One article per spaCy batch, so that articles are stored one by one while the kill comes; claims and
    # techniques off to keep the test short (both runs use the same settings, so the same run).
    return {**os.environ, "NEWSPROBE_BATCH_SIZE": "1", "NEWSPROBE_CLAIMS": "false", "NEWSPROBE_TECHNIQUES": "false"}


def _stored(target: str) -> int:
    try:
        with open_store(target, migrate=False, timeout=1) as store:
            return store.stats().articles
    except Exception:  # not created yet, or being created
        return 0


def test_kill_9_midway_then_rerun_stores_every_article_once(store_target: str, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write_articles(folder)
    process = subprocess.Popen(_command(folder, store_target), env=_environment(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _stored(store_target) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    killed_at = _stored(store_target)
    assert 3 <= killed_at < 15

    rerun = subprocess.run(_command(folder, store_target), env=_environment(), capture_output=True, text=True,
                           timeout=180)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{killed_at} already stored by this run" in rerun.stderr
    assert f"15 read: {15 - killed_at} analysed and stored" in rerun.stderr

    with open_store(store_target, migrate=False) as store, store.transaction(write=False) as tx:
        articles = tx.fetch_all("SELECT id, attribution_count, finding_count FROM articles ORDER BY id")
        assert len(articles) == 15
        for row in articles:
            analysis = store.article(row["id"])
            assert analysis is not None and len(analysis.attributions) == row["attribution_count"] > 0
            stored = tx.fetch_value("SELECT count(*) FROM attributions WHERE article_id = :id", {"id": row["id"]})
            assert stored == row["attribution_count"]
            assert tx.fetch_value("SELECT count(*) FROM findings WHERE article_id = :id",
                                  {"id": row["id"]}) == row["finding_count"]
            assert tx.fetch_value("SELECT count(*) FROM entities WHERE article_id = :id",
                                  {"id": row["id"]}) == len(analysis.entities)
        assert tx.fetch_value("SELECT count(*) FROM runs") == 1


def test_search_export_and_stats_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in _environment().items():
        if name.startswith("NEWSPROBE_"):
            monkeypatch.setenv(name, value)
    folder = tmp_path / "news"
    paths = write_articles(folder)
    (folder / "copy.txt").write_text(paths[0].read_text(encoding="utf-8"), encoding="utf-8")  # an exact copy
    (folder / "empty.txt").write_text("", encoding="utf-8")
    database = str(tmp_path / "corpus.db")
    assert main(["ingest", str(folder), "--db", database]) == 1  # one input failed (empty), reported
    err = capsys.readouterr().err
    assert "17 read: 15 analysed and stored, 1 skipped as duplicate" in err and "1 failed" in err

    assert main(["search", "winter", "--db", database, "--format", "json", "--limit", "5"]) == 0
    out, err = capsys.readouterr()
    hits = [json.loads(line) for line in out.splitlines()]
    assert len(hits) == 5 and "15 match(es); showing 1-5" in err
    assert all("winter" in hit["content"] for hit in hits)
    assert main(["search", "--speaker", "haddad", "--db", database, "--format", "csv"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[0].startswith("attribution_id,") and "Lina Haddad" in out
    assert main(["search", "--db", database, "--articles", "Greyport"]) == 0
    assert "Greyport" in capsys.readouterr().out

    exported = tmp_path / "export"
    assert main(["export", "attributions", "speakers", "--db", database, "--format", "parquet",
                 "-o", str(exported)]) == 0
    import pyarrow.parquet as pq

    attributions = pq.read_table(exported / "attributions.parquet")
    assert attributions.num_rows >= 30 and "speaker_name" in attributions.column_names
    assert "Lina Haddad" in pq.read_table(exported / "speakers.parquet").column("name").to_pylist()
    assert main(["export", "--db", database, "--format", "csv", "-o", str(exported)]) == 0
    assert sorted(path.name for path in exported.glob("*.csv")) == [
        "articles.csv", "attributions.csv", "entities.csv", "findings.csv", "speakers.csv"]

    assert main(["db", "stats", "--db", database, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 15 and stats["schema_version"] >= 1
    assert main(["db", "migrate", "--db", database]) == 0
    assert "nothing to apply" in capsys.readouterr().err
    assert main(["search", "x", "--db", str(tmp_path / "missing.db")]) == 4
    assert "[E020]" in capsys.readouterr().err
