"""Features of the persuasion-technique model, shared by training (scripts/train_persuasion.py) and inference.

Two linear models read these features: a token tagger (is this token inside a persuasion span?) and a
span classifier (which of the 14 techniques is it?). Both see the word and its neighbours, spaCy's POS,
dependency and entity labels, a loaded-language lexicon learned from the PTC train split, the sentence
around the word, and repetition across the whole article (PTC's third-commonest label, Repetition, is
defined by the article repeating a phrase). Each feature is a name with a value (1.0 for indicators).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from newsprobe.nlp.convert import doc_text

Features = dict[str, float]

_QUOTE_CHARACTERS = frozenset({'"', "“", "”", "«", "»"})
WINDOW = 2


@dataclass(frozen=True)
class ArticleContext:
    """What the features need to know about the whole article, computed once per Doc."""

    sentence_of: tuple[int, ...]  # token index -> sentence index
    sentences: tuple[tuple[int, int], ...]  # token [start, end) of each sentence
    in_quotes: tuple[bool, ...]  # token stands between quotation marks
    lexicon_scores: tuple[float, ...]  # the lexicon's log-odds for each token (0.0 when unknown)
    content_counts: Counter[str]  # how often each content lemma occurs in the article
    lowered_text: str
    # The sentence model's probability that each sentence holds a persuasion span (0.5 without a model).
    sentence_scores: tuple[float, ...] = ()


class SentenceModel(NamedTuple):
    """Binary logistic regression over a sentence's words and word pairs: does it hold a persuasion span?

    The token tagger sees two words either side; this model reads the whole sentence, and its
    probability is a feature of every token in it (stacking; cross-fitted in training). On PTC dev it
    raised SI F1 by about 0.01, mostly through recall (scripts/train_persuasion.py, MODEL_CARD.md).
    """

    weights: Mapping[str, float]
    bias: float


def sentence_model_features(doc: Doc, start: int, end: int) -> list[str]:
    """The sentence model's (binary) features of tokens ``[start, end)``: its words, word pairs and length."""
    return _sentence_words_features([token.lower_ for token in doc[start:end] if not token.is_space])


def _sentence_words_features(words: Sequence[str]) -> list[str]:
    names = ["w=" + word for word in set(words)]
    names.extend({"b=" + left + "|" + right for left, right in pairwise(words)})
    names.append("length=" + bucket(len(words), (5, 10, 15, 20, 30, 40, 60)))
    return names


def sentence_probabilities(doc: Doc, sentences: Sequence[tuple[int, int]], model: SentenceModel) -> list[float]:
    # The words of the whole Doc read once (None for spaces), not once per sentence slice.
    lowers = [None if token.is_space else token.lower_ for token in doc]
    get = model.weights.get
    probabilities = []
    for start, end in sentences:
        words = [word for word in lowers[start:end] if word is not None]
        score = model.bias + sum(get(name, 0.0) for name in _sentence_words_features(words))
        probabilities.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score)))))
    return probabilities


def article_context(doc: Doc, lexicon: Mapping[str, float], sentence_model: SentenceModel | None = None,
                    ) -> ArticleContext:
    sentences = sentence_ranges(doc)
    # Every `for token in doc` and `doc[i]` makes a new Token object; made once here, they were a third of
    # the features' time (cProfile over polnear-dev).
    tokens = list(doc)
    sentence_of = [0] * len(tokens)
    in_quotes = [False] * len(tokens)
    for index, (start, end) in enumerate(sentences):
        inside = False  # quotes reset at each sentence so that one stray mark cannot swallow an article
        for position in range(start, end):
            sentence_of[position] = index
            if tokens[position].text in _QUOTE_CHARACTERS:
                inside = not inside
            else:
                in_quotes[position] = inside
    content_counts = Counter(_content_key(token) for token in tokens if _is_content(token))
    lexicon_get = lexicon.get
    return ArticleContext(
        sentence_of=tuple(sentence_of),
        sentences=tuple(sentences),
        in_quotes=tuple(in_quotes),
        lexicon_scores=tuple(lexicon_get(token.lower_, 0.0) for token in tokens),
        content_counts=content_counts,
        lowered_text=doc_text(doc).lower(),
        sentence_scores=tuple(sentence_probabilities(doc, sentences, sentence_model) if sentence_model
                              else [0.5] * len(sentences)),
    )


