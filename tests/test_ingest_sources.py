"""Reading every kind of source, and every kind of bad input, into results that account for each item."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprobe.ingest import IngestOptions, IngestSummary, ReadResult, read_sources
from newsprobe.ingest.fetch import FetchOptions
from newsprobe.ingest.records import RecordFields

from .local_http import Route, local_server

# Short articles written for these tests; each is long enough for extraction and language detection.
STORIES = {
    "ferry": ("Ferry service resumes on the northern route",
              "HALDEN — The ferry between Halden and the outer islands resumed on Thursday after a week of "
              "storms, the operator said. Captain Rosa Milne told passengers that the crossing would run "
              "twice a day until the harbour wall is repaired, and that tickets bought last week stay valid."),
    "orchard": ("Orchard growers count frost damage",
                "Growers in the upper valley said on Monday that a late frost had destroyed about a third of "
                "the apple blossom. The regional farm board will publish its estimate next month, according "
                "to its chair, Tomas Brandt, who called the losses the worst in a decade for small orchards."),
    "library": ("City library extends weekend hours",
                "The central library will open on Sundays from next month, the city council announced on "
                "Wednesday. Council member Ada Fenwick said the change follows a petition signed by more than "
                "two thousand residents, and that the extra hours will be staffed by four new part-time librarians."),
}
GERMAN = ("Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss bis zum Herbst zu sanieren. "
          "Die Bürgermeisterin sagte, die Arbeiten würden etwa vier Monate dauern und der Verkehr werde über die "
          "Umgehungsstraße geleitet. Anwohner hatten seit Jahren über Schäden am Geländer geklagt.")


def page(key: str, *, site: str = "Valley Courier") -> bytes:
    title, body = STORIES[key]
    paragraphs = "".join(f"<p>{sentence.strip()}.</p>" for sentence in body.split(". ") if sentence.strip())
    return (f"<!DOCTYPE html><html lang='en'><head><title>{title} | {site}</title>"
            f"<meta property='og:site_name' content='{site}'></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article><footer>Contact us</footer></body></html>").encode()


def text(key: str) -> str:
    title, body = STORIES[key]
    return f"{title}\n\n{body}\n"


def read(sources: list[str], **options: object) -> list[ReadResult]:
    return list(read_sources(sources, IngestOptions(**options)))  # type: ignore[arg-type]


def summarize(results: list[ReadResult]) -> IngestSummary:
    summary = IngestSummary()
    for result in results:
        summary.add(result)
    return summary


def articles(results: list[ReadResult]) -> list[str]:
    return [result.article.title or "" for result in results if result.article is not None]


def failure_codes(results: list[ReadResult]) -> list[str]:
    return [result.failure.code for result in results if result.failure is not None]


# -- files, folders, globs, gzip ---------------------------------------------------------------------------

def test_a_folder_is_read_recursively_and_hidden_files_are_left_out(tmp_path: Path) -> None:
    (tmp_path / "2024" / "june").mkdir(parents=True)
    (tmp_path / "ferry.txt").write_text(text("ferry"))
    (tmp_path / "2024" / "june" / "orchard.html").write_bytes(page("orchard"))
    (tmp_path / "2024" / "library.txt.gz").write_bytes(gzip.compress(text("library").encode()))
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "junk.txt").write_text("not an article, and hidden")
    results = read([str(tmp_path)])
    assert sorted(articles(results)) == sorted(
        [STORIES["ferry"][0], STORIES["orchard"][0], STORIES["library"][0]]
    )
    assert all(result.failure is None for result in results)


def test_a_glob_pattern_matches_files_and_an_empty_match_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(text("ferry"))
    (tmp_path / "b.txt").write_text(text("orchard"))
    (tmp_path / "c.md").write_text(text("library"))
    results = read([str(tmp_path / "*.txt"), str(tmp_path / "*.nothing")])
    assert len(articles(results)) == 2
    assert failure_codes(results) == ["E006"]


def test_truncated_gzip_is_a_failure_and_the_rest_is_read(tmp_path: Path) -> None:
    whole = gzip.compress((text("ferry") * 20).encode())
    (tmp_path / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "fine.txt").write_text(text("orchard"))
    results = read([str(tmp_path / "cut.txt.gz"), str(tmp_path / "fine.txt")])
    assert failure_codes(results) == ["E011"]
    assert "truncated" in (results[0].failure.message if results[0].failure else "")
    assert articles(results) == [STORIES["orchard"][0]]


def test_truncated_gzip_jsonl_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"text": text(key) + " " + "filler words here. " * 40}) + "\n" for key in STORIES)
    whole = gzip.compress(lines.encode())
    (tmp_path / "dump.jsonl.gz").write_bytes(whole[: int(len(whole) * 0.8)])
    results = read([str(tmp_path / "dump.jsonl.gz")])
    assert failure_codes(results)[-1] == "E011"
    assert len(articles(results)) >= 1


def test_html_without_a_body_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "head-only.html").write_text("<html><head><title>Nothing here</title></head></html>")
    (tmp_path / "story.html").write_bytes(page("ferry"))
    results = read([str(tmp_path / "head-only.html"), str(tmp_path / "story.html")])
    assert failure_codes(results) == ["E004"]
    assert len(articles(results)) == 1


def test_html_metadata_and_a_stable_id(tmp_path: Path) -> None:
    (tmp_path / "story.html").write_bytes(page("library", site="Harbour Gazette"))
    first = read([str(tmp_path / "story.html")])[0].article
    second = read([str(tmp_path / "story.html")])[0].article
    assert first is not None and second is not None
    assert first.outlet == "Harbour Gazette"
    assert first.language == "en"
    assert first.id == second.id and first.id.startswith("sha1:")


def test_stdin_is_one_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text("ferry").encode())))
    results = read(["-"])
    assert results[0].source == "stdin" and articles(results) == [STORIES["ferry"][0]]


# -- JSONL and CSV -------------------------------------------------------------------------------------

def test_jsonl_with_a_line_that_is_not_json(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join([
        json.dumps({"text": text("ferry"), "url": "https://news.example/ferry?utm_source=feed#top",
                    "published": "2024-03-07", "outlet": "Valley Courier"}),
        "{this is not json",
        "",
        json.dumps({"html": page("orchard").decode(), "id": "orchard-17"}),
        json.dumps(["a", "list"]),
    ]) + "\n")
    results = read([str(dump)])
    assert [result.source for result in results] == [f"{dump}:1", f"{dump}:2", f"{dump}:4", f"{dump}:5"]
    assert failure_codes(results) == ["E013", "E013"]
    ferry, orchard = (result.article for result in results if result.article is not None)
    assert ferry is not None and orchard is not None
    assert ferry.id == "https://news.example/ferry"  # tracking parameter and fragment dropped
    assert ferry.url == "https://news.example/ferry?utm_source=feed#top"
    assert (ferry.published, ferry.outlet) == ("2024-03-07", "Valley Courier")
    assert orchard.id == "orchard-17" and orchard.title == STORIES["orchard"][0]


def test_jsonl_field_names_are_configurable_with_dotted_paths(tmp_path: Path) -> None:
    dump = tmp_path / "dump.ndjson"
    dump.write_text(json.dumps({"content": text("library"), "meta": {"link": "https://news.example/lib"}}) + "\n")
    fields = RecordFields.parse("text=content,url=meta.link")
    results = read([str(dump)], fields=fields)
    assert results[0].article is not None and results[0].article.url == "https://news.example/lib"


def test_csv_with_a_missing_column_is_one_failure(tmp_path: Path) -> None:
    table = tmp_path / "table.csv"
    with table.open("w", newline="") as handle:
        csv.writer(handle).writerows([["headline", "link"], ["Ferry", "https://news.example/f"]])
    good = tmp_path / "good.csv"
    with good.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows([["title", "text", "published"], [STORIES["ferry"][0], STORIES["ferry"][1], "2024-01-02"],
                          ["only two", "cells"], [STORIES["orchard"][0], STORIES["orchard"][1], "2024-01-03"]])
    results = read([str(table), str(good)])
    assert failure_codes(results) == ["E013", "E013"]
    assert results[0].failure is not None and "no column 'text' or 'html'" in results[0].failure.message
    assert results[2].failure is not None and "2 cells where the header has 3" in results[2].failure.message
    assert articles(results) == [STORIES["ferry"][0], STORIES["orchard"][0]]


def test_tsv_with_renamed_columns(tmp_path: Path) -> None:
    table = tmp_path / "table.tsv"
    table.write_text("headline\tbody\n" + f"{STORIES['library'][0]}\t{STORIES['library'][1]}\n")
    results = read([str(table)], fields=RecordFields.parse("title=headline,text=body"))
    assert articles(results) == [STORIES["library"][0]]


# -- WARC ----------------------------------------------------------------------------------------------

def _warc(path: Path, gzipped: bool = True) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        for key, url in (("ferry", "https://news.example/ferry"), ("orchard", "https://news.example/orchard")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page(key)),
                                                          http_headers=headers))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example/logo.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG...."), http_headers=image))
        missing = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example/gone", "response",
                                                      payload=io.BytesIO(b"<html>gone</html>"), http_headers=missing))
        writer.write_record(writer.create_warc_record("https://news.example/ferry", "request",
                                                      payload=io.BytesIO(b"GET /ferry HTTP/1.1\r\n\r\n")))


def test_warc_gz_html_responses_become_articles_and_the_rest_is_counted(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    _warc(crawl)
    results = read([str(crawl)])
    assert articles(results) == [STORIES["ferry"][0], STORIES["orchard"][0]]
    found = [result.article for result in results if result.article is not None]
    assert found[0] is not None and found[0].id == "https://news.example/ferry"
    summary = summarize(results)
    assert (summary.read, summary.articles, sum(summary.skipped.values()), len(summary.failures)) == (4, 2, 2, 0)


def _response(url: str, body: bytes, *, declared_length: int | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    length = len(http) if declared_length is None else declared_length
    return (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{abs(hash(url))}>\r\n"
            f"WARC-Target-URI: {url}\r\nContent-Length: {length}\r\n\r\n").encode() + http + b"\r\n\r\n"


def test_malformed_warc_records_are_failures_and_reading_goes_on(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc"
    _warc(crawl, gzipped=False)
    with crawl.open("ab") as handle:
        handle.write(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/x\r\n"
                     b"Content-Length: 12\r\n\r\nno record id\r\n\r\n")
        handle.write(_response("https://news.example/library", page("library")))
        cut = _response("https://news.example/cut", page("ferry"), declared_length=9000)
        handle.write(cut[:-4])  # the crawl stopped in the middle of this record
    results = read([str(crawl)])
    assert articles(results) == [STORIES["ferry"][0], STORIES["orchard"][0], STORIES["library"][0]]
    assert failure_codes(results) == ["E012", "E012"]
    messages = [result.failure.message for result in results if result.failure is not None]
    assert "WARC-Record-ID" in messages[0] and "truncated" in messages[1]


def test_a_record_warcio_cannot_parse_ends_the_file_with_one_failure(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc"
    _warc(crawl, gzipped=False)
    with crawl.open("ab") as handle:  # a response record without a target URI: warcio cannot go on
        handle.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12\r\n\r\nno target ur\r\n\r\n")
        handle.write(_response("https://news.example/library", page("library")))
    results = read([str(crawl)])
    assert len(articles(results)) == 2
    assert failure_codes(results) == ["E012"]
    assert results[-1].failure is not None and "the rest of the file is lost" in results[-1].failure.message


def test_truncated_warc_gz_is_a_failure_after_the_good_records(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    _warc(crawl)
    data = crawl.read_bytes()
    crawl.write_bytes(data[: len(data) - 60])  # cut inside the last gzip member
    results = read([str(crawl)])
    assert len(articles(results)) == 2
    assert failure_codes(results) == ["E012"]


def test_garbage_named_warc_is_a_failure(tmp_path: Path) -> None:
    crawl = tmp_path / "notes.warc"
    crawl.write_text("these are my notes, not a web archive\n")
    assert failure_codes(read([str(crawl)])) == ["E012"]


# -- URLs and feeds (local server only) ----------------------------------------------------------------

def _fetching(**options: object) -> FetchOptions:
    return FetchOptions(**{"allow_private": True, "timeout": 1.0, **options})  # type: ignore[arg-type]


def test_a_url_is_fetched_with_its_final_address_as_id() -> None:
    routes = {"/old": Route(301, headers={"Location": "/story?utm_medium=x"}),
              "/story?utm_medium=x": Route(body=page("ferry"))}
    with local_server(routes) as server:
        results = read([server.url("/old")], fetch=_fetching())
    article = results[0].article
    assert article is not None and article.title == STORIES["ferry"][0]
    assert article.url == server.url("/story?utm_medium=x")
    assert article.id == server.url("/story")


def test_private_addresses_are_refused_by_default() -> None:
    with local_server({"/story": Route(body=page("ferry"))}) as server:
        results = read([server.url("/story")])
    assert failure_codes(results) == ["E009"]
    assert results[0].failure is not None and "--allow-private" in results[0].failure.message


def test_a_404_and_a_timeout_are_failures_and_the_rest_goes_on(tmp_path: Path) -> None:
    routes = {"/ok": Route(body=page("orchard")), "/slow": Route(body=page("ferry"), delay=3.0)}
    local = tmp_path / "local.txt"
    local.write_text(text("library"))
    with local_server(routes) as server:
        results = read([server.url("/missing"), server.url("/slow"), server.url("/ok"), str(local)],
                       fetch=_fetching(timeout=0.5))
    assert failure_codes(results) == ["E010", "E010"]
    messages = [result.failure.message for result in results if result.failure is not None]
    assert "HTTP 404" in messages[0] and "timed out" in messages[1]
    assert articles(results) == [STORIES["orchard"][0], STORIES["library"][0]]


def test_redirect_loops_and_oversized_pages_are_refused() -> None:
    routes = {"/loop": Route(302, headers={"Location": "/loop"}), "/big": Route(body=b"<p>" + b"word " * 5000)}
    with local_server(routes) as server:
        results = read([server.url("/loop"), server.url("/big")], fetch=_fetching(max_redirects=3), max_bytes=10_000)
    assert failure_codes(results) == ["E010", "E003"]
    assert results[0].failure is not None and "more than 3 redirects" in results[0].failure.message


def test_gzip_encoded_responses_are_decoded() -> None:
    routes = {"/gz": Route(body=gzip.compress(page("library")),
                           headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})}
    with local_server(routes) as server:
        results = read([server.url("/gz")], fetch=_fetching())
    assert articles(results) == [STORIES["library"][0]]


def _feed(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Valley Courier</title><link>{base}/</link>
<item><title>Ferry back</title><link>{base}/ferry</link><pubDate>Thu, 07 Mar 2024 09:30:00 GMT</pubDate>
<author>desk@valley.example (Rosa Milne)</author></item>
<item><title>An entry with nothing in it</title></item>
<item><title>Gone</title><link>{base}/removed</link></item>
<item><title>Orchards</title><link>{base}/orchard</link></item>
</channel></rss>""".encode()


