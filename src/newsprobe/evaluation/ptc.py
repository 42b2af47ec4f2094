"""The Propaganda Techniques Corpus (SemEval-2020 Task 11) in its own file formats, and its two metrics.

Corpus layout (the corpus README): ``{split}-articles/article<ID>.txt`` (title, blank line, one
sentence per line), ``{split}-labels-task1-span-identification/article<ID>.task1-SI.labels``
(``ID<TAB>start<TAB>end``) and ``{split}-labels-task2-technique-classification/article<ID>.task2-TC.labels``
(``ID<TAB>technique<TAB>start<TAB>end``); offsets are ``[start, end)`` into the article file's text.

Metrics follow the task's scorer (Da San Martino et al., EMNLP 2019, section 4; SemEval-2020 Task 11
overview, section 3). For predicted spans S and gold spans T with C(s, t, h) = |s ∩ t| / h:
precision = sum over pairs C(s, t, |s|) / |S|, recall = sum over pairs C(s, t, |t|) / |T|, summed over
all articles; span identification ignores the labels and merges overlapping spans of one article first,
as the task's SI scorer does. Technique classification is micro-F1 over the gold spans.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# The 14 labels of SemEval-2020 Task 11, spelled as in the corpus's technique-names file.
TECHNIQUES = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

CharSpan = tuple[int, int]


@dataclass(frozen=True)
class LabelledSpan:
    technique: str
    start: int
    end: int


@dataclass(frozen=True)
class PtcArticle:
    id: str
    text: str
    spans: tuple[LabelledSpan, ...]  # technique-classification labels (task 2 files)
    propaganda: tuple[CharSpan, ...]  # span-identification labels (task 1 files)


def read_split(corpus: Path, split: str, limit: int | None = None) -> list[PtcArticle]:
    """Articles of one split ("train" or "dev") with their technique labels, ordered by id."""
    article_dir = corpus / f"{split}-articles"
    if not article_dir.is_dir():
        raise FileNotFoundError(f"{article_dir} is missing; expected the PTC SemEval-2020 layout")
    labels = _read_labels(corpus / f"{split}-labels-task2-technique-classification")
    unlabelled = _read_labels(corpus / f"{split}-labels-task1-span-identification")
    articles = []
    for path in sorted(article_dir.glob("article*.txt"))[:limit]:
        article_id = path.stem.removeprefix("article")
        text = path.read_text(encoding="utf-8")
        spans = tuple(sorted(labels.get(article_id, []), key=lambda span: (span.start, span.end, span.technique)))
        propaganda = tuple(sorted((span.start, span.end) for span in unlabelled.get(article_id, [])))
        articles.append(PtcArticle(article_id, text, spans, propaganda))
    return articles


def _read_labels(folder: Path) -> dict[str, list[LabelledSpan]]:
    labels: dict[str, list[LabelledSpan]] = defaultdict(list)
    for path in sorted(folder.glob("*.labels")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) == 3:  # task 1 files carry no technique
                fields.insert(1, "")
            article_id, technique, start, end = fields
            labels[article_id].append(LabelledSpan(technique, int(start), int(end)))
    return labels


def merge_overlapping(spans: Iterable[CharSpan]) -> list[CharSpan]:
    """Spans of one article with every overlapping pair joined (touching spans stay apart)."""
    merged: list[CharSpan] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class SpanScores:
    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int


def span_identification_scores(
    predicted: Mapping[str, Sequence[CharSpan]], gold: Mapping[str, Sequence[CharSpan]],
) -> SpanScores:
    """SemEval-2020 SI precision, recall and F1 with partial (character-overlap) credit."""
    precision_sum = recall_sum = 0.0
    predicted_count = gold_count = 0
    for article_id in set(predicted) | set(gold):
        guesses = merge_overlapping(predicted.get(article_id, ()))
        answers = merge_overlapping(gold.get(article_id, ()))
        predicted_count += len(guesses)
        gold_count += len(answers)
        for guess_start, guess_end in guesses:
            for gold_start, gold_end in answers:
                overlap = min(guess_end, gold_end) - max(guess_start, gold_start)
                if overlap > 0:
                    precision_sum += overlap / (guess_end - guess_start)
                    recall_sum += overlap / (gold_end - gold_start)
    precision = precision_sum / predicted_count if predicted_count else 0.0
    recall = recall_sum / gold_count if gold_count else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return SpanScores(precision, recall, f1, predicted_count, gold_count)


def technique_micro_f1(predicted: Sequence[str], gold: Sequence[str]) -> float:
    """Micro-F1 over gold spans, one predicted label each: equal to accuracy, as in the task's TC scorer."""
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} gold spans")
    if not gold:
        return 0.0
    return sum(guess == answer for guess, answer in zip(predicted, gold, strict=True)) / len(gold)


def align_guesses(guesses: Sequence[str], answers: Sequence[str]) -> list[str]:
    """The k guesses for one span that the gold lists k times, reordered to pair with ``answers``.

    The gold labels of one span are a set, not a sequence: "Loaded_Language, Repetition" guessed for a
    span marked "Repetition, Loaded_Language" is right twice. Guesses that match an answer are put in
    that answer's place; the others fill the remaining places in their own order.
    """
    if len(guesses) != len(answers):
        raise ValueError(f"{len(guesses)} guesses for {len(answers)} labels of one span")
    aligned: list[str | None] = [None] * len(answers)
    unmatched = []
    for guess in guesses:
        place = next((index for index, answer in enumerate(answers)
                      if answer == guess and aligned[index] is None), None)
        if place is None:
            unmatched.append(guess)
        else:
            aligned[place] = guess
    leftovers = iter(unmatched)
    return [guess if guess is not None else next(leftovers) for guess in aligned]


def per_technique_f1(predicted: Sequence[str], gold: Sequence[str]) -> dict[str, float]:
    """F1 of each technique over the gold spans (for the model card and the detailed report)."""
    hits = Counter(answer for guess, answer in zip(predicted, gold, strict=True) if guess == answer)
    guessed, golden = Counter(predicted), Counter(gold)
    scores = {}
    for technique in TECHNIQUES:
        if not golden[technique] and not guessed[technique]:
            continue
        denominator = guessed[technique] + golden[technique]
        scores[technique] = 2 * hits[technique] / denominator if denominator else 0.0
    return scores