def sentence_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Sentence token ranges; a pipeline without a parser or senter gives one sentence per line."""
    if doc.has_annotation("SENT_START"):
        return [(sentence.start, sentence.end) for sentence in doc.sents]
    ranges, start = [], 0
    for token in doc:
        if "\n" in token.text and token.i + 1 > start:
            ranges.append((start, token.i + 1))
            start = token.i + 1
    if start < len(doc):
        ranges.append((start, len(doc)))
    return ranges


# Suffixes stripped by `word_stem`, longest first: a crude stemmer, so that a loaded word seen in train
# also scores in its other forms ("terrorists", "terrorism" -> "terror").
_SUFFIXES = tuple(sorted((
    "ations", "ation", "ators", "ator", "iers", "ier", "ers", "er", "ings", "ing", "ed", "es", "s", "ists",
    "ist", "isms", "ism", "ly", "ies", "y", "ous", "ive", "al", "ment", "ments",
), key=len, reverse=True))
_MIN_STEM = 4
# Parts of speech that carry loaded language and name calling in PTC (adjectives, nouns, verbs, adverbs).
WORD_LEVEL_POS = frozenset({"ADJ", "NOUN", "VERB", "ADV", "PROPN"})


@lru_cache(maxsize=65536)  # a pure function of the word, asked for every content word of every article
def word_stem(word: str) -> str:
    """The lower-cased word without its commonest English suffix, keeping at least four letters."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > _MIN_STEM:
        word = word[:-1]
    return word


def is_word_level_candidate(token: Token) -> bool:
    """A token the word-level detector (loaded language, name calling) scores."""
    return token.is_alpha and token.pos_ in WORD_LEVEL_POS


def _is_content(token: Token) -> bool:
    return token.is_alpha and len(token.text) > 2 and token.lower_ not in STOP_WORDS


def _content_key(token: Token) -> str:
    return token.lemma_.lower() or token.lower_


def shape_of(text: str) -> str:
    if text.isupper() and len(text) > 1:
        return "XX"
    if text[:1].isupper():
        return "Xx"
    if text.isdigit():
        return "d"
    return "x" if text.isalpha() else "p"


def bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def token_features(doc: Doc, context: ArticleContext) -> list[Features]:
    """Features of every token of ``doc`` for the span tagger."""
    tokens = list(doc)  # one Token object per token for all the reads below (see article_context)
    lowers = [token.lower_ for token in tokens]
    tags = [token.pos_ for token in tokens]
    scores = context.lexicon_scores
    sentence_summaries = [sentence_summary(lowers, context, start, end) for start, end in context.sentences]
    rows: list[Features] = []
    for i, token in enumerate(tokens):
        word, pos = lowers[i], tags[i]
        start, end = context.sentences[context.sentence_of[i]]
        previous = lowers[i - 1] if i > start else "<s>"
        following = lowers[i + 1] if i + 1 < end else "</s>"
        head = token.head
        dep = token.dep_
        row: Features = {
            "bias": 1.0,
            "w=" + word: 1.0,
            "lemma=" + token.lemma_.lower(): 1.0,
            "pos=" + pos: 1.0,
            "tag=" + token.tag_: 1.0,
            "dep=" + dep: 1.0,
            "shape=" + shape_of(token.text): 1.0,
            "suffix=" + word[-3:]: 1.0,
            "head=" + head.lemma_.lower(): 1.0,
            "dep|head_pos=" + dep + "|" + tags[head.i]: 1.0,
            "w-1=" + previous: 1.0,
            "w+1=" + following: 1.0,
            "w-1|w=" + previous + "|" + word: 1.0,
            "w|w+1=" + word + "|" + following: 1.0,
            "pos-1|pos=" + (tags[i - 1] if i > start else "<s>") + "|" + pos: 1.0,
            "pos|pos+1=" + pos + "|" + (tags[i + 1] if i + 1 < end else "</s>"): 1.0,
            "lex": scores[i],
            "lex_window_max": max(scores[max(start, i - WINDOW): min(end, i + WINDOW + 1)]),
            "lex_window_min": min(scores[max(start, i - WINDOW): min(end, i + WINDOW + 1)]),
        }
        for offset in (-2, 2):
            j = i + offset
            row[f"w{offset:+d}=" + (lowers[j] if start <= j < end else "<pad>")] = 1.0
        if token.ent_type_:
            row["ent=" + token.ent_type_] = 1.0
        if context.in_quotes[i]:
            row["in_quotes"] = 1.0
        if _is_content(token):
            row["repeats=" + bucket(context.content_counts[_content_key(token)], (1, 2, 4))] = 1.0
        if token.is_punct:
            row["punct=" + word] = 1.0
        position = (i - start) / max(1, end - start - 1)
        row["sentence_position=" + ("start" if position < 0.2 else "end" if position > 0.8 else "middle")] = 1.0
        row.update(sentence_summaries[context.sentence_of[i]])
        rows.append(row)
    return rows


