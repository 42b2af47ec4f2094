"""The local engine: worker processes on this machine, one loaded pipeline each, one shard at a time each.

Workers are forked from a fork server (not from the parent: the parent runs a progress thread, and a
fork copies locks held by other threads), each under an address-space limit, and talk to the parent
over their own pipe: events as they work, and the shard's result at the end. The parent watches every
worker's process sentinel, so a worker that dies (killed, crashed, out of memory) is noticed at once;
a worker that stops making progress past the time limit is killed by the parent's watchdog. Either way
the shard goes back to a new worker with the reason (see ``engine`` and ``worker``).
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
import resource
import signal
import time
import traceback
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
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
    death_reason,
    peak_rss_mb,
)
from newsprobe.batch.output import ShardResult
from newsprobe.batch.worker import AnalyzerFactory, ArticleDone, BatchStarted, ShardTask, run_shard
from newsprobe.settings import Settings

# A worker that cannot even load the pipeline this many times in a row stops the run (E005 and the like).
_MAX_START_FAILURES = 3


def _worker_main(connection: Connection, factory: AnalyzerFactory, settings: Settings, memory_limit_mb: int) -> None:
    """The body of a worker process: load the pipeline once, then analyse shards until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    if memory_limit_mb > 0:
        limit = memory_limit_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        analyzer = factory(settings)
    except BaseException as error:
        code = getattr(error, "code", "E036")
        connection.send(("fatal", str(code), f"{type(error).__name__}: {error}"))
        return
    connection.send(("ready",))
    while True:
        task: ShardTask | None = connection.recv()
        if task is None:
            return
        started, cpu_started = time.monotonic(), cpu_seconds()
        try:
            result = run_shard(task, analyzer, lambda event: connection.send(("event", event)))
        except Exception:
            connection.send(("error", traceback.format_exc(limit=8)))
            continue
        connection.send(("done", result, time.monotonic() - started, peak_rss_mb(), cpu_seconds() - cpu_started))


@dataclass
class _Slot:
    process: BaseProcess
    connection: Connection
    ready: bool = False
    work: ShardAttempts | None = None
    deadline: float | None = None


