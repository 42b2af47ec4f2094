"""Words per second of the whole newsprobe analysis against bare ``nlp.pipe`` of the same pipeline.

Both run in this process on the same articles (polnear-dev by default), the baseline first and then
newsprobe, each timed best-of-N so that a cold cache does not decide the ratio. Prints the ratio and
exits 1 when it falls below the floor.

    python -m benchmarks.bench_analysis [--corpus PATH] [--articles N] [--repeat N] [--floor R]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newsprobe import Analyzer
from newsprobe.ingest.text import article_from_text

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/data/attribution/polnear-dev.jsonl"
# The analysis must keep at least this share of bare spaCy's speed (issue: attribution, >= 0.7).
DEFAULT_FLOOR = 0.7


def _best_of(repeat: int, work) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=84)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--floor", type=float, default=DEFAULT_FLOOR)
    args = parser.parse_args(argv)

    with args.corpus.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line, _ in zip(handle, range(args.articles), strict=False)]
    analyzer = Analyzer()
    articles = [article_from_text(text, strip_boilerplate=False) for text in texts]
    body_texts = [article.body.text for article in articles]
    words = sum(len(text.split()) for text in body_texts)

    def bare() -> None:
        for _ in analyzer.nlp.pipe(body_texts, batch_size=analyzer.settings.batch_size):
            pass

    def full() -> None:
        for _ in analyzer.analyze_articles(articles):
            pass

    bare()  # warm-up: first-call allocations and lazy imports are not what we measure
    bare_seconds = _best_of(args.repeat, bare)
    full_seconds = _best_of(args.repeat, full)
    ratio = bare_seconds / full_seconds
    print(f"articles={len(texts)} words={words}")
    print(f"bare nlp.pipe      {words / bare_seconds:10.0f} words/s")
    print(f"newsprobe analysis {words / full_seconds:10.0f} words/s")
    print(f"ratio {ratio:.3f} (floor {args.floor})")
    return 0 if ratio >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
