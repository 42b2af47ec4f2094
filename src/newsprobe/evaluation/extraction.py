"""HTML extraction quality on trafilatura's own benchmark, scored the way trafilatura scores itself.

The benchmark (``../shared/data/extraction/trafilatura-eval/``) pairs each page with up to six text
segments that must appear in the extracted text ("with") and up to six that must not ("without").
Per page, after collapsing whitespace runs to one space: a "with" segment found in the output is a true
positive, one missing a false negative; a "without" segment found is a false positive, one missing a
true negative. Counts add up over all pages; precision, recall, accuracy and F1 follow from the totals.
A page the extractor fails on scores as empty output (every "with" segment missed).

Two systems run on the same pages in the same process: newsprobe's reader (the text that becomes
``Article.text``) and plain trafilatura called exactly as its benchmark calls the "trafilatura" row
(``extract(html_bytes, fast=False, include_comments=False, include_tables=True,
include_formatting=False)``), so the comparison does not depend on machine or version drift.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura

from newsprobe.errors import NewsprobeError
from newsprobe.evaluation import Report
from newsprobe.ingest.html import FOCUSES
from newsprobe.ingest.sources import article_from_bytes

DESCRIPTION = "HTML extraction: segment-level precision/recall/F1 on trafilatura's benchmark, newsprobe vs plain"
DEFAULT_DATA = Path("../shared/data/extraction/trafilatura-eval")
_WHITESPACE = re.compile(r"\s+")
# Large enough for every page of the benchmark (the biggest is a few MB): size is not what is measured.
_MAX_BYTES = 50_000_000


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    failed: int = 0
    seconds: float = 0.0

    def add(self, item: dict[str, Any], output: str | None) -> None:
        normalized = _norm(output or "")
        found = sum(1 for segment in item["with"] if _norm(segment) in normalized)
        leaked = sum(1 for segment in item["without"] if _norm(segment) in normalized)
        self.tp += found
        self.fp += leaked
        self.fn += len(item["with"]) - found
        self.tn += len(item["without"]) - leaked

    def metrics(self, prefix: str) -> dict[str, Any]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        f1 = 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 0.0
        return {
            f"{prefix}_precision": round(precision, 4),
            f"{prefix}_recall": round(recall, 4),
            f"{prefix}_accuracy": round((self.tp + self.tn) / total if total else 0.0, 4),
            f"{prefix}_f1": round(f1, 4),
            f"{prefix}_failed_pages": self.failed,
            f"{prefix}_seconds": round(self.seconds, 1),
        }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="benchmark folder with evaldata.json and cache/, eval/ (default: %(default)s)")
    parser.add_argument("--sample", type=int, default=0,
                        help="score every N-th page of the URL-sorted benchmark only (0: all pages)")
    parser.add_argument("--focus", choices=FOCUSES, default="balanced",
                        help="newsprobe's extraction focus to score (default: balanced)")


def run(args: argparse.Namespace) -> Report:
    annotations: dict[str, dict[str, Any]] = json.loads((args.data / "evaldata.json").read_text(encoding="utf-8"))
    urls = sorted(annotations)
    if args.sample and args.sample > 1:
        urls = urls[::args.sample]
    systems: dict[str, Callable[[bytes], str | None]] = {
        "newsprobe": lambda page: _newsprobe(page, args.focus),
        "trafilatura": _plain_trafilatura,
    }
    counts = {name: Counts() for name in systems}
    details: list[str] = []
    for url in urls:
        item = annotations[url]
        page = _read_page(args.data, item["file"])
        for name, extract in systems.items():
            started = time.perf_counter()
            try:
                output = extract(page)
            except Exception as error:  # a crash scores as empty output, as in trafilatura's benchmark
                output = None
                details.append(f"{name} crashed on {item['file']}: {type(error).__name__}: {error}")
            counts[name].seconds += time.perf_counter() - started
            counts[name].failed += not output
            counts[name].add(item, output)
    metrics: dict[str, Any] = {"pages": len(urls), "focus": args.focus}
    for name, count in counts.items():
        metrics.update(count.metrics(name))
    metrics["f1_difference"] = round(metrics["newsprobe_f1"] - metrics["trafilatura_f1"], 4)
    return Report(metrics=metrics, details=details)


def _newsprobe(page: bytes, focus: str) -> str | None:
    try:
        article = article_from_bytes(page, html=True, max_bytes=_MAX_BYTES, extraction_focus=focus)
    except NewsprobeError:
        return None
    return article.text


def _plain_trafilatura(page: bytes) -> str | None:
    result = trafilatura.extract(page, fast=False, include_comments=False, include_tables=True,
                                 include_formatting=False)
    return result if isinstance(result, str) else None


def _read_page(root: Path, name: str) -> bytes:
    """The benchmark names ``x.html``; this copy stores ``x.html.gz`` under cache/ or eval/."""
    for folder in ("cache", "eval"):
        for candidate in (root / folder / name, root / folder / f"{name}.gz"):
            if candidate.is_file():
                data = candidate.read_bytes()
                return gzip.decompress(data) if candidate.suffix == ".gz" else data
    raise FileNotFoundError(f"{name} is not under {root}/cache or {root}/eval")


def _norm(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()
