"""Planning a batch: read every input once, then split what was read into shards by article id.

Reading happens on the machine that runs ``batch run`` (the driver), in input order, so duplicate
detection sees the whole stream exactly as ``analyze`` does; workers only read the shard files. Each
read result lands in one place: an article or a read failure in its shard's plan file, a skip (exact
duplicate, not an article) in ``skipped.jsonl``. The plan is spooled first and split after, because the
number of shards depends on how many articles there are.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprobe.batch.files import (
    SKIPPED,
    dumps,
    gzip_bytes,
    jsonl_bytes,
    plan_path,
    read_jsonl_gz,
    shard_of,
    write_atomic,
)
from newsprobe.errors import Errors, InputError
from newsprobe.ingest import IngestOptions, read_sources
from newsprobe.ingest.items import ReadResult
from newsprobe.models import Article, _from_plain
from newsprobe.settings import Settings

# A shard is the unit of resumption and of parallel work: small enough that a killed run loses little
# (250 articles of ~700 words take about a minute on one core), and never fewer than 16 so that up to 16
# workers have a shard each even for a small input. Shard count never depends on the engine or the worker
# count: the same input must give the same shard files whichever engine ran them.
ARTICLES_PER_SHARD = 250
MIN_SHARDS = 16
# Plan files are split this many shards per pass over the spool, to keep open files under common ulimits.
_SHARDS_PER_PASS = 256


@dataclass(frozen=True)
class PlanRecord:
    """One line of a shard's plan: an article to analyse, or a source that could not be read."""

    article: Article | None = None
    source: str | None = None
    code: str | None = None
    message: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanRecord:
        if "article" in data:
            return cls(article=article_from_dict(data["article"]))
        failure = data["failure"]
        return cls(source=failure["source"], code=failure["code"], message=failure["message"])


@dataclass(frozen=True)
class Plan:
    key: str
    shards: int
    articles: tuple[int, ...]  # per shard
    words: tuple[int, ...]  # body words per shard
    read_failures: int
    skipped: int

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "shards": self.shards, "articles": list(self.articles), "words": list(self.words),
                "read_failures": self.read_failures, "skipped": self.skipped}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        return cls(key=str(data["key"]), shards=int(data["shards"]), articles=tuple(data["articles"]),
                   words=tuple(data["words"]), read_failures=int(data["read_failures"]),
                   skipped=int(data["skipped"]))


def article_from_dict(data: dict[str, Any]) -> Article:
    """An Article back from ``dataclasses.asdict`` output (the schema's own reader, as ``Analysis.from_dict``)."""
    return _from_plain(Article, data)


def body_words(article: Article) -> int:
    """Whitespace-separated words of the analysed body: what the words/s figures count."""
    return len(article.body.text.split())


def plan_key(inputs: Iterable[str], settings: Settings) -> str:
    """What a batch directory is bound to: the inputs as given, how they are read, and how they are analysed.

    A rerun with the same key resumes; another key in the same directory is refused (E031), because
    finished shards would otherwise mix two kinds of result.
    """
    reading = {name: getattr(settings, name) for name in (
        "max_bytes", "strip_boilerplate", "extraction_focus", "record_fields", "near_duplicate_threshold",
        "fetch_feed_articles")}
    chosen = {"inputs": [str(Path(source).resolve()) if Path(source).exists() else source for source in inputs],
              "reading": reading, "analysis": settings.analysis_hash()}
    return hashlib.sha256(json.dumps(chosen, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def default_shards(articles: int) -> int:
    return max(MIN_SHARDS, math.ceil(articles / ARTICLES_PER_SHARD))


def _plan_line(result: ReadResult) -> dict[str, Any] | None:
    if result.article is not None:
        return {"article": dataclasses.asdict(result.article)}
    if result.failure is not None:
        failure = result.failure
        return {"failure": {"source": failure.source, "code": failure.code, "message": failure.message}}
    return None


def _skip_line(result: ReadResult) -> dict[str, Any]:
    if result.duplicate_of is not None:
        return {"source": result.source, "reason": "exact duplicate", "duplicate_of": result.duplicate_of}
    return {"source": result.source, "reason": result.skipped}


def _shard_key(line: dict[str, Any]) -> str:
    # Articles by id; a failed source has no article id, so its source name decides its shard.
    return str(line["article"]["id"]) if "article" in line else "source:" + str(line["failure"]["source"])


def make_plan(root: Path, inputs: list[str], options: IngestOptions, key: str, shards: int | None,
              on_read: Callable[[], None] | None = None) -> Plan:
    """Read ``inputs`` and write every shard's plan file; returns the counts the run and the manifest need.

    ``on_read`` is called once per item read (the command line shows reading progress with it).
    """
    spool = root / "plan" / ".spool.jsonl.gz"
    spool.parent.mkdir(parents=True, exist_ok=True)
    skips: list[dict[str, Any]] = []
    articles = 0
    first_source: dict[str, str] = {}  # article id -> where the article with that id came from
    with gzip.open(spool, "wt", encoding="utf-8", compresslevel=1) as handle:
        for result in read_sources(inputs, options):
            line = _plan_line(result)
            if result.article is not None and result.article.id in first_source:
                # Results are keyed by id: a second article under the same id would overwrite the first.
                error = InputError(Errors.E039, id=result.article.id, first=first_source[result.article.id])
                line = {"failure": {"source": result.source, "code": error.code, "message": str(error)}}
            elif result.article is not None:
                first_source[result.article.id] = result.source
            if line is None:
                skips.append(_skip_line(result))
            else:
                articles += "article" in line
                handle.write(dumps(line) + "\n")
            if on_read is not None:
                on_read()
    count = shards or default_shards(articles)
    shard_articles = [0] * count
    shard_words = [0] * count
    read_failures = 0
    for first in range(0, count, _SHARDS_PER_PASS):
        group = range(first, min(count, first + _SHARDS_PER_PASS))
        lines: dict[int, list[dict[str, Any]]] = {shard: [] for shard in group}
        for line in read_jsonl_gz(spool):
            shard = shard_of(_shard_key(line), count)
            if shard in lines:
                lines[shard].append(line)
        for shard, shard_lines in lines.items():
            write_atomic(plan_path(root, shard), gzip_bytes(jsonl_bytes(shard_lines)))
            for line in shard_lines:
                if "article" in line:
                    shard_articles[shard] += 1
                    shard_words[shard] += len(line["article"]["body"]["text"].split())
                else:
                    read_failures += 1
    write_atomic(root / SKIPPED, jsonl_bytes(skips))
    spool.unlink()
    return Plan(key=key, shards=count, articles=tuple(shard_articles), words=tuple(shard_words),
                read_failures=read_failures, skipped=len(skips))


def read_plan(root: Path, shard: int) -> Iterator[PlanRecord]:
    for line in read_jsonl_gz(plan_path(root, shard)):
        yield PlanRecord.from_dict(line)
