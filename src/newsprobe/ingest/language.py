"""Which language an article is in: py3langid on the text, page metadata as the fallback.

The analysers are English-only for now, so an article in another language is accepted but marked:
``Article.language`` says what it is and a W-notice says what that means for the results.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

from newsprobe.errors import Warnings
from newsprobe.models import Article

# langid's normalised probability is over-confident on long texts and unreliable on short ones: below
# this many letters (about two sentences) or this probability the page metadata (<html lang>) is kept.
_MIN_LETTERS = 120
_MIN_PROBABILITY = 0.90
# Classifying the first 5,000 characters costs under 2 ms and is as accurate as the whole article.
_SAMPLE_CHARS = 5000
ANALYSED_LANGUAGES = frozenset({"en"})


@cache
def _identifier() -> Any:
    # Loaded on first use (about a second): reading plain files should not pay for it up front.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float] | None:
    """ISO 639-1 code and probability, or None when the text is too short to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(character.isalpha() for character in sample) < _MIN_LETTERS:
        return None
    language, probability = _identifier().classify(sample)
    return str(language), float(probability)


def with_language(article: Article) -> Article:
    """Set ``language`` from the text when it can be told; add W004 when it is not English."""
    detected = detect_language(article.body.text)
    language = article.language
    if detected is not None and detected[1] >= _MIN_PROBABILITY:
        language = detected[0]
    elif language:
        language = language.split("-")[0].split("_")[0].lower()  # "en-GB" from <html lang> -> "en"
    if language == article.language and (language is None or language in ANALYSED_LANGUAGES):
        return article
    notices = article.notices
    if language is not None and language not in ANALYSED_LANGUAGES:
        notices = (*notices, Warnings.W004.notice(language=language))
    return dataclasses.replace(article, language=language, notices=notices)
