"""What the engines share: how they report back, and the retry rule for a shard whose worker died.

An engine takes shard tasks and runs each to its finished files with ``worker.run_shard`` in workers
that load the pipeline once. When a worker dies on a shard, the engine hands the shard again (to a new
worker) with the reason, and the worker names the article it died on (see ``worker``). A shard whose
workers keep dying without finishing an article is given up (E038) so that a broken setup cannot loop.
"""

from __future__ import annotations

import resource
import signal
import sys
from dataclasses import dataclass, field
from typing import Protocol

from newsprobe.batch.output import ShardResult
from newsprobe.batch.worker import Event, ShardTask

# Consecutive deaths on one shard with no article finished in between before the shard is given up.
MAX_FRUITLESS_ATTEMPTS = 3
# The watchdog stops a worker this long after the alarm should have stopped the article: an alarm cannot
# interrupt a loop inside C code, but it fires at the next Python instruction, which is seldom this late.
WATCHDOG_GRACE_SECONDS = 15.0


class EngineError(Exception):
    """The run cannot go on at all (no pipeline loads in the workers, Ray cannot start)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class WorkerStats:
    """How a shard's work went; kept in the manifest (never in the result files)."""

    seconds: float
    peak_rss_mb: float  # the worker process's resident-set high-water mark so far
    worker: str  # pid, and node for Ray
    attempts: int = 1
    cpu_seconds: float = 0.0  # the worker's CPU time (user + system) on the shard; below ``seconds`` when it
    # waited for a core, so the two together say how contended the machine was


@dataclass(frozen=True)
class ShardGivenUp:
    shard: int
    attempts: int
    reason: str


class Observer(Protocol):
    """Receives what happens during a run (the command line draws its progress display from it)."""

    def on_event(self, event: Event) -> None: ...

    def on_shard_done(self, result: ShardResult, stats: WorkerStats) -> None: ...

    def on_worker_died(self, shard: int, reason: str) -> None: ...


@dataclass
class ShardAttempts:
    """The retry bookkeeping of one shard."""

    task: ShardTask
    attempts: int = 0
    fruitless: int = 0
    progressed: bool = field(default=False)


def peak_rss_mb() -> float:
    """This process's resident-set high-water mark (ru_maxrss: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def death_reason(exitcode: int | None) -> str:
    if exitcode is None:
        return "the worker stopped answering"
    if exitcode < 0:
        name = signal.Signals(-exitcode).name
        hint = " (the kernel's out-of-memory killer, or someone, killed it)" if name == "SIGKILL" else ""
        return f"killed by {name}{hint}"
    return f"the worker process exited with code {exitcode}"