def test_a_feed_fetches_each_linked_article_and_records_broken_entries(tmp_path: Path) -> None:
    routes = {"/ferry": Route(body=page("ferry")), "/orchard": Route(body=page("orchard"))}
    with local_server(routes) as server:
        routes["/feed.xml"] = Route(body=_feed(server.base), headers={"Content-Type": "application/rss+xml"})
        results = read([server.url("/feed.xml")], fetch=_fetching())
    assert failure_codes(results) == ["E014", "E010"]  # the empty entry, then the 404 link
    found = [result.article for result in results if result.article is not None]
    assert [article.title for article in found] == ["Ferry back", "Orchards"]  # the feed's title wins
    assert found[0].published == "2024-03-07T09:30:00Z" and found[0].outlet == "Valley Courier"


def test_a_malformed_feed_file_is_recorded_and_its_readable_entries_kept(tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    feed.write_text("<?xml version='1.0'?><rss><channel><title>Broken</title>"
                    f"<item><title>Library</title><description>{STORIES['library'][1]}</description></item>"
                    "<item><title>Cut off here & <b>unclosed")
    results = read([str(feed)], fetch_feed_articles=False)
    assert "E014" in failure_codes(results)
    assert len(articles(results)) == 1


# -- duplicates and language -------------------------------------------------------------------------

def test_exact_duplicates_are_skipped_and_near_duplicates_linked(tmp_path: Path) -> None:
    original = text("ferry")
    (tmp_path / "1-original.txt").write_text(original)
    (tmp_path / "2-copy.txt").write_text(original.replace("  ", " ") + "\n\n")
    edited = original.replace("on Thursday", "on Thursday morning").replace("Captain Rosa Milne", "Captain Milne")
    (tmp_path / "3-edited.txt").write_text(edited)
    (tmp_path / "4-other.txt").write_text(text("library"))
    results = read([str(tmp_path)])
    summary = summarize(results)
    assert (summary.read, summary.articles, len(summary.duplicates), summary.near_duplicates) == (4, 3, 1, 1)
    first, edited_article = results[0].article, results[2].article
    assert first is not None and edited_article is not None
    assert results[1].duplicate_of == first.id
    assert edited_article.duplicate_of == first.id
    assert edited_article.duplicate_similarity is not None and 0.5 <= edited_article.duplicate_similarity < 1
    assert "W005" in [notice.code for notice in edited_article.notices]
    assert results[3].article is not None and results[3].article.duplicate_of is None


def test_non_english_articles_are_accepted_and_marked(tmp_path: Path) -> None:
    (tmp_path / "brücke.txt").write_text("Brücke wird saniert\n\n" + GERMAN)
    article = read([str(tmp_path / "brücke.txt")])[0].article
    assert article is not None and article.language == "de"
    assert [notice.code for notice in article.notices] == ["W004"]


def test_every_item_is_accounted_for(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(text("ferry"))
    (tmp_path / "b.txt").write_text(text("ferry"))
    (tmp_path / "c.jsonl").write_text("nope\n" + json.dumps({"text": text("orchard")}) + "\n")
    _warc(tmp_path / "d.warc.gz")
    results = read([str(tmp_path), str(tmp_path / "missing.txt")])
    summary = summarize(results)
    skipped = sum(summary.skipped.values())
    assert summary.read == len(results) == summary.articles + len(summary.duplicates) + skipped + len(summary.failures)
    # The crawl's two pages repeat the text file and the JSONL record word for word: duplicates across formats.
    assert (summary.articles, len(summary.duplicates), skipped, len(summary.failures)) == (2, 3, 2, 2)
    assert summary.lines("extracted")[0].startswith("9 read: 0 extracted, 3 skipped as duplicate")
