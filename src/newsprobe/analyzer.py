"""Article -> spaCy Doc -> extractors -> Analysis. The only place that runs the pipeline."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from newsprobe.checks import run_checks
from newsprobe.errors import Warnings
from newsprobe.extract import attributions, claims, entities, reference, statement_dates, techniques, times
from newsprobe.extract.learned_attributions import METHOD as LEARNED_ATTRIBUTION_METHOD
from newsprobe.ingest import article_from_bytes
from newsprobe.models import (
    Analysis,
    Article,
    Attribution,
    Claim,
    Finding,
    Notice,
    ReferenceDate,
    Run,
    Technique,
    TimeExpression,
)
from newsprobe.nlp.convert import set_article_offset
from newsprobe.nlp.pipeline import load_pipeline
from newsprobe.settings import Settings, load_settings
from newsprobe.summary import summarize

# Below this many words most extractors find nothing; say so rather than let the user wonder.
_SHORT_BODY_WORDS = 20

_METHODS = (entities.METHOD, *attributions.METHODS, LEARNED_ATTRIBUTION_METHOD, reference.METHOD, times.METHOD,
            statement_dates.METHOD,
            claims.METHOD, techniques.METHOD)

_METADATA_FIELDS = ("title", "url", "outlet", "authors", "published", "language")


def _newsprobe_version() -> str:
    try:
        return version("newsprobe")
    except PackageNotFoundError:
        return "0+unknown"


class Analyzer:
    """Loads the pipeline once and analyses any number of articles with it."""

    def __init__(self, settings: Settings | None = None, **overrides: Any) -> None:
        base = settings or load_settings()
        self.settings = base.replace(**overrides) if overrides else base
        self.nlp: Language = load_pipeline(self.settings.model)
        meta = self.nlp.meta
        self.run = Run(
            newsprobe_version=_newsprobe_version(),
            model=f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
            model_version=str(meta.get("version", "unknown")),
            # Switched-off components are not listed: a stored result says what was really run.
            methods=tuple(method for method in _METHODS
                          if (self.settings.claims or method != claims.METHOD)
                          and (self.settings.techniques or method != techniques.METHOD)
                          and (self.settings.attribution_scope == "all" or method != LEARNED_ATTRIBUTION_METHOD)),
            settings_hash=self.settings.analysis_hash(),
        )

    def read(self, text_or_html: str | bytes, **metadata: Any) -> Article:
        """Make an Article from text or HTML, with optional metadata (title, url, published ...)."""
        data = text_or_html.encode("utf-8") if isinstance(text_or_html, str) else text_or_html
        article = article_from_bytes(
            data, source=metadata.pop("source", None), max_bytes=self.settings.max_bytes,
            strip_boilerplate=self.settings.strip_boilerplate,
        )
        unknown = set(metadata) - set(_METADATA_FIELDS) - {"id"}
        if unknown:
            raise TypeError(f"unknown article metadata: {', '.join(sorted(unknown))}")
        given = {name: value for name, value in metadata.items() if value is not None}
        if "authors" in given:
            given["authors"] = tuple(given["authors"])
        return dataclasses.replace(article, **given) if given else article

    def analyze(self, text_or_html: str | bytes, **metadata: Any) -> Analysis:
        return self.analyze_article(self.read(text_or_html, **metadata))

    def analyze_article(self, article: Article) -> Analysis:
        return next(self.analyze_articles([article]))

    def analyze_articles(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Analyse a stream of articles with ``nlp.pipe``, in order, one Analysis per article."""
        pairs = ((article.body.text, article) for article in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.settings.batch_size):
            yield self._build(article, doc)

    def _build(self, article: Article, doc: Doc) -> Analysis:
        set_article_offset(doc, article.body.start)
        notices: list[Notice] = list(article.notices)
        words = sum(1 for token in doc if token.is_alpha)
        if words < _SHORT_BODY_WORDS:
            notices.append(Warnings.W002.notice(words=words))
        no_attributions: tuple[Attribution, ...] = ()
        found_attributions = _guarded(
            "attributions", lambda: tuple(attributions.find_attributions(
                doc, notices=notices, scope=self.settings.attribution_scope)), no_attributions, notices,
        )
        reference_date = _guarded("reference date", lambda: reference.reference_date(article, notices),
                                  ReferenceDate(None, "unknown"), notices)
        no_times: tuple[TimeExpression, ...] = ()
        found_times = _guarded("times", lambda: tuple(times.find_times(doc, reference_date.value)), no_times, notices)
        notices.extend(times.unresolved_notices(found_times))
        analysis = Analysis(
            article=article,
            run=self.run,
            entities=_guarded("entities", lambda: tuple(entities.find_entities(doc)), (), notices),
            attributions=_guarded(
                "statement dates",
                lambda: statement_dates.date_statements(found_attributions, found_times, article.text),
                found_attributions, notices,
            ),
            times=found_times,
            reference_date=reference_date,
            notices=(),
        )
        if self.settings.claims:
            # After the attributions: a claim is "attributed" when one of them covers it.
            no_claims: tuple[Claim, ...] = ()
            found_claims = _guarded("claims", lambda: tuple(claims.find_claims(
                doc, analysis.attributions, language=article.language, notices=notices)), no_claims, notices)
            analysis = dataclasses.replace(analysis, claims=found_claims)
        if self.settings.techniques:
            no_techniques: tuple[Technique, ...] = ()
            found_techniques = _guarded("techniques", lambda: tuple(techniques.find_techniques(
                doc, language=article.language, notices=notices)), no_techniques, notices)
            analysis = dataclasses.replace(analysis, techniques=found_techniques)
        no_findings: tuple[Finding, ...] = ()
        findings = _guarded("checks", lambda: tuple(run_checks(analysis)), no_findings, notices)
        analysis = dataclasses.replace(analysis, findings=findings)
        summary = _guarded("summary", lambda: summarize(analysis), None, notices)
        return dataclasses.replace(analysis, summary=summary, notices=tuple(notices))


T = TypeVar("T")


def _guarded(component: str, step: Callable[[], T], fallback: T, notices: list[Notice]) -> T:
    """Run one extractor; if it fails on this article, record W003 and go on with the others.

    One odd article must never stop a batch, and a reader must see which part is missing.
    """
    try:
        return step()
    except Exception as error:
        notices.append(Warnings.W003.notice(component=component, detail=f"{type(error).__name__}: {error}"))
        return fallback


def analyze(text_or_html: str | bytes, **options: Any) -> Analysis:
    """Analyse one article given as text or HTML.

    ``options`` are settings (``model``, ``max_bytes`` ...) and article metadata (``title``, ``url``,
    ``outlet``, ``authors``, ``published``, ``language``, ``id``). The pipeline is loaded once per
    process and reused; use ``Analyzer`` to keep explicit control of it.
    """
    setting_names = {field.name for field in dataclasses.fields(Settings)}
    settings_overrides = {name: value for name, value in options.items() if name in setting_names}
    metadata = {name: value for name, value in options.items() if name not in setting_names}
    return Analyzer(**settings_overrides).analyze(text_or_html, **metadata)
