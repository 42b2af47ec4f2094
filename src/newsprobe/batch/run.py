"""``batch run``: plan (or find the plan of) a batch directory, run its unfinished shards, keep the manifest.

The driver is the only writer of ``manifest.json`` and holds the directory's lock while it runs, so two
runs never work on one directory. A shard's ``.done.json`` marker, not the manifest, says whether it is
finished: the manifest adds when, where and how long (the only place with times).
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsprobe.batch.engine import EngineError, Observer, ShardGivenUp, WorkerStats
from newsprobe.batch.files import LOCK, MANIFEST, is_done, read_json, write_json
from newsprobe.batch.local import LocalEngine
from newsprobe.batch.output import ShardResult, read_failures, read_shard_result
from newsprobe.batch.plan import Plan, make_plan, plan_key
from newsprobe.batch.worker import AnalyzerFactory, Event, ShardTask, default_analyzer
from newsprobe.errors import Errors, SettingsError
from newsprobe.ingest import ingest_options
from newsprobe.settings import Settings

ENGINES = ("local", "ray")
# A batch of nlp.pipe stops at this many body words (or at ``batch_size`` articles): spaCy's pass over it
# then takes about two seconds on one core, which is what the first step of a batch adds to its time limit.
BATCH_WORDS = 20_000


@dataclass(frozen=True)
class BatchOptions:
    engine: str = "local"
    workers: int | None = None  # local: processes (default: every core); ray: actors (default: cluster CPUs)
    address: str | None = None  # ray: join this cluster instead of starting a local Ray
    shards: int | None = None  # default: plan.default_shards(articles); fixed by the first run's plan
    analyzer_factory: AnalyzerFactory = default_analyzer


@dataclass
class BatchReport:
    """The account of a batch directory after a run: every article read is in exactly one of these counts."""

    root: Path
    plan: Plan
    shards_done: int = 0
    shards_run_now: int = 0
    analysed: int = 0
    failed: int = 0  # articles and sources, read and analysis failures together
    words: int = 0
    failures_by_code: Counter[str] = field(default_factory=Counter)
    given_up: list[ShardGivenUp] = field(default_factory=list)
    worker_deaths: int = 0
    peak_rss_mb: float = 0.0
    resumed: bool = False

    @property
    def complete(self) -> bool:
        return self.shards_done == self.plan.shards


class _NullObserver:
    def on_event(self, event: Event) -> None:
        pass

    def on_shard_done(self, result: ShardResult, stats: WorkerStats) -> None:
        pass

    def on_worker_died(self, shard: int, reason: str) -> None:
        pass


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


@contextlib.contextmanager
def batch_lock(root: Path) -> Iterator[None]:
    """Hold the directory's lock for the whole run (flock: released by the kernel if the run is killed)."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK
    with path.open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise SettingsError(Errors.E030, path=root, lock=path) from error
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class _Recorder:
    """Passes events on to the caller's observer and records each finished shard in the manifest."""

    def __init__(self, root: Path, manifest: dict[str, Any], engine: str, observer: Observer) -> None:
        self.root = root
        self.manifest = manifest
        self.engine = engine
        self.observer = observer
        self.deaths = 0
        self.peak = 0.0

    def on_event(self, event: Event) -> None:
        self.observer.on_event(event)

    def on_shard_done(self, result: ShardResult, stats: WorkerStats) -> None:
        self.peak = max(self.peak, stats.peak_rss_mb)
        self.manifest["shards"][str(result.shard)] = {
            "finished": _now(), "engine": self.engine, "worker": stats.worker, "seconds": round(stats.seconds, 3),
            "cpu_seconds": round(stats.cpu_seconds, 3),
            "peak_rss_mb": round(stats.peak_rss_mb, 1), "attempts": stats.attempts,
            "articles": result.articles, "failures": result.failures,
        }
        write_json(self.root / MANIFEST, self.manifest)
        self.observer.on_shard_done(result, stats)

    def on_worker_died(self, shard: int, reason: str) -> None:
        self.deaths += 1
        self.manifest["worker_deaths"].append({"shard": shard, "reason": reason, "at": _now()})
        write_json(self.root / MANIFEST, self.manifest)
        self.observer.on_worker_died(shard, reason)


