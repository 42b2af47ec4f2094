"""Analysing one shard: the work every engine hands to a worker, with its faults contained.

A worker keeps one loaded pipeline (``Analyzer``) for all the shards it is given. For each shard it
appends to a journal, line by line and flushed, the batch of articles it is about to analyse and then
each article's result or failure. That journal makes the work safe to repeat:

- a rerun after the whole run was killed picks the shard up where the journal stops;
- when the engine saw the worker die on a shard (killed, out of memory, over the time limit), the retry
  analyses the articles of the interrupted batch one at a time, and the article that was being analysed
  alone when the worker died again gets a recorded failure with the engine's reason;
- every article of the plan ends in the results or in the failures exactly once.

Each step that yields one analysis has the per-article time limit (SIGALRM; the first step of a batch
includes spaCy's pass over the batch, kept short by the word budget of a batch). An article whose step
runs over it, or raises ``MemoryError`` (a worker runs under an address-space limit on the local
engine), or any other error, is retried alone; alone, it becomes a failure with the reason.
"""

from __future__ import annotations

import contextlib
import gc
import json
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from newsprobe.batch.files import dumps, journal_path
from newsprobe.batch.output import Failure, ShardResult, write_shard
from newsprobe.batch.plan import PlanRecord, body_words, read_plan
from newsprobe.errors import Errors
from newsprobe.models import Analysis, Article
from newsprobe.settings import Settings


class AnalyzerLike(Protocol):
    def analyze_articles(self, articles: Iterable[Article]) -> Iterator[Analysis]: ...


AnalyzerFactory = Callable[[Settings], AnalyzerLike]


def default_analyzer(settings: Settings) -> AnalyzerLike:
    from newsprobe.analyzer import Analyzer  # imported here: the driver of a Ray run need not load spaCy

    return Analyzer(settings)


@dataclass(frozen=True)
class ShardTask:
    """One shard for one worker. ``previous_death`` is (code, reason) when the engine saw a worker die on it."""

    root: str
    shard: int
    article_timeout: float
    memory_limit_mb: int
    batch_articles: int
    batch_words: int
    previous_death: tuple[str, str] | None = None


@dataclass(frozen=True)
class BatchStarted:
    shard: int
    articles: int


@dataclass(frozen=True)
class ArticleDone:
    shard: int
    words: int
    failed: bool


Event = BatchStarted | ArticleDone
Report = Callable[[Event], None]


