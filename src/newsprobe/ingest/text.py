"""Plain text -> Article: headline, dateline and trailing web boilerplate found by rules.

Offsets are kept: the headline, dateline and boilerplate stay in ``Article.text`` and only the
analysed ``body`` span leaves them out, so every result can point back into the original text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from newsprobe.models import Article, Notice, Span

# A dateline opens the body: "TEHRAN —", "WASHINGTON (Reuters) -", "BAGHDAD, Iraq –". Place names are
# upper case (AP/Reuters style); a dash, not a colon, ends them.
_DATELINE = re.compile(
    r"""(?P<place>[A-Z][A-Z.'’\- ]{1,40}?[A-Z.])        # upper-case place name
        (?:,\ [A-Z][A-Za-z.]+(?:\ [A-Z][A-Za-z.]+)?)?     # optional ", Iraq" / ", N.Y."
        (?:\ \((?P<agency>[^()\n]{2,30})\))?               # optional "(Reuters)"
        \s*[—–-]{1,2}\s+""",
    re.VERBOSE,
)

# Lines that web pages append after the article. Matched on whole trailing lines only, so the same
# words inside the article body are never removed.
_BOILERPLATE_LINE = re.compile(
    r"""^\s*(?:
        leave\ a\ (?:comment|reply) | comments?(?:\ \(\d+\))? | \d+\ comments? | post\ a\ comment
      | share(?:\ this(?:\ article|\ story)?)?(?:\ on\ \w+)? | share\ via\ \w+ | tweet | print | email
      | related(?:\ (?:articles|stories|posts|news|content))? | read\ (?:more|also|next)(?::.*)?
      | (?:you\ may\ )?also\ read(?::.*)? | more\ from\ .{1,40} | recommended(?:\ for\ you)?
      | subscribe(?:\ to\ .{1,40})? | sign\ up(?:\ for\ .{1,60})? | follow\ us(?:\ on\ .{1,40})?
      | (?:copyright\ )?©.{0,80} | copyright\ \d{4}.{0,80} | all\ rights\ reserved\.?
      | tags?:.{0,200} | advertisement | skip\ to\ (?:main\ )?content | back\ to\ top
      | (?:facebook|twitter|whatsapp|linkedin|telegram|reddit|x)(?:\s*[|/,·]\s*\w+)*
    )\s*[.!:]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

_MAX_HEADLINE_WORDS = 25


@dataclass(frozen=True)
class TextLayout:
    """Where the parts of a plain-text article lie."""

    title_span: Span | None
    dateline_span: Span | None
    dateline: str | None
    body: Span
    boilerplate: tuple[Span, ...]


def content_id(text: str) -> str:
    """A stable id for an article with no id or URL of its own: a hash of its text."""
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def layout_text(text: str, *, find_headline: bool = True, strip_boilerplate: bool = True) -> TextLayout:
    start, end = _strip_bounds(text, 0, len(text))
    boilerplate: list[Span] = []
    if strip_boilerplate:
        end, boilerplate = _trailing_boilerplate(text, start, end)
    title_span = None
    if find_headline:
        title_span = _headline(text, start, end)
        if title_span is not None:
            start, end = _strip_bounds(text, title_span.end, end)
    dateline_span, dateline = _dateline(text, start)
    if dateline_span is not None:
        start = dateline_span.end
    return TextLayout(
        title_span=title_span,
        dateline_span=dateline_span,
        dateline=dateline,
        body=Span(start, end, text[start:end]),
        boilerplate=tuple(boilerplate),
    )


def article_from_text(
    text: str,
    *,
    source: str | None = None,
    article_id: str | None = None,
    notices: tuple[Notice, ...] = (),
    strip_boilerplate: bool = True,
) -> Article:
    layout = layout_text(text, strip_boilerplate=strip_boilerplate)
    return Article(
        id=article_id or content_id(text),
        text=text,
        body=layout.body,
        title=layout.title_span.text if layout.title_span else None,
        dateline=layout.dateline,
        source=source,
        title_span=layout.title_span,
        dateline_span=layout.dateline_span,
        boilerplate=layout.boilerplate,
        notices=notices,
    )


def _strip_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trailing_boilerplate(text: str, start: int, end: int) -> tuple[int, list[Span]]:
    found: list[Span] = []
    while end > start:
        line_start = text.rfind("\n", start, end) + 1
        line_start = max(line_start, start)
        if line_start == start or not _BOILERPLATE_LINE.match(text[line_start:end]):
            break  # never strip the first line: a one-line input is the article itself
        found.insert(0, Span(line_start, end, text[line_start:end]))
        _, end = _strip_bounds(text, start, line_start)
    return end, found


def _headline(text: str, start: int, end: int) -> Span | None:
    newline = text.find("\n", start, end)
    if newline == -1:
        return None  # a single paragraph has no separate headline
    line = text[start:newline].rstrip()
    words = line.split()
    rest = text[newline:end].strip()
    if not words or not rest or len(words) > _MAX_HEADLINE_WORDS:
        return None
    # A headline does not end like a sentence; questions and exclamations are allowed.
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return None
    if _DATELINE.match(line):
        return None
    return Span(start, start + len(line), line)


def _dateline(text: str, start: int) -> tuple[Span | None, str | None]:
    match = _DATELINE.match(text, start)
    if match is None:
        return None, None
    place = match.group("place").strip()
    if sum(character.isalpha() for character in place) < 2:
        return None, None
    return Span(match.start(), match.end(), match.group(0)), place
