"""Dataset dumps -> raw items: JSON Lines and CSV/TSV, one article per record, field names configurable.

Records stream: a dump of a million articles is never held in memory. A record that cannot be read
(a line that is not JSON, a row with missing cells, no text) is a failure of that record only.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from newsprobe.errors import Errors, InputError
from newsprobe.ingest.items import RawItem, ReadResult, failed

# The article fields a record can fill, and the column / key each is read from by default.
RECORD_FIELDS = ("text", "html", "title", "url", "published", "outlet", "id")


@dataclass(frozen=True)
class RecordFields:
    """Which record key holds each article field. JSON keys may be dotted paths (``meta.url``)."""

    text: str = "text"
    html: str = "html"
    title: str = "title"
    url: str = "url"
    published: str = "published"
    outlet: str = "outlet"
    id: str = "id"

    @classmethod
    def parse(cls, spec: str) -> RecordFields:
        """``"text=body,url=link"``: fields not named keep their default column."""
        mapping: dict[str, str] = {}
        for part in spec.split(","):
            if not part.strip():
                continue
            name, equals, column = part.partition("=")
            name, column = name.strip(), column.strip()
            if not equals or name not in RECORD_FIELDS or not column:
                raise ValueError(f"expected FIELD=COLUMN with FIELD one of {', '.join(RECORD_FIELDS)}, got {part!r}")
            mapping[name] = column
        return cls(**mapping)

    def describe(self) -> str:
        return ",".join(f"{name}={getattr(self, name)}" for name in RECORD_FIELDS)


def read_jsonl(stream: IO[bytes], source: str, fields: RecordFields, max_bytes: int) -> Iterator[RawItem | ReadResult]:
    """One item per non-blank line; blank lines are not records."""
    for number, line in enumerate(stream, start=1):
        label = f"{source}:{number}"
        if not line.strip():
            continue
        if len(line) > max_bytes:
            yield failed(label, InputError(Errors.E003, size=len(line), limit=max_bytes))
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            yield failed(label, InputError(Errors.E013, source=label, detail=f"not JSON ({error})"))
            continue
        if not isinstance(record, dict):
            yield failed(label, InputError(Errors.E013, source=label,
                                           detail=f"a JSON {type(record).__name__}, not an object"))
            continue
        yield _item(label, lambda key, r=record: _dig(r, key), fields)


def read_csv(
    stream: IO[str], source: str, fields: RecordFields, max_bytes: int, delimiter: str = ","
) -> Iterator[RawItem | ReadResult]:
    # csv refuses fields over 128 KB by default; an HTML page easily is one. The cap is max_bytes instead.
    csv.field_size_limit(max(min(max_bytes, sys.maxsize), csv.field_size_limit()))
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        yield failed(source, InputError(Errors.E001))
        return
    except csv.Error as error:
        yield failed(source, InputError(Errors.E013, source=source, detail=f"unreadable header ({error})"))
        return
    if fields.text not in header and fields.html not in header:
        detail = (f"no column {fields.text!r} or {fields.html!r} (columns: {', '.join(header)}); "
                  "name the text column with --field text=COLUMN")
        yield failed(source, InputError(Errors.E013, source=source, detail=detail))
        return
    position = {name: index for index, name in enumerate(header)}
    number = 0
    while True:
        number += 1
        label = f"{source}:{number + 1}"  # line of the header is 1: the first record is row 2
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield failed(label, InputError(Errors.E013, source=label, detail=str(error)))
            continue
        if not any(cell.strip() for cell in row):
            continue  # a blank line is not a record
        if len(row) != len(header):
            detail = f"{len(row)} cells where the header has {len(header)} columns"
            yield failed(label, InputError(Errors.E013, source=label, detail=detail))
            continue
        yield _item(label, lambda key, r=row: r[position[key]] if key in position else None, fields)


def _item(label: str, get: Any, fields: RecordFields) -> RawItem | ReadResult:
    metadata = {name: _text(get(getattr(fields, name)))
                for name in ("title", "url", "published", "outlet", "id")}
    text, html = _text(get(fields.text)), _text(get(fields.html))
    content = text or html
    if not content:
        detail = f"no text in field {fields.text!r} or {fields.html!r}"
        return failed(label, InputError(Errors.E013, source=label, detail=detail))
    return RawItem(label, content.encode("utf-8"), html=None if text else True, metadata=_given(metadata))


def _dig(record: Mapping[str, Any], key: str) -> Any:
    if key in record:
        return record[key]
    value: Any = record
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


def _given(metadata: Mapping[str, str | None]) -> dict[str, str]:
    return {name: value.strip() for name, value in metadata.items() if value is not None}
