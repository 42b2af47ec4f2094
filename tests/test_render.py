import json

from newsprobe.models import SCHEMA_VERSION, Analysis, Article, Attribution, Entity, Finding, Run, Span, Speaker
from newsprobe.render import render_html, render_json, render_terminal

TEXT = "Odd <b>headline</b>\nThe <script>alert(1)</script> mayor said “no & never”.\nShare this"


def _analysis() -> Analysis:
    body_start = TEXT.index("The")
    body_end = TEXT.index("\nShare")
    article = Article(id="x", text=TEXT, body=Span(body_start, body_end, TEXT[body_start:body_end]),
                      title="Odd <b>headline</b>", title_span=Span(0, 19, TEXT[:19]),
                      boilerplate=(Span(body_end + 1, len(TEXT), "Share this"),))
    quote_start = TEXT.index("no &")
    quote = Span(quote_start, quote_start + 10, TEXT[quote_start:quote_start + 10])
    mayor = TEXT.index("mayor")
    return Analysis(
        article=article, run=Run("0", "en_test", "1"),
        entities=(Entity(mayor, mayor + 5, "mayor", "PERSON"),),
        attributions=(Attribution("direct", quote, None, Speaker("the mayor", "unnamed_person",
                                                                 mention=Span(mayor, mayor + 5, "mayor"))),),
        findings=(Finding("boilerplate", "left out", "info", (article.boilerplate[0],)),),
    )


def test_html_escapes_all_article_text() -> None:
    page = render_html(_analysis())
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>headline</b>" not in page
    assert "no &amp; never" in page


def test_html_marks_spans_and_keeps_all_text() -> None:
    page = render_html(_analysis())
    assert 'class="quote"' in page
    assert "boilerplate" in page
    assert page.startswith("<!DOCTYPE html>")


def test_json_is_valid_and_versioned() -> None:
    data = json.loads(render_json(_analysis()))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["attributions"][0]["content"]["text"] == "no & never"


def test_terminal_report_shows_quotes_and_findings() -> None:
    from rich.console import Console

    console = Console(record=True, width=140)
    console.print(render_terminal(_analysis()))
    shown = console.export_text()
    assert "the mayor" in shown
    assert "no & never" in shown
    assert "boilerplate" in shown
