"""Hand-listed labels for an adversary ("occupier", "occupation forces", "lackeys") found by lemma.

The learned word lexicon of the technique model can only know the loaded words of its training corpus;
this list (resources/persuasion/adversary_labels.tsv, with its reasons at the top) covers the vocabulary
of occupation, colonial and proxy-war propaganda that the corpus lacks. Each phrase carries its technique.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files

from spacy.tokens import Doc

LIST_FILE = "adversary_labels.tsv"

Phrases = Mapping[tuple[str, ...], str]  # lemmas -> technique


def parse_phrases(text: str) -> dict[tuple[str, ...], str]:
    """``technique <TAB> phrase`` lines (``#`` comments and blank lines skipped) as lemma tuples -> technique."""
    phrases = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        technique, _, phrase = line.partition("\t")
        if not technique or not phrase.strip():
            raise ValueError(f"{LIST_FILE} line {number}: expected a technique, a tab and a phrase: {line!r}")
        phrases[tuple(phrase.lower().split())] = technique
    return phrases


@lru_cache(maxsize=1)
def load_phrases() -> dict[tuple[str, ...], str]:
    resource = files("newsprobe").joinpath("resources", "persuasion", LIST_FILE)
    return parse_phrases(resource.read_text(encoding="utf-8"))


def find_labels(doc: Doc, phrases: Phrases | None = None) -> list[tuple[int, int, str]]:
    """Listed phrases in ``doc`` as ``(start token, end token, technique)``, longest match first at each token.

    A token matches a listed word by its lemma or its lower-cased form, so "occupiers" and "Occupation
    Forces" are found; proper nouns are skipped (a band or a film called "The Occupiers" is a name).
    """
    phrases = load_phrases() if phrases is None else phrases
    longest = max((len(phrase) for phrase in phrases), default=0)
    first_words = {phrase[0] for phrase in phrases}
    # Each token's forms once: most tokens start no listed phrase, and this test is all they cost. The same
    # three forms as `_keys` (lemma, written, written without a plural "s"), tested without building them
    # as phrases: 0.16 -> 0.04 s of CPU on the 84 parsed polnear-dev articles.
    starts = [_may_start(token.lemma_.lower(), token.lower_, first_words) for token in doc]
    found = []
    index = 0
    while index < len(doc):
        if not starts[index]:
            index += 1
            continue
        match = None
        for length in range(min(longest, len(doc) - index), 0, -1):
            tokens = doc[index:index + length]
            if any(token.pos_ == "PROPN" for token in tokens):
                continue
            forms = [(token.lemma_.lower(), token.lower_) for token in tokens]
            for key in _keys(forms):
                if key in phrases:
                    match = (index, index + length, phrases[key])
                    break
            if match:
                break
        if match:
            found.append(match)
            index = match[1]
        else:
            index += 1
    return found


def _may_start(lemma: str, lower: str, first_words: set[str]) -> bool:
    return lemma in first_words or lower in first_words or \
        (lower.endswith("s") and len(lower) > 3 and lower[:-1] in first_words)


def _keys(forms: list[tuple[str, str]]) -> list[tuple[str, ...]]:
    """The phrase as lemmas, as written, and as written without a plural "s" (spaCy's small model
    sometimes leaves a plural unlemmatised, or lemmatises a capitalised one as a name)."""
    written = tuple(lower for _, lower in forms)
    singular = tuple(lower[:-1] if lower.endswith("s") and len(lower) > 3 else lower for lower in written)
    return [tuple(lemma for lemma, _ in forms), written, singular]
