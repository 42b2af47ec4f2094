"""Quote tracing and the recycled_quote finding: pure functions over hand-made analyses (no spaCy)."""

from __future__ import annotations

from newsprobe.corpus.tracing import (
    RECYCLED_METHOD,
    band_keys,
    compare_quotes,
    find_traces,
    normalise_words,
    quote_units,
    recycled_quote_findings,
    units_from_text,
)
from newsprobe.models import Analysis, Article, Attribution, Run, Span, Speaker

RUN = Run("test", "none", "0")


def article_with(article_id: str, published: str, outlet: str, *quotes: tuple[str, str, str | None]) -> Analysis:
    """An analysis whose body is the quotes, each a direct attribution (words, speaker, said_on)."""
    text, attributions = "", []
    for words, speaker, said_on in quotes:
        start = len(text) + 1
        text += f"“{words}” "
        attributions.append(Attribution("direct", Span(start, start + len(words), words), None,
                                        Speaker(speaker, "named_person"), said_on=said_on))
    article = Article(article_id, text, Span(0, len(text), text), outlet=outlet, published=published)
    return Analysis(article, RUN, attributions=tuple(attributions))


def words(text: str) -> tuple[str, ...]:
    return normalise_words(text)


ORIGINAL = "We will not accept a single foreign soldier on our land, neither at the river base nor in the capital."


def test_drift_classes() -> None:
    assert compare_quotes(words(ORIGINAL), words(ORIGINAL.upper().replace(",", ""))).drift == "identical"  # type: ignore[union-attr]
    truncated = compare_quotes(words(ORIGINAL), words("We will not accept a single foreign soldier on our land"))
    assert truncated is not None and truncated.drift == "truncated"
    assert [(c.op, c.after) for c in truncated.changes] == [("delete", "")]
    extended = compare_quotes(words("We will not accept a single foreign soldier on our land"), words(ORIGINAL))
    assert extended is not None and extended.drift == "extended"
    reworded = compare_quotes(words(ORIGINAL), words(ORIGINAL.replace("single", "lone").replace("river", "old")))
    assert reworded is not None and reworded.drift == "reworded"
    assert {(c.before, c.after) for c in reworded.changes} == {("single", "lone"), ("river", "old")}
    translated = compare_quotes(words(ORIGINAL), words(
        "We shall not tolerate even one foreign soldier on our soil, not at the river base and not in the capital."))
    assert translated is not None and translated.drift == "translated"
    elided = compare_quotes(words(ORIGINAL),
                            words("We will not accept a single foreign soldier ... nor in the capital"))
    assert elided is not None and elided.drift == "truncated"


def test_different_statements_on_one_topic_are_not_one_quote() -> None:
    for other in ("We will not accept any delay in the withdrawal from the river base.",
                  "Foreign soldiers must leave the river base before the spring floods come.",
                  "We will not accept",  # a stock phrase is no truncation
                  "The capital will not accept a single foreign proposal on the river base."):
        assert compare_quotes(words(ORIGINAL), words(other)) is None, other


def test_band_keys_are_deterministic_and_shared_by_near_copies() -> None:
    keys = band_keys(words(ORIGINAL))
    assert len(keys) == 64 and keys == band_keys(words(ORIGINAL))
    assert set(keys) & set(band_keys(words("We will not accept a single foreign soldier on our land")))
    assert not set(keys) & set(band_keys(words("The price of bread has doubled since the summer")))


def test_traces_report_earliest_outlets_drift_speaker_change_and_recycling() -> None:
    first = article_with("a1", "2023-11-02", "Valley Courier", (ORIGINAL, "Samir al-Hadidi", None),
                         ("Foreign soldiers must leave the river base before the spring floods.", "Samir al-Hadidi",
                          None))
    second = article_with("a2", "2023-11-03", "Northern Wire",
                          (ORIGINAL.replace("single", "lone"), "Tarek Mansour", None))
    late = article_with("a3", "2024-02-15", "Daily Meridian",
                        ("We will not accept a single foreign soldier on our land", "al-Hadidi", None))
    redated = article_with("a4", "2024-03-05", "Capital Times",
                           ("The price of bread has doubled since the summer, said the baker.", "Noor Faraj",
                            "2023-11-01"))
    units = [unit for analysis in (late, second, first, redated) for unit in quote_units(analysis)]
    [trace] = find_traces(units)
    assert trace.id == "a1#0" and trace.earliest.drift == "earliest" and trace.text == ORIGINAL.rstrip(".")
    assert [(a.article_id, a.drift) for a in trace.appearances] == [
        ("a1", "earliest"), ("a2", "reworded"), ("a3", "truncated")]
    assert trace.outlets == ("Valley Courier", "Northern Wire", "Daily Meridian")
    assert trace.speakers == ("Samir al-Hadidi", "Tarek Mansour") and trace.speaker_changed

    findings = {unit.article_id: recycled_quote_findings([unit], [trace]) for unit in units}
    assert findings["a1"] == [] and findings["a2"] == []  # a day later is news, not recycling
    [recycled] = findings["a3"]
    assert recycled.type == "recycled_quote" and recycled.method == RECYCLED_METHOD
    assert "105 days earlier" in recycled.message and "Valley Courier" in recycled.message
    assert recycled.evidence[0].text == "We will not accept a single foreign soldier on our land"
    [dated] = findings["a4"]  # no trace: its own date says the statement is four months old
    assert "2023-11-01, 125 days before" in dated.message


def test_short_quotes_and_user_text() -> None:
    assert quote_units(article_with("a", "2024-01-01", "X", ("We will see them", "Idris Vale", None))) == []
    assert units_from_text("no") is None
    unit = units_from_text("We will not accept a single foreign soldier")
    assert unit is not None and unit.words[:3] == ("we", "will", "not")
