"""The data model: frozen dataclasses that every step after the spaCy boundary speaks.

Every extracted thing points into ``Article.text`` with ``[start, end)`` character offsets, so a
result can always be shown next to the words it came from. ``Analysis.to_dict`` gives the versioned
JSON document described in ``docs/schema.md``; ``Analysis.from_dict`` reads it back.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

# Bump the minor version when fields are added, the major one when a field changes meaning or goes.
SCHEMA_VERSION = "1.4"

Severity = Literal["info", "warning", "error"]


@dataclass(frozen=True)
class Span:
    """A stretch of ``Article.text``: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Notice:
    """A coded warning about one article (see ``errors.py`` for the catalogue)."""

    code: str
    message: str


@dataclass(frozen=True)
class Article:
    """One input article. ``text`` is the whole input text; ``body`` is the part that is analysed.

    The headline, the dateline and trailing web boilerplate stay in ``text`` (so offsets match the
    source) but fall outside ``body``; their spans say where they are.
    """

    id: str
    text: str
    body: Span
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601 date or datetime, as given by the source
    dateline: str | None = None
    language: str | None = None
    source: str | None = None  # where it was read from: a path, a URL, "stdin"
    title_span: Span | None = None
    dateline_span: Span | None = None
    boilerplate: tuple[Span, ...] = ()
    notices: tuple[Notice, ...] = ()
    duplicate_of: str | None = None  # id of the earlier article of the batch this one nearly repeats
    duplicate_similarity: float | None = None  # estimated Jaccard similarity of word 5-grams, 0..1

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str
    label: str  # spaCy/OntoNotes label: PERSON, ORG, GPE, NORP, DATE ...


@dataclass(frozen=True)
class Speaker:
    name: str | None  # the resolved, canonical name ("Hassan Ali" for "he")
    type: str  # named_person | named_organization | document | unnamed_person | unnamed_group | author
    role: str | None = None  # appositive role or affiliation ("a soldier from Kataeb Hezbollah")
    mention: Span | None = None  # the words in the text that name the speaker ("he", "the text")


@dataclass(frozen=True)
class Relay:
    """An intermediary between the speaker and the article ("via PBS NewsHour")."""

    name: str
    kind: str  # outlet | person | translator | organization | document


@dataclass(frozen=True)
class Attribution:
    kind: str  # direct | indirect | mixed
    content: Span
    cue: Span | None
    speaker: Speaker
    via: tuple[Relay, ...] = ()  # outermost last
    said_on: str | None = None  # TIMEX3 value of the statement time, when the text gives it
    confidence: float = 1.0
    method: str = ""


@dataclass(frozen=True)
class TimeExpression:
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None  # TIMEX3 value ("2021-12-28", "P3D", "PRESENT_REF", "XXXX-12-26"); None if unresolved
    anchor: str | None = None  # the reference date the value was computed from


@dataclass(frozen=True)
class ReferenceDate:
    """The date relative expressions are resolved against, and where it came from.

    ``source`` is ``metadata`` (HTML metadata, a JSONL field or ``--published``), ``text`` (inferred from
    the article's own words, ``evidence`` says which) or ``unknown`` (``value`` is then None).
    """

    value: str | None  # ISO 8601 date, "2021-12-31"
    source: str  # metadata | text | unknown
    evidence: Span | None = None
    note: str | None = None  # how it was inferred ("the year 2021 ended on a Friday: 2021-12-31")


@dataclass(frozen=True)
class ClaimMark:
    """Words in a claim a fact-checker would look up: a ``number``, ``quantity``, named ``actor`` or the
    sweeping subject of a ``generalization`` ("the Iraqi people", "everyone")."""

    start: int
    end: int
    text: str
    kind: str  # number | quantity | actor | generalization


@dataclass(frozen=True)
class Claim:
    start: int
    end: int
    text: str
    checkworthiness: float
    attributed: bool
    marks: tuple[ClaimMark, ...] = ()


