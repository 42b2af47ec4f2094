"""Batch throughput, scaling, memory and engine overhead, all on the same articles in one run.

1. words/s of the whole analysis (every component on, default settings) against bare ``nlp.pipe`` of the
   same loaded pipeline, in this process: the ratio, by wall-clock and by CPU time (target >= 0.8);
2. ``newsprobe batch run --engine local`` with 1 and then 2 worker processes: speed-up of the analysis
   phase's words/s once every worker is busy (target >= 1.7);
3. peak resident memory of a worker (ru_maxrss high-water mark, from the manifest; target < 1.5 GB);
4. the Ray engine against the local engine, both with 2 workers (target within 1.2x): the whole run with
   Ray already started (a cluster is up before a job is sent to it), and Ray's own start-up apart.

Other work on the machine disturbs every timing, so each figure is a ratio of runs made here, one after
the other, on the same input (polnear-dev, 84 articles, by default); 1 and 2 take the fastest of
``--repeat`` (3) alternating rounds.

    python -m benchmarks.bench_batch [--corpus PATH] [--articles N] [--repeat N] [--no-ray]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from benchmarks.common import body_words, corpus_parser, load_articles
from newsprobe import Analyzer
from newsprobe.batch import BatchOptions, run_batch
from newsprobe.batch.engine import WorkerStats
from newsprobe.batch.output import ShardResult
from newsprobe.batch.worker import ArticleDone, BatchStarted, Event
from newsprobe.settings import load_settings

TARGET_RATIO = 0.8
TARGET_SPEEDUP = 1.7
TARGET_PEAK_MB = 1536
TARGET_RAY_OVERHEAD = 1.2


class _Window:
    """Throughput of the analysis phase once every worker is at work: words finished from the moment the
    last worker began its first batch to the last article finished (worker start-up and the pipeline
    loads, which overlap differently with 1 and 2 workers, are left out; an uneven end is kept in)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.shards_begun: set[int] = set()
        self.start: float | None = None
        self.last: float | None = None
        self.words = 0

    def on_event(self, event: Event) -> None:
        now = time.perf_counter()
        if isinstance(event, BatchStarted) and self.start is None:
            self.shards_begun.add(event.shard)
            if len(self.shards_begun) >= self.workers:  # each worker holds one shard at a time
                self.start = now
        if isinstance(event, ArticleDone) and self.start is not None:
            self.words += event.words
            self.last = now

    def on_shard_done(self, result: ShardResult, stats: WorkerStats) -> None:
        pass

    def on_worker_died(self, shard: int, reason: str) -> None:
        pass

    @property
    def words_per_second(self) -> float:
        assert self.start is not None and self.last is not None
        return self.words / (self.last - self.start)


def _dump(articles_path: Path, corpus: Path, limit: int) -> None:
    """The benchmark's articles as a JSONL input of their texts (the same texts ``load_articles`` reads)."""
    with corpus.open(encoding="utf-8") as handle, articles_path.open("w", encoding="utf-8") as out:
        for line, _ in zip(handle, range(limit), strict=False):
            record = json.loads(line)
            out.write(json.dumps({"id": record.get("id"), "text": record["text"]}) + "\n")


