"""The Ray engine: the same shard work in Ray actors, on this machine or across a cluster.

Each actor loads the pipeline once (in ``__init__``) and analyses one shard per call with
``worker.run_shard``, reading the plan from and writing results to the batch directory, which every node
must see at the same path (docs/batch.md). Ray schedules the actors over the cluster; this module only
keeps one call in flight per actor and applies the same retry rule as the local engine when an actor dies
(``engine``). Without ``--address`` it starts a private local Ray (no dashboard, ``num_cpus`` = workers)
and shuts it down at the end.

Per-article time limits work as in the local engine (Ray runs a synchronous actor's calls in the
process's main thread, where the alarm signal goes). The address-space limit is not set in actors:
Ray maps its shared-memory object store into each worker, and its own memory monitor kills a worker
that exhausts the node's memory, which the engine then records like any other death.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from newsprobe.batch.engine import (
    MAX_FRUITLESS_ATTEMPTS,
    WATCHDOG_GRACE_SECONDS,
    EngineError,
    Observer,
    ShardAttempts,
    ShardGivenUp,
    WorkerStats,
    cpu_seconds,
    peak_rss_mb,
)
from newsprobe.batch.output import ShardResult
from newsprobe.batch.worker import AnalyzerFactory, AnalyzerLike, ShardTask, journal_outcomes, run_shard
from newsprobe.settings import Settings

# The watchdog's extra allowance for a new actor's first call, which waits for the actor's process to start
# and load the pipeline (3 s on an idle core, over 30 s on this shared 2-core machine; a cluster node may
# also have to start a worker process first).
ACTOR_START_SECONDS = 300.0


class ShardActor:
    """One Ray actor: a loaded pipeline that analyses whole shards."""

    def __init__(self, factory: AnalyzerFactory, settings: Settings) -> None:
        self.analyzer: AnalyzerLike = factory(settings)

    def run(self, task: ShardTask) -> tuple[ShardResult, float, float, str, float]:
        started, cpu_started = time.monotonic(), cpu_seconds()
        result = run_shard(task, self.analyzer)
        worker = f"pid {os.getpid()} on {socket.gethostname()}"
        return result, time.monotonic() - started, peak_rss_mb(), worker, cpu_seconds() - cpu_started


@dataclass
class _InFlight:
    actor: Any
    work: ShardAttempts
    deadline: float | None
    outcomes: int  # articles the shard's journal had finished when this attempt began


def _short(error: BaseException) -> str:
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {first[:300]}"


class RayEngine:
    def __init__(self, workers: int | None, settings: Settings, factory: AnalyzerFactory,
                 address: str | None) -> None:
        self.workers = workers
        self.settings = settings
        self.factory = factory
        self.address = address

    def _connect(self) -> tuple[Any, bool, int]:
        try:
            import ray
        except ImportError as error:
            raise EngineError("E032", f"ray cannot be imported ({error}); pip install 'ray[default]'") from error
        started_here = False
        try:
            if not ray.is_initialized():
                if self.address:
                    ray.init(address=self.address, log_to_driver=False)
                else:
                    ray.init(num_cpus=self.workers or os.cpu_count() or 1, include_dashboard=False,
                             log_to_driver=False)
                    started_here = True
        except Exception as error:
            raise EngineError("E032", f"ray.init failed ({_short(error)})") from error
        cpus = ray.cluster_resources().get("CPU", 1)  # type: ignore[no-untyped-call]
        workers = self.workers or max(1, int(cpus))
        return ray, started_here, workers

    def run(self, tasks: list[ShardTask], observer: Observer,
            shard_articles: dict[int, int] | None = None) -> list[ShardGivenUp]:
        ray, started_here, workers = self._connect()
        try:
            return self._run(ray, tasks, observer, workers, shard_articles or {})
        finally:
            if started_here:
                ray.shutdown()

    def _run(self, ray: Any, tasks: list[ShardTask], observer: Observer, workers: int,
             shard_articles: dict[int, int]) -> list[ShardGivenUp]:
        actor_class = ray.remote(num_cpus=1, max_restarts=0, max_task_retries=0)(ShardActor)
        pending = [ShardAttempts(task) for task in tasks]
        pending.reverse()  # pop() from the end takes them in order
        given_up: list[ShardGivenUp] = []
        idle = [actor_class.remote(self.factory, self.settings) for _ in range(min(workers, len(tasks)))]
        fresh = set(idle)  # actors whose first call also waits for their constructor (the pipeline load)
        in_flight: dict[Any, _InFlight] = {}
        timeout = self.settings.batch_article_timeout
        try:
            while pending or in_flight:
                while idle and pending:
                    work = pending.pop()
                    work.attempts += 1
                    actor = idle.pop()
                    # Without per-article events from an actor, the watchdog allows every article its limit.
                    articles = shard_articles.get(work.task.shard, 1)
                    allowance = articles * timeout + WATCHDOG_GRACE_SECONDS
                    if actor in fresh:
                        fresh.discard(actor)
                        allowance += ACTOR_START_SECONDS
                    deadline = time.monotonic() + allowance if timeout > 0 else None
                    in_flight[actor.run.remote(work.task)] = _InFlight(
                        actor, work, deadline, journal_outcomes(Path(work.task.root), work.task.shard))
                ready, _ = ray.wait(list(in_flight), num_returns=1, timeout=1.0)
                for reference in ready:
                    flight = in_flight.pop(reference)
                    try:
                        result, seconds, peak, worker, cpu = ray.get(reference)
                    except ray.exceptions.RayActorError as error:
                        self._died(flight, ("E036", f"the Ray actor died ({_short(error)})"), pending, given_up,
                                   observer)
                        idle.append(self._new_actor(actor_class, fresh))
                        continue
                    except ray.exceptions.RayTaskError as error:
                        given_up.append(ShardGivenUp(flight.work.task.shard, flight.work.attempts, _short(error)))
                        idle.append(flight.actor)
                        continue
                    observer.on_shard_done(result, WorkerStats(seconds=seconds, peak_rss_mb=peak, worker=worker,
                                                               attempts=flight.work.attempts, cpu_seconds=cpu))
                    idle.append(flight.actor)
                now = time.monotonic()
                for reference, flight in list(in_flight.items()):
                    if flight.deadline is not None and now > flight.deadline:
                        del in_flight[reference]
                        ray.kill(flight.actor, no_restart=True)
                        self._died(flight, ("E034", "the shard ran past every article's time limit: stopped by "
                                                    "the watchdog"), pending, given_up, observer)
                        idle.append(self._new_actor(actor_class, fresh))
        finally:
            for actor in idle + [flight.actor for flight in in_flight.values()]:
                ray.kill(actor, no_restart=True)
        return given_up

    def _new_actor(self, actor_class: Any, fresh: set[Any]) -> Any:
        actor = actor_class.remote(self.factory, self.settings)
        fresh.add(actor)
        return actor

    @staticmethod
    def _died(flight: _InFlight, reason: tuple[str, str], pending: list[ShardAttempts],
              given_up: list[ShardGivenUp], observer: Observer) -> None:
        work = flight.work
        observer.on_worker_died(work.task.shard, reason[1])
        # Ray streams no per-article events: the shard's journal says whether the attempt finished any article.
        outcomes = journal_outcomes(Path(work.task.root), work.task.shard)
        work.fruitless = 0 if outcomes > flight.outcomes else work.fruitless + 1
        if work.fruitless >= MAX_FRUITLESS_ATTEMPTS:
            given_up.append(ShardGivenUp(work.task.shard, work.attempts, reason[1]))
            return
        work.task = replace(work.task, previous_death=reason)
        pending.append(work)
