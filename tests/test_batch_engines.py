"""Batch runs with the real pipeline: the local and Ray engines give the same bytes, and a run killed with
SIGKILL (its whole process group) and rerun accounts for every article exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsprobe.batch import BatchOptions, read_analyses, read_failures, run_batch
from newsprobe.settings import load_settings

pytestmark = pytest.mark.model

_PEOPLE = ("Mara Quill", "Tobias Renn", "Ilse Varga", "Oren Castell", "Pia Lund", "Jonas Brey")
_TOPICS = ("the ferry timetable", "the new bridge", "the school budget", "the harbour dredging",
           "the tram extension", "the water tariff")


def _articles(count: int) -> list[dict[str, str]]:
    """Small invented stories with a direct quote, a reported statement and a date each."""
    stories = []
    for index in range(count):
        person, topic = _PEOPLE[index % len(_PEOPLE)], _TOPICS[(index * 5) % len(_TOPICS)]
        text = (f"Council debates {topic} ({index})\n\n"
                f"The city council argued on Monday, March {index % 27 + 1}, 2023, about {topic}. "
                f"\"We cannot wait another year,\" said {person}, a councillor from the east ward. "
                f"{person.split()[0]} said the plan had been delayed twice and would cost more than planned. "
                f"Residents told the Harbour Gazette that the delays were shameful.\n")
        stories.append({"id": f"council-{index:03d}", "text": text, "published": "2023-03-28",
                        "outlet": "Harbour Gazette"})
    return stories


def _write(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps(story) + "\n" for story in _articles(count)), encoding="utf-8")
    return path


def _result_files(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((root / "results").iterdir())
            if not path.name.endswith(".done.json")}


def test_local_and_ray_engines_write_the_same_bytes(tmp_path: Path) -> None:
    source = _write(tmp_path / "stories.jsonl", 4)
    settings = load_settings(environ={})
    local = run_batch([str(source)], tmp_path / "local", settings, BatchOptions(workers=1, shards=2))
    on_ray = run_batch([str(source)], tmp_path / "ray", settings, BatchOptions(engine="ray", workers=1, shards=2))
    assert local.complete and on_ray.complete and local.analysed == on_ray.analysed == 4 and not local.failed
    assert _result_files(tmp_path / "local") == _result_files(tmp_path / "ray")
    analyses = [analysis for shard in range(2) for analysis in read_analyses(tmp_path / "ray", shard)]
    assert any(attribution.speaker.name for analysis in analyses for attribution in analysis.attributions)


def test_a_killed_run_resumes_and_every_article_ends_in_one_place_once(tmp_path: Path) -> None:
    source = _write(tmp_path / "stories.jsonl", 16)
    root = tmp_path / "batch"
    command = [sys.executable, "-m", "newsprobe.cli", "batch", "run", str(source), "--out", str(root),
               "--workers", "1", "--shards", "8"]
    environment = {**os.environ, "NEWSPROBE_BATCH_SIZE": "1"}  # one article per step: the kill lands mid-shard
    process = subprocess.Popen(command, env=environment, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(list((root / "results").glob("*.done.json"))) < 2:
            time.sleep(0.02)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the run, its fork server and its workers, mid-work
        process.wait()
    finished_before = len(list((root / "results").glob("*.done.json")))
    assert 2 <= finished_before < 8, "the run must be killed midway for this test to mean anything"
    rerun = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert "resumed" in rerun.stderr
    seen = [analysis.article.id for shard in range(8) for analysis in read_analyses(root, shard)]
    seen += [str(failure.id) for shard in range(8) for failure in read_failures(root, shard)]
    assert sorted(seen) == [f"council-{index:03d}" for index in range(16)]
