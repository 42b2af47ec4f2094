"""HTML -> Article with trafilatura: main text plus title, author, date, site name and language."""

from __future__ import annotations

import re

import trafilatura
from trafilatura.settings import Document

from newsprobe.errors import Errors, InputError
from newsprobe.ingest.text import content_id, layout_text
from newsprobe.models import Article, Notice

_HTML_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b",
                         re.IGNORECASE | re.DOTALL)


# Fewer words than this is a navigation stub or an error page, not an article.
_MIN_ARTICLE_WORDS = 5


def looks_like_html(head: bytes) -> bool:
    return bool(_HTML_SNIFF.match(head[:2048]))


def article_from_html(
    html: str,
    *,
    source: str | None = None,
    url: str | None = None,
    article_id: str | None = None,
    notices: tuple[Notice, ...] = (),
    strip_boilerplate: bool = True,
) -> Article:
    """Extract the article of one page; raise ``InputError`` (E004) when there is none."""
    # Comments are reader text, not the article; tables often carry the article's numbers, so keep them.
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True
    )
    if not isinstance(document, Document) or len((document.text or "").split()) < _MIN_ARTICLE_WORDS:
        raise InputError(Errors.E004)
    text: str = document.text or ""
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
