"""The corpus routes' shared parameters and the calls into the store's named queries.

The API (``routes.py``) and the pages (``web/pages.py``) both use these, so a page and its JSON twin always
show the same results. Nothing here writes SQL: it calls ``store.queries`` and ``store.web_queries``.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from typing import Annotated, Any

from fastapi import Query

from newsprobe.api.problems import ApiError
from newsprobe.corpus.speakers import find_person, name_key
from newsprobe.errors import Errors, StoreError
from newsprobe.models import Analysis, CitationEdge, Person, QuoteTrace
from newsprobe.store import corpus_tables, queries, web_queries

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
# The longest a page may show a registry built before a change that its version does not see
# (corpus_tables.registry_version).
REGISTRY_MAX_AGE_SECONDS = 60.0
# A page of results: small enough to render fast, the same bound for the pages and the API.
MAX_PAGE = 200

Text = Annotated[str | None, Query(max_length=200, description="words in the quoted or reported content")]
Name = Annotated[str | None, Query(max_length=200)]
Day = Annotated[str | None, Query(pattern=ISO_DATE, description="ISO date, inclusive")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Kind = Annotated[str | None, Query(pattern=r"^(direct|indirect|mixed)$")]
Label = Annotated[str | None, Query(max_length=64, pattern=r"^[a-z_]+$")]


def plain(value: Any) -> Any:
    """A query result (frozen dataclasses, tuples) as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: plain(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def search_query(q: str | None, speaker: str | None, outlet: str | None, since: str | None, until: str | None,
                 source_type: str | None, kind: str | None, finding_type: str | None, limit: int,
                 offset: int) -> queries.SearchQuery:
    return queries.SearchQuery(text=blank_to_none(q), speaker=blank_to_none(speaker), outlet=blank_to_none(outlet),
                               since=since, until=until, source_type=source_type, kind=kind,
                               finding_type=finding_type, limit=limit, offset=offset)


def article(store: Any, article_id: str) -> Analysis:
    found: Analysis | None = store.article(article_id)
    if found is None:
        raise ApiError.of(404, Errors.E043, what=f"article {article_id[:200]!r}")
    return found


def article_json(store: Any, article_id: str) -> str:
    with store.transaction(write=False) as tx:
        found = web_queries.analysis_json(tx, article_id)
    if found is None:
        raise ApiError.of(404, Errors.E043, what=f"article {article_id[:200]!r}")
    return found


def attributions(store: Any, query: queries.SearchQuery) -> queries.SearchPage:
    page: queries.SearchPage = store.search(query)
    return page


def articles(store: Any, query: queries.SearchQuery) -> queries.ArticlePage:
    page: queries.ArticlePage = store.search_articles(query)
    return page


def findings(store: Any, query: web_queries.FindingQuery) -> tuple[web_queries.FindingPage,
                                                                   list[web_queries.FindingCount]]:
    with store.transaction(write=False) as tx:
        return web_queries.findings(tx, query), web_queries.finding_counts(tx)


def speakers(store: Any, text: str | None, limit: int, offset: int) -> list[queries.SpeakerSummary]:
    with store.transaction(write=False) as tx:
        return web_queries.speakers_named(tx, blank_to_none(text), limit, offset)


def speaker(store: Any, name: str) -> tuple[queries.SpeakerSummary, queries.SearchPage]:
    with store.transaction(write=False) as tx:
        quotes = web_queries.speaker_quotes(tx, name, limit=MAX_PAGE)
        summary = web_queries.speaker_summary(tx, name)
    if summary is None or not quotes.hits:
        raise ApiError.of(404, Errors.E043, what=f"speaker {name[:200]!r}")
    return summary, quotes


def traces(store: Any, text: str | None, limit: int) -> list[QuoteTrace]:
    """Traces of quotes carried by two articles or more, most carried first; ``text``: those it matches."""
    with store.transaction(write=False) as tx:
        wanted = blank_to_none(text)
        found = corpus_tables.traces_matching(tx, wanted) if wanted else corpus_tables.quote_traces(tx, limit)
    return found[:limit]


def trace(store: Any, attribution_id: str) -> QuoteTrace:
    with store.transaction(write=False) as tx:
        found = corpus_tables.trace_for(tx, attribution_id)
    if found is None:
        raise ApiError.of(404, Errors.E043, what=f"quote {attribution_id[:200]!r}")
    return found


def citation_edges(store: Any) -> list[CitationEdge]:
    with store.transaction(write=False) as tx:
        return corpus_tables.citation_edges(tx)


class _RegistryCache:
    """The speaker registry of each store, rebuilt only when the store's articles or corrections change.

    Building it reads every named attribution of the store (seconds on a store of 10k articles), so one
    build serves every people page until a save or a correction; ``REGISTRY_MAX_AGE_SECONDS`` bounds what a
    change the version cannot see (``corpus_tables.registry_version``) may leave stale.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: dict[int, tuple[tuple[object, ...], float, list[Person]]] = {}

    def people(self, store: Any) -> list[Person]:
        with self._lock:  # one build at a time: concurrent requests wait for it rather than build it again
            with store.transaction(write=False) as tx:
                version = corpus_tables.registry_version(tx)
            cached = self._built.get(id(store))
            if cached and cached[0] == version and time.monotonic() - cached[1] < REGISTRY_MAX_AGE_SECONDS:
                return cached[2]
            registry = _build_registry(store)
            self._built[id(store)] = (version, time.monotonic(), registry)
            return registry


def _build_registry(store: Any) -> list[Person]:
    """The registry as `newsprobe speakers` builds it, recording new person ids so that a person's page keeps its
    address when later articles change which spelling is the canonical one."""
    try:
        with store.transaction(write=True) as tx:
            return corpus_tables.people(tx, remember=True)
    except StoreError:
        pass
    # An ingest holds the write lock, or the file is read-only: show the registry with the ids it would hand out
    # (a real fault, such as a damaged file, fails the read below as well and keeps its code).
    with store.transaction(write=False) as tx:
        return corpus_tables.people(tx, remember=False)


_REGISTRY = _RegistryCache()


def people(store: Any, text: str | None, limit: int, offset: int) -> list[Person]:
    """The registry's people, most quoted first; ``text``: those with a name or variant holding it (any case)."""
    registry = _REGISTRY.people(store)
    given = blank_to_none(text)
    wanted = name_key(given) if given else None
    if wanted:
        registry = [person for person in registry
                    if any(wanted in name_key(name) for name in (person.name, *person.variants))]
    return registry[offset:offset + limit]


def person(store: Any, wanted: str) -> Person:
    """One person by registry id, or by any name or variant of theirs (``newsprobe speakers show`` does the same)."""
    found = find_person(_REGISTRY.people(store), wanted)
    if found is None:
        raise ApiError.of(404, Errors.E043, what=f"person {wanted[:200]!r}")
    return found
