"""`newsprobe eval attribution GOLD.jsonl`: quotes, speakers, cues, sources and relay chains.

Scoring follows the GenderGapTracker evaluation: a predicted quote matches a gold quote when their
character overlap covers at least 30% (lenient) or 80% (strict) of the gold content, one-to-one
(greedy by overlap, largest first). Speaker accuracy is measured on the lenient matches whose gold
has a canonical speaker name; ``via`` accuracy and kind accuracy on matches whose gold has them.
Cue and source spans are scored as span F1: a predicted span matches a gold one of the same
article when they share at least one character, one-to-one.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsprobe.analyzer import Analyzer
from newsprobe.evaluation import Report
from newsprobe.ingest.text import article_from_text
from newsprobe.models import Analysis, Attribution

DESCRIPTION = "quote, speaker, cue, source and via accuracy against gold attributions (JSONL)"
LENIENT, STRICT = 0.3, 0.8

Interval = tuple[int, int]


@dataclass(frozen=True)
class GoldAttribution:
    content: tuple[Interval, ...]
    source: tuple[Interval, ...]
    cue: tuple[Interval, ...]
    speaker: str | None
    kind: str | None
    via: tuple[str, ...] | None  # None: the corpus does not annotate relays


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    published: str | None
    attributions: tuple[GoldAttribution, ...]


@dataclass
class Counts:
    """Running totals over articles; ``metrics`` turns them into rates."""

    gold: int = 0
    predicted: int = 0
    matched: dict[float, int] = field(default_factory=lambda: {LENIENT: 0, STRICT: 0})
    speaker_scored: int = 0
    speaker_right: int = 0
    speaker_lenient_right: int = 0
    via_scored: int = 0
    via_right: int = 0
    kind_scored: int = 0
    kind_right: int = 0
    span_counts: dict[str, list[int]] = field(
        default_factory=lambda: {"cue": [0, 0, 0], "source": [0, 0, 0]}  # matched, predicted, gold
    )

    def add(self, other: Counts) -> None:
        """Pool another corpus's totals into these."""
        for name in ("gold", "predicted", "speaker_scored", "speaker_right", "speaker_lenient_right", "via_scored",
                     "via_right", "kind_scored", "kind_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for threshold, matched in other.matched.items():
            self.matched[threshold] += matched
        for name, tally in other.span_counts.items():
            self.span_counts[name] = [a + b for a, b in zip(self.span_counts[name], tally, strict=True)]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", type=Path, nargs="+", help="gold JSONL file(s), or a seed-style JSON file")
    parser.add_argument("--limit", type=int, help="score only the first N articles")
    parser.add_argument("--errors", action="store_true", help="list missed, spurious and misattributed quotes")
    parser.add_argument("--model", help="spaCy pipeline to use")
    parser.add_argument("--scope", choices=("speech", "all"),
                        help="attribution_scope setting: all adds the PolNeAR-trained model's beliefs and stances")


def run(args: argparse.Namespace) -> Report:
    """Scores each gold file as a corpus of its own; with several, the pooled figures come first and
    each corpus's follow under its name (``ggt-dev/content_f1@0.3``)."""
    corpora = [(_corpus_name(path), load_gold(path)) for path in args.gold]
    if args.limit is not None:
        corpora = [(name, articles[: args.limit]) for name, articles in corpora]
    overrides = {name: value for name, value in (("model", args.model), ("attribution_scope", args.scope)) if value}
    analyzer = Analyzer(**overrides)
    reports = [(name, score(articles, predict(analyzer, articles), list_errors=args.errors))
               for name, articles in corpora]
    if len(reports) == 1:
        return reports[0][1]
    pooled = Counts()
    for _, report in reports:
        pooled.add(report.counts)
    metrics = _metrics(pooled, sum(len(articles) for _, articles in corpora))
    for name, report in reports:
        metrics.update({f"{name}/{metric}": value for metric, value in report.metrics.items()})
    return Report(metrics=metrics, details=[line for _, report in reports for line in report.details])


def _corpus_name(path: Path) -> str:
    """The name a gold file's figures go under: its file name (``ggt-dev``, ``seed-gold``)."""
    return path.stem


def load_gold(path: Path) -> list[GoldArticle]:
    text = path.read_text(encoding="utf-8")
    records = [json.loads(text)] if path.suffix == ".json" else [
        json.loads(line) for line in text.splitlines() if line.strip()
    ]
    return [_gold_article(record) for record in records]


def _gold_article(record: dict[str, Any]) -> GoldArticle:
    attributions = tuple(
        GoldAttribution(
            content=_intervals(item.get("content")),
            source=_intervals(item.get("source")),
            cue=_intervals(item.get("cue")),
            speaker=item.get("speaker"),
            kind=item.get("kind"),
            via=tuple(item["via"]) if "via" in item and item["via"] is not None else None,
        )
        for item in record.get("attributions", [])
    )
    return GoldArticle(str(record.get("id")), record["text"], record.get("published"), attributions)


def _intervals(raw: Iterable[Sequence[int]] | None) -> tuple[Interval, ...]:
    return tuple((int(start), int(end)) for start, end in (raw or []))


def predict(analyzer: Analyzer, articles: Sequence[GoldArticle]) -> list[Analysis]:
    # The gold offsets index the whole text, headline included; article_from_text keeps them.
    inputs = (article_from_text(gold.text, article_id=gold.id) for gold in articles)
    return list(analyzer.analyze_articles(inputs))


@dataclass(frozen=True)
class Scored(Report):
    """A corpus's report with the totals behind it (pooled when several corpora are scored)."""

    counts: Counts = field(default_factory=Counts)


def score(gold_articles: Sequence[GoldArticle], analyses: Sequence[Analysis], *, list_errors: bool = False) -> Scored:
    """Scores one corpus. Where its gold keeps a statement interrupted by its cue as one attribution of
    several spans (PolNeAR: ``Too often, she says, they give up``), predicted parts that share a cue
    are joined into one statement first; where it lists each part (GenderGapTracker), they are not."""
    counts = Counts()
    details: list[str] = []
    join_parts = any(len(truth.content) > 1 for gold in gold_articles for truth in gold.attributions)
    for gold, analysis in zip(gold_articles, analyses, strict=True):
        details.extend(_score_article(gold, analysis.attributions, counts, list_errors, join_parts))
    return Scored(metrics=_metrics(counts, len(gold_articles)), details=details, counts=counts)


def _statements(predicted: Sequence[Attribution], join_parts: bool) -> list[list[Attribution]]:
    """Predicted attributions as statements: each alone, or (``join_parts``) the parts of one cue together."""
    if not join_parts:
        return [[attribution] for attribution in predicted]
    statements: list[list[Attribution]] = []
    by_cue: dict[tuple[int, int], list[Attribution]] = {}
    for attribution in predicted:
        if attribution.cue is None:
            statements.append([attribution])
            continue
        key = (attribution.cue.start, attribution.cue.end)
        if key not in by_cue:
            by_cue[key] = []
            statements.append(by_cue[key])
        by_cue[key].append(attribution)
    return statements


def _score_article(
    gold: GoldArticle, found: Sequence[Attribution], counts: Counts, list_errors: bool, join_parts: bool = False
) -> list[str]:
    statements = _statements(found, join_parts)
    predicted = [statement[0] for statement in statements]  # speaker, cue and relays: the first part's
    counts.gold += len(gold.attributions)
    counts.predicted += len(predicted)
    errors: list[str] = []
    predicted_content = [tuple((p.content.start, p.content.end) for p in statement) for statement in statements]
    gold_content = [g.content for g in gold.attributions]
    for threshold in (LENIENT, STRICT):
        counts.matched[threshold] += len(match_one_to_one(predicted_content, gold_content, threshold))
    matches = match_one_to_one(predicted_content, gold_content, LENIENT)
    for predicted_index, gold_index in matches:
        guess, truth = predicted[predicted_index], gold.attributions[gold_index]
        if truth.speaker:
            counts.speaker_scored += 1
            right = same_name(guess.speaker.name, truth.speaker)
            counts.speaker_right += right
            counts.speaker_lenient_right += right or lenient_same_name(guess.speaker.name, truth.speaker)
            if not right and list_errors:
                errors.append(f"{gold.id}: speaker {guess.speaker.name!r} should be {truth.speaker!r}: "
                              f"{_excerpt(gold.text, truth.content)}")
        if truth.via is not None:
            counts.via_scored += 1
            guessed_via = tuple(relay.name for relay in guess.via)
            via_right = len(guessed_via) == len(truth.via) and all(
                same_name(a, b) for a, b in zip(guessed_via, truth.via, strict=True)
            )
            counts.via_right += via_right
            if not via_right and list_errors:
                errors.append(f"{gold.id}: via {list(guessed_via)} should be {list(truth.via)}: "
                              f"{_excerpt(gold.text, truth.content)}")
        if truth.kind:
            counts.kind_scored += 1
            counts.kind_right += guess.kind == truth.kind
    for name, guessed, truths in (
        ("cue", [((p.cue.start, p.cue.end),) for p in predicted if p.cue], [g.cue for g in gold.attributions if g.cue]),
        ("source", [((p.speaker.mention.start, p.speaker.mention.end),) for p in predicted if p.speaker.mention],
         [g.source for g in gold.attributions if g.source]),
    ):
        spans_found = match_one_to_one(guessed, truths, threshold=None)
        tally = counts.span_counts[name]
        tally[0] += len(spans_found)
        tally[1] += len(guessed)
        tally[2] += len(truths)
    if list_errors:
        matched_predicted = {p for p, _ in matches}
        matched_gold = {g for _, g in matches}
        errors.extend(f"{gold.id}: missed: {_excerpt(gold.text, truth.content)}"
                      for index, truth in enumerate(gold.attributions) if index not in matched_gold)
        errors.extend(f"{gold.id}: spurious ({guess.speaker.name}): {_clip(guess.content.text)}"
                      for index, guess in enumerate(predicted) if index not in matched_predicted)
    return errors


def match_one_to_one(
    predicted: Sequence[Sequence[Interval]], gold: Sequence[Sequence[Interval]], threshold: float | None
) -> list[tuple[int, int]]:
    """Pairs (predicted index, gold index), greedy by overlap, each item used at most once.

    With a threshold, a pair qualifies when the overlap covers that share of the gold characters;
    without one, any shared character qualifies.
    """
    candidates: list[tuple[int, int, int]] = []
    for p_index, p_spans in enumerate(predicted):
        for g_index, g_spans in enumerate(gold):
            shared = _overlap(p_spans, g_spans)
            if shared == 0:
                continue
            gold_length = sum(end - start for start, end in g_spans)
            if threshold is None or (gold_length and shared / gold_length >= threshold):
                candidates.append((shared, p_index, g_index))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, p_index, g_index in sorted(candidates, key=lambda item: (-item[0], item[1], item[2])):
        if p_index not in used_p and g_index not in used_g:
            used_p.add(p_index)
            used_g.add(g_index)
            pairs.append((p_index, g_index))
    return pairs


def _overlap(first: Sequence[Interval], second: Sequence[Interval]) -> int:
    return sum(
        max(0, min(a_end, b_end) - max(a_start, b_start)) for a_start, a_end in first for b_start, b_end in second
    )


# A leading "the", then a title: both go, so "the Prime Minister's Office" and "Prime Minister's Office"
# compare equal (stripping only the first of them made the article decide whether the title stayed).
_HONORIFIC = re.compile(r"^(?:the\s+)?(?:(?:mr|mrs|ms|dr|prof|sen|rep|gov|gen|president|prime minister)\.?\s+)?")


def normalise_name(name: str | None) -> str:
    if not name:
        return ""
    flat = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    flat = re.sub(r"[’'`]s\b", "", flat)
    flat = re.sub(r"[^a-z0-9 ]+", " ", flat)
    flat = " ".join(flat.split())
    return _HONORIFIC.sub("", flat)


def same_name(guess: str | None, truth: str | None) -> bool:
    return bool(guess) and normalise_name(guess) == normalise_name(truth)


def lenient_same_name(guess: str | None, truth: str | None) -> bool:
    """Counted separately: the guess names a part of the right speaker (``McAllister`` for ``Rhona McAllister``)."""
    guess_words, truth_words = set(normalise_name(guess).split()), set(normalise_name(truth).split())
    return bool(guess_words) and (guess_words <= truth_words or truth_words <= guess_words)


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _metrics(counts: Counts, articles: int) -> dict[str, Any]:
    metrics: dict[str, Any] = {"articles": articles, "gold": counts.gold, "predicted": counts.predicted}
    for threshold, label in ((LENIENT, "0.3"), (STRICT, "0.8")):
        precision = _rate(counts.matched[threshold], counts.predicted)
        recall = _rate(counts.matched[threshold], counts.gold)
        metrics[f"content_precision@{label}"] = precision
        metrics[f"content_recall@{label}"] = recall
        metrics[f"content_f1@{label}"] = _f1(precision, recall)
    metrics["speaker_accuracy"] = _rate(counts.speaker_right, counts.speaker_scored)
    metrics["speaker_accuracy_partial_names"] = _rate(counts.speaker_lenient_right, counts.speaker_scored)
    metrics["speaker_scored"] = counts.speaker_scored
    metrics["kind_accuracy"] = _rate(counts.kind_right, counts.kind_scored)
    metrics["kind_scored"] = counts.kind_scored
    metrics["via_accuracy"] = _rate(counts.via_right, counts.via_scored)
    metrics["via_scored"] = counts.via_scored
    for name, (matched, predicted, gold) in counts.span_counts.items():
        precision, recall = _rate(matched, predicted), _rate(matched, gold)
        metrics[f"{name}_f1"] = _f1(precision, recall)
    return metrics


def _excerpt(text: str, spans: Sequence[Interval]) -> str:
    return _clip(" … ".join(text[start:end] for start, end in spans))


def _clip(text: str, width: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
