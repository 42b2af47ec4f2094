"""Quotation marks -> quotations: pure string work, no spaCy."""

from newsprobe.extract.quotes import find_quotations


def _inner(text: str) -> list[str]:
    return [text[q.inner_start:q.inner_end] for q in find_quotations(text).quotations]


def test_curly_and_straight_marks() -> None:
    text = '“The port stays shut,” she said. He replied, "Not for long."'
    assert _inner(text) == ["The port stays shut,", "Not for long."]


def test_nested_quotation_stays_inside() -> None:
    text = "“They told us, ‘go home’, and we did,” a docker said."
    assert _inner(text) == ["They told us, ‘go home’, and we did,"]


def test_quotation_continued_over_paragraphs_is_one_part_per_paragraph() -> None:
    text = "“The first part runs on.\n“The second part ends it,” the mayor said."
    scan = find_quotations(text)
    assert _inner(text) == ["The first part runs on.", "The second part ends it,"]
    assert [quote.continues for quote in scan.quotations] == [False, True]
    assert scan.problems == ()


def test_curled_double_apostrophes_and_a_wrong_way_opening_mark() -> None:
    text = "“We sell local books,’’ says the owner. ‘’It is not a race.” Then (”This guy lands rockets”) too."
    assert _inner(text) == ["We sell local books,", "It is not a race.", "This guy lands rockets"]


def test_unclosed_quotation_is_repaired_at_paragraph_end_and_reported() -> None:
    text = "“This never closes, said the clerk.\nA new paragraph with no quotes."
    scan = find_quotations(text)
    assert [q.repaired for q in scan.quotations] == [True]
    assert text[scan.quotations[0].inner_start:scan.quotations[0].inner_end] == "This never closes, said the clerk."
    assert len(scan.problems) == 1 and "paragraph 1" in scan.problems[0]


def test_stray_closing_mark_is_skipped_not_fatal() -> None:
    scan = find_quotations("A stray” mark here.\n“Fine,” she said.")
    assert [q.inner_start for q in scan.quotations] == [21]
    assert "closing" in scan.problems[0]


def test_empty_and_markless_text() -> None:
    assert find_quotations("").quotations == ()
    assert find_quotations("No quotes at all.\n\n").problems == ()


def test_double_apostrophes_stand_for_a_double_mark() -> None:
    text = "''It is not reform,'' she said. ''It is a tax rise.''"
    scan = find_quotations(text)
    assert [text[q.inner_start:q.inner_end] for q in scan.quotations] == ["It is not reform,", "It is a tax rise."]
    assert not scan.problems