class _Run(NamedTuple):
    whole: float  # seconds of the whole run_batch call
    rate: float  # words/s of the analysis phase (local) or of the whole run (ray)
    peak: float  # MB, highest worker RSS high-water mark
    shards: dict[str, dict[str, Any]]  # the manifest's per-shard records (worker, seconds, cpu_seconds ...)

    def cpu_by_worker(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for shard in self.shards.values():
            totals[shard["worker"]] = totals.get(shard["worker"], 0.0) + shard["cpu_seconds"]
        return totals

    def cpu_share(self) -> float:
        """CPU time over wall time of the shards: 1.0 when every worker had a core of its own."""
        return sum(shard["cpu_seconds"] for shard in self.shards.values()) / sum(
            shard["seconds"] for shard in self.shards.values())


def _batch(source: Path, folder: Path, engine: str, workers: int) -> _Run:
    settings = load_settings(environ={}, overrides={"strip_boilerplate": False})
    window = _Window(workers)
    started = time.perf_counter()
    report = run_batch([str(source)], folder, settings, BatchOptions(engine=engine, workers=workers),
                       observer=window)
    whole = time.perf_counter() - started
    if not report.complete or report.failed:
        raise SystemExit(f"{engine} x{workers}: incomplete run or failures: {report.failures_by_code}")
    shards = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["shards"]
    peak = max(shard["peak_rss_mb"] for shard in shards.values())
    rate = window.words_per_second if engine == "local" else report.words / whole
    return _Run(whole, rate, peak, shards)


def _timed(work: Callable[[], None]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one run of ``work``."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = corpus_parser(__doc__)
    parser.add_argument("--no-ray", action="store_true", help="leave out the Ray comparison")
    parser.set_defaults(repeat=3)
    args = parser.parse_args(argv)
    met: list[bool] = []

    articles = load_articles(args.corpus, args.articles)
    body_texts = [article.body.text for article in articles]
    words = body_words(articles)
    analyzer = Analyzer()

    def bare() -> None:
        for _ in analyzer.nlp.pipe(body_texts, batch_size=analyzer.settings.batch_size):
            pass

    def full() -> None:
        for _ in analyzer.analyze_articles(articles):
            pass

    # Warm-up of both: first-call allocations, and the claims and techniques models, which each process
    # loads once on its first article (the techniques model file alone takes about 2 s to parse), are
    # start-up, not throughput; a batch worker pays them once for all its shards.
    bare()
    for _ in analyzer.analyze_articles(articles[:2]):
        pass
    # Rounds of bare then full, each timed by the clock and by this process's CPU time, and the fastest of
    # each kept (what timeit does): on this virtual machine even CPU time of the same work varies by 10-15%
    # from one minute to the next (the host's other guests), so one pass of each can move the ratio by 0.1.
    rounds = [(_timed(bare), _timed(full)) for _ in range(args.repeat)]
    bare_seconds, bare_cpu = (min(times) for times in zip(*(round_[0] for round_ in rounds), strict=True))
    full_seconds, full_cpu = (min(times) for times in zip(*(round_[1] for round_ in rounds), strict=True))
    ratio, cpu_ratio = bare_seconds / full_seconds, bare_cpu / full_cpu
    met.append(max(ratio, cpu_ratio) >= TARGET_RATIO)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start; "
          f"articles={len(articles)} words={words}")
    print(f"1. bare nlp.pipe {words / bare_seconds:8.0f} words/s, full analysis {words / full_seconds:8.0f} words/s: "
          f"ratio {ratio:.3f}; by CPU time {words / bare_cpu:8.0f} and {words / full_cpu:8.0f} words/s: "
          f"ratio {cpu_ratio:.3f} (target >= {TARGET_RATIO}); fastest of {args.repeat} rounds, each round's "
          "CPU ratio: " + ", ".join(f"{b[1] / f[1]:.3f}" for b, f in rounds))
    # the in-process pipeline stays loaded; the batch workers load their own

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as scratch:
        folder = Path(scratch)
        source = folder / "articles.jsonl"
        _dump(source, args.corpus, args.articles)
        # Alternating 1- and 2-worker runs, the fastest of each kept, for the same reason as above.
        ones, twos = [], []
        for number in range(args.repeat):
            ones.append(_batch(source, folder / f"local-1-{number}", "local", 1))
            twos.append(_batch(source, folder / ("local-2" if number == 0 else f"local-2-{number}"), "local", 2))
        one, two = max(ones, key=lambda run: run.rate), max(twos, key=lambda run: run.rate)
        speedup = two.rate / one.rate
        met.append(speedup >= TARGET_SPEEDUP)
        print(f"2. local engine, analysis phase with every worker busy: 1 worker {one.rate:6.0f} words/s, "
              f"2 workers {two.rate:6.0f} words/s: speed-up {speedup:.2f} (target >= {TARGET_SPEEDUP})")
        # On a shared machine the wall-clock speed-up says how much CPU the scheduler granted (Linux autogroup
        # gives each session one share, however many processes it runs). CPU time does not depend on that:
        # the 1-worker run's CPU time over the busiest worker's CPU time in the 2-worker run is the speed-up
        # two free cores would give, with the per-word cost of running two workers and the uneven end kept in.
        estimate = sum(one.cpu_by_worker().values()) / max(two.cpu_by_worker().values())
        print(f"   CPU time: 1 worker {sum(one.cpu_by_worker().values()):.1f} s, 2 workers "
              + " + ".join(f"{seconds:.1f}" for seconds in two.cpu_by_worker().values())
              + f" s: speed-up on two free cores {estimate:.2f}; CPU/wall of the shards {one.cpu_share():.2f} "
              f"(1 worker), {two.cpu_share():.2f} (2 workers)")
        peak = max(one.peak, two.peak)
        met.append(peak < TARGET_PEAK_MB)
        print(f"3. peak worker RSS {peak:.0f} MB (target < {TARGET_PEAK_MB} MB)")
        if not args.no_ray:
            import ray

            started = time.perf_counter()
            ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
            ray_start = time.perf_counter() - started
            try:  # as many Ray runs as local ones, the fastest whole run of each engine compared
                on_ray = min((_batch(source, folder / ("ray-2" if number == 0 else f"ray-2-{number}"), "ray", 2)
                              for number in range(args.repeat)), key=lambda run: run.whole)
            finally:
                ray.shutdown()
            local = min(twos, key=lambda run: run.whole)
            overhead = on_ray.whole / local.whole
            met.append(overhead <= TARGET_RAY_OVERHEAD)
            print(f"4. whole run, 2 workers: local {local.whole:6.1f} s, ray {on_ray.whole:6.1f} s (Ray already up; "
                  f"its start took {ray_start:.1f} s more): ray/local {overhead:.2f} "
                  f"(target <= {TARGET_RAY_OVERHEAD}); Ray actor peak RSS {on_ray.peak:.0f} MB")
            same = all((folder / "local-2" / "results" / name.name).read_bytes() == name.read_bytes()
                       for name in (folder / "ray-2" / "results").iterdir() if not name.name.endswith(".done.json"))
            print(f"   result files identical across engines: {same}")
    print(f"machine load average {os.getloadavg()[0]:.1f} at the end")
    print("all targets met" if all(met) else f"targets missed: {met.count(False)} of {len(met)}")
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
