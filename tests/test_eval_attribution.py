"""The attribution scorer on hand-made gold and predictions (no model)."""

from newsprobe.evaluation.attribution import (
    GoldArticle,
    GoldAttribution,
    lenient_same_name,
    match_one_to_one,
    normalise_name,
    same_name,
    score,
)
from newsprobe.models import Analysis, Article, Attribution, Relay, Run, Span, Speaker

TEXT = "Ana Ruiz said the dam would hold. “It will,” she added. Officials said repairs were done."


def _span(fragment: str) -> Span:
    start = TEXT.index(fragment)
    return Span(start, start + len(fragment), fragment)


def _gold(fragment: str, speaker: str | None, via: tuple[str, ...] | None = None) -> GoldAttribution:
    span = _span(fragment)
    return GoldAttribution(((span.start, span.end),), (), (), speaker, "indirect", via)


def _predicted(fragment: str, speaker: str | None, via: tuple[str, ...] = ()) -> Attribution:
    return Attribution("indirect", _span(fragment), None, Speaker(speaker, "named_person"),
                       via=tuple(Relay(name, "outlet") for name in via))


def _analysis(*attributions: Attribution) -> Analysis:
    article = Article(id="t", text=TEXT, body=Span(0, len(TEXT), TEXT))
    return Analysis(article=article, run=Run("0", "x", "0"), attributions=attributions)


def test_overlap_thresholds_and_one_to_one() -> None:
    gold = [((0, 100),)]
    assert match_one_to_one([((0, 29),)], gold, 0.3) == []
    assert match_one_to_one([((0, 30),)], gold, 0.3) == [(0, 0)]
    assert match_one_to_one([((0, 50),), ((0, 60),)], gold, 0.3) == [(1, 0)]


def test_metrics_count_matches_speakers_and_via() -> None:
    gold = GoldArticle("t", TEXT, None, (
        _gold("the dam would hold", "Ana Ruiz", ()),
        _gold("It will", "Ana Ruiz", ("Radio Sur",)),
        _gold("repairs were done", None),
    ))
    analysis = _analysis(
        _predicted("the dam would hold", "Ana Ruiz"),
        _predicted("It will", "Ruiz", ("Radio Sur",)),
        _predicted("Officials said", "officials"),
    )
    metrics = score([gold], [analysis]).metrics
    assert metrics["content_precision@0.3"] == 2 / 3
    assert metrics["content_recall@0.3"] == 2 / 3
    assert metrics["speaker_accuracy"] == 0.5
    assert metrics["speaker_accuracy_partial_names"] == 1.0
    assert metrics["via_accuracy"] == 1.0


def test_error_listing_names_what_went_wrong() -> None:
    gold = GoldArticle("t", TEXT, None, (_gold("the dam would hold", "Ana Ruiz"), _gold("repairs were done", None)))
    details = score([gold], [_analysis(_predicted("the dam would hold", "Officials"))], list_errors=True).details
    assert any("speaker 'Officials' should be 'Ana Ruiz'" in line for line in details)
    assert any("missed: repairs were done" in line for line in details)


def test_name_normalisation() -> None:
    assert normalise_name("The Coordinating Committee") == "coordinating committee"
    assert same_name("Hadi al-Ameri", "Hadi Al Ameri")
    assert not same_name(None, "X")
    assert lenient_same_name("McAllister", "Rhona McAllister")
    assert not lenient_same_name("", "Rhona McAllister")


def test_parts_sharing_a_cue_are_one_statement_only_where_the_gold_keeps_parts_together() -> None:
    first, second = _span("Ana Ruiz said"), _span("the dam would hold")
    cue = _span("said")
    parts = [Attribution("indirect", span, cue, Speaker("Ana Ruiz", "named_person")) for span in (first, second)]
    joined_gold = GoldArticle("t", TEXT, None, (GoldAttribution(
        ((first.start, first.end), (second.start, second.end)), (), (), "Ana Ruiz", None, None),))
    joined = score([joined_gold], [_analysis(*parts)]).metrics  # PolNeAR's way: one attribution, two spans
    assert (joined["predicted"], joined["content_f1@0.8"]) == (1, 1.0)
    listed_gold = GoldArticle("t", TEXT, None, (_gold("Ana Ruiz said", "Ana Ruiz"), _gold("the dam would hold",
                                                                                        "Ana Ruiz")))
    listed = score([listed_gold], [_analysis(*parts)]).metrics  # the GenderGapTracker's: each part listed
    assert (listed["predicted"], listed["content_f1@0.8"]) == (2, 1.0)
