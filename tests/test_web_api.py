"""The API and the pages in process (FastAPI's TestClient): every route, every error, the headers, and the
untrusted-text payloads. Analyses are built by hand here; only the tests marked ``model`` run the pipeline."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from newsprobe.api import create_app
from newsprobe.errors import Errors, InputError
from newsprobe.ingest import ReadResult
from newsprobe.models import (
    Analysis,
    Article,
    Attribution,
    Finding,
    Relay,
    Run,
    Span,
    Speaker,
    SpeakerCorrection,
    TimeExpression,
)
from newsprobe.settings import Settings
from newsprobe.store import open_store
from newsprobe.store.corpus_tables import add_correction

DOCS = Path(__file__).resolve().parents[1] / "docs" / "web.md"
SCRIPT = "<script>alert('text')</script>"
HANDLER = '" onmouseover="alert(1)" x="'
JS_URL = "javascript:alert(document.cookie)"


def hand_made(article_id: str, *, title: str = "Harbour talks stall", speaker: str = "Mara Quist",
              url: str | None = "https://news.example/harbour", outlet: str = "Example Post",
              published: str = "2024-03-05", extra: str = "") -> Analysis:
    """An analysis written by hand: one quote with a relay and a date, one finding (no spaCy)."""
    quote_text = "the cranes will stay idle"
    text = (f"{title}\n\n{speaker} said on Tuesday that “{quote_text}”, through a translator quoted by "
            f"Radio Example. {extra}\n")
    body = Span(len(title) + 2, len(text), text[len(title) + 2:])
    article = Article(id=article_id, text=text, body=body, title=title, url=url, outlet=outlet,
                      published=published, title_span=Span(0, len(title), title))

    def span(part: str) -> Span:
        start = text.index(part)
        return Span(start, start + len(part), part)

    attribution = Attribution(
        kind="direct", content=span(quote_text), cue=span("said"),
        speaker=Speaker(speaker, "named_person", "port spokeswoman", span(speaker)),
        via=(Relay("translator", "translator"), Relay("Radio Example", "outlet")), said_on="2024-03-05",
        confidence=0.9, method="test")
    tuesday = span("on Tuesday")
    finding = Finding("weekday_date_mismatch", "Tuesday does not fit the date.", "warning", (tuesday,),
                      "check the date", "test")
    return Analysis(article=article, run=Run("0.1.0", "en_test", "1.0"), attributions=(attribution,),
                    times=(TimeExpression(tuesday.start, tuesday.end, tuesday.text, "DATE", "2024-03-05"),),
                    findings=(finding,))


class FakeReader:
    """Stands in for fetching: no network in unit tests (MockTransport style)."""

    def __init__(self, results: Iterable[ReadResult] = (), delay: float = 0.0, fail: BaseException | None = None):
        self.results = list(results)
        self.delay = delay
        self.fail = fail

    def __call__(self, sources: Iterable[str], settings: Settings) -> Iterator[ReadResult]:
        if self.delay:
            time.sleep(self.delay)
        if self.fail is not None:
            raise self.fail
        return iter(self.results)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with open_store(tmp_path_factory.mktemp("web") / "web.db") as opened:
        opened.save(hand_made("plain-1"))
        opened.save(hand_made("https://news.example/a/b?id=1", title="Second story", published="2024-02-01",
                              outlet="Other Daily"))
        opened.save(hand_made("evil-1", title=f"{SCRIPT}{HANDLER}", speaker=f"Eve {SCRIPT}{HANDLER}",
                              url=JS_URL, outlet=f"Outlet {SCRIPT}", extra=f"{SCRIPT} {HANDLER} {JS_URL}"))
        yield opened


@pytest.fixture(scope="module")
def client(store: Any) -> TestClient:
    return TestClient(create_app(Settings(), store=store, reader=FakeReader()), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def bare() -> TestClient:
    """No store: analyse only."""
    return TestClient(create_app(Settings(), reader=FakeReader()), raise_server_exceptions=False)


class _MarkupAudit(HTMLParser):
    """Every script without ``src``, event-handler attribute and non-http(s) link in a page, as parsed."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("inline script")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}")
            local = value is None or value == "data:," or re.match(r"^(/|#|https?://)", value)  # data:, the favicon
            if name in {"href", "src", "action"} and not local:
                self.problems.append(f"{tag} {name}={value}")


