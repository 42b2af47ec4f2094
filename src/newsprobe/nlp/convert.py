"""The one boundary between spaCy objects and newsprobe models.

A Doc is made from the article body only, so its character offsets are shifted by the body's start;
``set_article_offset`` records that shift on the Doc and ``article_span`` applies it. Extractors
build every ``Span`` through ``article_span`` and never compute offsets of their own.
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from newsprobe.models import Span

_OFFSET_KEY = "newsprobe_offset"
_TEXT_KEY = "newsprobe_text"


def set_article_offset(doc: Doc, offset: int) -> None:
    doc.user_data[_OFFSET_KEY] = offset


def article_offset(doc: Doc) -> int:
    return int(doc.user_data.get(_OFFSET_KEY, 0))


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins every token on each access (12 ms on a long article)."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def article_span(doc: Doc, start_char: int, end_char: int) -> Span:
    """A model ``Span`` for ``doc.text[start_char:end_char]``, in article coordinates."""
    offset = article_offset(doc)
    return Span(start_char + offset, end_char + offset, doc_text(doc)[start_char:end_char])


def span_of(doc_span: SpacySpan) -> Span:
    return article_span(doc_span.doc, doc_span.start_char, doc_span.end_char)
