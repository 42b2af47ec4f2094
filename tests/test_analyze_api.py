"""The public Python API with the real pipeline (marked ``model``)."""

import pytest

import newsprobe
from newsprobe.errors import InputError

pytestmark = pytest.mark.model


def test_analyze_text_with_metadata() -> None:
    analysis = newsprobe.analyze(
        "Budget passes\nLISBON — Finance minister Ana Costa said on Monday that the budget had passed.",
        published="2024-03-04", outlet="Test Wire",
    )
    assert analysis.article.dateline == "LISBON"
    assert analysis.article.published == "2024-03-04"
    assert any(entity.text == "Ana Costa" for entity in analysis.entities)
    for entity in analysis.entities:
        assert analysis.article.text[entity.start:entity.end] == entity.text


def test_analyzer_reuses_its_pipeline(analyzer: newsprobe.Analyzer) -> None:
    first = analyzer.analyze("The minister said the talks would resume in Geneva next week, aides confirmed.")
    page = "<html><body><article><p>" + "The talks resumed in Geneva. " * 20 + "</p></article></body></html>"
    second = analyzer.analyze(page)
    assert first.run == second.run
    assert "Geneva" in second.article.text


def test_short_input_gets_a_notice(analyzer: newsprobe.Analyzer) -> None:
    analysis = analyzer.analyze("Rain today.")
    assert [notice.code for notice in analysis.notices] == ["W002"]


def test_unbalanced_quotes_and_caps_do_not_fail(analyzer: newsprobe.Analyzer) -> None:
    analysis = analyzer.analyze("“THE MAYOR SAID NO. “He said it twice,” AN AIDE SAID. ” ” “ " * 10)
    assert analysis.article.body.text


def test_empty_input_raises_a_coded_error() -> None:
    with pytest.raises(InputError, match=r"\[E001\]"):
        newsprobe.analyze("   ")


def test_unknown_metadata_is_a_type_error(analyzer: newsprobe.Analyzer) -> None:
    with pytest.raises(TypeError, match="colour"):
        analyzer.read("Some text here.", colour="red")


def test_the_package_docstring_example_runs() -> None:
    import doctest

    failures, tried = doctest.testmod(newsprobe, verbose=False)
    assert tried > 0
    assert failures == 0
