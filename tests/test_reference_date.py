"""Reference dates inferred from the article's own words (no model)."""

from newsprobe.extract.reference import inferred_reference_date
from newsprobe.ingest.text import article_from_text


def _reference(body: str) -> str | None:
    found = inferred_reference_date(article_from_text("Headline here\nOSLO — " + body))
    return found.value if found else None


def test_a_year_ending_gives_its_last_day() -> None:
    assert _reference("As 2019 ended on a Tuesday, the ferry fleet was sold.") == "2019-12-31"


def test_a_month_ending_gives_the_last_day_of_that_month_not_of_its_year() -> None:
    assert _reference("As the month of June 2022 closed on Thursday, the mill fell silent.") == "2022-06-30"
    assert _reference("When February 2024 ended, the strike was a month old.") == "2024-02-29"


def test_the_year_of_a_month_is_not_a_year_beginning() -> None:
    assert _reference("Work stopped after March 2020 began with floods.") is None
