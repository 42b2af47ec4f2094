"""The persuasion tagger's token scores at inference, looked up for whole arrays of tokens at once.

``technique_features.token_features`` defines the tagger's features as named strings ("w-1=the", "pos=NOUN"),
which training needs. Building those names and looking each up in the 178,000 weights for every token cost
about 9 µs a token (0.70-0.81 s of CPU on the 84 parsed polnear-dev articles), the largest cost of the
analysis after spaCy itself. Here the weights are compiled once, when the model loads, into one sorted table
per feature template, keyed by spaCy's own string ids (``get_string_id``, what ``Doc.to_array`` returns for a
token's text, lemma, tags and labels); a Doc's columns are then looked up with ``np.searchsorted``. Only
values that are not columns of the Doc (a lower-cased lemma, a suffix, a shape) are made as strings, once per
distinct value in the article. The score of every token is the same sum as ``token_features``' weighted
features (tests/test_techniques.py checks it on a hand-made Doc), in another order, so it may differ in its
last bits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_ALPHA, IS_PUNCT, LEMMA, LOWER, ORTH, POS, TAG
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.strings import get_string_id
from spacy.tokens import Doc

from newsprobe.extract.technique_features import (
    WINDOW,
    ArticleContext,
    bucket,
    sentence_summary,
    shape_of,
)

# Templates whose value is one token's string, and those whose value is two joined by "|".
_SINGLE = ("w", "w-1", "w+1", "w-2", "w+2", "lemma", "head", "suffix", "pos", "tag", "dep", "ent", "punct", "shape")
_PAIRS = ("w-1|w", "w|w+1", "pos-1|pos", "pos|pos+1", "dep|head_pos")
_COLUMNS = (ORTH, LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, IS_PUNCT, IS_ALPHA, HEAD)
_ORTH, _LOWER, _LEMMA, _POS, _TAG, _DEP, _ENT, _PUNCT, _ALPHA, _HEAD = range(len(_COLUMNS))
# An odd 64-bit multiplier that mixes two string ids into one pair key (wrapping, like NumPy's uint64).
_MIX = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1


def _pair_key(left: int, right: int) -> int:
    return (left * _MIX + right) & _MASK


def _pair_keys(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    mixed: np.ndarray = left * np.uint64(_MIX) + right
    return mixed


@dataclass(frozen=True)
class _Table:
    """One template's weights: sorted string ids (or pair keys) and their weights."""

    keys: np.ndarray  # uint64, sorted
    values: np.ndarray  # float64

    @classmethod
    def of(cls, weights: Mapping[int, float]) -> _Table:
        keys = np.fromiter(weights, dtype=np.uint64, count=len(weights))
        order = np.argsort(keys)
        values = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))
        return cls(keys[order], values[order])

    def look_up(self, keys: np.ndarray) -> np.ndarray:
        """The weight of each key, 0.0 for keys the model has no weight for."""
        if not len(self.keys):
            return np.zeros(len(keys))
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.where(self.keys[at] == keys, self.values[at], 0.0)


