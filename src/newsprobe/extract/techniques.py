"""Persuasion-technique spans (SemEval-2020 Task 11 taxonomy) from two small linear models.

A token tagger scores each token for lying inside a persuasion span; runs of tokens above the tuned
threshold become spans; a span classifier names the technique. Both models, their lexicon and the
threshold were trained and tuned by scripts/train_persuasion.py on PTC train/dev and ship in
resources/persuasion/ (see MODEL_CARD.md there for data, scores and limits).
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any, NamedTuple

import numpy as np
from spacy.tokens import Doc

from newsprobe.errors import Warnings
from newsprobe.extract.adversary_labels import Phrases, find_labels
from newsprobe.extract.technique_features import (
    ArticleContext,
    Features,
    SentenceModel,
    article_context,
    is_word_level_candidate,
    sentence_ranges,
    span_features,
    word_stem,
)
from newsprobe.extract.technique_tagger import TaggerTables
from newsprobe.models import Notice, Technique
from newsprobe.nlp.convert import article_span, doc_text

METHOD = "newsprobe.techniques.v4"  # v4: choices by cross-validation on train, long passages split; v3.1: hand list
MODEL_FILE = "model.json.gz"

# The corpus's guideline (PTC README, version 2) trims spans so that they neither start nor end with these.
_TRIM = " \n\t.,:;"
# Above this share of capital letters a body counts as written in capitals (headlines and acronyms in
# ordinary news stay far below it).
_CAPITALS_SHARE = 0.6


# The techniques PTC marks on single words or short phrases; the word-level detector labels its spans
# with whichever of the two the span classifier prefers.
WORD_LEVEL_TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")


class WordLevel(NamedTuple):
    """Loaded words: log-odds of a word stem lying inside a short loaded-language or name-calling span."""

    lexicon: Mapping[str, float]  # word_stem -> smoothed log-odds against the base rate (PTC train)
    threshold: float  # a candidate word at or above this becomes a span of its own (tuned on PTC dev)
    # A content word inside a passage of another technique becomes a loaded-language or name-calling
    # span of its own when the span classifier, shown the word alone, gives those two labels together
    # at least this probability (PTC nests such words inside longer spans; chosen on PTC dev so that
    # these words are right at least as often as the lexicon's: see the training script).
    nested_threshold: float = math.inf


class Decoding(NamedTuple):
    """How token probabilities become spans; all four are tuned on PTC dev by the training script."""

    threshold: float  # a token at or above this lies inside a span
    max_gap: int  # tokens below the threshold that may sit inside one span
    min_chars: int  # shorter spans are dropped (single short words were mostly false alarms on dev)
    # A span is kept only when one of its tokens reaches this (hysteresis: a confident core, grown to
    # its weaker neighbours). With the word-level detector supplying short loaded words, the weak
    # passages it drops were mostly false alarms: dev SI F1 0.377 -> 0.39 (MODEL_CARD.md).
    seed_threshold: float
    # Long passages are split at their weaker tokens: a span of at least ``long_chars`` characters is
    # re-read at ``long_threshold`` and only its stronger runs are kept (each with a seed). Long spans
    # were the least precise (about 27% of their characters inside gold spans on PTC dev); both values
    # are chosen by cross-validation on PTC train (MODEL_CARD.md). 0 leaves long spans whole.
    long_chars: int = 0
    long_threshold: float = 0.0


@dataclass(frozen=True)
class TechniqueModel:
    """The shipped model: lexicon, sentence model, tagger weights and threshold, classifier weights and labels."""

    lexicon: Mapping[str, float]
    sentence_model: SentenceModel | None
    tagger: TaggerTables  # the token tagger's weights, compiled for scoring whole Docs
    decoding: Decoding
    word_level: WordLevel
    labels: tuple[str, ...]
    classifier_index: Mapping[str, int]
    classifier_weights: np.ndarray  # (features, labels)
    classifier_bias: np.ndarray  # (labels,)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TechniqueModel:
        classifier, tagger = data["classifier"], data["tagger"]
        names = list(classifier["weights"])
        sentence = data.get("sentence_model")
        return cls(
            lexicon=data["lexicon"],
            sentence_model=SentenceModel(sentence["weights"], float(sentence["bias"])) if sentence else None,
            tagger=TaggerTables.from_weights(tagger["weights"]),
            decoding=Decoding(float(tagger["threshold"]), int(tagger["max_gap"]), int(tagger["min_chars"]),
                              float(tagger["seed_threshold"]), int(tagger.get("long_chars", 0)),
                              float(tagger.get("long_threshold", 0.0))),
            word_level=WordLevel(data["word_level"]["lexicon"], float(data["word_level"]["threshold"]),
                                 float(data["word_level"].get("nested_threshold", math.inf))),
            labels=tuple(classifier["labels"]),
            classifier_index={name: row for row, name in enumerate(names)},
            classifier_weights=np.array([classifier["weights"][name] for name in names], dtype=np.float64),
            classifier_bias=np.array(classifier["bias"], dtype=np.float64),
        )

    def doc_token_probabilities(self, doc: Doc, context: ArticleContext) -> list[float]:
        """The tagger's probability that each token lies inside a persuasion span."""
        return [_logistic(score) for score in self.tagger.scores(doc, context)]

    def label_probabilities(self, features: Features) -> np.ndarray:
        known = [(self.classifier_index[name], value) for name, value in features.items()
                 if name in self.classifier_index]
        scores = self.classifier_bias.copy()
        if known:
            rows, values = zip(*known, strict=True)
            scores += np.asarray(values) @ self.classifier_weights[list(rows)]
        scores -= scores.max()
        exponentials = np.exp(scores)
        return np.asarray(exponentials / exponentials.sum())


