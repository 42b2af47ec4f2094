"""The per-article summary, computed from hand-built analyses."""

from __future__ import annotations

from newsprobe.models import (
    Analysis,
    Article,
    Attribution,
    Claim,
    Finding,
    Run,
    SourceShare,
    Span,
    Speaker,
    Technique,
    TechniqueCount,
)
from newsprobe.summary import summarize

RUN = Run("test", "en_test", "0")
TEXT = "HEADLINE\nAaaa bbbb said cccc dddd. Eeee ffff. Gggg hhhh told iiii."
BODY = Span(9, len(TEXT), TEXT[9:])


def _span(part: str) -> Span:
    start = TEXT.index(part)
    return Span(start, start + len(part), part)


def _attribution(content: str, speaker_type: str) -> Attribution:
    return Attribution("indirect", _span(content), None, Speaker("X", speaker_type))


def test_shares_count_non_space_body_characters_once_per_source_type() -> None:
    article = Article("t", TEXT, BODY)
    analysis = Analysis(
        article, RUN,
        attributions=(_attribution("cccc dddd", "named_person"), _attribution("cccc", "named_person"),
                      _attribution("iiii", "unnamed_group")),
    )
    summary = summarize(analysis)
    body_letters = sum(1 for c in BODY.text if not c.isspace())  # 44
    assert summary.quoted_share == round(12 / body_letters, 4)
    assert summary.quoted_share_by_source == (
        SourceShare("named_person", round(8 / body_letters, 4), 2),
        SourceShare("unnamed_group", round(4 / body_letters, 4), 1),
    )


def test_counts_claims_unsourced_claims_questions_and_techniques() -> None:
    evidence = (_span("Eeee ffff."),)
    analysis = Analysis(
        Article("t", TEXT, BODY), RUN,
        claims=(Claim(evidence[0].start, evidence[0].end, evidence[0].text, 0.8, False),
                Claim(BODY.start, BODY.start + 4, "Aaaa", 0.7, True)),
        techniques=(Technique(9, 13, "Aaaa", "Loaded_Language", 0.9), Technique(20, 24, "cccc", "Doubt", 0.6),
                    Technique(25, 29, "dddd", "Loaded_Language", 0.7)),
        findings=(Finding("unattributed_claim", "m", "warning", evidence),
                  Finding("rhetorical_question", "m", "info", evidence),
                  Finding("boilerplate", "m", "info", evidence)),
    )
    summary = summarize(analysis)
    assert (summary.claims, summary.unsourced_claims, summary.rhetorical_questions) == (2, 1, 1)
    assert summary.techniques == (TechniqueCount("Loaded_Language", 2), TechniqueCount("Doubt", 1))
    assert summary.quoted_share == 0.0 and summary.quoted_share_by_source == ()


def test_summary_survives_the_json_round_trip() -> None:
    analysis = Analysis(Article("t", TEXT, BODY), RUN, attributions=(_attribution("iiii", "unnamed_group"),))
    analysis = Analysis(analysis.article, RUN, attributions=analysis.attributions, summary=summarize(analysis))
    assert Analysis.from_dict(analysis.to_dict()) == analysis
    assert analysis.to_dict()["summary"]["quoted_share_by_source"][0]["source_type"] == "unnamed_group"
