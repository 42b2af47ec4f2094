"""The batch commands: ``batch run`` (analyse inputs into a batch directory), ``batch merge`` (into the
store) and ``batch status``."""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from newsprobe.batch import (
    ENGINES,
    BatchOptions,
    BatchReport,
    EngineError,
    Plan,
    ShardResult,
    merge_batch,
    read_batch_plan,
    run_batch,
    summarize,
)
from newsprobe.batch.engine import WorkerStats
from newsprobe.batch.worker import ArticleDone, Event
from newsprobe.cli.common import (
    EXIT_INPUT_FAILED,
    EXIT_NO_MODEL,
    EXIT_OK,
    EXIT_USAGE,
    SOURCES_HELP,
    add_reading_options,
    reading_overrides,
)
from newsprobe.errors import ModelNotFoundError, NewsprobeError
from newsprobe.settings import load_settings


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``batch run``, ``batch merge`` and ``batch status``."""
    batch = commands.add_parser("batch", help="large, resumable runs over all cores or a Ray cluster "
                                              "(docs/batch.md)")
    actions = batch.add_subparsers(dest="batch_command", required=True, metavar="ACTION")

    run = actions.add_parser("run", help="analyse every input into a batch directory of sharded results")
    run.add_argument("inputs", nargs="+", metavar="SOURCE", help=SOURCES_HELP)
    run.add_argument("--out", type=Path, required=True, metavar="DIR",
                     help="batch directory; rerun with the same inputs to resume a stopped run")
    run.add_argument("--engine", choices=ENGINES, default="local",
                     help="local: worker processes on this machine (default); ray: Ray actors")
    run.add_argument("--workers", type=int, help="worker processes or Ray actors (default: every core / "
                                                 "every CPU of the Ray cluster)")
    run.add_argument("--address", help="Ray: join the cluster at this address (ray start --head prints it); "
                                       "without it a local Ray is started for the run")
    run.add_argument("--shards", type=int, help="number of shards (default: at least 16, ~250 articles each); "
                                                "fixed by the first run of a directory")
    run.add_argument("--model", help="spaCy pipeline to use (default: en_core_web_sm, else its re-upload)")
    run.add_argument("--max-bytes", type=int, help="refuse inputs larger than this (default 10,000,000)")
    run.add_argument("--keep-boilerplate", action="store_true",
                     help="analyse trailing web boilerplate as part of the body")
    run.add_argument("--article-timeout", type=float, metavar="SECONDS",
                     help="time limit per article (setting batch_article_timeout, default 60; 0: none)")
    run.add_argument("--worker-memory-mb", type=int, metavar="MB",
                     help="local engine: address-space limit per worker (setting batch_worker_memory_mb)")
    add_reading_options(run)
    run.set_defaults(handler=_run_command)

    merge = actions.add_parser("merge", help="save every finished shard of a batch directory into the store")
    merge.add_argument("directory", type=Path, metavar="DIR")
    merge.add_argument("--db", help="store: a file path, sqlite:///PATH or postgresql://... (default: setting db)")
    merge.set_defaults(handler=_merge_command)

    status = actions.add_parser("status", help="what a batch directory holds: shards done, articles, failures")
    status.add_argument("directory", type=Path, metavar="DIR")
    status.set_defaults(handler=_status_command)


class _Display:
    """The live progress line: articles and words done, their rates, ETA and failures so far."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(),
            TextColumn("{task.completed:>.0f}/{task.total:>.0f} articles"),
            TextColumn("{task.fields[rates]}"), TextColumn("ETA {task.fields[eta]}"),
            TextColumn("[red]{task.fields[failures]} failed"), TimeElapsedColumn(),
            console=console, transient=False, refresh_per_second=4,
        )
        self.task: TaskID | None = None
        self.started = time.monotonic()
        self.words = 0
        self.total_words = 0
        self.streamed: Counter[int] = Counter()  # articles reported article by article, per shard
        self.streamed_failures: Counter[int] = Counter()
        self.done_failures = 0
        self.deaths = 0
        self.plan: Plan | None = None

    def planned(self, plan: Plan, todo: list[int]) -> None:
        self.plan = plan
        self.total_words = sum(plan.words[shard] for shard in todo)
        self.started = time.monotonic()
        self.task = self.progress.add_task("analysing", total=sum(plan.articles[shard] for shard in todo),
                                           rates="", eta="-", failures=0)

    def on_event(self, event: Event) -> None:
        if isinstance(event, ArticleDone):
            self.streamed[event.shard] += 1
            self.streamed_failures[event.shard] += event.failed
            self._advance(1, event.words)

    def on_shard_done(self, result: ShardResult, stats: WorkerStats) -> None:
        assert self.plan is not None
        # Engines that report only whole shards (Ray) advance here by what the shard held.
        unseen = self.plan.articles[result.shard] - self.streamed.pop(result.shard, 0)
        self.streamed_failures.pop(result.shard, None)
        self.done_failures += result.failures
        self._advance(unseen, self.plan.words[result.shard] if unseen else 0)

    def on_worker_died(self, shard: int, reason: str) -> None:
        self.deaths += 1
        self.progress.console.print(f"[yellow]worker died on shard {shard}: {reason}; a new one takes over[/yellow]",
                                    highlight=False)

    def _advance(self, articles: int, words: int) -> None:
        if self.task is None:
            return
        self.words += words
        elapsed = max(time.monotonic() - self.started, 1e-6)
        task = self.progress.tasks[self.task]
        done = task.completed + articles
        left_words = max(self.total_words - self.words, 0)
        eta = f"{left_words / (self.words / elapsed):.0f}s" if self.words else "-"
        self.progress.update(self.task, advance=articles, eta=eta,
                             rates=f"{done / elapsed:.1f} art/s {self.words / elapsed:,.0f} words/s",
                             failures=self.done_failures + sum(self.streamed_failures.values()))


