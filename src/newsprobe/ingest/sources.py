"""Where articles come from: paths and stdin -> a stream of read results.

Every input yields exactly one ``ReadResult``: an article or a failure with its reason, so a
batch can account for everything it was given.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newsprobe.errors import Errors, InputError, NewsprobeError
from newsprobe.ingest.decode import check_size, decode_bytes
from newsprobe.ingest.html import article_from_html, looks_like_html
from newsprobe.ingest.text import article_from_text
from newsprobe.models import Article

STDIN = "-"
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


@dataclass(frozen=True)
class ReadFailure:
    source: str
    code: str
    message: str


@dataclass(frozen=True)
class ReadResult:
    source: str
    article: Article | None = None
    failure: ReadFailure | None = None


def read_sources(
    sources: Iterable[str], *, max_bytes: int, strip_boilerplate: bool = True
) -> Iterator[ReadResult]:
    for source in sources:
        try:
            article = read_one(source, max_bytes=max_bytes, strip_boilerplate=strip_boilerplate)
        except NewsprobeError as error:
            yield ReadResult(source, failure=ReadFailure(source, error.code, str(error)))
        else:
            yield ReadResult(source, article=article)


def read_one(source: str, *, max_bytes: int, strip_boilerplate: bool = True) -> Article:
    if source == STDIN:
        data = _read_limited(sys.stdin.buffer, max_bytes)
        name = "stdin"
        is_html_name = False
    else:
        path = Path(source)
        try:
            check_size(path.stat().st_size, max_bytes)  # refuse before reading a huge file
            data = path.read_bytes()
        except OSError as error:
            raise InputError(Errors.E006, path=source, detail=error.strerror or error) from error
        name = source
        is_html_name = path.suffix.lower() in _HTML_SUFFIXES
    return article_from_bytes(data, source=name, max_bytes=max_bytes, html=is_html_name or None,
                              strip_boilerplate=strip_boilerplate)


def article_from_bytes(
    data: bytes,
    *,
    source: str | None = None,
    max_bytes: int,
    html: bool | None = None,
    strip_boilerplate: bool = True,
) -> Article:
    """Decode and read one input; ``html=None`` decides by looking at the content."""
    decoded = decode_bytes(data, max_bytes)
    is_html = looks_like_html(data) if html is None else html
    if is_html:
        return article_from_html(decoded.text, source=source, notices=decoded.notices,
                                 strip_boilerplate=strip_boilerplate)
    return article_from_text(decoded.text, source=source, notices=decoded.notices,
                             strip_boilerplate=strip_boilerplate)


def _read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    check_size(len(data), max_bytes)
    return data