def unsafe_markup(html: str) -> list[str]:
    audit = _MarkupAudit()
    audit.feed(html)
    return audit.problems


def error_of(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text[:500]
    body: dict[str, Any] = response.json()["error"]
    assert body["code"] == code and body["status"] == status and body["message"].startswith(f"[{code}]")
    return body


# --- headers and documentation ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api", "/static/newsprobe.css", "/api/nothing", "/nothing", "/articles"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    for path in ("/", "/articles/plain-1", "/articles", "/attributions", "/speakers", "/people", "/findings", "/traces",
                 "/graph"):
        html = client.get(path).text
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], path
        assert "<style" not in html and " style=" not in html, path


def all_routes() -> list[APIRoute]:
    from newsprobe.api.routes import router as api_router
    from newsprobe.web.pages import router as page_router

    return [route for route in (*api_router.routes, *page_router.routes) if isinstance(route, APIRoute)]


def test_every_route_is_documented(client: TestClient) -> None:
    documented = DOCS.read_text(encoding="utf-8")
    routes = all_routes()
    assert len(routes) >= 14
    for route in routes:  # each is served
        probe = re.sub(r"\{\w+(:path)?\}", "x", route.path)
        assert client.request(next(iter(route.methods)), probe).status_code != 405, route.path
    for route in routes:
        shown = re.sub(r"\{(\w+)(:path)?\}", r"{\1}", route.path).replace("{article_id}", "{id}")
        for method in route.methods - {"HEAD"}:
            assert f"`{method} {shown}`" in documented, f"{method} {shown} is not in docs/web.md"


def test_every_page_has_a_json_twin() -> None:
    routes = all_routes()
    api = {(method, route.path) for route in routes for method in route.methods}
    for route in routes:
        if not route.path.startswith("/api") and not route.path.endswith(".svg"):  # a picture, not a page
            for method in route.methods:
                twin = "/api" if route.path == "/" else "/api" + route.path
                assert (method, twin) in api, f"{method} {route.path} has no JSON twin"


