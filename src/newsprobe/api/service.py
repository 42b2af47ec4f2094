"""The server's one Analyzer: loaded once per process, run in one worker thread, with a time limit.

spaCy pipelines are not documented as safe to call from several threads at once, and the work is
CPU-bound under the GIL, so one worker thread runs the analyses one after another while the event loop
keeps serving pages; ``asyncio.wait_for`` bounds how long a request waits, queue included (E041).
A URL is read through ingestion (``read_sources``) with private and loopback addresses always refused.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from newsprobe.analyzer import Analyzer
from newsprobe.api.problems import ApiError
from newsprobe.errors import Errors, NewsprobeError, Warnings
from newsprobe.ingest import ReadResult, article_from_bytes, ingest_options, read_sources
from newsprobe.ingest.identity import article_id
from newsprobe.models import Analysis, Article
from newsprobe.settings import Settings

Reader = Callable[[Iterable[str], Settings], Iterator[ReadResult]]
T = TypeVar("T")

# Analyses waiting or running at once; more are refused at once (E041) rather than queued for minutes: at about
# a second per article on one core, 8 in the queue already wait longer than a reader will.
MAX_PENDING = 8


@dataclass(frozen=True)
class AnalyzeInput:
    """What a client asked to analyse: exactly one of text, html (as given) or url (fetched)."""

    text: str | None = None
    html: str | None = None
    url: str | None = None
    auto: str | None = None  # pasted into the web form: text or HTML, decided by looking at it
    title: str | None = None
    published: str | None = None
    outlet: str | None = None

    def check(self) -> None:
        given = [name for name in ("text", "html", "url", "auto") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ApiError.of(422, Errors.E047, given=", ".join(given) or "none")
        if self.url is not None:
            parts = urlsplit(self.url.strip())
            # Anything else would reach read_sources as a file path or glob on the server's own disk.
            if parts.scheme not in {"http", "https"} or not parts.hostname:
                raise ApiError.of(422, Errors.E044, detail="url must be an http:// or https:// URL")


def read_public_url(sources: Iterable[str], settings: Settings) -> Iterator[ReadResult]:
    """Ingestion's reader with ``allow_private`` forced off: a pasted URL must not reach the server's network."""
    return read_sources(sources, ingest_options(settings.replace(allow_private=False)))


class AnalysisService:
    def __init__(self, settings: Settings, analyzer: Analyzer | None = None, reader: Reader = read_public_url) -> None:
        self.settings = settings
        self._analyzer = analyzer
        self._reader = reader
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._pending = 0

    @property
    def analyzer(self) -> Analyzer:
        """Loaded on first use when the server was not handed one (tests of the routes that never analyse)."""
        with self._lock:
            if self._analyzer is None:
                self._analyzer = Analyzer(self.settings)
            return self._analyzer

    async def run(self, work: Callable[[], T]) -> T:
        """Run CPU-bound work on the analysis thread; E041 when it does not finish in time."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._pending >= MAX_PENDING:
                raise ApiError.of(503, Errors.E041, seconds=self.settings.web_analysis_timeout)
            # Made on first use and again after close(): one app may live through several lifespans (tests).
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsprobe-analysis")
            executor = self._executor
            self._pending += 1

        def counted() -> T:
            try:
                return work()
            finally:
                with self._lock:
                    self._pending -= 1

        future = loop.run_in_executor(executor, counted)
        try:
            return await asyncio.wait_for(future, timeout=self.settings.web_analysis_timeout)
        except TimeoutError as error:
            # The thread cannot be interrupted; its result is dropped when it finishes (and only then is its
            # place in MAX_PENDING freed).
            raise ApiError.of(503, Errors.E041, seconds=self.settings.web_analysis_timeout) from error

    async def analyze(self, request: AnalyzeInput) -> Analysis:
        request.check()
        return await self.run(lambda: self._analyze_now(request))

    def _analyze_now(self, request: AnalyzeInput) -> Analysis:
        analyzer = self.analyzer
        try:
            article = self._article(request)
        except NewsprobeError as error:
            raise ApiError.from_input(error) from error
        given = {name: value for name in ("title", "published", "outlet")
                 if (value := getattr(request, name)) is not None and value.strip()}
        if given:
            article = dataclasses.replace(article, **given)
        return analyzer.analyze_article(article)

    def _article(self, request: AnalyzeInput) -> Article:
        settings = self.settings
        if request.url is not None:
            return self._fetched(request.url.strip())
        # text is read as plain text even when it holds tags, html as a page; the web form's one box decides
        # by looking (AnalyzeInput.auto).
        pasted, is_html = ((request.text, False) if request.text is not None
                           else (request.html, True) if request.html is not None else (request.auto, None))
        assert pasted is not None
        article = article_from_bytes(pasted.encode("utf-8"), source="pasted", max_bytes=settings.max_bytes,
                                     html=is_html,
                                     strip_boilerplate=settings.strip_boilerplate,
                                     extraction_focus=settings.extraction_focus)
        return dataclasses.replace(article, id=article_id(None, None, article.text))

    def _fetched(self, url: str) -> Article:
        results = iter(self._reader([url], self.settings))
        first_failure: ReadResult | None = None
        for index, result in enumerate(results):
            if result.article is not None:
                if index or result.source != url:
                    notice = Warnings.W035.notice(source=result.source)
                    return dataclasses.replace(result.article, notices=(*result.article.notices, notice))
                return result.article
            first_failure = first_failure or result
        if first_failure is not None and first_failure.failure is not None:
            failure = first_failure.failure
            message = failure.message
            if failure.code == "E009":
                # The CLI's advice (--allow-private) does not apply: the server never fetches such addresses.
                message = message.split(" Pass --allow-private", 1)[0] + " The server never fetches those."
            raise ApiError.coded(failure.code, message)
        raise ApiError.of(422, Errors.E010, url=url, detail="no article could be read from it")

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
