from newsprobe.ingest.text import article_from_text, content_id, layout_text

ARTICLE = (
    "Ferry line to close after forty years\n"
    "HALDEN, Norway — The last ferry left the quay on Sunday, the operator said.\n"
    "“We tried everything,” a spokeswoman said. Readers can leave a comment below, she added.\n"
    "Leave a Comment\n"
    "Share this\n"
    "Related articles\n"
)


def test_headline_dateline_and_boilerplate_are_found_and_kept_out_of_the_body() -> None:
    article = article_from_text(ARTICLE, source="t.txt")
    assert article.title == "Ferry line to close after forty years"
    assert article.dateline == "HALDEN"
    assert article.body.text.startswith("The last ferry")
    assert article.body.text.endswith("she added.")
    assert [span.text for span in article.boilerplate] == ["Leave a Comment", "Share this", "Related articles"]
    for span in (article.title_span, article.dateline_span, article.body, *article.boilerplate):
        assert span is not None
        assert ARTICLE[span.start:span.end] == span.text


def test_boilerplate_words_inside_the_body_are_kept() -> None:
    assert "leave a comment below" in article_from_text(ARTICLE).body.text


def test_agency_dateline_with_hyphen() -> None:
    layout = layout_text("Talks stall\nWASHINGTON (Reuters) - Negotiators left without a deal on Monday.")
    assert layout.dateline_span is not None
    assert layout.body.text == "Negotiators left without a deal on Monday."


def test_single_paragraph_has_no_headline_and_no_dateline() -> None:
    layout = layout_text("The council met on Monday and approved the budget. It said more later.")
    assert layout.title_span is None
    assert layout.dateline_span is None
    assert layout.body.start == 0


def test_a_sentence_first_line_is_not_a_headline() -> None:
    layout = layout_text("The council met on Monday.\nIt approved the budget.")
    assert layout.title_span is None


def test_a_one_line_boilerplate_lookalike_is_not_removed() -> None:
    layout = layout_text("Share this")
    assert layout.boilerplate == ()
    assert layout.body.text == "Share this"


def test_boilerplate_can_be_kept() -> None:
    article = article_from_text(ARTICLE, strip_boilerplate=False)
    assert article.boilerplate == ()
    assert article.body.text.endswith("Related articles")


def test_content_id_is_stable_and_content_dependent() -> None:
    assert content_id("a") == content_id("a")
    assert content_id("a") != content_id("b")
