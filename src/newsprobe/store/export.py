"""Export tables of the store as JSONL, CSV or Parquet files (pyarrow), for pandas, DuckDB and spreadsheets.

The tables and their columns are ``queries.EXPORT_COLUMNS``; rows are read in one read transaction, so an
export is a consistent snapshot even while an ingest writes. A file is written under a temporary name and
renamed when complete: a failed export leaves no half-written file behind.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from newsprobe.errors import Errors, StoreError
from newsprobe.store import queries
from newsprobe.store.database import Store
from newsprobe.store.dialects import Row

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
EXPORT_TABLES = tuple(queries.EXPORT_COLUMNS)
# Rows per Parquet row group: large enough for column compression, small enough to bound memory.
_PARQUET_BATCH = 10_000


def export_table(store: Store, table: str, fmt: str, path: Path) -> int:
    """Write one table to ``path`` in ``fmt``; returns the number of rows written."""
    if table not in queries.EXPORT_COLUMNS:
        raise StoreError(Errors.E029, what=table, detail=f"no such table; choose from {', '.join(EXPORT_TABLES)}")
    if fmt not in EXPORT_FORMATS:
        raise StoreError(Errors.E029, what=table, detail=f"unknown format {fmt!r}")
    partial = path.with_name(f".{path.name}.partial")
    try:
        with store.transaction(write=False) as tx:
            rows = queries.export_rows(tx, table)
            count = _WRITERS[fmt](rows, queries.EXPORT_COLUMNS[table], partial)
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StoreError(Errors.E029, what=f"{table} to {path}", detail=error.strerror or error) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count


def write_jsonl(rows: Iterable[Row], columns: dict[str, str], path: Path) -> int:
    with path.open("w", encoding="utf-8") as handle:
        return _jsonl(rows, columns, handle)


def _jsonl(rows: Iterable[Row], columns: dict[str, str], handle: IO[str]) -> int:
    count = 0
    for row in rows:
        handle.write(json.dumps({name: _value(row.get(name), kind) for name, kind in columns.items()},
                                ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[Row], columns: dict[str, str], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({name: _value(row.get(name), kind) for name, kind in columns.items()})
            count += 1
    return count


def write_parquet(rows: Iterable[Row], columns: dict[str, str], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"text": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    schema = pa.schema([(name, types[kind]) for name, kind in columns.items()])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(rows, _PARQUET_BATCH):
            data = {name: [_value(row.get(name), kind) for row in batch] for name, kind in columns.items()}
            writer.write_table(pa.Table.from_pydict(data, schema=schema))
            count += len(batch)
    return count


_WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}


def _batches(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _value(value: Any, kind: str) -> Any:
    """One cell as its column type (SQLite keeps booleans as 0/1, PostgreSQL numerics may be Decimals)."""
    if value is None:
        return None
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    return str(value)
