"""Latency of the web server on a store of 10,000 articles, and a 60-second concurrent load with no errors.

The store is built from a few real analyses (the seed article when ../shared is there, the built-in example,
polnear-dev articles) saved again and again under new ids, outlets and dates: analysing 10k articles would
take hours on two cores, and the view and search costs depend on the rows, not on where they came from. The
corpus post-save hook is left out while building (10,000 copies of the same quotes would be one huge trace).
A real ``newsprobe serve`` process answers on 127.0.0.1; the load generator is httpx's async client in this
process, loopback only, bounded in requests and time.

Latency is measured one request at a time (p50/p95 of the service time) against a baseline route in the same
run (``GET /api``, which touches neither the store nor a template), so the ratio says what the page costs
beyond the server's own overhead on this (shared, noisy) machine. Then ``--seconds`` of mixed requests from
``--concurrency`` clients; every answer must be 200.

    python -m benchmarks.bench_web [--articles 10000] [--requests 300] [--seconds 60] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import httpx

from benchmarks.common import DEFAULT_CORPUS
from newsprobe import Analyzer
from newsprobe.models import Analysis
from newsprobe.store import open_store

SEED = Path(__file__).resolve().parents[1].parent / "shared/data/seed/article.txt"
EXAMPLE = Path(__file__).resolve().parents[1] / "src/newsprobe/examples/harbour-strike.txt"
TARGET_P95_MS = 100.0  # issue 12: article view and search
OUTLETS = [f"Outlet {index:02d}" for index in range(40)]
# Words the search requests look for: common in the stored quotes, so each search has to rank many rows.
SEARCH_WORDS = ["said", "government", "strike", "forces", "president", "people", "will", "port"]


def source_analyses(analyzer: Analyzer, polnear: int) -> list[Analysis]:
    texts = [EXAMPLE.read_text(encoding="utf-8")]
    if SEED.exists():
        texts.append(SEED.read_text(encoding="utf-8"))
    if DEFAULT_CORPUS.exists():
        with DEFAULT_CORPUS.open(encoding="utf-8") as handle:
            texts.extend(json.loads(line)["text"] for line, _ in zip(handle, range(polnear), strict=False))
    return [analyzer.analyze(text) for text in texts]


def build_store(path: Path, sources: list[Analysis], count: int) -> float:
    """Save ``count`` copies under new ids, outlets and dates; returns the seconds it took."""
    started = time.perf_counter()
    with open_store(path, hooks=[]) as store:
        batch: list[Analysis] = []
        for index in range(count):
            source = sources[index % len(sources)]
            day = f"{2020 + index % 4}-{1 + index % 12:02d}-{1 + index % 28:02d}"
            article = dataclasses.replace(source.article, id=f"bench-{index:05d}", outlet=OUTLETS[index % len(OUTLETS)],
                                          published=day, title=f"{source.article.title or 'Story'} #{index}")
            batch.append(dataclasses.replace(source, article=article))
            if len(batch) == 500:
                store.save_many(batch)
                batch = []
        if batch:
            store.save_many(batch)
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([sys.executable, "-m", "newsprobe.cli", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
        if server.poll() is not None:
            raise RuntimeError(f"the server exited: {server.stderr.read().decode() if server.stderr else ''}")
    server.terminate()
    raise RuntimeError("the server did not answer within 120 s")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def sequential(client: httpx.AsyncClient, paths: Callable[[int], str], requests: int) -> list[float]:
    """Milliseconds per request, one at a time; any answer but 200 is an error."""
    times = []
    for index in range(requests):
        started = time.perf_counter()
        response = await client.get(paths(index))
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{paths(index)} answered {response.status_code}: {response.text[:200]}")
    return times


async def load(client: httpx.AsyncClient, paths: list[Callable[[int], str]], seconds: float,
               concurrency: int) -> tuple[int, int, list[float]]:
    """``concurrency`` clients sending mixed requests for ``seconds``: (requests, errors, latencies in ms)."""
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = 0
    counter = 0

    async def worker(seed: int) -> None:
        nonlocal errors, counter
        chooser = random.Random(seed)
        while time.monotonic() < deadline:
            counter += 1
            path = chooser.choice(paths)(chooser.randrange(1_000_000))
            started = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code != 200:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append((time.perf_counter() - started) * 1000)

    await asyncio.gather(*(worker(seed) for seed in range(concurrency)))
    return counter, errors, latencies


async def measure(base: str, articles: int, requests: int, seconds: float, concurrency: int) -> int:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        chooser = random.Random(12)
        routes: dict[str, Callable[[int], str]] = {
            "baseline GET /api": lambda i: "/api",
            "article view GET /articles/{id}": lambda i: "/articles/" + quote(f"bench-{(i * 7919) % articles:05d}"),
            "article JSON GET /api/articles/{id}": lambda i: "/api/articles/" + quote(
                f"bench-{(i * 104729) % articles:05d}"),
            "search GET /attributions?q=": lambda i: f"/attributions?q={SEARCH_WORDS[i % len(SEARCH_WORDS)]}"
                                                     f"&outlet={quote(OUTLETS[i % len(OUTLETS)])}",
            "search GET /api/attributions?q=": lambda i: f"/api/attributions?q={SEARCH_WORDS[i % len(SEARCH_WORDS)]}",
            "articles GET /articles?outlet=": lambda i: f"/articles?outlet={quote(chooser.choice(OUTLETS))}",
        }
        for path in routes.values():  # warm-up: first-use caches (templates, SQLite pages) are not what we measure
            for index in range(5):
                await client.get(path(index))
        results = {name: await sequential(client, path, requests) for name, path in routes.items()}
        baseline = percentile(results["baseline GET /api"], 0.95)
        status = 0
        print(f"{'route':40} {'p50 ms':>8} {'p95 ms':>8} {'p95 / baseline':>15}")
        for name, times in results.items():
            p95 = percentile(times, 0.95)
            targeted = name.startswith(("article view", "search"))
            verdict = ("" if not targeted else "  ok" if p95 < TARGET_P95_MS else f"  OVER {TARGET_P95_MS:g} ms")
            status = 1 if targeted and p95 >= TARGET_P95_MS else status
            print(f"{name:40} {statistics.median(times):8.1f} {p95:8.1f} {p95 / baseline:15.1f}{verdict}")
        total, errors, latencies = await load(client, list(routes.values())[1:], seconds, concurrency)
        print(f"load: {total} requests in {seconds:g} s from {concurrency} clients ({total / seconds:.0f}/s), "
              f"{errors} errors, p50 {statistics.median(latencies):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms")
        return 1 if errors else status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the store (default 10,000)")
    parser.add_argument("--sources", type=int, default=4, help="polnear-dev articles analysed for the copies")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per route, one at a time")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the concurrent load")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent clients in the load")
    args = parser.parse_args(argv)

    analyzer = Analyzer()
    sources = source_analyses(analyzer, args.sources)
    with tempfile.TemporaryDirectory(prefix="newsprobe-bench-web-") as folder:
        db = Path(folder) / "bench.db"
        built = build_store(db, sources, args.articles)
        size = db.stat().st_size / 1e6
        print(f"store: {args.articles} articles from {len(sources)} analyses "
              f"({sum(len(s.attributions) for s in sources)} attributions), built in {built:.0f} s, {size:.0f} MB")
        port = free_port()
        server = start_server(db, port)
        try:
            return asyncio.run(measure(f"http://127.0.0.1:{port}", args.articles, args.requests, args.seconds,
                                       args.concurrency))
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
