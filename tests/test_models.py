import json

import pytest

from newsprobe.models import (
    SCHEMA_VERSION,
    Analysis,
    Article,
    Attribution,
    Finding,
    ReferenceDate,
    Relay,
    Run,
    Span,
    Speaker,
    TimeExpression,
)


def _analysis() -> Analysis:
    text = "Headline\nOSLO — The mayor said the bridge “will open in May.”"
    article = Article(id="a1", text=text, body=Span(16, len(text), text[16:]), title="Headline",
                      title_span=Span(0, 8, "Headline"), authors=("A. Writer",))
    quote = Span(text.index("will"), text.index("May.") + 4, "will open in May.")
    attribution = Attribution(
        kind="mixed", content=quote, cue=Span(26, 30, "said"),
        speaker=Speaker("the mayor", "unnamed_person", None, Span(16, 25, "The mayor")),
        via=(Relay("Radio North", "outlet"),), said_on="2024-05-01", confidence=0.8, method="test.v1",
    )
    return Analysis(
        article=article, run=Run("0.1.0", "en_test", "1.0", ("test.v1",)), attributions=(attribution,),
        times=(TimeExpression(text.index("May"), text.index("May") + 3, "May", "DATE", "2024-05", "2024-05-01"),),
        reference_date=ReferenceDate("2024-05-01", "text", Span(0, 8, "Headline"), "a test date"),
        findings=(Finding("boilerplate", "m", "info", (Span(0, 8, "Headline"),)),),
    )


def test_round_trip_through_json_keeps_every_field() -> None:
    analysis = _analysis()
    data = json.loads(json.dumps(analysis.to_dict()))
    assert Analysis.from_dict(data) == analysis


def test_schema_version_comes_first_and_is_current() -> None:
    data = _analysis().to_dict()
    assert next(iter(data)) == "schema_version"
    assert data["schema_version"] == SCHEMA_VERSION


def test_attribution_json_has_the_documented_shape() -> None:
    attribution = _analysis().to_dict()["attributions"][0]
    assert set(attribution) >= {"kind", "content", "cue", "speaker", "via", "said_on", "confidence", "method"}
    assert set(attribution["speaker"]) == {"name", "type", "role", "mention"}
    assert attribution["via"] == [{"name": "Radio North", "kind": "outlet"}]


def test_reference_date_json_has_the_documented_shape() -> None:
    data = _analysis().to_dict()
    assert data["reference_date"] == {"value": "2024-05-01", "source": "text",
                                      "evidence": {"start": 0, "end": 8, "text": "Headline"}, "note": "a test date"}


def test_a_future_major_version_is_refused() -> None:
    data = _analysis().to_dict()
    data["schema_version"] = "99.0"
    with pytest.raises(ValueError, match="unsupported schema_version"):
        Analysis.from_dict(data)


def test_spans_point_into_the_article_text() -> None:
    analysis = _analysis()
    for span in (analysis.attributions[0].content, analysis.article.body, analysis.article.title_span):
        assert span is not None
        assert analysis.article.text[span.start:span.end] == span.text