def test_openapi_description(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {"/api/analyze", "/api/articles", "/api/articles/{article_id}", "/api/attributions", "/api/speakers",
            "/api/findings"} <= set(spec["paths"])
    assert not any(not path.startswith("/api") for path in spec["paths"])
    assert "ErrorResponse" in spec["components"]["schemas"]


# --- errors -------------------------------------------------------------------------------------------------


def test_not_found_routes_and_records(client: TestClient) -> None:
    error_of(client.get("/api/nothing"), 404, "E043")
    error_of(client.get("/api/articles/no-such-id"), 404, "E043")
    error_of(client.get("/api/speakers/Nobody%20Here"), 404, "E043")
    error_of(client.get("/api/people/Nobody%20Here"), 404, "E043")
    page = client.get("/articles/no-such-id")
    assert page.status_code == 404 and "E043" in page.text and page.headers["content-type"].startswith("text/html")


def test_wrong_method_is_e049(client: TestClient) -> None:
    error_of(client.delete("/api/articles"), 405, "E049")


def test_invalid_requests_are_e044_without_echoing_input(client: TestClient) -> None:
    body = error_of(client.post("/api/analyze", json={"text": 5, "colour": SCRIPT}), 422, "E044")
    assert {tuple(item["location"]) for item in body["detail"]} >= {("body", "text"), ("body", "colour")}
    assert SCRIPT not in str(body)
    error_of(client.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"}),
             422, "E044")
    error_of(client.get("/api/attributions?since=yesterday"), 422, "E044")
    error_of(client.get("/api/articles?limit=100000"), 422, "E044")
    error_of(client.post("/api/analyze", json={"url": "/etc/passwd"}), 422, "E044")
    error_of(client.post("/api/analyze", json={"url": "file:///etc/passwd"}), 422, "E044")


def test_exactly_one_input_is_e047(client: TestClient) -> None:
    error_of(client.post("/api/analyze", json={}), 422, "E047")
    error_of(client.post("/api/analyze", json={"text": "a", "url": "https://news.example/"}), 422, "E047")


def test_input_errors_keep_their_codes(client: TestClient) -> None:
    error_of(client.post("/api/analyze", json={"text": "   \n "}), 422, "E001")
    error_of(client.post("/api/analyze", json={"html": "<html><body><nav>menu</nav></body></html>"}), 422, "E004")


def test_body_over_the_limit_is_e040(store: Any) -> None:
    small = TestClient(create_app(Settings(web_max_body_bytes=1000), store=store, reader=FakeReader()))
    error_of(small.post("/api/analyze", json={"text": "x" * 2000}), 413, "E040")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted as the body arrives
        yield b'{"text": "'
        for _ in range(20):
            yield b"y" * 100
        yield b'"}'

    error_of(small.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"}), 413, "E040")
    assert "E040" in small.post("/analyze", data={"text": "z" * 2000}).text


def test_loopback_and_private_urls_are_refused(store: Any) -> None:
    from newsprobe.api.service import read_public_url

    # The real reader, with allow_private asked for in the settings: the server refuses all the same.
    real = TestClient(create_app(Settings(allow_private=True), store=store, reader=read_public_url))
    for url in ("http://127.0.0.1:9/", "http://[::1]/x", "http://10.0.0.7/", "http://169.254.169.254/latest/"):
        body = error_of(real.post("/api/analyze", json={"url": url}), 422, "E009")
        assert "--allow-private" not in body["message"]
    assert "E009" in real.post("/analyze", data={"url": "http://127.0.0.1:9/"}).text


def test_fetch_failures_keep_their_codes(store: Any) -> None:
    failing = FakeReader(fail=None, results=[])
    from newsprobe.ingest.items import failed

    failing.results = [failed("https://news.example/x", InputError(Errors.E010, url="https://news.example/x",
                                                                    detail="HTTP 404 Not Found"))]
    app = TestClient(create_app(Settings(), store=store, reader=failing))
    error_of(app.post("/api/analyze", json={"url": "https://news.example/x"}), 502, "E010")


def test_slow_analysis_is_e041(store: Any) -> None:
    slow = TestClient(create_app(Settings(web_analysis_timeout=0.2), store=store, reader=FakeReader(delay=1.0)))
    error_of(slow.post("/api/analyze", json={"url": "https://news.example/slow"}), 503, "E041")


def test_unexpected_failure_is_e046_without_traceback(store: Any) -> None:
    broken = TestClient(create_app(Settings(), store=store, reader=FakeReader(fail=RuntimeError("secret path"))),
                        raise_server_exceptions=False)
    response = broken.post("/api/analyze", json={"url": "https://news.example/boom"})
    body = error_of(response, 500, "E046")
    assert "secret path" not in response.text and "Traceback" not in response.text
    assert re.search(r"reference [0-9a-f]{12}", body["message"])
    page = broken.post("/analyze", data={"url": "https://news.example/boom"})
    assert page.status_code == 500 and "E046" in page.text and "secret path" not in page.text


def test_cross_site_posts_are_e048(client: TestClient) -> None:
    error_of(client.post("/api/analyze", json={"text": "x"}, headers={"origin": "https://evil.example"}), 403, "E048")
    same = client.post("/api/analyze", json={}, headers={"origin": "http://testserver"})
    error_of(same, 422, "E047")  # same origin gets through to the route


def test_corpus_routes_need_a_store(bare: TestClient) -> None:
    for path in ("/api/articles", "/api/articles/x", "/api/attributions", "/api/speakers", "/api/speakers/x",
                 "/api/people", "/api/people/x", "/api/findings", "/api/traces", "/api/traces/x", "/api/graph"):
        error_of(bare.get(path), 409, "E045")
    error_of(bare.post("/api/analyze", json={"text": "Words.", "save": True}), 409, "E045")
    assert bare.get("/api").json()["store"] is False
    assert 'href="/articles"' not in bare.get("/").text


def test_saving_needs_the_token_when_one_is_set(store: Any) -> None:
    guarded = TestClient(create_app(Settings(api_token="s3cret"), store=store, reader=FakeReader()))
    error_of(guarded.post("/api/analyze", json={"text": "Words.", "save": True}), 401, "E042")
    error_of(guarded.post("/api/analyze", json={"text": "Words.", "save": True},
                          headers={"authorization": "Bearer wrong"}), 401, "E042")
    page = guarded.post("/analyze", data={"text": "Words.", "save": "1", "token": "nope"})
    assert page.status_code == 401 and "E042" in page.text
    assert guarded.get("/api").json()["write_token_required"] is True


# --- the corpus routes ---------------------------------------------------------------------------------------


def test_articles_list_search_and_view(client: TestClient) -> None:
    listed = client.get("/api/articles").json()
    assert listed["total"] == 3 and {hit["article"]["id"] for hit in listed["hits"]} >= {"plain-1"}
    assert client.get("/api/articles?outlet=other daily").json()["total"] == 1
    assert client.get("/api/articles?since=2024-03-01").json()["total"] == 2
    full = client.get("/api/articles/plain-1").json()
    assert full["schema_version"] and full["attributions"][0]["via"][1]["name"] == "Radio Example"
    by_url = client.get("/api/articles/" + quote("https://news.example/a/b?id=1", safe="")).json()
    assert by_url["article"]["title"] == "Second story"
    html = client.get("/articles").text
    assert quote("https://news.example/a/b?id=1", safe="") in html and "Second story" in html
    page = client.get("/articles/plain-1").text
    assert 'class="m-quote' in page and "m-relay" in page and "m-speaker" in page and "m-cue" in page
    assert "weekday_date_mismatch" in page and "translator (translator) → Radio Example (outlet)" in page
    assert 'href="/traces/plain-1%230"' in page and 'href="/speakers/Mara%20Quist"' in page


def test_attribution_search_speakers_and_findings(client: TestClient) -> None:
    found = client.get("/api/attributions?q=cranes&speaker=quist").json()
    assert found["total"] == 2 and found["hits"][0]["attribution"]["speaker"]["name"] == "Mara Quist"
    assert client.get("/api/attributions?kind=indirect").json()["total"] == 0
    assert "Mara Quist" in client.get("/attributions?q=cranes").text
    speakers = client.get("/api/speakers?q=quist").json()["speakers"]
    assert [(s["name"], s["attributions"]) for s in speakers] == [("Mara Quist", 2)]
    one = client.get("/api/speakers/Mara%20Quist").json()
    assert one["speaker"]["outlets"] == ["Example Post", "Other Daily"] and one["quotes"]["total"] == 2
    assert one["speaker"]["roles"] == ["port spokeswoman"]
    page = client.get("/speakers/Mara%20Quist").text
    assert "Quotes over time" in page and "2024-03" in page and "<svg" in page
    findings = client.get("/api/findings?type=weekday_date_mismatch").json()
    assert findings["total"] == 3 and findings["counts"][0]["type"] == "weekday_date_mismatch"
    assert "Tuesday does not fit" in client.get("/findings").text


def test_people_pages_merge_one_person_across_articles_and_follow_the_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "people.db") as opened:
        opened.save(hand_made("first", speaker="Yusuf al-Kazimi", published="2023-01-10"))
        opened.save(hand_made("second", speaker="Yusuf al-Kazemi", published="2023-02-14", outlet="Other Daily"))
        web = TestClient(create_app(Settings(), store=opened, reader=FakeReader()), raise_server_exceptions=False)
        people = web.get("/api/people?q=kaz").json()["people"]
        assert len(people) == 1
        person = people[0]
        assert {person["name"], *person["variants"]} == {"Yusuf al-Kazimi", "Yusuf al-Kazemi"}
        assert len(person["appearances"]) == 2 and set(person["outlets"]) == {"Example Post", "Other Daily"}
        assert any(merge["code"] == "transliteration" for merge in person["merges"])
        # by id and by either spelling, the same person; the page shows every name with its reason
        for wanted in (person["id"], "Yusuf al-Kazemi", "yusuf al kazimi"):
            assert web.get("/api/people/" + quote(wanted, safe="")).json()["person"]["id"] == person["id"]
        page = web.get("/people/" + quote(person["id"], safe="")).text
        assert "transliteration" in page and "Other Daily" in page and "port spokeswoman" in page
        assert 'href="/people/Yusuf%20al-Kazimi"' in web.get("/speakers/Yusuf%20al-Kazimi").text
        # a new article and a user's split each change what the pages show (the registry is rebuilt)
        opened.save(hand_made("third", speaker="Yusuf al-Kazimi", published="2023-03-01"))
        assert len(web.get("/api/people/" + quote(person["id"], safe="")).json()["person"]["appearances"]) == 3
        with opened.transaction(write=True) as tx:
            add_correction(tx, SpeakerCorrection("split", person["name"], next(iter(person["variants"]))))
        after = web.get("/api/people?q=kaz").json()["people"]
        assert len(after) == 2


def test_quote_traces_and_the_citation_graph(client: TestClient) -> None:
    traces = client.get("/api/traces").json()["traces"]
    assert traces and len(traces[0]["appearances"]) == 3  # the same quote in the three hand-made articles
    trace_id = traces[0]["id"]
    one = client.get("/api/traces/" + quote(trace_id, safe="")).json()
    assert one["id"] == trace_id and {a["drift"] for a in one["appearances"]} >= {"earliest"}
    page = client.get("/traces/" + quote(trace_id, safe="")).text
    assert "the cranes will stay idle" in page and "Timeline" in page
    assert "the cranes will stay idle" in client.get("/traces").text
    assert client.get("/api/traces?q=the cranes will stay idle").json()["traces"]
    error_of(client.get("/api/traces/nothing%230"), 404, "E043")
    edges = client.get("/api/graph").json()["edges"]
    assert {(edge["relayer"], edge["source"]) for edge in edges} >= {("Example Post", "Radio Example")}
    assert '<img class="graph" src="/graph.svg"' in client.get("/graph").text
    picture = client.get("/graph.svg")
    assert picture.headers["content-type"].startswith("image/svg+xml") and "<script" not in picture.text
    assert "Radio Example" in picture.text and "<svg" in picture.text
    assert picture.headers["content-security-policy"].startswith("default-src 'none'")


# --- untrusted text ---------------------------------------------------------------------------------------------


def test_payloads_are_escaped_on_every_page(client: TestClient) -> None:
    pages = ["/articles/evil-1", "/articles", "/attributions?speaker=eve", "/speakers", "/findings", "/traces",
             "/graph", "/traces/" + quote("evil-1#0", safe=""),
             "/speakers/" + quote(f"Eve {SCRIPT}{HANDLER}", safe=""), "/people",
             "/people/" + quote(f"Eve {SCRIPT}{HANDLER}", safe="")]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.text
        assert "<script>alert" not in html and 'onmouseover="alert' not in html, path
        assert unsafe_markup(html) == [], path
        assert "&lt;script&gt;" in html, path  # shown, as text


def test_payloads_come_back_intact_as_json(client: TestClient) -> None:
    data = client.get("/api/articles/evil-1").json()
    assert data["article"]["title"] == f"{SCRIPT}{HANDLER}" and data["article"]["url"] == JS_URL
    assert client.get("/api/articles/evil-1").headers["content-type"] == "application/json"


def test_only_http_urls_become_links(client: TestClient) -> None:
    assert 'href="https://news.example/harbour"' in client.get("/articles/plain-1").text
    assert JS_URL not in client.get("/articles/evil-1").text.split("<main")[1].split('class="text"')[0]


def test_analyse_page_and_example(client: TestClient) -> None:
    page = client.get("/").text
    assert 'action="/analyze"' in page and 'name="text"' in page and 'name="save"' in page
    example = client.get("/api/example").json()
    assert example["name"] == "harbour-strike.txt" and len(example["text"]) > 500


# --- with the pipeline ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def analysing(analyzer: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with open_store(tmp_path_factory.mktemp("web-model") / "saved.db") as saved:
        yield TestClient(create_app(Settings(api_token="s3cret"), analyzer=analyzer, store=saved,
                                    reader=FakeReader()))


TEXT = ('Port director Lena Hart said on Monday that "the strike will end soon." '
        'Union leader Omar Dahl told reporters the talks had failed, according to a local radio station.')


@pytest.mark.model
def test_analyse_text_html_and_save(analysing: TestClient) -> None:
    result = analysing.post("/api/analyze", json={"text": TEXT, "title": "Strike talks", "published": "2024-03-04"})
    assert result.status_code == 200
    data = result.json()
    assert data["article"]["title"] == "Strike talks" and data["reference_date"]["value"] == "2024-03-04"
    assert any(a["speaker"]["name"] == "Lena Hart" for a in data["attributions"])
    html = analysing.post("/api/analyze", json={"html": f"<html><body><article><p>{TEXT}</p></article></body></html>"})
    assert html.status_code == 200 and html.json()["attributions"]
    saved = analysing.post("/api/analyze", json={"text": TEXT, "save": True},
                           headers={"authorization": "Bearer s3cret"})
    assert saved.status_code == 201
    assert analysing.get(saved.headers["location"]).json()["article"]["id"] == saved.json()["article"]["id"]


@pytest.mark.model
def test_analyse_form_shows_the_result_and_escapes_payloads(analysing: TestClient) -> None:
    payload = f'{TEXT} {SCRIPT} She wrote "{HANDLER}" and {JS_URL} .'
    page = analysing.post("/analyze", data={"text": payload, "title": f"T {SCRIPT}", "outlet": HANDLER})
    assert page.status_code == 200
    assert "Lena Hart" in page.text and 'class="m-quote' in page.text and 'tabindex="0"' in page.text
    assert "<script>alert" not in page.text and 'onmouseover="alert' not in page.text
    assert unsafe_markup(page.text) == []
    saved = analysing.post("/analyze", data={"text": TEXT, "save": "1", "token": "s3cret"})
    assert saved.status_code == 200 and "Saved to the corpus" in saved.text


# --- the command -------------------------------------------------------------------------------------------------


def test_serve_command_is_listed_and_checks_its_port(capsys: pytest.CaptureFixture[str]) -> None:
    from newsprobe.cli import EXIT_USAGE, build_parser, main
    from newsprobe.cli.serve import _is_loopback

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.db) == ("127.0.0.1", 8000, None)  # this machine only, by default
    assert main(["serve", "--port", "70000"]) == EXIT_USAGE
    assert "not a TCP port" in capsys.readouterr().err
    assert _is_loopback("127.0.0.1") and _is_loopback("::1") and _is_loopback("localhost")
    assert not _is_loopback("0.0.0.0") and not _is_loopback("192.168.1.4")


