"""HTML -> Article with trafilatura: main text plus title, author, date, site name and language."""

from __future__ import annotations

import re
import unicodedata

import trafilatura
from trafilatura.settings import Document

from newsprobe.errors import Errors, InputError
from newsprobe.ingest.text import content_id, layout_text
from newsprobe.models import Article, Notice

_HTML_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b",
                         re.IGNORECASE | re.DOTALL)


# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">, in the head.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# Fewer words than this is a navigation stub or an error page, not an article; scripts written without
# spaces (Japanese, Chinese, Thai) count letters instead (an NHK page of the benchmark is one "word").
_MIN_ARTICLE_WORDS = 5
_MIN_ARTICLE_LETTERS = 40

FOCUSES = ("balanced", "precision", "recall")


def looks_like_html(head: bytes) -> bool:
    return bool(_HTML_SNIFF.match(head[:2048]))


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in its first 4 KB (where the HTML standard says to look)."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def extract_document(html: str | bytes, *, url: str | None = None, focus: str = "balanced") -> Document | None:
    """trafilatura with the options newsprobe chose; ``focus`` trades precision against recall.

    Measured with ``newsprobe eval extraction`` on the 990 pages of trafilatura's own benchmark (see
    docs/ingestion.md): the options below match the ones trafilatura's evaluation calls "trafilatura"
    (fallbacks on: readability-lxml and jusText are tried when trafilatura's own pass finds little).
    Comments are reader text, not the article; tables often carry the article's numbers, so keep them.
    Formatting and links would put markup into the text that every offset points into, so they stay off.
    """
    if focus not in FOCUSES:
        raise ValueError(f"focus must be one of {', '.join(FOCUSES)}, not {focus!r}")
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        include_formatting=False, fast=False,
        favor_precision=focus == "precision", favor_recall=focus == "recall",
    )
    return document if isinstance(document, Document) else None


def article_from_html(
    html: str,
    *,
    source: str | None = None,
    url: str | None = None,
    article_id: str | None = None,
    notices: tuple[Notice, ...] = (),
    strip_boilerplate: bool = True,
    focus: str = "balanced",
) -> Article:
    """Extract the article of one page; raise ``InputError`` (E004) when there is none."""
    document = extract_document(html, url=url, focus=focus)
    if document is None or _is_stub(document.text or ""):
        raise InputError(Errors.E004)
    # NFC, as trafilatura's own extract() returns it: the same letter must be the same code points,
    # or a search for "Jané" misses a decomposed "Jane\u0301" (2 pages of its benchmark differ by this alone).
    text: str = unicodedata.normalize("NFC", document.text or "")
    # trafilatura sometimes keeps the <h1> as the first line: mark it as the headline only when it
    # repeats the page title, so that a first paragraph is never mistaken for one.
    first_line = text.split("\n", 1)[0].strip()
    title = document.title or ""
    repeats_title = bool(title and first_line) and (first_line in title or title in first_line)
    layout = layout_text(text, find_headline=repeats_title, strip_boilerplate=strip_boilerplate)
    authors = tuple(name.strip() for name in (document.author or "").split(";") if name.strip())
    page_url = url or document.url
    return Article(
        id=article_id or page_url or content_id(text),
        text=text,
        body=layout.body,
        title=document.title or None,
        url=page_url,
        outlet=document.sitename or None,
        authors=authors,
        published=document.date or None,
        dateline=layout.dateline,
        language=document.language or None,
        source=source,
        title_span=layout.title_span,
        dateline_span=layout.dateline_span,
        boilerplate=layout.boilerplate,
        notices=notices,
    )


def _is_stub(text: str) -> bool:
    letters = sum(character.isalnum() for character in text)
    return len(text.split()) < _MIN_ARTICLE_WORDS and letters < _MIN_ARTICLE_LETTERS