def prepare(root: Path, inputs: list[str], settings: Settings, shards: int | None,
            on_read: Callable[[], None] | None = None) -> tuple[Plan, dict[str, Any], bool]:
    """The plan of ``root``: the one found there (resume) or a new one; refuses another batch's directory."""
    key = plan_key(inputs, settings)
    manifest_path = root / MANIFEST
    manifest: dict[str, Any] = read_json(manifest_path) if manifest_path.is_file() else {}
    if "plan" in manifest:
        plan = Plan.from_dict(manifest["plan"])
        if plan.key != key:
            raise SettingsError(Errors.E031, path=root, found=plan.key, wanted=key)
        return plan, manifest, True
    plan = make_plan(root, inputs, ingest_options(settings), key, shards, on_read)
    manifest = {"newsprobe_batch": 1, "created": _now(), "inputs": inputs, "settings_hash": settings.analysis_hash(),
                "plan": plan.to_dict(), "shards": {}, "runs": [], "worker_deaths": []}
    write_json(manifest_path, manifest)
    return plan, manifest, False


def run_batch(inputs: list[str], root: Path, settings: Settings, options: BatchOptions | None = None,
              observer: Observer | None = None, on_planned: Callable[[Plan, list[int]], None] | None = None,
              on_read: Callable[[], None] | None = None) -> BatchReport:
    """Analyse every input into ``root`` (see the package docstring); a rerun finishes what is left."""
    options = options or BatchOptions()
    if options.engine not in ENGINES:
        raise SettingsError(Errors.E007, name="engine", value=options.engine, detail="expected local or ray")
    root = root.resolve()  # Ray actors on other nodes get this path: it must not depend on the cwd
    with batch_lock(root):
        plan, manifest, resumed = prepare(root, inputs, settings, options.shards, on_read)
        todo = [shard for shard in range(plan.shards) if not is_done(root, shard)]
        if on_planned is not None:
            on_planned(plan, todo)
        run_entry: dict[str, Any] = {"started": _now(), "engine": options.engine, "workers": options.workers,
                                     "shards": len(todo)}
        manifest["runs"].append(run_entry)
        write_json(root / MANIFEST, manifest)
        tasks = [ShardTask(root=str(root), shard=shard, article_timeout=settings.batch_article_timeout,
                           memory_limit_mb=settings.batch_worker_memory_mb if options.engine == "local" else 0,
                           batch_articles=settings.batch_size, batch_words=BATCH_WORDS) for shard in todo]
        recorder = _Recorder(root, manifest, options.engine, observer or _NullObserver())
        given_up: list[ShardGivenUp] = []
        if tasks:
            given_up = _engine_run(options, settings, tasks, recorder, plan)
        run_entry["finished"] = _now()
        run_entry["given_up"] = [{"shard": item.shard, "attempts": item.attempts, "reason": item.reason}
                                 for item in given_up]
        write_json(root / MANIFEST, manifest)
        report = summarize(root, plan)
        report.given_up, report.shards_run_now = given_up, len(todo) - len(given_up)
        report.worker_deaths, report.peak_rss_mb, report.resumed = recorder.deaths, recorder.peak, resumed
        return report


def _engine_run(options: BatchOptions, settings: Settings, tasks: list[ShardTask], recorder: _Recorder,
                plan: Plan) -> list[ShardGivenUp]:
    if options.engine == "ray":
        from newsprobe.batch.ray_engine import RayEngine  # Ray is imported only when asked for

        engine = RayEngine(options.workers, settings, options.analyzer_factory, options.address)
        return engine.run(tasks, recorder, dict(enumerate(plan.articles)))
    workers = options.workers or len(os.sched_getaffinity(0))
    local = LocalEngine(workers, settings, options.analyzer_factory, settings.batch_worker_memory_mb)
    return local.run(tasks, recorder)


def summarize(root: Path, plan: Plan) -> BatchReport:
    """Totals over every finished shard of ``root`` (whichever run finished it)."""
    report = BatchReport(root=root, plan=plan)
    for shard in range(plan.shards):
        if not is_done(root, shard):
            continue
        result = read_shard_result(root, shard)
        report.shards_done += 1
        report.analysed += result.articles
        report.failed += result.failures
        report.words += result.words
        report.failures_by_code.update(failure.code for failure in read_failures(root, shard))
    return report


__all__ = ["ENGINES", "BatchOptions", "BatchReport", "EngineError", "run_batch", "summarize"]
