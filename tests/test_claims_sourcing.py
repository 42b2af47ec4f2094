"""Whose claim a sentence is after attributed paragraphs: the author's, unless it continues the source.

Invented articles of the general pattern: a source's quoted or reported paragraph, then a sweeping
statement of fact in the article's own voice. Attributions are built by hand where the test is about
coverage (so it holds whatever the extractor does: an extractor may carry a source's content on into
the next paragraph) and taken from the real analysis where the test is about the whole result.
"""

from __future__ import annotations

from importlib.resources import files

import pytest

from newsprobe import Analyzer
from newsprobe.extract.claims import find_claims
from newsprobe.models import Attribution, Span, Speaker

pytestmark = pytest.mark.model

QUOTED_THEN_SWEEPING = (
    "Dockers at Halvik walked out on Monday after pay talks broke down.\n"
    "“We will not accept an offer that leaves our members poorer,” said Maria Lopez, who chairs the union. "
    "“Our members have waited three years.”\n"
    "Every port in the country loses money on each ship it unloads, and the state has paid 40 million "
    "dollars since 2019 to keep them open.\n"
)
SWEEPING = ("Every port in the country loses money on each ship it unloads, and the state has paid 40 million "
            "dollars since 2019 to keep them open.")


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


def _carried(text: str, first: str, last: str, cue: str, speaker: str) -> Attribution:
    """An attribution whose content runs from ``first`` to the end of ``last``, cued in an earlier sentence."""
    start, end = text.index(first), text.index(last) + len(last)
    return Attribution("direct", Span(start, end, text[start:end]), _span(text, cue),
                       Speaker(speaker, "named_person", mention=_span(text, speaker)))


def _attributed(analyzer: Analyzer, text: str, attributions: list[Attribution]) -> dict[str, bool]:
    return {claim.text: claim.attributed for claim in find_claims(analyzer.nlp(text), attributions)}


def test_an_authors_claim_after_a_quoted_paragraph_stays_unsourced(analyzer: Analyzer) -> None:
    # The content carried past the quotation into the author's paragraph: its cue and speaker stay behind.
    carried = _carried(QUOTED_THEN_SWEEPING, "Our members", SWEEPING, "said", "Maria Lopez")
    attributed = _attributed(analyzer, QUOTED_THEN_SWEEPING, [carried])
    assert attributed[SWEEPING] is False


def test_a_bare_follow_on_sentence_in_the_sources_paragraph_is_still_the_sources(analyzer: Analyzer) -> None:
    text = ("Maria Lopez, who chairs the union, said the offer was an insult to 4,000 dockers. "
            "The employers cut night pay by 12 percent in 2021 and never restored it.\n")
    follow_on = "The employers cut night pay by 12 percent in 2021 and never restored it."
    carried = _carried(text, "the offer was", follow_on, "said", "Maria Lopez")
    assert _attributed(analyzer, text, [carried])[follow_on] is True
    assert _attributed(analyzer, text, [])[follow_on] is False  # without the attribution it is unsourced


@pytest.mark.parametrize(("second_paragraph", "why"), [
    ("“The company made 300 million euros last year and paid its directors a bonus.”",
     "a quotation carried over paragraphs"),
    ("She has led the union since 2015, when it lost 900 members in a single year.",
     "its subject points back to the speaker"),
])
def test_a_continuation_in_the_next_paragraph_is_still_the_sources(
    analyzer: Analyzer, second_paragraph: str, why: str,
) -> None:
    text = f"“We were promised a share of the profits,” said Maria Lopez, the union's chair.\n{second_paragraph}\n"
    carried = _carried(text, "We were promised", second_paragraph, "said", "Maria Lopez")
    attributed = _attributed(analyzer, text, [carried])
    assert attributed.get(second_paragraph) is True, why


def test_the_whole_analysis_reports_the_sweeping_claim_and_not_the_quotation(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(QUOTED_THEN_SWEEPING)
    unsourced = [f.evidence[0].text for f in analysis.findings if f.type == "unattributed_claim"]
    assert SWEEPING in unsourced
    assert not any("Our members" in text or "poorer" in text for text in unsourced)


def test_no_new_false_finding_on_the_built_in_example(analyzer: Analyzer) -> None:
    text = files("newsprobe").joinpath("examples", "harbour-strike.txt").read_text(encoding="utf-8")
    analysis = analyzer.analyze(text)
    found = sorted((f.type, f.evidence[0].text[:40]) for f in analysis.findings
                   if f.type in {"unattributed_claim", "rhetorical_question"})
    # The author's two unsourced statements and the closing question; every quoted or reported
    # paragraph before them stays its source's.
    assert found == [
        ("rhetorical_question", "Will the commissioner open his door befo"),
        ("unattributed_claim", "As the month of March 2023 closed on Fri"),
        ("unattributed_claim", "Everyone in this city knows the strike w"),
    ]
