"""Claims with their marks and the per-article summary in the terminal and HTML reports."""

from __future__ import annotations

from rich.console import Console

from newsprobe.models import (
    Analysis,
    Article,
    Claim,
    ClaimMark,
    Run,
    SourceShare,
    Span,
    Summary,
    TechniqueCount,
)
from newsprobe.render import render_html, render_terminal

TEXT = "Rents rose 40 percent while the <Housing Board> slept."


def _analysis() -> Analysis:
    article = Article("x", TEXT, Span(0, len(TEXT), TEXT))
    board = TEXT.index("Housing Board")
    claim = Claim(0, len(TEXT), TEXT, 0.91, False, marks=(
        ClaimMark(11, 21, "40 percent", "quantity"), ClaimMark(board, board + 13, "Housing Board", "actor")))
    summary = Summary(quoted_share=0.25, quoted_share_by_source=(SourceShare("named_person", 0.25, 2),),
                      claims=1, unsourced_claims=1, rhetorical_questions=0,
                      techniques=(TechniqueCount("Loaded_Language", 3),))
    return Analysis(article, Run("0", "en_test", "1"), claims=(claim,), summary=summary)


def test_terminal_report_shows_marks_and_summary() -> None:
    console = Console(width=200, record=True)
    console.print(render_terminal(_analysis()))
    out = console.export_text()
    assert "40 percent (quantity); Housing Board (actor)" in out
    assert "Summary" in out
    assert "25%: named_person 25% (2)" in out
    assert "Loaded_Language ×3" in out
    assert "unsourced check-worthy claims" in out


def test_html_report_shows_marks_and_summary_escaped() -> None:
    page = render_html(_analysis())
    assert "<h2>Summary</h2>" in page
    assert "40 percent (quantity); Housing Board (actor)" in page
    assert "Loaded_Language ×3" in page
    assert "<Housing Board>" not in page
