"""Where a batch keeps its files, and writing them so that a reader never sees half a file.

A batch directory holds ``manifest.json`` (the plan and what was done, with times), ``plan/`` (each
shard's input articles and read failures), ``work/`` (the journal of a shard being analysed) and
``results/`` (per shard: results in Parquet and JSONL.gz, a failures file and a ``.done.json`` marker
written last). Every finished file appears by atomic rename, so a killed run leaves either a whole file
or none, and the marker says the shard's files are all there.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
LOCK = ".lock"
SKIPPED = "skipped.jsonl"


def shard_of(key: str, shards: int) -> int:
    """A stable shard number for an article id (or a failed source): the same on every machine and run.

    sha256, not ``hash()``: Python salts string hashes per process.
    """
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") % shards


def shard_name(shard: int) -> str:
    return f"shard-{shard:05d}"


def plan_path(root: Path, shard: int) -> Path:
    return root / "plan" / f"{shard_name(shard)}.jsonl.gz"


def journal_path(root: Path, shard: int) -> Path:
    return root / "work" / f"{shard_name(shard)}.journal.jsonl"


def results_parquet(root: Path, shard: int) -> Path:
    return root / "results" / f"{shard_name(shard)}.parquet"


def results_jsonl(root: Path, shard: int) -> Path:
    return root / "results" / f"{shard_name(shard)}.jsonl.gz"


def failures_path(root: Path, shard: int) -> Path:
    return root / "results" / f"{shard_name(shard)}.failures.jsonl"


def done_path(root: Path, shard: int) -> Path:
    return root / "results" / f"{shard_name(shard)}.done.json"


def shard_files(root: Path, shard: int) -> tuple[Path, ...]:
    """The files of a finished shard, marker excluded."""
    return results_parquet(root, shard), results_jsonl(root, shard), failures_path(root, shard)


def is_done(root: Path, shard: int) -> bool:
    """A shard is done when its marker and every file the marker vouches for exist."""
    return done_path(root, shard).is_file() and all(path.is_file() for path in shard_files(root, shard))


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary name beside ``path``, flush to disk, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def gzip_bytes(data: bytes) -> bytes:
    """Gzip with no file name and mtime 0 in the header: the same content gives the same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as handle:
        handle.write(data)
    return buffer.getvalue()


def jsonl_bytes(records: Iterable[dict[str, Any]]) -> bytes:
    return "".join(dumps(record) + "\n" for record in records).encode("utf-8")


def dumps(record: Any) -> str:
    """One compact JSON line; keys keep their order (``Analysis.to_dict`` puts schema_version first)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def read_jsonl_gz(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, value: Any) -> None:
    write_atomic(path, (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
