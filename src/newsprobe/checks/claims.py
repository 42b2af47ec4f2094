"""Findings about what the article asserts in its own voice: unsourced claims and rhetorical questions.

An *unattributed claim* is a check-worthy sentence (``Analysis.claims``) that no attribution covers,
that is not inside quotation marks (someone's words even when the speaker was not found), and that is
not the author's clearly marked opinion. Marked opinion is decided on the sentence's words, on
purpose narrowly, so a sweeping statement of fact is never excused as "opinion" for sounding confident:

- a first-person stance: ``I think``, ``we believe``, ``in my view``, ``in our opinion``, ``it seems to me``;
- a prescription: ``should``, ``ought to``, ``must`` (what someone ought to do is not a checkable fact);
- an evaluation: a form of *be* / *seem* followed by an evaluative adjective (``is shameful``,
  ``was a disgrace``), from a short list below.

A *rhetorical question* is a question the article asks in its own voice: a sentence of the body that
ends in ``?`` outside quotation marks and outside every attribution. In news copy such questions
suggest an answer instead of stating and sourcing it; interview prompts (``Q:``) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from newsprobe.extract.claims import anchored_in, is_source, paragraph_bounds
from newsprobe.models import Analysis, Article, Attribution, Claim, Finding, Span

METHOD_UNATTRIBUTED = "newsprobe.checks.unattributed_claim.v1"
METHOD_RHETORICAL = "newsprobe.checks.rhetorical_question.v2"  # v2: attributions count from their paragraph

_FIRST_PERSON_STANCE = re.compile(
    r"\b(?:I|we)(?:\s+(?:really|honestly|strongly|still|do|don't|do not))?\s+"
    r"(?:think|believe|feel|suspect|guess|reckon|doubt|hope|fear|suppose|would\s+argue|argue|contend)\b"
    r"|\b(?:I'm|I\s+am|we're|we\s+are)\s+(?:sure|convinced|certain|confident|afraid)\b"
    r"|\bin\s+(?:my|our)\s+(?:view|opinion|judge?ment|estimation|experience)\b"
    r"|\b(?:to\s+my\s+mind|it\s+seems\s+to\s+(?:me|us)|personally|if\s+you\s+ask\s+me)\b",
    re.IGNORECASE,
)
_PRESCRIPTION = re.compile(r"\b(?:should|shouldn't|ought\s+to|must|mustn't)\b", re.IGNORECASE)
# Adjectives and nouns that judge rather than describe; a copula before them makes the sentence an
# evaluation ("the decision is shameful"). Kept short: a long list would swallow factual sentences.
_EVALUATIVE = (
    "absurd|admirable|appalling|awful|bad|brilliant|commendable|deplorable|despicable|disastrous|disgraceful|"
    "disgusting|dishonest|excellent|foolish|good|great|hypocritical|immoral|inexcusable|irresponsible|"
    "laughable|outrageous|pathetic|reckless|ridiculous|right|scandalous|shameful|shameless|shocking|stupid|"
    "terrible|unacceptable|unfair|unforgivable|unjust|welcome|wise|wonderful|wrong|"
    "a\\s+(?:disgrace|shame|scandal|travesty|farce|mistake|triumph|joke)"
)
_EVALUATION = re.compile(
    r"\b(?:is|are|was|were|seems?|seemed|looks?|looked|remains?|'s|'re)\s+"
    r"(?:(?:so|very|truly|simply|utterly|deeply|absolutely|quite|rather|totally|clearly|plainly|nothing\s+but)\s+)?"
    rf"(?:{_EVALUATIVE})\b",
    re.IGNORECASE,
)
_OPENING_QUOTES = "“‘«\""
_CLOSING_QUOTES = "”’»\""
_SENTENCE = re.compile(r"[^.!?…\n]+(?:[.!?…]+[”’»\")\]]*|$)")
# What _quoted_ranges reads: the quotation marks it knows and line breaks.
_QUOTE_OR_BREAK = re.compile('[\n"“«”»]')
_INTERVIEW_PROMPT = re.compile(r"^\s*(?:Q|Question)\s*[:.]", re.IGNORECASE)


def opinion_marker(text: str) -> str | None:
    """The words that mark a sentence as the author's opinion, or None when nothing marks it."""
    for pattern in (_FIRST_PERSON_STANCE, _PRESCRIPTION, _EVALUATION):
        match = pattern.search(text)
        if match:
            return match.group(0)
    return None


