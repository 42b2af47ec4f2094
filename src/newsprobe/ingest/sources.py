"""Where articles come from: paths, directories, globs, URLs, archives, dumps, feeds, stdin -> read results.

Every item read yields exactly one ``ReadResult``: an article, a failure with its reason, or a skip
with its reason (an exact duplicate, a non-HTML archive record), so a batch can account for everything
it was given. Readers for each kind of source live in their own module; this one decides which reader a
source needs, turns raw items into Articles (metadata given by the source wins over metadata found in the
page), and runs duplicate detection over the whole stream.
"""

from __future__ import annotations

import dataclasses
import glob
import gzip
import io
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

from newsprobe.errors import Errors, InputError, NewsprobeError, Warnings
from newsprobe.ingest.decode import check_size, decode_bytes
from newsprobe.ingest.duplicates import DuplicateIndex
from newsprobe.ingest.feeds import looks_like_feed, read_feed
from newsprobe.ingest.fetch import Fetched, FetchOptions, fetch, is_url
from newsprobe.ingest.html import article_from_html, declared_charset, looks_like_html
from newsprobe.ingest.identity import article_id
from newsprobe.ingest.items import RawItem, ReadFailure, ReadResult, failed
from newsprobe.ingest.language import with_language
from newsprobe.ingest.records import RecordFields, read_csv, read_jsonl
from newsprobe.ingest.text import article_from_text
from newsprobe.ingest.warc import read_warc
from newsprobe.models import Article
from newsprobe.settings import Settings

__all__ = ["IngestOptions", "ReadFailure", "ReadResult", "article_from_bytes", "ingest_options", "read_sources"]

STDIN = "-"
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_WARC_SUFFIXES = {".warc", ".arc"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_CSV_DELIMITERS = {".csv": ",", ".tsv": "\t"}
_FEED_SUFFIXES = {".rss", ".atom"}
_GLOB_CHARACTERS = set("*?[")
_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}


@dataclass(frozen=True)
class IngestOptions:
    """How to read: limits, extraction choices, fetching and record field names (all from settings)."""

    max_bytes: int = 10_000_000
    strip_boilerplate: bool = True
    extraction_focus: str = "balanced"
    fetch: FetchOptions = field(default_factory=FetchOptions)
    fetch_feed_articles: bool = True
    fields: RecordFields = field(default_factory=RecordFields)
    near_duplicate_threshold: float = 0.5  # 1.0 or more turns near-duplicate linking off


def ingest_options(settings: Settings) -> IngestOptions:
    return IngestOptions(
        max_bytes=settings.max_bytes,
        strip_boilerplate=settings.strip_boilerplate,
        extraction_focus=settings.extraction_focus,
        fetch=FetchOptions(timeout=settings.fetch_timeout, max_bytes=settings.max_bytes,
                           max_redirects=settings.max_redirects, allow_private=settings.allow_private,
                           user_agent=settings.user_agent),
        fetch_feed_articles=settings.fetch_feed_articles,
        fields=RecordFields.parse(settings.record_fields),
        near_duplicate_threshold=settings.near_duplicate_threshold,
    )


def read_sources(sources: Iterable[str], options: IngestOptions | None = None) -> Iterator[ReadResult]:
    """Read every source; exact duplicates become skips, near-duplicates are linked to their original."""
    options = options or IngestOptions()
    index = DuplicateIndex(threshold=options.near_duplicate_threshold)
    for source in sources:
        for result in _read_source(source, options):
            yield _deduplicated(result, index) if result.article is not None else result