def _logistic(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


@lru_cache(maxsize=1)
def load_model() -> TechniqueModel:
    resource = files("newsprobe").joinpath("resources", "persuasion", MODEL_FILE)
    with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        return TechniqueModel.from_dict(json.load(handle))


def tagged_spans(probabilities: Sequence[float], threshold: float, max_gap: int) -> list[tuple[int, int, float]]:
    """Runs of tokens at or above ``threshold`` as ``(start, end, mean probability)``.

    A run may bridge up to ``max_gap`` tokens below the threshold, so that one weak word ("the") does
    not cut "the so-called experts" in two.
    """
    spans: list[tuple[int, int, float]] = []
    start: int | None = None
    last_hit = -1
    for index, probability in enumerate(probabilities):
        if probability < threshold:
            continue
        if start is not None and index - last_hit - 1 > max_gap:
            spans.append(_run(probabilities, start, last_hit + 1))
            start = None
        if start is None:
            start = index
        last_hit = index
    if start is not None:
        spans.append(_run(probabilities, start, last_hit + 1))
    return spans


def _run(probabilities: Sequence[float], start: int, end: int) -> tuple[int, int, float]:
    return start, end, sum(probabilities[start:end]) / (end - start)


def decode_spans(doc: Doc, probabilities: Sequence[float], decoding: Decoding) -> list[tuple[int, int, float]]:
    """Character spans ``(start, end, mean token probability)`` from token probabilities.

    Runs are cut at sentence ends (PTC spans lie within one sentence), trimmed as the corpus trims,
    and dropped when shorter than ``decoding.min_chars`` or when no token reaches ``decoding.seed_threshold``.
    A piece of at least ``decoding.long_chars`` characters is split into its runs at ``decoding.long_threshold``.
    """
    sentence_starts = _sentence_starts(doc)
    spans = []
    for start, end, score in tagged_spans(probabilities, decoding.threshold, decoding.max_gap):
        piece_start = start
        for index in range(start + 1, end + 1):
            if index == end or sentence_starts[index] != sentence_starts[index - 1]:
                bounds = char_bounds(doc, piece_start, index)
                if bounds is not None and decoding.long_chars and bounds[1] - bounds[0] >= decoding.long_chars:
                    pieces = [(piece_start + low, piece_start + high, piece_score) for low, high, piece_score
                              in tagged_spans(probabilities[piece_start:index], decoding.long_threshold,
                                              decoding.max_gap)]
                else:
                    pieces = [(piece_start, index, score)]
                for low, high, piece_score in pieces:
                    piece_bounds = bounds if (low, high) == (piece_start, index) else char_bounds(doc, low, high)
                    confident = max(probabilities[low:high]) >= decoding.seed_threshold
                    if piece_bounds is not None and piece_bounds[1] - piece_bounds[0] >= decoding.min_chars \
                            and confident:
                        spans.append((piece_bounds[0], piece_bounds[1], piece_score))
                piece_start = index
    return spans


def _sentence_starts(doc: Doc) -> list[int]:
    starts = [0] * len(doc)
    for start, end in sentence_ranges(doc):
        starts[start:end] = [start] * (end - start)
    return starts


def char_bounds(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Character range of tokens ``[start, end)``, trimmed as the corpus trims; None when nothing is left."""
    start_char = doc[start].idx
    end_char = doc[end - 1].idx + len(doc[end - 1].text)
    text = doc_text(doc)  # doc.text re-joins every token on each call: per span that was a third of the analysis
    while start_char < end_char and text[start_char] in _TRIM:
        start_char += 1
    while end_char > start_char and text[end_char - 1] in _TRIM:
        end_char -= 1
    if end_char - start_char < 2:
        return None
    return start_char, end_char


def loaded_words(doc: Doc, word_level: WordLevel) -> list[int]:
    """Indices of the tokens whose stem the word-level lexicon scores at or above its threshold.

    The tagger finds whole persuasive passages; loaded language and name calling sit on single words
    inside them (or alone). Emitting those words as spans of their own names the loaded word inside a
    longer flag-waving or fear passage, and on PTC dev raised SI F1 (MODEL_CARD.md).
    """
    lexicon, threshold = word_level.lexicon, word_level.threshold
    return [token.i for token in doc
            if is_word_level_candidate(token) and lexicon.get(word_stem(token.text), -math.inf) >= threshold]


def predict_spans(
    doc: Doc, model: TechniqueModel, phrases: Phrases | None = None,
) -> Iterator[tuple[int, int, str, float]]:
    """``(start_char, end_char, technique, score)`` in Doc coordinates; the score is tagger x classifier confidence.

    Passages from the tagger come first, then the hand-listed adversary labels (``phrases``, by default
    the shipped list; ``{}`` for none), then loaded words; the last two may lie inside a passage.
    """
    if not len(doc):
        return
    context = article_context(doc, model.lexicon, model.sentence_model)
    probabilities = model.doc_token_probabilities(doc, context)
    emitted = set()
    passages = []
    for start_char, end_char, span_score in decode_spans(doc, probabilities, model.decoding):
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None:
            continue
        label_probabilities = model.label_probabilities(span_features(doc, context, span.start, span.end))
        best = int(label_probabilities.argmax())
        emitted.add((start_char, end_char))
        passages.append((span.start, span.end, model.labels[best]))
        yield start_char, end_char, model.labels[best], span_score * float(label_probabilities[best])
    for start, end, technique in find_labels(doc, phrases):
        bounds = char_bounds(doc, start, end)
        if bounds is not None and bounds not in emitted:
            emitted.add(bounds)
            yield bounds[0], bounds[1], technique, listed_score(doc, context, model, start, end, technique)
    for index, label, share in word_spans(doc, context, model, passages):
        token = doc[index]
        bounds = (token.idx, token.idx + len(token.text))
        if bounds not in emitted:
            emitted.add(bounds)
            yield bounds[0], bounds[1], label, probabilities[index] * share


def word_label_rows(model: TechniqueModel) -> list[int]:
    """The classifier's rows for the word-level techniques (those of the two it was trained with)."""
    return [model.labels.index(label) for label in WORD_LEVEL_TECHNIQUES if label in model.labels]


def listed_score(doc: Doc, context: ArticleContext, model: TechniqueModel, start: int, end: int,
                 technique: str) -> float:
    """A listed phrase's score: the span classifier's probability for the listed technique, shared out
    between the two word-level techniques when it is one of them (as for the lexicon's words)."""
    if technique not in model.labels:
        return 0.0
    label_probabilities = model.label_probabilities(span_features(doc, context, start, end))
    probability = float(label_probabilities[model.labels.index(technique)])
    if technique in WORD_LEVEL_TECHNIQUES:
        word_labels = word_label_rows(model)
        return probability / max(1e-9, float(label_probabilities[word_labels].sum()))
    return probability


def word_spans(
    doc: Doc, context: ArticleContext, model: TechniqueModel, passages: Sequence[tuple[int, int, str]],
) -> list[tuple[int, str, float]]:
    """Single loaded words as ``(token index, technique, share)``: the lexicon's words anywhere, and words
    nested in a passage of another technique that the classifier finds loaded on their own.

    The technique is Loaded_Language or Name_Calling, whichever the span classifier prefers for the word;
    ``share`` is that label's share of the two (lexicon words) or its probability (nested words).
    """
    word_labels = word_label_rows(model)
    if not word_labels:
        return []
    found: dict[int, tuple[str, float]] = {}
    for index in loaded_words(doc, model.word_level):
        label_probabilities = model.label_probabilities(span_features(doc, context, index, index + 1))
        best = max(word_labels, key=lambda label: float(label_probabilities[label]))
        share = float(label_probabilities[best]) / max(1e-9, float(label_probabilities[word_labels].sum()))
        found[index] = (model.labels[best], share)
    if math.isfinite(model.word_level.nested_threshold):
        for index, label, loaded in nested_words(doc, context, model, passages):
            if index not in found and loaded >= model.word_level.nested_threshold:
                found[index] = (label, loaded)
    return [(index, label, share) for index, (label, share) in sorted(found.items())]


def nested_words(
    doc: Doc, context: ArticleContext, model: TechniqueModel, passages: Sequence[tuple[int, int, str]],
) -> Iterator[tuple[int, str, float]]:
    """Content words inside passages labelled with another technique than the two word-level ones, as
    ``(token index, Loaded_Language or Name_Calling, P(Loaded_Language) + P(Name_Calling))``."""
    word_labels = word_label_rows(model)
    for start, end, technique in passages:
        if technique in WORD_LEVEL_TECHNIQUES or end - start < 2:
            continue
        for index in range(start, end):
            if not is_word_level_candidate(doc[index]) or doc[index].ent_type_:
                continue
            label_probabilities = model.label_probabilities(span_features(doc, context, index, index + 1))
            best = max(word_labels, key=lambda label: float(label_probabilities[label]))
            yield index, model.labels[best], float(label_probabilities[word_labels].sum())


def classify_spans(
    doc: Doc, model: TechniqueModel, char_spans: Sequence[tuple[int, int]],
) -> list[list[tuple[str, float]]]:
    """Techniques for given character spans of ``doc``, most probable first (technique classification)."""
    context = article_context(doc, model.lexicon, model.sentence_model)
    ranked = []
    for start_char, end_char in char_spans:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or not len(span):
            ranked.append([(label, 1.0 / len(model.labels)) for label in model.labels])
            continue
        probabilities = model.label_probabilities(span_features(doc, context, span.start, span.end))
        ranked.append([(model.labels[index], float(probabilities[index])) for index in np.argsort(-probabilities)])
    return ranked


def not_applicable(doc: Doc, language: str | None = None) -> str | None:
    """Why the models cannot be trusted on this body, or None when they can.

    They were trained on English news in ordinary case: in another language every word is unknown to
    the lexicon, and in capitals spaCy's tags (which many features read) are mostly wrong.
    """
    if language and not language.lower().startswith("en"):
        return f"the text is in {language!r}, not English"
    letters = "".join(token.text for token in doc if token.is_alpha)
    if not letters:
        return "the body has no words"
    if sum(map(str.isupper, letters)) > _CAPITALS_SHARE * len(letters):
        return "the text is in capitals, which the tagger and the lexicon were not trained on"
    return None


def find_techniques(
    doc: Doc, model: TechniqueModel | None = None, *, language: str | None = None,
    notices: list[Notice] | None = None,
) -> Iterator[Technique]:
    """Persuasion-technique spans of ``doc`` in reading order; when the models cannot apply, a W009 notice only."""
    reason = not_applicable(doc, language)
    if reason is not None:
        if notices is not None:
            notices.append(Warnings.W009.notice(component="techniques", reason=reason))
        return
    model = model or load_model()
    # In reading order: predict_spans gives passages first, then listed and loaded words.
    for start_char, end_char, technique, score in sorted(predict_spans(doc, model), key=lambda found: found[:2]):
        span = article_span(doc, start_char, end_char)
        yield Technique(span.start, span.end, span.text, technique, round(score, 4))
