"""A finished shard's files: results in Parquet and JSONL.gz, failures in JSONL, and the marker.

Both results files hold the same analyses in the same order (the shard's input order), one row or
line per article; the JSONL.gz line is ``Analysis.to_dict()`` and the Parquet ``analysis`` column holds
the same JSON text beside flat columns to filter on. Nothing in them depends on when or where they were
written (no times, gzip headers without mtime), so two engines give the same bytes.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsprobe.batch.files import (
    done_path,
    failures_path,
    gzip_bytes,
    jsonl_bytes,
    read_json,
    read_jsonl_gz,
    results_jsonl,
    results_parquet,
    sha256_file,
    shard_files,
    write_atomic,
    write_json,
)
from newsprobe.models import Analysis

RESULT_SCHEMA = pa.schema([
    ("id", pa.string()),
    ("source", pa.string()),
    ("title", pa.string()),
    ("url", pa.string()),
    ("outlet", pa.string()),
    ("published", pa.string()),
    ("language", pa.string()),
    ("duplicate_of", pa.string()),
    ("words", pa.int64()),
    ("attributions", pa.int32()),
    ("times", pa.int32()),
    ("claims", pa.int32()),
    ("techniques", pa.int32()),
    ("findings", pa.int32()),
    ("notices", pa.int32()),
    ("schema_version", pa.string()),
    ("analysis", pa.string()),  # the whole Analysis.to_dict() as JSON
])


@dataclass(frozen=True)
class Failure:
    """An article (or a source) that has no result, and why. ``stage`` is ``read`` or ``analysis``."""

    id: str | None
    source: str | None
    stage: str
    code: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "stage": self.stage, "code": self.code, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Failure:
        return cls(id=data.get("id"), source=data.get("source"), stage=str(data["stage"]), code=str(data["code"]),
                   reason=str(data["reason"]))


@dataclass(frozen=True)
class ShardResult:
    """What a finished shard holds; also the content of its ``.done.json`` marker (no times)."""

    shard: int
    articles: int
    failures: int
    words: int
    files: dict[str, str]  # file name -> sha256

    def to_dict(self) -> dict[str, Any]:
        return {"shard": self.shard, "articles": self.articles, "failures": self.failures, "words": self.words,
                "files": self.files}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ShardResult:
        return cls(shard=int(data["shard"]), articles=int(data["articles"]), failures=int(data["failures"]),
                   words=int(data["words"]), files=dict(data["files"]))


def _row(document: dict[str, Any], words: int, text: str) -> dict[str, Any]:
    article = document["article"]
    return {
        "id": article["id"], "source": article.get("source"), "title": article.get("title"),
        "url": article.get("url"), "outlet": article.get("outlet"), "published": article.get("published"),
        "language": article.get("language"), "duplicate_of": article.get("duplicate_of"), "words": words,
        **{name: len(document.get(name) or ()) for name in (
            "attributions", "times", "claims", "techniques", "findings", "notices")},
        "schema_version": document["schema_version"], "analysis": text,
    }


def write_shard(root: Path, shard: int, analyses: Sequence[tuple[str, int]],
                failures: Sequence[Failure]) -> ShardResult:
    """Write a shard's files, then its marker. ``analyses`` are (Analysis JSON text, body words) in order."""
    rows = [_row(json.loads(text), words, text) for text, words in analyses]
    table = pa.Table.from_pylist(rows, schema=RESULT_SCHEMA)
    buffer = io.BytesIO()
    # Statistics and dictionary pages are deterministic; pyarrow writes no timestamps into Parquet.
    pq.write_table(table, buffer, compression="zstd")
    write_atomic(results_parquet(root, shard), buffer.getvalue())
    write_atomic(results_jsonl(root, shard), gzip_bytes("".join(text + "\n" for text, _ in analyses).encode()))
    write_atomic(failures_path(root, shard), jsonl_bytes(failure.to_dict() for failure in failures))
    result = ShardResult(shard=shard, articles=len(analyses), failures=len(failures),
                         words=sum(words for _, words in analyses),
                         files={path.name: sha256_file(path) for path in shard_files(root, shard)})
    write_json(done_path(root, shard), result.to_dict())  # last: the marker vouches for the files above
    return result


def read_shard_result(root: Path, shard: int) -> ShardResult:
    return ShardResult.from_dict(read_json(done_path(root, shard)))


def read_analyses(root: Path, shard: int) -> Iterator[Analysis]:
    """A finished shard's analyses back as ``models.Analysis`` objects, in order."""
    for document in read_jsonl_gz(results_jsonl(root, shard)):
        yield Analysis.from_dict(document)


def read_failures(root: Path, shard: int) -> list[Failure]:
    text = failures_path(root, shard).read_text(encoding="utf-8")
    return [Failure.from_dict(json.loads(line)) for line in text.splitlines() if line.strip()]