@dataclass(frozen=True)
class TaggerTables:
    """The tagger's weights by template, for ``scores``; the few other features keep their names."""

    tables: Mapping[str, _Table]
    named: Mapping[str, float]

    @classmethod
    def from_weights(cls, weights: Mapping[str, float]) -> TaggerTables:
        by_template: dict[str, dict[int, float]] = {template: {} for template in (*_SINGLE, *_PAIRS)}
        named = {}
        for name, weight in weights.items():
            template, equals, value = name.partition("=")
            if equals and template in _PAIRS:
                # A word may itself hold "|": every split is registered, so each joined name still matches
                # exactly the pairs whose joined form it is (as the string lookup did).
                for cut in (index for index, character in enumerate(value) if character == "|"):
                    key = _pair_key(get_string_id(value[:cut]), get_string_id(value[cut + 1:]))
                    by_template[template][key] = weight
            elif equals and template in _SINGLE:
                by_template[template][get_string_id(value)] = weight
            else:
                named[name] = weight
        return cls({template: _Table.of(found) for template, found in by_template.items()}, named)

    def scores(self, doc: Doc, context: ArticleContext) -> list[float]:
        """The tagger's linear score of every token of ``doc``: its features' weights, summed."""
        size = len(doc)
        if not size:
            return []
        named, tables = self.named.get, self.tables
        strings = doc.vocab.strings
        columns = doc.to_array(list(_COLUMNS))
        positions = np.arange(size)
        heads = positions + columns[:, _HEAD].astype(np.int64)
        sentence_of = np.asarray(context.sentence_of)
        bounds = np.asarray(context.sentences, dtype=np.int64).reshape(-1, 2)
        starts, ends = bounds[sentence_of, 0], bounds[sentence_of, 1]
        lowers = columns[:, _LOWER]
        lower_words, lower_of = _distinct(lowers)
        lower_texts = [strings[key] for key in lower_words.tolist()]
        lemma_ids, lemma_of = _distinct(columns[:, _LEMMA])
        lemma_texts = [strings[key].lower() for key in lemma_ids.tolist()]
        lemmas = np.array([get_string_id(text) for text in lemma_texts], dtype=np.uint64)[lemma_of]
        orth_ids, orth_of = _distinct(columns[:, _ORTH])
        orth_texts = [strings[key] for key in orth_ids.tolist()]
        pos, punct = columns[:, _POS], columns[:, _PUNCT].astype(bool)

        def shifted(values: np.ndarray, offset: int, edge: str) -> np.ndarray:
            """``values`` of the token ``offset`` away, or the id of ``edge`` beyond its sentence."""
            at = positions + offset
            inside = (at >= starts) & (at < ends)
            return np.where(inside, values[np.clip(at, 0, size - 1)], np.uint64(get_string_id(edge)))

        previous, following = shifted(lowers, -1, "<s>"), shifted(lowers, 1, "</s>")
        suffixes = np.array([get_string_id(text[-3:]) for text in lower_texts], dtype=np.uint64)[lower_of]
        shapes = np.array([get_string_id(shape_of(text)) for text in orth_texts], dtype=np.uint64)[orth_of]
        total = (tables["w"].look_up(lowers) + tables["lemma"].look_up(lemmas) + tables["pos"].look_up(pos)
                 + tables["tag"].look_up(columns[:, _TAG]) + tables["shape"].look_up(shapes)
                 + tables["suffix"].look_up(suffixes) + tables["dep"].look_up(columns[:, _DEP])
                 + tables["head"].look_up(lemmas[heads])
                 + tables["dep|head_pos"].look_up(_pair_keys(columns[:, _DEP], pos[heads]))
                 + tables["w-1"].look_up(previous) + tables["w+1"].look_up(following)
                 + tables["w-2"].look_up(shifted(lowers, -2, "<pad>"))
                 + tables["w+2"].look_up(shifted(lowers, 2, "<pad>"))
                 + tables["w-1|w"].look_up(_pair_keys(previous, lowers))
                 + tables["w|w+1"].look_up(_pair_keys(lowers, following))
                 + tables["pos-1|pos"].look_up(_pair_keys(shifted(pos, -1, "<s>"), pos))
                 + tables["pos|pos+1"].look_up(_pair_keys(pos, shifted(pos, 1, "</s>"))))
        entity = columns[:, _ENT] != 0
        total += np.where(entity, tables["ent"].look_up(columns[:, _ENT]), 0.0)
        total += np.where(punct, tables["punct"].look_up(lowers), 0.0)
        total += self._repeats(context, orth_texts, orth_of, lemma_texts, lemma_of, lower_texts, lower_of)
        total += self._lexicon_window(context, positions, starts, ends)
        total += named("in_quotes", 0.0) * np.asarray(context.in_quotes, dtype=np.float64)
        place = (positions - starts) / np.maximum(1, ends - starts - 1)
        total += np.where(place < 0.2, named("sentence_position=start", 0.0),
                          np.where(place > 0.8, named("sentence_position=end", 0.0),
                                   named("sentence_position=middle", 0.0)))
        token_lowers = [lower_texts[index] for index in lower_of.tolist()]
        per_sentence = np.array([sum(named(name, 0.0) * value for name, value in summary.items()) for summary in
                                 (sentence_summary(token_lowers, context, start, end)
                                  for start, end in context.sentences)])
        total += per_sentence[sentence_of] + named("bias", 0.0)
        return list(total.tolist())

    def _repeats(self, context: ArticleContext, orth_texts: Sequence[str], orth_of: np.ndarray,
                 lemma_texts: Sequence[str], lemma_of: np.ndarray, lower_texts: Sequence[str],
                 lower_of: np.ndarray) -> np.ndarray:
        """How often a content word's lemma occurs in the article (``repeats=``), for content words only."""
        content = np.array([text.isalpha() and len(text) > 2 and text.lower() not in STOP_WORDS
                            for text in orth_texts], dtype=bool)[orth_of]
        counts = context.content_counts

        def weight(key: str) -> float:
            return self.named.get("repeats=" + bucket(counts[key], (1, 2, 4)), 0.0)

        by_lemma = np.array([weight(text) if text else 0.0 for text in lemma_texts])[lemma_of]
        # A token without a lemma is counted under its lower-cased form (technique_features._content_key).
        no_lemma = np.array([not text for text in lemma_texts], dtype=bool)[lemma_of]
        if no_lemma.any():
            by_lower = np.array([weight(text) for text in lower_texts])[lower_of]
            by_lemma = np.where(no_lemma, by_lower, by_lemma)
        return np.where(content, by_lemma, 0.0)

    def _lexicon_window(self, context: ArticleContext, positions: np.ndarray, starts: np.ndarray,
                        ends: np.ndarray) -> np.ndarray:
        """The lexicon's score of each token and the highest and lowest within two tokens in its sentence."""
        scores = np.asarray(context.lexicon_scores, dtype=np.float64)
        highest, lowest = scores.copy(), scores.copy()
        for offset in range(-WINDOW, WINDOW + 1):
            at = positions + offset
            inside = (at >= starts) & (at < ends)
            other = scores[np.clip(at, 0, len(scores) - 1)]
            highest = np.where(inside, np.maximum(highest, other), highest)
            lowest = np.where(inside, np.minimum(lowest, other), lowest)
        named = self.named.get
        return named("lex", 0.0) * scores + named("lex_window_max", 0.0) * highest + \
            named("lex_window_min", 0.0) * lowest


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values and, for each position, the index of its value among them."""
    unique, inverse = np.unique(values, return_inverse=True)
    return unique, inverse.reshape(-1)