class ArticleTimeLimit(BaseException):
    """Raised by the alarm inside an analysis. A BaseException so that the analyzer's per-component guard
    (which turns an ``Exception`` into a W003 notice) cannot swallow it."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` with ArticleTimeLimit (main thread only, where signals go;
    Ray runs a synchronous actor's methods there). Elsewhere the engine's watchdog is the only limit."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise ArticleTimeLimit

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Journal:
    """The append-only record of a shard in progress (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.outcomes: dict[str, tuple[str, Any]] = {}  # id -> ("result", json text) | ("failure", dict)
        self.open_batch: list[str] = []  # the last batch begun, minus the articles it finished
        if path.exists():
            self._load()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = path.open("a", encoding="utf-8")

    def _load(self) -> None:
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    break  # the last line of a killed writer may be cut short; nothing after it was written
                if "batch" in entry:
                    self.open_batch = list(entry["batch"])
                elif "result" in entry:
                    self.outcomes[entry["result"]] = ("result", dumps(entry["analysis"]))
                    self._close(entry["result"])
                elif "failure" in entry:
                    self.outcomes[entry["failure"]] = ("failure", entry)
                    self._close(entry["failure"])

    def _close(self, article_id: str) -> None:
        if article_id in self.open_batch:
            self.open_batch.remove(article_id)

    def _write(self, entry: dict[str, Any]) -> None:
        self._handle.write(dumps(entry) + "\n")
        self._handle.flush()

    def begin(self, ids: list[str]) -> None:
        self._write({"batch": ids})
        self.open_batch = list(ids)

    def result(self, article_id: str, text: str) -> None:
        # The analysis is embedded as parsed JSON so that the journal stays one JSON object a line.
        self._handle.write('{"result":' + dumps(article_id) + ',"analysis":' + text + "}\n")
        self._handle.flush()
        self.outcomes[article_id] = ("result", text)
        self._close(article_id)

    def failure(self, article_id: str, code: str, reason: str) -> None:
        entry = {"failure": article_id, "code": code, "reason": reason}
        self._write(entry)
        self.outcomes[article_id] = ("failure", entry)
        self._close(article_id)

    def close(self) -> None:
        self._handle.close()


def _failure_of(error: BaseException, timeout: float, memory_limit_mb: int) -> tuple[str, str]:
    if isinstance(error, ArticleTimeLimit):
        return "E034", Errors.E034.format(seconds=timeout)
    if isinstance(error, MemoryError):
        limit = f"the worker's limit of {memory_limit_mb} MB" if memory_limit_mb else "the memory available"
        return "E035", Errors.E035.format(limit=limit)
    return "E037", Errors.E037.format(detail=f"{type(error).__name__}: {error}")


def _batches(articles: list[Article], most: int, words: int) -> Iterator[list[Article]]:
    """Consecutive batches of at most ``most`` articles and (unless one article alone is longer) ``words`` words."""
    batch: list[Article] = []
    batch_words = 0
    for article in articles:
        size = body_words(article)
        if batch and (len(batch) >= most or batch_words + size > words):
            yield batch
            batch, batch_words = [], 0
        batch.append(article)
        batch_words += size
    if batch:
        yield batch


class ShardRunner:
    def __init__(self, task: ShardTask, analyzer: AnalyzerLike, report: Report) -> None:
        self.task = task
        self.analyzer = analyzer
        self.report = report
        self.root = Path(task.root)

    def run(self) -> ShardResult:
        task = self.task
        records = list(read_plan(self.root, task.shard))
        journal = Journal(journal_path(self.root, task.shard))
        try:
            articles = {record.article.id: record.article for record in records if record.article is not None}
            suspects = [articles[article_id] for article_id in journal.open_batch if article_id in articles]
            if task.previous_death is not None and len(suspects) == 1:
                # The worker died with this article alone in hand: it is the cause.
                code, reason = task.previous_death
                journal.failure(suspects[0].id, code, reason)
                self.report(ArticleDone(task.shard, body_words(suspects[0]), failed=True))
                suspects = []
            for article in suspects:  # an interrupted batch: one at a time, so a repeat death names its article
                self._analyse(journal, [article])
            pending = [article for article in articles.values() if article.id not in journal.outcomes]
            for batch in _batches(pending, task.batch_articles, task.batch_words):
                self._analyse(journal, batch)
            return self._finish(records, journal)
        finally:
            journal.close()

    def _analyse(self, journal: Journal, batch: list[Article]) -> None:
        task = self.task
        journal.begin([article.id for article in batch])
        self.report(BatchStarted(task.shard, len(batch)))
        finished = 0
        failure: tuple[str, str] | None = None
        try:
            analyses = self.analyzer.analyze_articles(batch)
            for article in batch:
                with time_limit(task.article_timeout):
                    analysis = next(analyses)
                journal.result(article.id, dumps(analysis.to_dict()))
                finished += 1
                self.report(ArticleDone(task.shard, body_words(article), failed=False))
        except (ArticleTimeLimit, Exception) as error:
            failure = _failure_of(error, task.article_timeout, task.memory_limit_mb)
        if failure is None:
            return
        gc.collect()  # outside the except block: what a MemoryError's traceback held is free again
        if len(batch) > 1:
            for article in batch[finished:]:
                self._analyse(journal, [article])
            return
        journal.failure(batch[0].id, *failure)
        self.report(ArticleDone(task.shard, body_words(batch[0]), failed=True))

    def _finish(self, records: list[PlanRecord], journal: Journal) -> ShardResult:
        analyses: list[tuple[str, int]] = []
        failures: list[Failure] = []
        for record in records:
            if record.article is None:
                failures.append(Failure(id=None, source=record.source, stage="read", code=str(record.code),
                                        reason=str(record.message)))
                continue
            kind, value = journal.outcomes[record.article.id]
            if kind == "result":
                analyses.append((value, body_words(record.article)))
            else:
                failures.append(Failure(id=record.article.id, source=record.article.source, stage="analysis",
                                        code=str(value["code"]), reason=str(value["reason"])))
        result = write_shard(self.root, self.task.shard, analyses, failures)
        journal.close()
        journal.path.unlink(missing_ok=True)
        return result


def journal_outcomes(root: Path, shard: int) -> int:
    """How many articles a shard's journal has finished (0 when there is none): the engines' progress check."""
    path = journal_path(root, shard)
    if not path.exists():
        return 0
    with path.open(encoding="utf-8") as handle:
        return sum(1 for line in handle if line.startswith(('{"result"', '{"failure"')))


def run_shard(task: ShardTask, analyzer: AnalyzerLike, report: Report | None = None) -> ShardResult:
    """Analyse one shard to its finished files (see the module docstring); returns what it holds."""
    return ShardRunner(task, analyzer, report or (lambda event: None)).run()