def test_a_full_queue_is_refused_at_once(store: Any) -> None:
    import asyncio

    from newsprobe.api.service import MAX_PENDING, AnalysisService

    service = AnalysisService(Settings(web_analysis_timeout=5.0))

    async def flood() -> list[Any]:
        return await asyncio.gather(*(service.run(lambda: time.sleep(0.3)) for _ in range(MAX_PENDING + 3)),
                                    return_exceptions=True)

    try:
        outcomes = asyncio.run(flood())
    finally:
        service.close()
    refused = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(refused) == 3 and all(getattr(error, "code", "") == "E041" for error in refused)


@pytest.mark.model
def test_newsprobe_serve_answers_on_loopback() -> None:
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "newsprobe.cli", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api", timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline, "newsprobe serve did not start"
                time.sleep(0.2)
        assert answer.json()["store"] is False and "default-src 'self'" in answer.headers["content-security-policy"]
        assert "server" not in answer.headers  # no software banner
        error_of(httpx.get(f"http://127.0.0.1:{port}/api/articles"), 409, "E045")
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_store_failure_keeps_its_code(tmp_path: Path) -> None:
    closed = open_store(tmp_path / "closed.db")
    closed.close()  # every query on it now fails with the store's own coded error
    app = TestClient(create_app(Settings(), store=closed, reader=FakeReader()), raise_server_exceptions=False)
    error_of(app.get("/api/articles"), 503, "E028")
    page = app.get("/articles")
    assert page.status_code == 503 and "E028" in page.text