def _run_command(args: argparse.Namespace) -> int:
    errors = Console(stderr=True)
    overrides = {"model": args.model, "batch_article_timeout": args.article_timeout,
                 "batch_worker_memory_mb": args.worker_memory_mb, **reading_overrides(args, args.config)}
    settings = load_settings(args.config, overrides=overrides)
    options = BatchOptions(engine=args.engine, workers=args.workers, address=args.address, shards=args.shards)
    if (args.workers is not None and args.workers < 1) or (args.shards is not None and args.shards < 1):
        errors.print("[red]--workers and --shards must be at least 1[/red]")
        return EXIT_USAGE
    display = _Display(errors)
    read = 0

    def on_read() -> None:
        nonlocal read
        read += 1
        if read % 1000 == 0:
            errors.print(f"read {read} items ...", highlight=False)

    started = time.monotonic()
    try:
        with display.progress:
            report = run_batch(args.inputs, args.out, settings, options, observer=display,
                               on_planned=display.planned, on_read=on_read)
    except EngineError as error:
        errors.print(f"[red][{error.code}] {error}[/red]", highlight=False)
        return EXIT_NO_MODEL if error.code == "E005" else EXIT_USAGE
    except ModelNotFoundError as error:
        errors.print(f"[red]{error}[/red]", highlight=False)
        return EXIT_NO_MODEL
    for line in _report_lines(report, time.monotonic() - started, display.words):
        errors.print(line, highlight=False, markup=False, soft_wrap=True)
    return EXIT_OK if report.complete and not report.failed else EXIT_INPUT_FAILED


def _report_lines(report: BatchReport, seconds: float, words_now: int) -> list[str]:
    plan = report.plan
    lines = [f"{report.root}: {report.shards_done}/{plan.shards} shards done "
             f"({report.shards_run_now} in this run{', resumed' if report.resumed else ''})",
             f"  {report.analysed} articles analysed, {report.failed} failed, {plan.skipped} skipped at reading "
             f"(duplicates, not articles: skipped.jsonl)",
             f"  this run: {words_now:,} words in {seconds:.1f} s ({words_now / max(seconds, 1e-6):,.0f} words/s), "
             f"{report.worker_deaths} worker death(s), peak worker memory {report.peak_rss_mb:.0f} MB"]
    if report.failures_by_code:
        codes = ", ".join(f"{code} x{count}" for code, count in sorted(report.failures_by_code.items()))
        lines.append(f"  failures by code: {codes} (reasons in results/shard-*.failures.jsonl)")
    for item in report.given_up:
        lines.append(f"  shard {item.shard} not finished after {item.attempts} attempts: {item.reason}; "
                     "rerun to retry it")
    if not report.complete and not report.given_up:
        lines.append("  not every shard is finished: rerun the same command to continue")
    return lines


def _merge_command(args: argparse.Namespace) -> int:
    errors = Console(stderr=True)
    settings = load_settings(args.config, overrides={"db": args.db})
    try:
        report = merge_batch(args.directory, settings.db, timeout=settings.db_timeout)
    except NewsprobeError as error:  # the store's errors (E020-E029): cannot open, locked, out of date
        errors.print(f"[red]{error}[/red]", highlight=False)
        return EXIT_USAGE
    errors.print(f"{report.saved} analyses from {report.merged_shards}/{report.shards} shards saved to the store",
                 highlight=False)
    if report.unfinished:
        errors.print(f"{len(report.unfinished)} shard(s) not finished yet and left out: rerun `batch run`, "
                     "then merge again", highlight=False)
        return EXIT_INPUT_FAILED
    return EXIT_OK


def _status_command(args: argparse.Namespace) -> int:
    plan = read_batch_plan(args.directory)
    report = summarize(args.directory.resolve(), plan)
    for line in _report_lines(report, 0.0, 0)[:2] + _report_lines(report, 0.0, 0)[3:]:
        Console(highlight=False).print(line, markup=False, soft_wrap=True)
    return EXIT_OK if report.complete else EXIT_INPUT_FAILED
