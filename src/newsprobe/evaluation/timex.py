"""`newsprobe eval timex DIR`: time expressions against TimeML gold (TimeBank, AQUAINT), TempEval-3 style.

Each document is read as TimeML: the text inside ``<TEXT>`` with its ``TIMEX3`` tags, and the document
creation time (``functionInDocument="CREATION_TIME"``) as the reference date, as in TempEval-3. Metrics
follow UzZaman et al. (2013), TempEval-3 task A:
- strict detection: a system span counts when it is exactly a gold span; relaxed: when it overlaps one
  (each gold and each system span is matched at most once);
- type / value accuracy: share of relaxed matches whose attribute equals the gold one;
- type / value F1: the attribute counts as found only in a relaxed match where it is also right, so
  attribute P = right / system spans, R = right / gold spans.
The scorer uses the same text function as the analysis (``find_times_in_text``); no spaCy is loaded
unless ``--parse`` asks for the governing-verb tense the analysis adds from its parse. Figures are given
overall and per sub-corpus (the first folder under DIR: TimeBank, AQUAINT).
"""

from __future__ import annotations

import argparse
import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from newsprobe.evaluation import Report
from newsprobe.extract.times import TenseOf, TimeMatch, clause_tense, find_times_in_text, parse_reference

DESCRIPTION = "time expressions: TimeML detection (strict/relaxed), type and value, as in TempEval-3"


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TimemlDocument:
    name: str
    text: str
    creation_time: str | None
    timexes: tuple[GoldTimex, ...]


