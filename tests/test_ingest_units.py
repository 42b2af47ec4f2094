"""Small pieces of ingestion: address checks, ids, duplicate signatures, language, declared encodings."""

from __future__ import annotations

import pytest

from newsprobe.errors import InputError
from newsprobe.ingest.decode import decode_bytes
from newsprobe.ingest.duplicates import DuplicateIndex, exact_key, signature
from newsprobe.ingest.fetch import FetchOptions, fetch
from newsprobe.ingest.html import declared_charset
from newsprobe.ingest.identity import article_id, normalize_url
from newsprobe.ingest.language import detect_language
from newsprobe.ingest.records import RecordFields

from .test_ingest_sources import GERMAN, STORIES


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/", "http://localhost/", "http://10.20.30.40/news", "http://169.254.169.254/latest/meta-data",
    "http://[::1]/", "http://192.168.1.1/", "http://100.64.0.1/",
])
def test_private_loopback_and_link_local_addresses_are_refused_before_connecting(url: str) -> None:
    with pytest.raises(InputError, match=r"\[E009\]"):
        fetch(url, FetchOptions(timeout=0.2))


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "http:///nohost"])
def test_only_http_urls_are_fetched(url: str) -> None:
    with pytest.raises(InputError, match=r"\[E010\].*only http"):
        fetch(url, FetchOptions())


def test_urls_are_normalised_for_ids() -> None:
    assert normalize_url("HTTPS://News.Example:443/a/b?utm_source=x&id=7&fbclid=y#comments") == \
        "https://news.example/a/b?id=7"
    assert normalize_url("http://news.example:8080") == "http://news.example:8080/"
    assert article_id(" dump-17 ", "https://x.example/a", "text") == "dump-17"
    assert article_id(None, None, "some text") == article_id(None, "", "some text")
    assert article_id(None, None, "some text").startswith("sha1:")


def test_exact_key_ignores_case_punctuation_spacing() -> None:
    assert exact_key("The  Mayor said:\n“yes”.") == exact_key("the mayor said yes")
    assert exact_key("the mayor said yes") != exact_key("the mayor said no")


def test_signatures_are_stable_and_short_texts_are_not_compared() -> None:
    body = STORIES["orchard"][1]
    first, second = signature(body), signature(body)
    assert first is not None and second is not None and (first == second).all()
    assert signature("too short to compare") is None


def test_near_duplicate_families_link_to_the_first_article() -> None:
    index = DuplicateIndex(threshold=0.5)
    base = STORIES["library"][1] + " " + STORIES["orchard"][1]
    assert index.check("a", base) is None
    edited = base.replace("next month", "in May")
    match = index.check("b", edited)
    assert match is not None and match.original_id == "a" and not match.exact and match.similarity < 1
    third = edited.replace("four new", "five new")
    match = index.check("c", third)
    assert match is not None and match.original_id == "a"
    assert index.check("d", STORIES["ferry"][1] + " " + GERMAN) is None
    exact = index.check("e", base.upper())
    assert exact is not None and exact.exact and exact.original_id == "a"


def test_a_threshold_over_one_turns_near_duplicates_off() -> None:
    index = DuplicateIndex(threshold=1.01)
    index.check("a", STORIES["library"][1])
    assert index.check("b", STORIES["library"][1].replace("Sundays", "Saturdays")) is None


def test_language_detection_needs_enough_text() -> None:
    assert detect_language("Bridge reopens") is None
    detected = detect_language(GERMAN)
    assert detected is not None and detected[0] == "de" and detected[1] > 0.9


def test_declared_encoding_is_used_for_legacy_pages() -> None:
    html = "<html><head><meta charset='windows-1250'></head><body><p>Zażółć gęślą jaźń, řekl starosta.</p>"
    data = html.encode("cp1250")
    assert declared_charset(data) == "windows-1250"
    decoded = decode_bytes(data, 10_000, declared_charset(data))
    assert "Zażółć gęślą jaźń" in decoded.text
    assert "as declared" in decoded.notices[0].message


def test_utf8_with_a_few_stray_bytes_stays_utf8() -> None:
    data = ("Größere Brücken über Flüsse, sagte die Behörde. " * 5).encode() + b"caf\xe9 " + b"Ende."
    decoded = decode_bytes(data, 10_000)
    assert "Größere Brücken" in decoded.text and "\ufffd" in decoded.text
    assert "1 replacement" in decoded.notices[0].message


def test_record_field_specs() -> None:
    fields = RecordFields.parse("text=body, url=meta.link")
    assert (fields.text, fields.url, fields.title) == ("body", "meta.link", "title")
    for bad in ("colour=red", "text", "text="):
        with pytest.raises(ValueError, match="FIELD=COLUMN"):
            RecordFields.parse(bad)


def test_every_redirect_hop_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsprobe.ingest import fetch as fetch_module

    from .local_http import Route, local_server

    checked: list[str] = []
    original = fetch_module._checked_address

    def spy(url: str, host: str, port: int, allow_private: bool) -> str:
        checked.append(url)
        return original(url, host, port, allow_private)

    monkeypatch.setattr(fetch_module, "_checked_address", spy)
    routes = {"/a": Route(302, headers={"Location": "/b"}), "/b": Route(307, headers={"Location": "/c"}),
              "/c": Route(body=b"<p>landed</p>")}
    with local_server(routes) as server:
        fetched = fetch(server.url("/a"), FetchOptions(allow_private=True, timeout=1.0))
    assert fetched.url == server.url("/c") and fetched.data == b"<p>landed</p>"
    assert checked == [server.url("/a"), server.url("/b"), server.url("/c")]
