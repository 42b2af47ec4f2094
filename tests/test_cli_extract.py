"""`newsprobe extract`: articles and metadata without analysis (no spaCy needed), with the end summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprobe.cli import EXIT_INPUT_FAILED, EXIT_OK, EXIT_USAGE, main

from .local_http import Route, local_server
from .test_ingest_sources import STORIES, page, text


def test_extract_json_prints_one_article_per_line_with_metadata(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.html").write_bytes(page("ferry", site="Harbour Gazette"))
    (tmp_path / "b.txt").write_text(text("orchard"))
    assert main(["extract", str(tmp_path), "--format", "json"]) == EXIT_OK
    captured = capsys.readouterr()
    documents = [json.loads(line) for line in captured.out.splitlines()]
    assert [document["article"]["title"] for document in documents] == [STORIES["ferry"][0], STORIES["orchard"][0]]
    assert documents[0]["schema_version"] and documents[0]["article"]["outlet"] == "Harbour Gazette"
    assert "2 read: 2 extracted, 0 skipped as duplicate, 0 skipped as not an article, 0 failed." in captured.err


def test_extract_text_lists_metadata_then_text_and_failures_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"body": text("library"), "link": "https://news.example/library"}) + "\n{broken\n")
    code = main(["extract", str(dump), "--field", "text=body", "--field", "url=link"])
    captured = capsys.readouterr()
    assert code == EXIT_INPUT_FAILED
    assert "url: https://news.example/library" in captured.out and "central library will open" in captured.out
    assert f"{dump}:2: [E013]" in captured.err


def test_a_bad_field_mapping_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x\n1\n")
    assert main(["extract", str(tmp_path / "a.csv"), "--field", "colour=red"]) == EXIT_USAGE


def test_extract_fetches_a_local_url_only_with_allow_private(capsys: pytest.CaptureFixture[str]) -> None:
    with local_server({"/story": Route(body=page("ferry"))}) as server:
        refused = main(["extract", server.url("/story")])
        refused_err = capsys.readouterr().err
        allowed = main(["extract", server.url("/story"), "--allow-private", "--format", "json"])
        output = capsys.readouterr().out
    assert refused == EXIT_INPUT_FAILED and "E009" in refused_err
    assert allowed == EXIT_OK and json.loads(output)["article"]["url"] == server.url("/story")


def test_extract_to_a_file(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(text("ferry"))
    target = tmp_path / "out.jsonl"
    assert main(["extract", str(source), "--format", "json", "-o", str(target)]) == EXIT_OK
    assert json.loads(target.read_text())["article"]["dateline"] == "HALDEN"