def sentence_summary(lowers: Sequence[str], context: ArticleContext, start: int, end: int) -> Features:
    """What the whole sentence says about each of its tokens: length, marks, how loaded it is."""
    words = lowers[start:end]
    scores = sorted(context.lexicon_scores[start:end], reverse=True)
    probability = context.sentence_scores[context.sentence_of[start]] if context.sentence_scores else 0.5
    summary: Features = {
        "sentence_length=" + bucket(end - start, (5, 10, 20, 35)): 1.0,
        "sentence_lex_top3": sum(scores[:3]) / 3 if scores else 0.0,
        "sentence_lex_loaded": float(sum(score > 1.0 for score in scores)),
        "sentence_model": probability,
        f"sentence_model={int(probability * 5)}": 1.0,
    }
    for mark in ("!", "?"):
        if mark in words:
            summary["sentence_has=" + mark] = 1.0
    if any(context.in_quotes[start:end]):
        summary["sentence_quotes"] = 1.0
    return summary


def span_features(doc: Doc, context: ArticleContext, start: int, end: int) -> Features:
    """Features of the token span ``doc[start:end]`` for the technique classifier."""
    span = doc[start:end]
    words = [token.lower_ for token in span]
    features: Features = {"bias": 1.0, "length=" + bucket(len(span), (1, 2, 3, 5, 8, 15, 25)): 1.0}
    for token in span:
        features["w=" + token.lower_] = 1.0
        features["lemma=" + token.lemma_.lower()] = 1.0
        if token.ent_type_:
            features["ent=" + token.ent_type_] = 1.0
    for left, right in pairwise(words):
        features["bigram=" + left + "|" + right] = 1.0
    if words:
        features["first=" + words[0]] = 1.0
        features["last=" + words[-1]] = 1.0
    if len(span) <= 4:
        features["pos_seq=" + "|".join(token.pos_ for token in span)] = 1.0
    sentence_start, sentence_end = context.sentences[context.sentence_of[start]] if len(doc) else (0, 0)
    coverage = len(span) / max(1, sentence_end - sentence_start)
    features["sentence_coverage=" + ("low" if coverage < 0.3 else "high" if coverage > 0.7 else "mid")] = 1.0
    for i in range(max(sentence_start, start - 3), start):
        features["left=" + doc[i].lower_] = 1.0
    for i in range(end, min(sentence_end, end + 3)):
        features["right=" + doc[i].lower_] = 1.0
    # The rest of the sentence's content words are left out on purpose: with them TC micro-F1 on dev was
    # 0.548, without them 0.567 (scripts/train_persuasion.py, same C grid); they mostly taught the
    # classifier the topic of the article, not the technique of the span.
    for mark in ("!", "?"):
        if mark in span.text:
            features["has=" + mark] = 1.0
    if any(context.in_quotes[start:end]):
        features["in_quotes"] = 1.0
    if span.text.isupper():
        features["all_caps"] = 1.0
    # Repetition: the same phrase elsewhere in the article, and its content words' counts.
    phrase = span.text.lower().strip()
    if phrase:
        features["phrase_count=" + bucket(context.lowered_text.count(phrase), (1, 2, 3))] = 1.0
    content = [context.content_counts[_content_key(token)] for token in span if _is_content(token)]
    if content:
        features["content_repeats_min=" + bucket(min(content), (1, 2, 4))] = 1.0
        features["content_repeats_max=" + bucket(max(content), (1, 2, 4, 8))] = 1.0
    scores = context.lexicon_scores[start:end]
    if scores:
        features["lex_max"] = max(scores)
        features["lex_mean"] = sum(scores) / len(scores)
    features["log_length"] = math.log1p(len(span))
    features.update(_shape_and_place(doc, context, start, end, phrase))
    return features


def _shape_and_place(doc: Doc, context: ArticleContext, start: int, end: int, phrase: str) -> Features:
    """Where the span sits and what it is made of: the headline, a whole sentence, the first or a later use
    of the phrase (Repetition marks the later ones), its share of capitalised words, the pronouns near it
    ("we", "our" for Flag-Waving, "they" for fear), its parts of speech and syntactic root. Together they
    raised dev TC micro-F1 from 0.577 to 0.591 (C 0.3, training-script features over gold spans)."""
    span = doc[start:end]
    sentence = context.sentence_of[start]
    sentence_start, sentence_end = context.sentences[sentence]
    words = [token for token in span if token.is_alpha]
    features: Features = {
        "in_title": float(sentence == 0),
        "caps_share": sum(token.text[:1].isupper() for token in words) / max(1, len(words)),
        "whole_sentence": float(start - sentence_start <= 1 and sentence_end - end <= 2),
        "root_dep=" + span.root.dep_: 1.0,
        "root_lemma=" + span.root.lemma_.lower(): 1.0,
    }
    first_use = context.lowered_text.find(phrase) if phrase else -1
    features["later_use" if 0 <= first_use < span.start_char - 1 else "first_use"] = 1.0
    for token in doc[max(sentence_start, start - 5): min(sentence_end, end + 5)]:
        if token.pos_ == "PRON":
            features["near_pronoun=" + token.lower_] = 1.0
    for token in span:
        key = "span_pos=" + token.pos_
        features[key] = features.get(key, 0.0) + 1.0 / len(span)
    return features
