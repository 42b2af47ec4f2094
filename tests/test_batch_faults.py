"""Batch runs without spaCy: sharding, the plan, resuming, merging, and every fault a worker can meet.

A stand-in analyzer (importable by the spawned workers, so at module level) builds an empty Analysis for
each article, and misbehaves on articles that carry a marker word: HANG (sleeps past the time limit),
EXHAUST (allocates past the worker's address-space limit), DIE (the worker kills itself with SIGKILL),
CRASH (raises). The real engine, pool and files are used throughout.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newsprobe.batch import BatchOptions, merge_batch, read_analyses, read_failures, run_batch
from newsprobe.batch.files import done_path, gzip_bytes, shard_of
from newsprobe.batch.plan import plan_path
from newsprobe.errors import SettingsError
from newsprobe.models import Analysis, Article, Run
from newsprobe.settings import Settings

RUN = Run(newsprobe_version="test", model="stand-in", model_version="0")


class MisbehavingAnalyzer:
    def analyze_articles(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        for article in articles:
            body = article.body.text
            if "HANG" in body:
                time.sleep(60)
            if "EXHAUST" in body:
                hoard = bytearray(3 << 30)  # 3 GB against a 1 GB limit: refused at once, nothing touched
                del hoard
            if "DIE" in body:
                os.kill(os.getpid(), signal.SIGKILL)
            if "CRASH" in body:
                raise ValueError("the stand-in refuses this article")
            yield Analysis(article=article, run=RUN)


def misbehaving(settings: Settings) -> MisbehavingAnalyzer:
    return MisbehavingAnalyzer()


def _dump(path: Path, bodies: list[str]) -> Path:
    lines = [json.dumps({"id": f"story-{index:02d}", "title": f"Story {index}", "text": body})
             for index, body in enumerate(bodies)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _plain(count: int) -> list[str]:
    return [f"The council met on Tuesday and agreed plan number {index}, the mayor said." for index in range(count)]


def _outcomes(root: Path, shards: int) -> tuple[list[str], list[tuple[str | None, str, str]]]:
    results: list[str] = []
    failures: list[tuple[str | None, str, str]] = []
    for shard in range(shards):
        results.extend(analysis.article.id for analysis in read_analyses(root, shard))
        failures.extend((failure.id, failure.code, failure.reason) for failure in read_failures(root, shard))
    return results, failures


SETTINGS = Settings(batch_article_timeout=0.5, batch_worker_memory_mb=1024, batch_size=4)


def test_shard_numbers_are_stable_and_gzip_bytes_carry_no_time() -> None:
    # Fixed values: a change here would move every article of an existing batch to another shard.
    assert [shard_of(key, 16) for key in ("a", "story-01", "https://news.example/x")] == [
        shard_of("a", 16), shard_of("story-01", 16), shard_of("https://news.example/x", 16)]
    assert shard_of("a", 16) == int.from_bytes(__import__("hashlib").sha256(b"a").digest()[:8], "big") % 16
    packed = gzip_bytes(b"same content")
    assert packed[4:8] == b"\0\0\0\0" and gzip.decompress(packed) == b"same content"  # header mtime 0


def test_every_fault_becomes_a_recorded_failure_and_the_run_goes_on(tmp_path: Path) -> None:
    bodies = [*_plain(6), "Officials said HANG would never end.", "A report EXHAUST all memory, they said.",
              "The minister said DIE in a statement.", "Critics said CRASH was coming."]
    source = _dump(tmp_path / "dump.jsonl", bodies)
    (tmp_path / "empty.txt").write_text("  \n")
    root = tmp_path / "batch"
    report = run_batch([str(source), str(tmp_path / "empty.txt")], root, SETTINGS,
                       BatchOptions(workers=1, shards=2, analyzer_factory=misbehaving))
    assert report.complete and report.analysed == 6 and report.failed == 5
    results, failures = _outcomes(root, 2)
    by_id = {failure_id: (code, reason) for failure_id, code, reason in failures}
    assert sorted(results) == [f"story-{index:02d}" for index in range(6)]
    assert by_id["story-06"][0] == "E034" and "time limit of 0.5 s" in by_id["story-06"][1]
    assert by_id["story-07"][0] == "E035" and "1024 MB" in by_id["story-07"][1]
    assert by_id["story-08"][0] == "E036" and "SIGKILL" in by_id["story-08"][1]
    assert by_id["story-09"][0] == "E037" and "refuses this article" in by_id["story-09"][1]
    assert by_id[None][0] == "E001"  # the empty file: a read failure, in the shard of its source name
    # DIE killed its worker (in a batch, then alone if it was not alone already); then it was blamed.
    assert report.worker_deaths in (1, 2)
    manifest = json.loads((root / "manifest.json").read_text())
    assert len(manifest["worker_deaths"]) == report.worker_deaths and not list((root / "work").glob("*.journal.jsonl"))


def test_parquet_and_jsonl_hold_the_same_rows_in_plan_order(tmp_path: Path) -> None:
    root = tmp_path / "batch"
    run_batch([str(_dump(tmp_path / "dump.jsonl", _plain(9)))], root, SETTINGS,
              BatchOptions(workers=1, shards=3, analyzer_factory=misbehaving))
    for shard in range(3):
        table = pq.read_table(root / "results" / f"shard-{shard:05d}.parquet")
        lines = gzip.decompress((root / "results" / f"shard-{shard:05d}.jsonl.gz").read_bytes()).decode().splitlines()
        planned = [json.loads(line)["article"]["id"] for line in
                   gzip.decompress(plan_path(root, shard).read_bytes()).decode().splitlines()]
        assert table.column("id").to_pylist() == [json.loads(line)["article"]["id"] for line in lines] == planned
        assert table.column("analysis").to_pylist() == lines
        assert all(shard_of(article_id, 3) == shard for article_id in planned)


def test_a_rerun_skips_finished_shards_and_refuses_other_inputs(tmp_path: Path) -> None:
    source = _dump(tmp_path / "dump.jsonl", _plain(12))
    root = tmp_path / "batch"
    options = BatchOptions(workers=1, shards=4, analyzer_factory=misbehaving)
    first = run_batch([str(source)], root, SETTINGS, options)
    assert first.shards_run_now == 4 and not first.resumed
    done_path(root, 2).unlink()
    again = run_batch([str(source)], root, SETTINGS, options)
    assert again.resumed and again.shards_run_now == 1 and again.complete and again.analysed == 12
    with pytest.raises(SettingsError, match="E031"):
        run_batch([str(source), str(source)], root, SETTINGS, options)
    with pytest.raises(SettingsError, match="E031"):
        run_batch([str(source)], root, SETTINGS.replace(claims=False), options)


def test_duplicates_are_skipped_once_and_merge_is_idempotent(tmp_path: Path) -> None:
    bodies = _plain(5)
    source = tmp_path / "dump.jsonl"
    lines = [json.dumps({"id": f"story-{index}", "text": body}) for index, body in enumerate(bodies)]
    reused_id = {"id": "story-1", "text": "The harbour master said on Friday that the ferries would run late."}
    source.write_text("\n".join([*lines, json.dumps({"id": "story-0", "text": bodies[0]}), json.dumps(reused_id)])
                      + "\n")
    root = tmp_path / "batch"
    report = run_batch([str(source)], root, SETTINGS, BatchOptions(workers=1, shards=2, analyzer_factory=misbehaving))
    assert report.analysed == 5 and report.plan.skipped == 1 and report.failures_by_code == {"E039": 1}
    assert json.loads((root / "skipped.jsonl").read_text())["reason"] == "exact duplicate"
    from newsprobe.store import open_store

    database = tmp_path / "store.db"
    first = merge_batch(root, str(database))
    second = merge_batch(root, str(database))
    assert first.saved == second.saved == 5 and not first.unfinished
    with open_store(str(database)) as store:
        assert store.stats().articles == 5
        stored = store.article("story-3")
        assert stored is not None and stored.article.text == bodies[3]


def test_status_and_merge_commands_report_what_the_directory_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsprobe.cli import EXIT_OK, EXIT_USAGE, main

    root = tmp_path / "batch"
    assert main(["batch", "status", str(root)]) == EXIT_USAGE  # no plan yet: E033
    assert "E033" in capsys.readouterr().err
    run_batch([str(_dump(tmp_path / "dump.jsonl", _plain(3)))], root, SETTINGS,
              BatchOptions(workers=1, shards=2, analyzer_factory=misbehaving))
    assert main(["batch", "status", str(root)]) == EXIT_OK
    assert "2/2 shards done" in capsys.readouterr().out
    assert main(["batch", "merge", str(root), "--db", str(tmp_path / "store.db")]) == EXIT_OK
    assert "3 analyses from 2/2 shards saved" in capsys.readouterr().err
