"""Time expressions, reference dates, statement dates and time findings, on hand-written texts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsprobe.checks.time import nearest_fitting_year, time_findings
from newsprobe.evaluation.timex import read_timeml, score
from newsprobe.extract.reference import reference_date
from newsprobe.extract.statement_dates import date_statements
from newsprobe.extract.times import explain_unresolved, find_times_in_text, unresolved_notices
from newsprobe.models import (
    Analysis,
    Article,
    Attribution,
    ReferenceDate,
    Run,
    Span,
    Speaker,
    TimeExpression,
)
from newsprobe.render.timeline import timeline

NEW_YEAR_EVE = date(2021, 12, 31)


def _times(text: str, reference: date | None = NEW_YEAR_EVE) -> list[tuple[str, str, str | None]]:
    return [(found.text, found.type, found.value) for found in find_times_in_text(text, reference)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mayor said on December 28 that the ferry runs.", ("December 28", "DATE", "2021-12-28")),
        ("The depot closed on Friday.", ("Friday", "DATE", "2021-12-31")),
        ("Fares rose last week.", ("last week", "DATE", "2021-W51")),
        ("Crews will arrive in the coming days.", ("the coming days", "DURATION", "PXD")),
        ("The lease ends on the 31st of December.", ("the 31st of December", "DATE", "2021-12-31")),
        ("She spoke on Saturday, December 26, in Leeds.", ("Saturday, December 26", "DATE", "2021-12-26")),
        ("The bridge opened in 2014.", ("2014", "DATE", "2014")),
        ("The plant shut two years ago.", ("two years ago", "DATE", "2019")),
        ("The walkout lasted three days.", ("three days", "DURATION", "P3D")),
        ("Rents are high now.", ("now", "DATE", "PRESENT_REF")),
        ("Profits fell in the third quarter.", ("the third quarter", "DATE", "2021-Q3")),
        ("The market opens every Monday.", ("every Monday", "SET", "XXXX-WXX-1")),
        ("The vote was held on 9 March 2020.", ("9 March 2020", "DATE", "2020-03-09")),
        ("The talks begin at 9 a.m. Tuesday.", ("9 a.m. Tuesday", "TIME", "2021-12-28T09:00")),
        ("Officials met yesterday.", ("yesterday", "DATE", "2021-12-30")),
        ("Polls close on Election Day.", ("Election Day", "DATE", "2021-11-02")),
    ],
)
def test_expressions_are_found_with_timeml_spans_and_values(text: str, expected: tuple[str, str, str]) -> None:
    assert _times(text) == [expected]


def test_without_a_reference_date_the_year_stays_unknown() -> None:
    assert _times("He spoke on December 26 and again on Friday.", None) == [
        ("December 26", "DATE", "XXXX-12-26"), ("Friday", "DATE", "XXXX-WXX-5")]
    assert _times("Fares rose last week.", None) == [("last week", "DATE", None)]


def test_may_the_verb_is_not_a_month_but_may_the_month_is() -> None:
    assert _times("Prices May rise.") == []
    assert _times("The fair opens in May.") == [("May", "DATE", "2022-05")]


def test_ages_and_fractions_are_not_time_expressions() -> None:
    assert _times("A 6-year-old boy and a quarter of the crew waited.") == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The deal was signed on February 30.", "no such date in the calendar"),
        ("The deal was signed on Dec. 28, '21.", "two-digit year"),
        ("The form is dated 12/28/21 in the file.", "two-digit year"),
        ("Le contrat date du 28 décembre 2021.", "month name in another language (fr)"),
        ("Der Vertrag vom 3 Januar 2022 gilt.", "month name in another language (de)"),
    ],
)
def test_bad_dates_are_reported_as_unresolved_with_a_reason(text: str, reason: str) -> None:
    found = find_times_in_text(text, NEW_YEAR_EVE)
    assert len(found) == 1 and found[0].value is None
    assert explain_unresolved(found[0].text, NEW_YEAR_EVE.isoformat()) == reason
    time = TimeExpression(found[0].start, found[0].end, found[0].text, found[0].type, None, "2021-12-31")
    [notice] = unresolved_notices([time])
    assert notice.code == "W007" and reason in notice.message


def _article(text: str, published: str | None = None) -> Article:
    return Article(id="t", text=text, body=Span(0, len(text), text), published=published)


def test_reference_date_prefers_metadata_then_the_text_then_unknown() -> None:
    text = "OSLO — As the year 2021 ended on Friday, the harbour was quiet."
    from_metadata = reference_date(_article(text, "2022-01-02T08:00:00Z"))
    assert (from_metadata.value, from_metadata.source) == ("2022-01-02", "metadata")
    from_text = reference_date(_article(text))
    assert (from_text.value, from_text.source) == ("2021-12-31", "text")
    assert from_text.evidence is not None and from_text.evidence.text == "the year 2021 ended on Friday"
    dateline = reference_date(_article("LIMA, March 3, 2020 — The port reopened on Monday."))
    assert (dateline.value, dateline.source) == ("2020-03-03", "text")
    unknown = reference_date(_article("The port reopened on Monday."))
    assert (unknown.value, unknown.source, unknown.evidence) == (None, "unknown", None)


def test_an_unreadable_publication_date_is_noted_and_the_text_used() -> None:
    notices: list = []  # type: ignore[type-arg]
    found = reference_date(_article("As the year 2019 ended, the mill shut.", "last Tuesday"), notices)
    assert (found.value, found.source) == ("2019-12-31", "text")
    assert [notice.code for notice in notices] == ["W008"]


def _attribution(text: str, cue: str, content: str, speaker: str = "Ana Ruiz") -> Attribution:
    cue_start = text.index(cue)
    content_start = text.index(content)
    return Attribution(
        kind="indirect", content=Span(content_start, content_start + len(content), content),
        cue=Span(cue_start, cue_start + len(cue), cue), speaker=Speaker(speaker, "named_person"), method="test.v1",
    )


def _time_models(text: str, reference: date | None = NEW_YEAR_EVE) -> tuple[TimeExpression, ...]:
    anchor = reference.isoformat() if reference else None
    return tuple(TimeExpression(f.start, f.end, f.text, f.type, f.value, anchor)
                 for f in find_times_in_text(text, reference))


@pytest.mark.parametrize(
    ("text", "cue", "content", "said_on"),
    [
        ("Ana Ruiz said on December 28 that the ferry would run.", "said", "the ferry would run", "2021-12-28"),
        ("The union said in a statement on December 30 that pay talks failed.", "said", "pay talks failed",
         "2021-12-30"),
        ("Ana Ruiz, the mayor, said on Saturday, December 26, that the ferry would run.", "said",
         "the ferry would run", "2021-12-26"),
        ("On Monday, Ana Ruiz told reporters the ferry would run.", "told", "the ferry would run", "2021-12-27"),
        ("“The ferry will run,” Ana Ruiz said Tuesday.", "said", "The ferry will run,", "2021-12-28"),
        ("Ana Ruiz said the ferry would run on December 29.", "said", "the ferry would run on December 29", None),
        ("Ana Ruiz said that the 31st of December would be the last sailing.", "said",
         "the 31st of December would be the last sailing", None),
    ],
)
def test_statements_are_dated_by_the_date_tied_to_their_cue(text: str, cue: str, content: str,
                                                           said_on: str | None) -> None:
    [dated] = date_statements([_attribution(text, cue, content)], _time_models(text), text)
    assert dated.said_on == said_on


def _analysis(text: str, reference: str | None, attributions: tuple[Attribution, ...] = ()) -> Analysis:
    anchor = date.fromisoformat(reference) if reference else None
    times = _time_models(text, anchor)
    return Analysis(
        article=_article(text), run=Run("0", "en_test", "0"), times=times,
        attributions=date_statements(attributions, times, text),
        reference_date=ReferenceDate(reference, "metadata" if reference else "unknown"),
    )


def test_a_weekday_that_does_not_fit_the_date_suggests_the_nearest_fitting_year() -> None:
    text = "The minister said on Saturday, December 26, that the port stays shut."
    [finding] = [f for f in time_findings(_analysis(text, "2021-12-31")) if f.type == "weekday_date_mismatch"]
    assert "was a Sunday" in finding.message
    assert finding.suggestion is not None and "2020" in finding.suggestion and "recycled" in finding.suggestion
    assert finding.evidence[0].text == "Saturday, December 26"
    assert nearest_fitting_year(date(2021, 12, 26), 6) == 2020
    assert not list(time_findings(_analysis("He spoke on Sunday, December 26.", "2021-12-31")))


def test_a_statement_dated_after_the_reference_date_is_flagged() -> None:
    text = "Ana Ruiz said on January 5 that the port stays shut."
    attribution = _attribution(text, "said", "the port stays shut")
    findings = list(time_findings(_analysis(text, "2021-12-31", (attribution,))))
    assert [f.type for f in findings] == ["statement_after_reference_date"]
    assert "2022-01-05" in findings[0].message


def test_the_future_tense_about_a_past_date_is_flagged_but_not_in_reported_speech() -> None:
    flagged = list(time_findings(_analysis("The new bridge will open on March 3.", "2021-03-10")))
    assert [f.type for f in flagged] == ["future_tense_past_date"]
    reported = list(time_findings(_analysis("The mayor said the new bridge will open on March 3.", "2021-03-10")))
    assert reported == []


def test_an_announced_event_the_article_says_did_not_happen() -> None:
    text = ("The minister stated that the new tariff would be announced publicly on May 4. "
            "However, no such announcement was made by the end of the day.")
    findings = [f for f in time_findings(_analysis(text, "2021-05-04")) if f.type == "announced_event_not_happened"]
    assert len(findings) == 1 and findings[0].evidence[1].text == "May 4"
    quiet = "The minister stated that the new tariff would be announced publicly on May 4."
    assert not [f for f in time_findings(_analysis(quiet, "2021-05-04")) if f.type == "announced_event_not_happened"]


def test_the_timeline_lists_statements_and_events_in_date_order() -> None:
    text = "Ana Ruiz said on December 28 that the ferry resumes. The ferry first sailed in 2014."
    attribution = _attribution(text, "said", "the ferry resumes")
    entries = timeline(_analysis(text, "2021-12-31", (attribution,)))
    assert [(e.when, e.kind) for e in entries] == [("2014", "event"), ("2021-12-28", "statement"),
                                                   ("2021-12-31", "reference")]
    assert entries[1].label == "Ana Ruiz"


def test_timeml_reader_and_tempeval_scores(tmp_path: Path) -> None:
    timeml = (
        '<?xml version="1.0" ?>\n<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-06" '
        'functionInDocument="CREATION_TIME">19980206</TIMEX3></DCT>\n<TEXT>Ships <EVENT eid="e1">left</EVENT> '
        '<TIMEX3 tid="t1" type="DATE" value="1998-02-05">yesterday</TIMEX3> after '
        '<TIMEX3 tid="t2" type="DURATION" value="P3D">three long days</TIMEX3> &amp; nights.</TEXT></TimeML>'
    )
    path = tmp_path / "doc.tml"
    path.write_text(timeml, encoding="utf-8")
    document = read_timeml(path)
    assert document.creation_time == "1998-02-06"
    assert [t.text for t in document.timexes] == ["yesterday", "three long days"]
    assert "& nights" in document.text
    metrics, _ = score([document])
    # `yesterday` exact and right; `three long days` not found (the rules need `three days`).
    assert (metrics["strict_precision"], metrics["strict_recall"]) == (100.0, 50.0)
    assert metrics["value_f1"] == pytest.approx(66.7)
