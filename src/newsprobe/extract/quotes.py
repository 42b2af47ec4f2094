"""Quotation marks -> quoted stretches of text, paragraph by paragraph. Pure string work, no spaCy.

News text mixes straight (``"``) and curly (``“ ”``) marks, continues a quotation over several
paragraphs by leaving a paragraph open and opening the next one again, and nests quotations inside
quotations. Marks that do not pair up are handled per paragraph: a paragraph that opens a quote and
never closes it (and is not continued) is repaired by closing it at the paragraph end; a stray closing
mark is skipped. Both leave a message for a W006 notice; nothing here ever raises on odd input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENING = "“„«"
_CLOSING = "”»"
_STRAIGHT = '"'
_ALL_MARKS = _OPENING + _CLOSING + _STRAIGHT
# A straight mark opens a quotation after these characters (or at the start of the line).
_BEFORE_OPENING = " \t([{—–-/:"
_PARAGRAPH = re.compile(r"[^\n]+")
# Two apostrophes for one double mark: straight (''), or curly where a word processor "corrected" them
# (’’ closing, ‘’ or ‘‘ opening: "local creators,’’ says the founder").
_DOUBLE_APOSTROPHE = re.compile(r"(?:''|[‘’]{2})(?!['‘’])")


@dataclass(frozen=True)
class Quotation:
    """A top-level quotation: ``[start, end)`` includes the marks, ``inner_*`` excludes them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    repaired: bool = False  # closed by us at the end of a paragraph that never closed it
    # A quotation run on over paragraphs is one Quotation per paragraph: the writer's paragraphs are the
    # speaker's too (the GenderGapTracker lists each as a quote). The parts after the first continue it.
    continues: bool = False


@dataclass(frozen=True)
class QuotationScan:
    quotations: tuple[Quotation, ...]
    problems: tuple[str, ...]  # readable descriptions of unbalanced marks, one per paragraph


def _role(line: str, index: int, depth: int = 1) -> str:
    mark = line[index]
    if mark in _OPENING:
        return "open"
    if mark in _CLOSING:
        # A closing mark where only an opening one can stand: after a space or bracket, before a word,
        # with no quotation open ("the appraisal (”This guy is landing rockets”)": autocorrect turned it).
        before = line[index - 1] if index else " "
        after = line[index + 1:index + 2]
        wrong_way = depth == 0 and before in _BEFORE_OPENING and after.isalnum()
        return "open" if wrong_way else "close"
    before = line[index - 1] if index else " "
    return "open" if before in _BEFORE_OPENING or before in _ALL_MARKS else "close"


def _double_apostrophes_as_marks(text: str) -> str:
    """``''It's anti-reform,'' she said``: two apostrophes standing for a straight double mark.

    The New York Times archive (and PolNeAR, built on it) writes quotations so, and word processors
    curl the pair (``’’``) as if it were two apostrophes. Each pair becomes
    one ``"`` plus a space on the side away from the quotation, so that offsets stay put and
    ``_role`` still reads an opening pair (after a space) as opening.
    """
    if "''" not in text and "’’" not in text and "‘’" not in text and "‘‘" not in text:
        return text
    return _DOUBLE_APOSTROPHE.sub(lambda m: ' "' if m.start() == 0 or text[m.start() - 1] in _BEFORE_OPENING + "\n"
                                  else '" ', text)


def find_quotations(text: str) -> QuotationScan:
    """Every top-level quotation in ``text``, with the paragraphs whose marks did not balance."""
    text = _double_apostrophes_as_marks(text)
    quotations: list[Quotation] = []
    problems: list[str] = []
    paragraphs = [(match.start(), match.group()) for match in _PARAGRAPH.finditer(text)]
    carried: int | None = None  # opening offset of a quotation continued from the previous paragraph
    for number, (offset, line) in enumerate(paragraphs, start=1):
        depth = 0
        opened: int | None = None
        continuing = False
        if carried is not None:
            stripped = len(line) - len(line.lstrip())
            if line[stripped:stripped + 1] in _OPENING + _STRAIGHT and stripped < len(line):
                # The conventional continuation: the new paragraph opens the same quotation again.
                depth, opened, continuing = 1, offset + stripped, True
                line_start = stripped + 1
            else:
                line_start = 0
            carried = None
        else:
            line_start = 0
        for index in range(line_start, len(line)):
            if line[index] not in _ALL_MARKS:
                continue
            role = _role(line, index, depth)
            if role == "open" and line[index] == _STRAIGHT and depth == 1:
                # A straight mark inside an open straight quotation closes it (they cannot nest visibly).
                role = "close"
            if role == "open":
                if depth == 0:
                    opened = offset + index
                depth += 1
            elif depth == 0:
                problems.append(f"paragraph {number}: a closing quotation mark with no opening one was skipped")
            else:
                depth -= 1
                if depth == 0 and opened is not None:
                    quotations.append(Quotation(opened, offset + index + 1, opened + 1, offset + index,
                                                continues=continuing))
                    opened, continuing = None, False
        if depth > 0 and opened is not None:
            following = paragraphs[number][1].lstrip() if number < len(paragraphs) else ""
            if following[:1] in _OPENING + _STRAIGHT and following[:1]:
                carried = opened
                end = offset + len(line.rstrip())
                quotations.append(Quotation(opened, end, opened + 1, end, continues=continuing))
            else:
                end = offset + len(line.rstrip())
                problems.append(f"paragraph {number}: a quotation opened and never closed was closed at the "
                                "paragraph end")
                quotations.append(Quotation(opened, end, opened + 1, end, repaired=True))
    return QuotationScan(tuple(quotations), tuple(problems))