class LocalEngine:
    def __init__(self, workers: int, settings: Settings, factory: AnalyzerFactory, memory_limit_mb: int) -> None:
        self.workers = max(1, workers)
        self.settings = settings
        self.factory = factory
        self.memory_limit_mb = memory_limit_mb
        self.context = multiprocessing.get_context("forkserver")
        # The fork server imports the analysis code once; every worker forked from it starts without
        # importing spaCy again (about 2 s a worker on this machine), and loads only its own pipeline.
        self.context.set_forkserver_preload(["newsprobe.batch.worker", "newsprobe.analyzer"])
        self.start_failures = 0
        self.fatal: tuple[str, str] | None = None
        self.given_up: list[ShardGivenUp] = []

    def _start(self) -> _Slot:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(target=_worker_main, name="newsprobe-batch-worker", daemon=True,
                                       args=(child_end, self.factory, self.settings, self.memory_limit_mb))
        process.start()
        child_end.close()
        return _Slot(process, parent_end)

    def run(self, tasks: list[ShardTask], observer: Observer) -> list[ShardGivenUp]:
        """Run every task to its finished files; returns the shards given up."""
        queue = collections.deque(ShardAttempts(task) for task in tasks)
        given_up: list[ShardGivenUp] = []
        self.given_up = given_up
        slots = [self._start() for _ in range(min(self.workers, len(tasks)))]
        try:
            while queue or any(slot.work is not None for slot in slots):
                for slot in slots:
                    if slot.ready and slot.work is None and queue:
                        slot.work = queue.popleft()
                        slot.work.attempts += 1
                        slot.work.progressed = False
                        slot.connection.send(slot.work.task)
                wait([slot.connection for slot in slots] + [slot.process.sentinel for slot in slots], timeout=1.0)
                for index, slot in enumerate(slots):
                    reason = self._drain(slot, observer)
                    if reason is None and slot.deadline is not None and time.monotonic() > slot.deadline:
                        reason = ("E034", f"no progress for {self.settings.batch_article_timeout:g} s plus "
                                          f"{WATCHDOG_GRACE_SECONDS:g} s: stopped by the watchdog "
                                          "(a time-limit overrun the alarm could not interrupt)")
                    if reason is None and not slot.process.is_alive():
                        reason = ("E036", death_reason(slot.process.exitcode))
                    if reason is not None:
                        slots[index] = self._replace(slot, reason, queue, given_up, observer)
        finally:
            self._stop(slots)
        return given_up

    def _drain(self, slot: _Slot, observer: Observer) -> tuple[str, str] | None:
        """Handle every message the worker has sent; a reason when the worker must be counted as dead."""
        try:
            while slot.connection.poll():
                message: tuple[Any, ...] = slot.connection.recv()
                self._handle(slot, message, observer)
        except (EOFError, OSError):
            slot.process.join(timeout=5)
            return "E036", death_reason(slot.process.exitcode)
        except EngineError:
            raise
        except Exception as error:  # a message cut short by the worker's death
            return "E036", f"the worker's last message could not be read ({type(error).__name__})"
        return None

    def _handle(self, slot: _Slot, message: tuple[Any, ...], observer: Observer) -> None:
        kind = message[0]
        timeout = self.settings.batch_article_timeout
        if kind == "ready":
            slot.ready = True
            self.start_failures = 0
        elif kind == "fatal":
            self.fatal = (str(message[1]), str(message[2]))  # the worker exits next; _replace counts it
        elif kind == "event":
            event = message[1]
            if isinstance(event, BatchStarted | ArticleDone) and timeout > 0:
                slot.deadline = time.monotonic() + timeout + WATCHDOG_GRACE_SECONDS
            if isinstance(event, ArticleDone) and slot.work is not None:
                slot.work.progressed = True
            observer.on_event(event)
        elif kind == "done" and slot.work is not None:
            result: ShardResult = message[1]
            observer.on_shard_done(result, WorkerStats(seconds=message[2], peak_rss_mb=message[3],
                                                       worker=f"pid {slot.process.pid}",
                                                       attempts=slot.work.attempts, cpu_seconds=message[4]))
            slot.work, slot.deadline = None, None
        elif kind == "error" and slot.work is not None:
            # The shard itself could not be handled (a plan file unreadable, the disk full): not an article's
            # fault, so it is given up for this run and a rerun tries again.
            self.given_up.append(ShardGivenUp(slot.work.task.shard, slot.work.attempts, str(message[1])))
            slot.work, slot.deadline = None, None

    def _replace(self, slot: _Slot, reason: tuple[str, str], queue: collections.deque[ShardAttempts],
                 given_up: list[ShardGivenUp], observer: Observer) -> _Slot:
        """Kill what is left of a dead or stuck worker, put its shard back with the reason, start another."""
        if slot.process.is_alive() and slot.process.pid is not None:
            os.kill(slot.process.pid, signal.SIGKILL)
        slot.process.join(timeout=10)
        slot.connection.close()
        work = slot.work
        if work is None:
            if not slot.ready:
                self.start_failures += 1
                if self.start_failures >= _MAX_START_FAILURES:
                    code, detail = self.fatal or reason
                    raise EngineError(code, f"the worker processes cannot load the pipeline: {detail}")
        else:
            observer.on_worker_died(work.task.shard, reason[1])
            work.fruitless = 0 if work.progressed else work.fruitless + 1
            if work.fruitless >= MAX_FRUITLESS_ATTEMPTS:
                given_up.append(ShardGivenUp(work.task.shard, work.attempts, reason[1]))
            else:
                work.task = replace(work.task, previous_death=reason)
                queue.appendleft(work)
        return self._start()

    def _stop(self, slots: list[_Slot]) -> None:
        for slot in slots:
            with contextlib.suppress(OSError, ValueError):
                slot.connection.send(None)
        for slot in slots:
            slot.process.join(timeout=5)
            if slot.process.is_alive() and slot.process.pid is not None:
                os.kill(slot.process.pid, signal.SIGKILL)
                slot.process.join(timeout=5)
            slot.connection.close()