def unattributed_claim_findings(analysis: Analysis) -> Iterator[Finding]:
    quoted = _quoted_ranges(analysis.article)
    for claim in analysis.claims:
        if claim.attributed or claim.text.rstrip(_CLOSING_QUOTES + " ").endswith("?"):
            continue
        if _mostly_inside(claim.start, claim.end, quoted):
            continue
        if opinion_marker(claim.text) is not None:
            continue
        yield _unattributed(claim)


def _unattributed(claim: Claim) -> Finding:
    marked = ", ".join(dict.fromkeys(f"{mark.text} ({mark.kind})" for mark in claim.marks
                                     if mark.kind != "generalization"))
    sweeping = [mark.text for mark in claim.marks if mark.kind == "generalization"]
    if sweeping:
        # Listed by rule, not by score (extract/claims.py): the score would undersell it.
        message = (f"Sweeping generalisation about {sweeping[0]!r} stated as fact in the article's own voice, "
                   "with no source given for it.")
    else:
        message = (f"Check-worthy statement (score {claim.checkworthiness:.2f}) made in the article's own voice, "
                   "with no source given for it.")
    if marked:
        message += f" To verify: {marked}."
    return Finding(
        type="unattributed_claim",
        message=message,
        severity="warning",
        evidence=(Span(claim.start, claim.end, claim.text),),
        suggestion="Ask who says so, or check the claim against an independent source.",
        method=METHOD_UNATTRIBUTED,
    )


def rhetorical_question_findings(analysis: Analysis) -> Iterator[Finding]:
    article = analysis.article
    quoted = _quoted_ranges(article)
    for question in questions(article):
        if (_overlaps_any(question, analysis.attributions, article.text)
                or _mostly_inside(question.start, question.end, quoted)):
            continue
        yield Finding(
            type="rhetorical_question",
            message=f"The article asks {question.text!r} in its own voice: a question that suggests an answer "
                    "instead of stating one and saying who supports it.",
            severity="info",
            evidence=(question,),
            suggestion="Read it as the author's argument, not as reported fact.",
            method=METHOD_RHETORICAL,
        )


def questions(article: Article) -> Iterator[Span]:
    """Sentences of the body that end in a question mark (closing quotes after it allowed)."""
    body = article.body
    for match in _SENTENCE.finditer(body.text):
        raw = match.group(0)
        stripped = raw.strip()
        if not stripped or not stripped.rstrip(_CLOSING_QUOTES + ")]").endswith("?"):
            continue
        if _INTERVIEW_PROMPT.match(stripped):
            continue
        start = body.start + match.start() + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        yield article.span(start, end)


def _quoted_ranges(article: Article) -> list[tuple[int, int]]:
    """Stretches of the body between quotation marks, paragraph by paragraph (article offsets).

    Curly quotes open and close; a straight double quote toggles. A quote left open at the end of a
    paragraph closes there (news style repeats the opening mark on the next paragraph).
    """
    ranges: list[tuple[int, int]] = []
    text, body = article.text, article.body
    opened: int | None = None
    # (only the marks and line breaks, found by a regex: a loop over every character of the body cost
    # most of the checks' 0.12 s CPU on polnear-dev)
    for mark in _QUOTE_OR_BREAK.finditer(text, body.start, body.end):
        index, character = mark.start(), mark.group()
        if character == "\n":
            if opened is not None:
                ranges.append((opened, index))
            opened = None
        elif character == '"':
            if opened is None:
                opened = index
            else:
                ranges.append((opened, index + 1))
                opened = None
        elif character in "“«":
            opened = index if opened is None else opened
        elif character in "”»" and opened is not None:
            ranges.append((opened, index + 1))
            opened = None
    if opened is not None:
        ranges.append((opened, body.end))
    return ranges


def _mostly_inside(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    inside = sum(max(0, min(end, range_end) - max(start, range_start)) for range_start, range_end in ranges)
    return inside * 2 > end - start


def _overlaps_any(span: Span, attributions: Sequence[Attribution], text: str) -> bool:
    """Whether a source's attribution takes in the question, from the question's own paragraph.

    Content an extractor carried into a later paragraph without its cue or speaker does not make the
    author's own question there someone else's (the same rule as ``sourcing_attributions`` for claims;
    quoted questions are left out before this by the quotation marks).
    """
    paragraph_start, paragraph_end = paragraph_bounds(text, span.start, span.end)
    return any(a.content.start < span.end and span.start < a.content.end
               and anchored_in(a, paragraph_start, paragraph_end)
               for a in attributions if is_source(a))
