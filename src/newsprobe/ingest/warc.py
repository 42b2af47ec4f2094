"""Web archives (WARC / WARC.gz, and old ARC) -> raw items, one per HTML response.

Only ``response`` (and ``resource``) records hold pages. Other HTTP responses (images, scripts, 404
pages, redirects) are counted as skipped with their reason; request, metadata and warcinfo records
describe the crawl, not content, and are not items. warcio cannot find the next record after a
corrupt gzip member, so such damage ends the file with one failure that says where it happened and how
many records were read before it. A record with bad headers or cut short is one failure, and reading goes on.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsprobe.errors import Errors, InputError
from newsprobe.ingest.fetch import content_type_of
from newsprobe.ingest.items import RawItem, ReadResult, failed, skipped

_PAGE_RECORDS = {"response", "resource"}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}


class _GzipCheck:
    """Passes a WARC.gz through to warcio while checking that its last gzip member is complete.

    warcio stops without an error at a truncated gzip member (a crawl cut off mid-write), silently
    dropping the records in it; decompressing alongside (zlib runs at hundreds of MB/s) makes that loss
    visible. Members follow each other (one per record), so each ``unused_data`` starts the next.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._member = zlib.decompressobj(31)
        self._in_member = False  # bytes of a member have been fed and its end not yet seen
        self.truncated = False
        self.corrupt: str | None = None

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        if not data:
            self.truncated = self._in_member
        elif self.corrupt is None:
            self._check(data)
        return data

    def _check(self, data: bytes) -> None:
        try:
            while data:
                self._in_member = True
                self._member.decompress(data)
                if not self._member.eof:
                    return
                self._in_member = False
                data = self._member.unused_data
                self._member = zlib.decompressobj(31)
        except zlib.error as error:
            self.corrupt = str(error)


def read_warc(stream: IO[bytes], source: str, max_bytes: int) -> Iterator[RawItem | ReadResult]:
    check = _GzipCheck(stream) if stream.peek(2)[:2] == b"\x1f\x8b" else None  # type: ignore[attr-defined]
    records = ArchiveIterator(check or stream, arc2warc=True)
    read = 0
    try:
        for record in records:
            read += 1
            if record.rec_type not in _PAGE_RECORDS:
                _drain(record.raw_stream)  # so that a truncated crawl is noticed here too, not passed over
                if getattr(record.raw_stream, "limit", 0):
                    where = f"{source}@{records.get_record_offset()}"
                    yield failed(where, InputError(Errors.E012, source=where, detail="the record is truncated"))
                continue
            problem = _malformed(record)
            # The payload must be read before the offset is asked for: warcio skips to the record's end then.
            data = b"" if problem else record.content_stream().read(max_bytes + 1)
            missing = getattr(record.raw_stream, "limit", 0) if len(data) <= max_bytes else 0
            label = f"{source}@{records.get_record_offset()}"
            if problem or missing:
                detail = problem or f"the record is truncated ({missing:,} bytes of its declared length are missing)"
                yield failed(label, InputError(Errors.E012, source=label, detail=detail))
                continue
            yield _item(record, data, label, max_bytes)
    except Exception as error:  # warcio raises ArchiveLoadFailed, EOFError, zlib.error, even AttributeError
        where = f"{source}@{records.get_record_offset()}" if read else source
        detail = f"{_reason(error)}; {read} record(s) before it were read, the rest of the file is lost"
        yield failed(where, InputError(Errors.E012, source=where, detail=detail))
        return
    if check is not None and (check.truncated or check.corrupt):
        detail = (f"compressed data is {'corrupt (' + check.corrupt + ')' if check.corrupt else 'truncated'}; "
                  f"{read} record(s) were read, the records in the damaged part are lost")
        yield failed(source, InputError(Errors.E012, source=source, detail=detail))


def _item(record: Any, data: bytes, label: str, max_bytes: int) -> RawItem | ReadResult:
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    http = record.http_headers
    if http is not None:
        status = http.get_statuscode()
        if status != "200":
            return skipped(label, f"HTTP {status} response for {url}")
        header = http.get_header("Content-Type")
    else:
        header = record.rec_headers.get_header("Content-Type")
    content_type, charset = content_type_of(header)
    if content_type not in _HTML_TYPES:
        return skipped(label, f"not an HTML response ({content_type or 'no content type'}) for {url}")
    if len(data) > max_bytes:
        return failed(label, InputError(Errors.E003, size=len(data), limit=max_bytes))
    metadata = {"url": url} if url else {}
    return RawItem(label, data, html=True, metadata=metadata, charset=charset)


def _drain(stream: Any) -> None:
    while stream.read(65536):
        pass


def _malformed(record: Any) -> str | None:
    """What makes a record unreadable, or None. warcio is lenient and reads on; these it lets through."""
    if str(record.format).startswith("warc"):
        headers = record.rec_headers
        if not headers.get_header("WARC-Record-ID"):
            return "malformed record (no WARC-Record-ID header)"
        length = headers.get_header("Content-Length") or ""
        if not length.strip().isdigit():
            return f"malformed record (Content-Length {length!r} is not a number)"
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not (len(status) == 3 and status.isdigit()):
            return f"malformed record (HTTP status line {record.http_headers.statusline!r})"
    return None


def _reason(error: BaseException) -> str:
    if isinstance(error, EOFError | zlib.error):
        return f"compressed data is truncated or corrupt ({error})"
    text = str(error).strip() or type(error).__name__
    if not isinstance(error, ArchiveLoadFailed):
        text = f"{type(error).__name__}: {text}"
    return f"malformed record ({text[:200]})"
