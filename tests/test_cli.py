"""End-to-end CLI runs with the real pipeline (marked ``model``)."""

import json
from pathlib import Path

import pytest

from newsprobe.cli import EXIT_INPUT_FAILED, EXIT_OK, EXIT_USAGE, main

from .conftest import EXAMPLE

pytestmark = pytest.mark.model


def test_example_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(EXAMPLE), "--format", "json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["article"]["dateline"] == "PORT ELLIS"
    assert data["article"]["title"].startswith("Port Ellis dockers")
    assert [span["text"] for span in data["article"]["boilerplate"]] == ["Leave a Comment", "Share this article"]
    assert {"Marta Quill", "Idris Vale"} <= {e["text"] for e in data["entities"] if e["label"] == "PERSON"}


def test_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(EXAMPLE)]) == EXIT_OK
    assert "PORT ELLIS" in capsys.readouterr().out


def test_a_batch_goes_on_past_bad_inputs_and_reports_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # a sparse 50 MB file: refused by size before it is read
        handle.truncate(50_000_000)
    no_article = tmp_path / "nav.html"
    no_article.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    missing = tmp_path / "missing.txt"
    inputs = [str(p) for p in (empty, EXAMPLE, binary, huge, no_article, missing)]
    code = main(["analyze", *inputs, "--format", "json"])
    captured = capsys.readouterr()
    assert code == EXIT_INPUT_FAILED
    lines = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0]["article"]["dateline"] == "PORT ELLIS"
    for code_name in ("E001", "E002", "E003", "E004", "E006"):
        assert code_name in captured.err
    assert "6 read: 1 analysed, 0 skipped as duplicate, 0 skipped as not an article, 5 failed." in captured.err


def test_invalid_utf8_is_analysed_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_bytes(EXAMPLE.read_bytes().replace("—".encode(), b"\xff\xfe", 1))
    assert main(["analyze", str(broken), "--format", "json"]) == EXIT_OK
    notices = json.loads(capsys.readouterr().out)["notices"]
    assert any(notice["code"] == "W001" for notice in notices)


def test_html_output_to_a_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # An exact copy would be skipped as a duplicate: the second input is the example re-published with an edit.
    edited = tmp_path / "edited.txt"
    edited.write_text(EXAMPLE.read_text(encoding="utf-8").replace("twenty-third day", "twenty-fourth day", 1))
    assert main(["analyze", str(EXAMPLE), str(edited), "--format", "html", "-o", str(out)]) == EXIT_OK
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 2
    assert "Marta Quill" in pages[0].read_text()


def test_html_with_several_inputs_needs_an_output_directory() -> None:
    assert main(["analyze", str(EXAMPLE), str(EXAMPLE), "--format", "html"]) == EXIT_USAGE


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes())))
    assert main(["analyze", "-", "--format", "json", "--published", "2023-04-01"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert data["article"]["source"] == "stdin"
    assert data["article"]["published"] == "2023-04-01"


def test_an_exact_duplicate_is_skipped_and_counted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(EXAMPLE), str(EXAMPLE), "--format", "json"]) == EXIT_OK
    captured = capsys.readouterr()
    assert len([line for line in captured.out.splitlines() if line.strip()]) == 1
    assert "2 read: 1 analysed, 1 skipped as duplicate" in captured.err
