"""The pages in a real browser: Debian's Chromium driven by Playwright against a real uvicorn server.

One server (in a thread of this process, sharing the session's Analyzer) and one browser for the module.
Screenshots go to a temporary folder (printed with -s); a dialog firing anywhere fails the test.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from newsprobe.api import create_app
from newsprobe.settings import Settings
from newsprobe.store import open_store
from tests.test_web_api import HANDLER, JS_URL, SCRIPT, hand_made

pytestmark = pytest.mark.model
EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "newsprobe" / "examples" / "harbour-strike.txt"


@pytest.fixture(scope="module")
def server(analyzer: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn server on a free loopback port, with a store holding a hand-made analysis full of payloads."""
    import uvicorn

    store = open_store(tmp_path_factory.mktemp("browser") / "browser.db")
    store.save(hand_made("evil-1", title=f"{SCRIPT}{HANDLER}", speaker=f"Eve <img src=x onerror=alert(2)>{HANDLER}",
                         url=JS_URL, outlet=f"Outlet {SCRIPT}", extra=f"{SCRIPT} {HANDLER} {JS_URL}"))
    app = create_app(Settings(), analyzer=analyzer, store=store)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # port 0: the system picks a free one, and we keep the socket (no race)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvicorn_server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the uvicorn server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uvicorn_server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        store.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    opened.dialogs, opened.errors = dialogs, errors
    yield opened
    context.close()
    assert dialogs == [], f"a dialog fired: {dialogs}"


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"screenshots in {folder}")
    return folder


def normalized(name: str) -> str:
    return re.sub(r"^the ", "", " ".join(name.split()).lower())


def analyse(page: Any, server: str, text: str) -> None:
    page.goto(server + "/")
    page.fill("#text", text)
    page.click("#analyse")
    page.wait_for_selector(".text", timeout=60_000)


def test_paste_the_example_click_a_quote_and_read_the_panels(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/")
    page.click("#load-example")  # the example button fills the box through /api/example
    page.wait_for_function("document.getElementById('text').value.length > 500")
    assert page.input_value("#text") == EXAMPLE.read_text(encoding="utf-8")
    page.click("#analyse")
    page.wait_for_selector(".text [data-attr]", timeout=60_000)
    page.screenshot(path=str(shots / "example-article.png"), full_page=True)
    assert page.errors == []  # the CSP blocks nothing the page needs
    groups = page.locator(".speaker-group")
    assert groups.count() >= 2
    assert page.locator(".detail:visible").count() == 0
    first = page.locator(".text [tabindex='0'][data-attr]").first
    index = first.get_attribute("data-attr")
    first.click()
    detail = page.locator(f"#detail-{index}")
    assert detail.is_visible() and page.locator(".detail:visible").count() == 1
    for part in (".d-speaker", ".d-type", ".d-via", ".d-date", ".d-confidence"):
        assert detail.locator(part).inner_text().strip()
    assert page.locator(f".text .selected[data-attr='{index}']").count() >= 1
    page.screenshot(path=str(shots / "example-quote-selected.png"))
    # Keyboard: Tab reaches the quotes, Enter opens the next one; the focus is visible (an outline).
    second = page.locator(".text [tabindex='0'][data-attr]").nth(1)
    second.focus()
    page.keyboard.press("Enter")
    assert page.locator(f"#detail-{second.get_attribute('data-attr')}").is_visible()
    # A side-panel link selects its quote in the text.
    page.locator(".quote-list a[data-goto]").last.click()
    last = page.locator(".quote-list a[data-goto]").last.get_attribute("data-goto")
    assert page.locator(f"#detail-{last}").is_visible()


def test_keyboard_focus_is_visible(page: Any, server: str) -> None:
    analyse(page, server, EXAMPLE.read_text(encoding="utf-8"))
    for _ in range(40):  # Tab from the top of the page until a quote has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-attr')"):
            break
    else:
        pytest.fail("Tab never reached a quote")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press(" ")
    index = page.evaluate("document.activeElement.getAttribute('data-attr')")
    assert page.locator(f"#detail-{index}").is_visible()


def test_phone_width_is_one_column(browser: Any, server: str, shots: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone = context.new_page()
    try:
        analyse(phone, server, EXAMPLE.read_text(encoding="utf-8"))
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways at phone width ({width}px)"
        text_box = phone.locator(".text").bounding_box()
        panel_box = phone.locator("aside.panel").bounding_box()
        assert panel_box["y"] >= text_box["y"] + text_box["height"] - 1  # the panel goes under the text
        phone.screenshot(path=str(shots / "phone.png"))
    finally:
        context.close()


def test_seed_article_shows_all_attributions_relays_and_the_weekday_finding(
        page: Any, server: str, shared_data: Path, shots: Path) -> None:
    seed = (shared_data / "seed" / "article.txt").read_text(encoding="utf-8")
    gold = json.loads((shared_data / "seed" / "seed-gold.json").read_text(encoding="utf-8"))
    analyse(page, server, seed)
    page.screenshot(path=str(shots / "seed.png"), full_page=True)
    assert page.locator(".quote-list li.attribution").count() == len(gold["attributions"]) == 21
    assert page.locator("#detail-empty").is_visible()
    panel = page.locator("aside.panel").inner_text()
    assert "Who said what (21)" in panel
    # Each gold relay chain (PBS NewsHour; translator -> PBS NewsHour; The New York Times ...) is shown, names
    # compared as the attribution scorer does (case and a leading "the" aside).
    shown = [normalized(text) for text in page.locator(".d-via").all_text_contents()]
    for attribution in gold["attributions"]:
        if attribution["via"]:
            chain = " → ".join(normalized(name) for name in attribution["via"])
            assert any(chain in re.sub(r" \(\w+\)", "", text) for text in shown), chain
    relays = page.locator(".text .m-relay").all_text_contents()
    assert any("PBS NewsHour" in text for text in relays)
    assert page.locator(".finding-weekday_date_mismatch").count() >= 1
    assert page.locator(".text .m-finding").count() >= 1


def test_payloads_never_run(page: Any, server: str, shots: Path) -> None:
    page.goto(server + "/articles/evil-1")
    page.wait_for_selector(".text")
    page.hover(".text")
    for element in page.locator(".text span").all()[:30]:
        element.hover()
    page.locator(".text [data-attr]").first.click()
    assert page.locator("h1").inner_text().startswith("<script>")  # shown as text
    assert page.locator("a[href^='javascript:']").count() == 0
    page.screenshot(path=str(shots / "payloads.png"), full_page=True)
    evil_speaker = quote(f"Eve <img src=x onerror=alert(2)>{HANDLER}", safe="")
    for path in ("/articles", "/attributions", "/speakers", "/people", "/findings", "/speakers/" + evil_speaker,
                 "/people/" + evil_speaker):
        page.goto(server + path)
        for element in page.locator("main a, main td").all()[:20]:
            element.hover()
    assert page.locator("h1").inner_text().startswith("Eve <img")  # the person's page, the name as text
    analyse(page, server, f'Port director Lena Hart said on Monday that "the strike {SCRIPT} will end {HANDLER} '
                          f'soon." Read more at {JS_URL} now. {SCRIPT}')
    page.locator(".text [data-attr]").first.click()
    assert "Lena Hart" in page.locator(".detail:visible .d-speaker").inner_text()
    assert page.dialogs == []
