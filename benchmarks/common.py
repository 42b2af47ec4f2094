"""What every benchmark shares: the corpus options, reading articles, and best-of-N timing."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from newsprobe.ingest.text import article_from_text
from newsprobe.models import Article

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/data/attribution/polnear-dev.jsonl"


def corpus_parser(description: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="gold-style JSONL with a text field")
    parser.add_argument("--articles", type=int, default=84, help="how many articles to read (polnear-dev has 84)")
    parser.add_argument("--repeat", type=int, default=2, help="best of this many timed runs")
    return parser


def load_articles(corpus: Path, limit: int) -> list[Article]:
    with corpus.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line, _ in zip(handle, range(limit), strict=False)]
    return [article_from_text(text, strip_boilerplate=False) for text in texts]


def body_words(articles: list[Article]) -> int:
    return sum(len(article.body.text.split()) for article in articles)


def best_of(repeat: int, work: Callable[[], None]) -> float:
    """The fastest of ``repeat`` runs, in seconds: the least disturbed by other work on the machine."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best