def article_from_bytes(
    data: bytes,
    *,
    source: str | None = None,
    max_bytes: int,
    html: bool | None = None,
    strip_boilerplate: bool = True,
    charset: str | None = None,
    extraction_focus: str = "balanced",
) -> Article:
    """Decode and read one input; ``html=None`` decides by looking at the content."""
    is_html = looks_like_html(data) if html is None else html
    declared = charset or (declared_charset(data) if is_html else None)
    decoded = decode_bytes(data, max_bytes, declared)
    if is_html:
        article = article_from_html(decoded.text, source=source, notices=decoded.notices,
                                    strip_boilerplate=strip_boilerplate, focus=extraction_focus)
    else:
        article = article_from_text(decoded.text, source=source, notices=decoded.notices,
                                    strip_boilerplate=strip_boilerplate)
    return with_language(article)


# -- which reader a source needs --------------------------------------------------------------------

def _read_source(source: str, options: IngestOptions) -> Iterator[ReadResult]:
    if source == STDIN:
        yield from _finish_all(_stdin(options), options)
    elif is_url(source):
        yield from _finish_all(_url(source, options), options)
    elif Path(source).is_dir():
        yield from _directory(Path(source), options)
    elif _GLOB_CHARACTERS & set(source) and not Path(source).exists():
        # glob.glob, not Path.glob: the pattern may be absolute and may use ** across folders.
        matches = sorted(glob.glob(source, recursive=True))  # noqa: PTH207
        files = [Path(match) for match in matches if Path(match).is_file()]
        if not files:
            yield failed(source, InputError(Errors.E006, path=source, detail="no files match this pattern"))
        for path in files:
            yield from _finish_all(_file(path, options), options)
    else:
        yield from _finish_all(_file(Path(source), options), options)


def _directory(root: Path, options: IngestOptions) -> Iterator[ReadResult]:
    found = False
    for path in sorted(root.rglob("*")):
        # Hidden files and folders (.git, .DS_Store) are tooling, not articles.
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
            found = True
            yield from _finish_all(_file(path, options), options)
    if not found:
        yield failed(str(root), InputError(Errors.E006, path=root, detail="the directory holds no files"))


def _file(path: Path, options: IngestOptions) -> Iterator[RawItem | ReadResult]:
    name = str(path)
    suffixes = [suffix.lower() for suffix in path.suffixes[-2:]]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    kind = suffixes[-2] if compressed and len(suffixes) == 2 else (suffixes[-1] if suffixes else "")
    try:
        if kind in _WARC_SUFFIXES:
            with path.open("rb") as stream:  # warcio reads gzip members itself
                yield from read_warc(stream, name, options.max_bytes)
            return
        if kind in _JSONL_SUFFIXES or kind in _CSV_DELIMITERS:
            with _open_records(path, compressed) as stream:
                yield from _guard_stream(_records(stream, name, kind, options), name)
            return
        if not compressed:
            check_size(path.stat().st_size, options.max_bytes)  # refuse before reading a huge file
            data = path.read_bytes()
        else:
            data = _gunzip(path.read_bytes(), name, options.max_bytes)
    except NewsprobeError as error:
        yield failed(name, error)
        return
    except OSError as error:
        yield failed(name, InputError(Errors.E006, path=name, detail=error.strerror or error))
        return
    if kind in _FEED_SUFFIXES or (kind not in _HTML_SUFFIXES and looks_like_feed(data)):
        yield from read_feed(data, name, _page_fetcher(options), fetch_articles=options.fetch_feed_articles)
        return
    yield RawItem(name, data, html=True if kind in _HTML_SUFFIXES else None)


def _open_records(path: Path, compressed: bool) -> IO[bytes]:
    # The caller closes it (``with``); a helper that opens is the one place this cannot be a with-block.
    stream: IO[bytes] = gzip.open(path, "rb") if compressed else path.open("rb")  # type: ignore[assignment]  # noqa: SIM115
    return stream


def _records(stream: IO[bytes], name: str, kind: str, options: IngestOptions) -> Iterator[RawItem | ReadResult]:
    if kind in _JSONL_SUFFIXES:
        yield from read_jsonl(stream, name, options.fields, options.max_bytes)
    else:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
        yield from read_csv(text, name, options.fields, options.max_bytes, _CSV_DELIMITERS[kind])


