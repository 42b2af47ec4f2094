"""RSS / Atom feeds -> raw items: each entry's linked article is fetched; the entry supplies metadata.

A feed names articles rather than holding them (most carry a teaser only), so the article is the page
behind each entry's link. The entry's title, date and authors are kept as given metadata, and the feed's
title as the outlet. An entry with no link is read from its own content when it has some; a broken entry,
a link that cannot be fetched, or a feed that does not parse is one failure each, and the other entries go on.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import feedparser

from newsprobe.errors import Errors, InputError, NewsprobeError
from newsprobe.ingest.fetch import Fetched
from newsprobe.ingest.items import RawItem, ReadResult, failed

_FEED_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL)
# Feed bozo exceptions that only say the declared encoding was wrong; feedparser recovers fully from them.
_HARMLESS = ("CharacterEncodingOverride",)


def looks_like_feed(head: bytes) -> bool:
    return bool(_FEED_SNIFF.match(head[:4096].lstrip(b"\xef\xbb\xbf")))


def read_feed(
    data: bytes, source: str, fetch_page: Callable[[str], Fetched], *, fetch_articles: bool = True
) -> Iterator[RawItem | ReadResult]:
    parsed = feedparser.parse(data)
    entries: list[Any] = list(parsed.entries)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and type(problem).__name__ not in _HARMLESS:
        recovered = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} recovered by the lenient parser"
        detail = f"the feed is malformed ({_describe(problem)}); {recovered}"
        yield failed(source, InputError(Errors.E014, source=source, detail=detail))
    elif not entries:
        yield failed(source, InputError(Errors.E014, source=source, detail="the feed has no entries"))
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(entries, start=1):
        yield _entry(entry, f"{source}#entry-{number}", outlet, fetch_page, fetch_articles)


def _entry(
    entry: Any, label: str, outlet: str | None, fetch_page: Callable[[str], Fetched], fetch_articles: bool
) -> RawItem | ReadResult:
    link = (entry.get("link") or "").strip() or None
    metadata = {"title": entry.get("title"), "published": _date(entry), "outlet": outlet, "url": link}
    given = {name: str(value).strip() for name, value in metadata.items() if value and str(value).strip()}
    authors = tuple(a.get("name", "").strip() for a in entry.get("authors", []) if a.get("name", "").strip())
    content = _content(entry)
    if link and fetch_articles:
        try:
            page = fetch_page(link)
        except NewsprobeError as error:
            return failed(link, error)
        given["url"] = page.url
        return RawItem(link, page.data, html=None, metadata=given, charset=page.charset, authors=authors)
    if content:
        return RawItem(label, content.encode("utf-8"), html=None, metadata=given, authors=authors)
    detail = "the entry has no link" if not link else "the entry has no content and fetching articles is off"
    return failed(label, InputError(Errors.E014, source=label, detail=f"{detail} (title: {entry.get('title')!r})"))


def _content(entry: Any) -> str | None:
    for part in entry.get("content", []):
        value = part.get("value")
        if value and value.strip():
            return str(value)
    summary = entry.get("summary")
    return str(summary) if summary and summary.strip() else None


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)  # feedparser gives UTC
    return None


def _describe(error: object) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