_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def read_timeml(path: Path) -> TimemlDocument:
    """The text of ``<TEXT>`` with tags removed, its TIMEX3 spans, and the document creation time."""
    source = path.read_text(encoding="utf-8")
    creation = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', source)
    creation_time = _ATTRIBUTE_MAP(creation.group()).get("value") if creation else None
    body_match = re.search(r"<TEXT>(.*)</TEXT>", source, re.S)
    body = body_match.group(1) if body_match else ""
    pieces: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    timexes: list[GoldTimex] = []
    position = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[position:tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if tag.group(1) == "/":
            start, attributes = open_timex.pop()
            timexes.append(GoldTimex(start, length, "", attributes.get("type", ""), attributes.get("value", "")))
        elif not tag.group(4):
            open_timex.append((length, _ATTRIBUTE_MAP(tag.group(3))))
    pieces.append(html.unescape(body[position:]))
    text = "".join(pieces)
    spans = tuple(GoldTimex(t.start, t.end, text[t.start:t.end], t.type, t.value) for t in timexes)
    return TimemlDocument(path.name, text, creation_time, tuple(sorted(spans, key=lambda t: t.start)))


def _ATTRIBUTE_MAP(tag_text: str) -> dict[str, str]:  # noqa: N802 - reads like the constant-ish helper it is
    return dict(_ATTRIBUTE.findall(tag_text))


@dataclass
class _Tally:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_right: int = 0
    value_right: int = 0


def _match(gold: tuple[GoldTimex, ...], system: list[TimeMatch]) -> tuple[int, list[tuple[GoldTimex, TimeMatch]]]:
    """Exact matches, and one-to-one overlap pairs (exact pairs first, then by largest overlap)."""
    strict = len({(g.start, g.end) for g in gold} & {(s.start, s.end) for s in system})
    options = []
    for g in gold:
        for s in system:
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                options.append((-(g.start == s.start and g.end == s.end), -overlap, g.start, s.start, g, s))
    options.sort(key=lambda option: option[:4])
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for *_, g, s in options:
        if id(g) in used_gold or id(s) in used_system:
            continue
        used_gold.add(id(g))
        used_system.add(id(s))
        pairs.append((g, s))
    return strict, pairs


def _f1(right: int, system: int, gold: int) -> tuple[float, float, float]:
    precision = right / system if system else 0.0
    recall = right / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(100 * precision, 1), round(100 * recall, 1), round(100 * f1, 1)


def _system_times(document: TimemlDocument, tenses: dict[str, TenseOf] | None) -> list[TimeMatch]:
    tense_of = tenses.get(document.name) if tenses else None
    return find_times_in_text(document.text, parse_reference(document.creation_time), tense_of)


def parsed_tenses(documents: list[TimemlDocument], model: str | None = None) -> dict[str, TenseOf]:
    """Per document, the governing-verb tense from a spaCy parse of its text, as the analysis has it
    (``--parse``): the text rules alone are what the gate scores, this is what an article gets."""
    from newsprobe.nlp.pipeline import load_pipeline

    nlp = load_pipeline(model)
    docs = nlp.pipe(document.text for document in documents)
    return {document.name: clause_tense(doc) for document, doc in zip(documents, docs, strict=True)}


def score(documents: list[TimemlDocument], tenses: dict[str, TenseOf] | None = None,
          ) -> tuple[dict[str, float | int], list[str]]:
    tally = _Tally()
    errors: Counter[str] = Counter()
    for document in documents:
        system = _system_times(document, tenses)
        strict, pairs = _match(document.timexes, system)
        tally.gold += len(document.timexes)
        tally.system += len(system)
        tally.strict += strict
        tally.relaxed += len(pairs)
        matched_gold = {id(g) for g, _ in pairs}
        matched_system = {id(s) for _, s in pairs}
        for g, s in pairs:
            tally.type_right += g.type == s.type
            tally.value_right += g.value == (s.value or "")
            if g.value != (s.value or ""):
                errors[f"value {document.creation_time} {g.text!r}: gold {g.value} got {s.value}"] += 1
        for g in document.timexes:
            if id(g) not in matched_gold:
                errors[f"missed {g.text.lower()!r} ({g.type})"] += 1
        for s in system:
            if id(s) not in matched_system:
                errors[f"spurious {s.text.lower()!r}"] += 1
    metrics: dict[str, float | int] = {"documents": len(documents), "gold": tally.gold, "system": tally.system}
    for name, right in (("strict", tally.strict), ("relaxed", tally.relaxed)):
        metrics[f"{name}_precision"], metrics[f"{name}_recall"], metrics[f"{name}_f1"] = _f1(
            right, tally.system, tally.gold)
    for name, right in (("type", tally.type_right), ("value", tally.value_right)):
        metrics[f"{name}_accuracy"] = round(100 * right / tally.relaxed, 1) if tally.relaxed else 0.0
        metrics[f"{name}_f1"] = _f1(right, tally.system, tally.gold)[2]
    details = [f"{count:4d}  {error}" for error, count in errors.most_common()]
    return metrics, details


def value_mismatches(documents: list[TimemlDocument], context: int = 50,
                     tenses: dict[str, TenseOf] | None = None) -> list[str]:
    """Per document, each relaxed match whose value differs from the gold one, with the text around it:
    the listing to read before changing a normalisation rule (`--mismatches`)."""
    lines = []
    for document in documents:
        system = _system_times(document, tenses)
        _, pairs = _match(document.timexes, system)
        wrong = sorted(((g, s) for g, s in pairs if g.value != (s.value or "")), key=lambda pair: pair[0].start)
        if not wrong:
            continue
        lines.append(f"{document.name} (creation time {document.creation_time}): {len(wrong)} value mismatches")
        for g, s in wrong:
            left = document.text[max(0, g.start - context):g.start]
            right = document.text[g.end:g.end + context]
            around = " ".join(f"{left}[{g.text}]{right}".split())
            lines.append(f"  {g.text!r} gold {g.type} {g.value or '-'} got {s.type} {s.value or '-'} | {around}")
    return lines


def timeml_files(directory: Path, limit: int | None = None) -> list[Path]:
    files = sorted(directory.rglob("*.tml"))
    return files[:limit] if limit else files


def corpus_of(path: Path, directory: Path) -> str:
    """The sub-corpus a file belongs to: its first folder under ``directory`` (TBAQ-cleaned: `TimeBank`,
    `AQUAINT`), or the folder's own name when the files lie directly in it."""
    parts = path.relative_to(directory).parts
    return parts[0] if len(parts) > 1 else directory.name


# The figures repeated per sub-corpus: a score that holds on one corpus and not the other is tuned, not general.
CORPUS_METRICS = ("documents", "gold", "strict_f1", "relaxed_f1", "type_accuracy", "value_accuracy", "value_f1")


def score_by_corpus(documents: list[tuple[str, TimemlDocument]], tenses: dict[str, TenseOf] | None = None,
                    ) -> dict[str, dict[str, float | int]]:
    """The main figures of ``score`` for each sub-corpus, in the order the corpora first appear."""
    corpora: dict[str, list[TimemlDocument]] = {}
    for corpus, document in documents:
        corpora.setdefault(corpus, []).append(document)
    return {corpus: {name: score(members, tenses)[0][name] for name in CORPUS_METRICS}
            for corpus, members in corpora.items()}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", type=Path, help="folder of TimeML .tml files (searched recursively)")
    parser.add_argument("--limit", type=int, help="score only the first N files (sorted by path)")
    parser.add_argument("--errors", type=int, default=0, help="list the N most frequent errors")
    parser.add_argument("--mismatches", action="store_true",
                        help="list every value mismatch per document, with its context")
    parser.add_argument("--parse", action="store_true",
                        help="parse each document with spaCy and resolve weekdays and months by the governing "
                             "verb's tense, as the analysis does (slower: loads the model)")


def run(args: argparse.Namespace) -> Report:
    paths = timeml_files(args.directory, args.limit)
    labelled = [(corpus_of(path, args.directory), read_timeml(path)) for path in paths]
    documents = [document for _, document in labelled]
    if not documents:
        raise SystemExit(f"no .tml files under {args.directory}")
    tenses = parsed_tenses(documents) if args.parse else None
    metrics, errors = score(documents, tenses)
    for corpus, figures in score_by_corpus(labelled, tenses).items():
        for name, value in figures.items():
            metrics[f"{corpus}/{name}"] = value
    details = errors[: args.errors] + (value_mismatches(documents, tenses=tenses) if args.mismatches else [])
    return Report(metrics=metrics, details=details)