def _guard_stream(items: Iterator[RawItem | ReadResult], name: str) -> Iterator[RawItem | ReadResult]:
    """Records read before a truncated gzip stream are kept; the damage is one failure for the rest."""
    count = 0
    try:
        for item in items:
            count += 1
            yield item
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        detail = f"compressed data is truncated or corrupt ({error}) after {count} record(s)"
        yield failed(name, InputError(Errors.E011, source=name, detail=detail))


def _gunzip(data: bytes, name: str, max_bytes: int) -> bytes:
    decompressor = zlib.decompressobj(31)  # 31: gzip header
    try:
        out = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise InputError(Errors.E011, source=name, detail=f"not valid gzip data ({error})") from error
    if len(out) > max_bytes:
        raise InputError(Errors.E003, size=len(out), limit=max_bytes)
    if not decompressor.eof:
        raise InputError(Errors.E011, source=name,
                         detail=f"compressed data is truncated after {len(out):,} bytes of content")
    return out


def _stdin(options: IngestOptions) -> Iterator[RawItem | ReadResult]:
    try:
        data = _read_limited(sys.stdin.buffer, options.max_bytes)
    except NewsprobeError as error:
        yield failed("stdin", error)
        return
    yield RawItem("stdin", data)


def _url(url: str, options: IngestOptions) -> Iterator[RawItem | ReadResult]:
    try:
        page = fetch(url, dataclasses.replace(options.fetch, max_bytes=options.max_bytes))
    except NewsprobeError as error:
        yield failed(url, error)
        return
    if page.content_type in _FEED_TYPES or looks_like_feed(page.data):
        yield from read_feed(page.data, url, _page_fetcher(options), fetch_articles=options.fetch_feed_articles)
        return
    is_html = True if page.content_type in {"text/html", "application/xhtml+xml"} else None
    yield RawItem(url, page.data, html=is_html, metadata={"url": page.url}, charset=page.charset)


def _page_fetcher(options: IngestOptions) -> Callable[[str], Fetched]:
    fetch_options = dataclasses.replace(options.fetch, max_bytes=options.max_bytes)
    return lambda url: fetch(url, fetch_options)


def _read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    check_size(len(data), max_bytes)
    return data


# -- raw item -> Article -----------------------------------------------------------------------------

def _finish_all(items: Iterable[RawItem | ReadResult], options: IngestOptions) -> Iterator[ReadResult]:
    for item in items:
        yield item if isinstance(item, ReadResult) else _finish(item, options)


def _finish(item: RawItem, options: IngestOptions) -> ReadResult:
    try:
        article = article_from_bytes(
            item.data, source=item.source, max_bytes=options.max_bytes, html=item.html,
            strip_boilerplate=options.strip_boilerplate, charset=item.charset,
            extraction_focus=options.extraction_focus,
        )
    except NewsprobeError as error:
        return failed(item.source, error)
    given: dict[str, Any] = {name: value for name, value in item.metadata.items() if name != "id"}
    if item.authors:
        given["authors"] = item.authors
    article = dataclasses.replace(article, **given)
    article = dataclasses.replace(article, id=article_id(item.metadata.get("id"), article.url, article.text))
    return ReadResult(item.source, article=article)


def _deduplicated(result: ReadResult, index: DuplicateIndex) -> ReadResult:
    article = result.article
    assert article is not None
    match = index.check(article.id, article.body.text)
    if match is None:
        return result
    if match.exact:
        return ReadResult(result.source, skipped=f"exact duplicate of {match.original_id}",
                          duplicate_of=match.original_id)
    notice = Warnings.W005.notice(original=match.original_id, similarity=f"{match.similarity:.2f}")
    linked = dataclasses.replace(article, duplicate_of=match.original_id, duplicate_similarity=match.similarity,
                                 notices=(*article.notices, notice))
    return ReadResult(result.source, article=linked)

