"""What readers hand on: a raw item to turn into an Article, or a result that is already decided.

Every reader (files, URLs, WARC, JSONL/CSV, feeds) yields these, and every item it read becomes
exactly one ``ReadResult`` in the end: an article, a failure with its reason, or a skip with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from newsprobe.errors import NewsprobeError
from newsprobe.models import Article


@dataclass(frozen=True)
class ReadFailure:
    source: str
    code: str
    message: str


@dataclass(frozen=True)
class ReadResult:
    """One item read. Exactly one of ``article``, ``failure``, ``skipped`` is set.

    ``skipped`` says why a readable item is not an article (an exact duplicate, a non-HTML WARC
    response); ``duplicate_of`` names the article an exact duplicate repeats.
    """

    source: str
    article: Article | None = None
    failure: ReadFailure | None = None
    skipped: str | None = None
    duplicate_of: str | None = None


@dataclass(frozen=True)
class RawItem:
    """Bytes that should hold one article, with what the source already says about it."""

    source: str  # shown to the user: a path, a URL, "dump.jsonl:12", "crawl.warc.gz@1234"
    data: bytes
    html: bool | None = None  # None: decide by looking at the content
    metadata: Mapping[str, str] = field(default_factory=dict)  # id, url, title, published, outlet
    charset: str | None = None  # declared by the server or the archive, if any
    authors: tuple[str, ...] = ()


def failed(source: str, error: NewsprobeError) -> ReadResult:
    return ReadResult(source, failure=ReadFailure(source, error.code, str(error)))


def skipped(source: str, reason: str) -> ReadResult:
    return ReadResult(source, skipped=reason)