@dataclass(frozen=True)
class Technique:
    start: int
    end: int
    text: str
    technique: str
    score: float


@dataclass(frozen=True)
class Finding:
    type: str  # weekday_date_mismatch | boilerplate | unattributed_claim | rhetorical_question ...
    message: str
    severity: Severity
    evidence: tuple[Span, ...]
    suggestion: str | None = None
    method: str = ""


@dataclass(frozen=True)
class SourceShare:
    """How much of the body one type of source speaks (``Speaker.type``), and in how many attributions."""

    source_type: str
    share: float  # of the body's non-space characters, 0..1
    attributions: int


@dataclass(frozen=True)
class TechniqueCount:
    technique: str
    count: int


@dataclass(frozen=True)
class Summary:
    """Per-article figures computed from the rest of the Analysis (``newsprobe.summary``)."""

    quoted_share: float  # share of the body's non-space characters inside what sources said, 0..1
    quoted_share_by_source: tuple[SourceShare, ...]  # largest first
    claims: int  # check-worthy sentences
    unsourced_claims: int  # of them, statements of fact in the article's own voice with no source
    rhetorical_questions: int
    techniques: tuple[TechniqueCount, ...]  # most used first


@dataclass(frozen=True)
class Run:
    """How an analysis was made, so a stored result can be traced and compared."""

    newsprobe_version: str
    model: str  # spaCy pipeline package name
    model_version: str
    methods: tuple[str, ...] = ()
    # Hash of the settings that change what an analysis holds (Settings.analysis_hash): two runs with the
    # same version, pipeline and hash give the same results for the same article.
    settings_hash: str = ""


@dataclass(frozen=True)
class Analysis:
    article: Article
    run: Run
    entities: tuple[Entity, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    reference_date: ReferenceDate | None = None
    claims: tuple[Claim, ...] = ()
    techniques: tuple[Technique, ...] = ()
    findings: tuple[Finding, ...] = ()
    summary: Summary | None = None
    notices: tuple[Notice, ...] = ()
    schema_version: str = field(default=SCHEMA_VERSION)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = dataclasses.asdict(self, dict_factory=_json_ready)
        # schema_version first: a reader should know what it holds before it reads it.
        return {"schema_version": data.pop("schema_version"), **data}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        version = str(data.get("schema_version", ""))
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(f"unsupported schema_version {version!r}; this newsprobe reads {SCHEMA_VERSION}")
        return _from_plain(cls, data)


# --- Across articles (1.4) ------------------------------------------------------------------------------------
# What newsprobe.corpus computes over many stored analyses: one person across articles, one quote across
# articles, and which outlets relay which. They point back into single analyses by article id and the
# attribution's position in ``Analysis.attributions`` (``attribution_id`` = ``"<article id>#<index>"``).


@dataclass(frozen=True)
class SpeakerMerge:
    """Why one way of naming a speaker was counted as this person (``code`` is stable, ``reason`` readable)."""

    variant: str  # the name as the article gave it (after the analysis resolved "he" or a role to a name)
    code: str  # canonical | same_name | transliteration | surname_in_article | surname_in_corpus | user_merge
    reason: str  # "transliteration variant of Hadi al-Ameri (similarity 0.92)"
    article_id: str | None = None  # set when the reason holds in one article only (a surname there)


@dataclass(frozen=True)
class RoleSeen:
    """A role or affiliation given to a person, and the first and last publication dates it was seen."""

    role: str
    first_seen: str | None  # ISO date of the earliest article that gave it; None when no article had a date
    last_seen: str | None
    articles: int


@dataclass(frozen=True)
class SpeakerAppearance:
    """One attribution of a person: where, by whom it was published, and how the article named them."""

    attribution_id: str
    article_id: str
    outlet: str | None
    published: str | None
    name: str  # Speaker.name as resolved in the article
    type: str  # Speaker.type
    mention: str | None  # the words the article used there ("he", "the commander", "Amiri")
    role: str | None
    content: str


@dataclass(frozen=True)
class SpeakerCorrection:
    """A user's merge or split, kept by names (never row ids) so it holds after the articles are re-analysed.

    ``merge``: the people named ``name`` and ``other`` are one. ``split``: the variant ``other`` is not the
    person named ``name`` (only in article ``article_id`` when it is set).
    """

    action: str  # merge | split
    name: str
    other: str
    article_id: str | None = None


@dataclass(frozen=True)
class Person:
    """One speaker merged across articles. ``id`` is kept for the person's names, so it survives re-analysis."""

    id: str
    name: str  # canonical: the most used full variant
    type: str  # Speaker.type: named_person | named_organization
    variants: tuple[str, ...]
    roles: tuple[RoleSeen, ...]
    outlets: tuple[str, ...]  # outlets whose articles quote this person, most first
    appearances: tuple[SpeakerAppearance, ...]  # in publication order
    merges: tuple[SpeakerMerge, ...]  # one per variant (and per article for surname-only merges)


@dataclass(frozen=True)
class WordChange:
    """One word-level difference of an appearance from the earliest wording."""

    op: str  # replace | insert | delete
    before: str  # words of the earliest wording ("" for insert)
    after: str  # words of this appearance ("" for delete)


@dataclass(frozen=True)
class QuoteAppearance:
    """One appearance of a traced quote: the quote's words in one article, and how they differ."""

    attribution_id: str
    article_id: str
    outlet: str | None
    published: str | None  # the article's publication date, else its reference date
    speaker: str | None
    said_on: str | None  # Attribution.said_on
    span: Span  # the quoted words in that article's text
    drift: str  # earliest | identical | reworded | truncated | extended | translated
    similarity: float  # to the earliest wording, 0..1 (the score that decided the drift)
    changes: tuple[WordChange, ...] = ()


@dataclass(frozen=True)
class QuoteTrace:
    """The same quote across articles: where it appeared first, where since, and how it drifted."""

    id: str  # the attribution id of the earliest appearance
    text: str  # the earliest wording
    earliest: QuoteAppearance
    appearances: tuple[QuoteAppearance, ...]  # earliest first, then by date
    outlets: tuple[str, ...]  # outlets that carried it, in order of first appearance
    speakers: tuple[str, ...]  # distinct speakers it was attributed to, in order of first appearance
    speaker_changed: bool  # True when appearances attribute it to different speakers


@dataclass(frozen=True)
class CitationEdge:
    """``relayer`` passed on what ``source`` published ("told The New York Times", "according to PBS")."""

    relayer: str  # the article's outlet, or the inner relay of a chain
    source: str  # the outlet or organization relayed
    count: int
    examples: tuple[str, ...]  # attribution ids, at most a few


T = TypeVar("T")


def _json_ready(items: list[tuple[str, Any]]) -> dict[str, Any]:
    """``asdict`` keeps tuples; JSON has lists, and a round trip should compare equal as plain data."""
    return {key: list(value) if isinstance(value, tuple) else value for key, value in items}


# Resolving the string annotations was three quarters of the cost of from_dict (measured on a stored seed
# analysis); the classes never change, so each is resolved once.
_type_hints: typing.Callable[[type], dict[str, Any]] = functools.cache(typing.get_type_hints)


def _from_plain(kind: type[T], data: Any) -> T:
    """Rebuild a dataclass tree from ``dataclasses.asdict`` output, guided by the type hints."""
    hints = _type_hints(kind)
    values = {}
    for item in dataclasses.fields(kind):  # type: ignore[arg-type]
        if item.name in data:
            values[item.name] = _convert(hints[item.name], data[item.name])
    return kind(**values)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [option for option in typing.get_args(hint) if option is not type(None)]
        return _convert(options[0], value)
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        return tuple(_convert(item_hint, item) for item in value)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _from_plain(hint, value)
    return value
