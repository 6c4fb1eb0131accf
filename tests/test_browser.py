"""The web UI in a real browser: Debian's Chromium, headless, driven by Playwright.

The store is the bundled demo corpus, ingested once through the real pipeline; the server is
uvicorn on a free local port in a background thread. The test clicks through article -> speaker
-> story -> figure chart and saves a screenshot of each page (kept in pytest's tmp directory;
set STORYLINE_SCREENSHOTS=dir to keep them elsewhere).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from storyline.batch.run import ingest
from storyline.config import Settings
from storyline.ingest import read_inputs
from storyline.serve.api import make_app
from storyline.serve.demo import demo_corpus_path
from storyline.store import open_store
from storyline.store.base import Store
from tests.test_ui import EVIL_ID, hostile_doc

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (CI installs Debian's chromium)", allow_module_level=True)


def serve(store: Store) -> Iterator[str]:
    """The app on 127.0.0.1 at a port the OS picks, for as long as the generator is open."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(make_app(store, Settings()), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(str(tmp_path_factory.mktemp("browser") / "demo.db"))
    ingest(read_inputs([demo_corpus_path()]), store, Settings())
    if not store.stats()["stories"]:  # until linking assigns stories, take the demo's own grouping
        expected = json.loads(resources.files("storyline.demo").joinpath("expected.json").read_text(encoding="utf-8"))
        store.set_stories({doc: story for story, docs in expected["stories"].items() for doc in docs})
    yield store
    store.close()


@pytest.fixture(scope="module")
def demo_url(demo_store: Store) -> Iterator[str]:
    yield from serve(demo_store)


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = open_store(str(tmp_path_factory.mktemp("browser-hostile") / "hostile.db"))
    store.add([hostile_doc()])
    store.set_stories({EVIL_ID: "hostile-story"})
    yield from serve(store)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("pageerror", lambda err: problems.append(f"script error: {err}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("request", lambda r: None if r.url.startswith("http://127.0.0.1") else problems.append(f"went out: {r.url}"))
    page.problems = problems
    yield page
    context.close()
    assert problems == []


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("STORYLINE_SCREENSHOTS")
    folder = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def start_of_the_path(store: Store) -> dict[str, Any]:
    """An article with a quote by a known speaker, in a story whose articles report dated figures."""
    rows = store.rows(
        "SELECT q.doc_id, q.speaker, q.speaker_entity_id, d.story, f.metric FROM quotes q "
        "JOIN documents d ON d.id = q.doc_id JOIN documents o ON o.story = d.story JOIN figures f ON f.doc_id = o.id "
        "WHERE q.speaker_entity_id IS NOT NULL AND d.story IS NOT NULL AND coalesce(f.as_of, o.published) IS NOT NULL "
        "ORDER BY f.metric = 'killed' DESC, d.published IS NULL, d.published, q.doc_id LIMIT 1")
    assert rows, "the demo store has no quoted speaker in a story with figures"
    return rows[0]


def test_click_through_article_speaker_story_figure(tab: Any, demo_url: str, demo_store: Store, shots: Path) -> None:
    from playwright.sync_api import expect

    tab.goto(demo_url + "/")
    expect(tab.locator("h1")).to_contain_text("What the news says")
    tab.screenshot(path=str(shots / "1-home.png"), full_page=True)

    start = start_of_the_path(demo_store)
    tab.goto(f"{demo_url}/documents/{quote(start['doc_id'], safe='')}")
    quote_mark = tab.locator("#article-body span.hl-quote[data-items~='q0']").first
    expect(quote_mark).to_be_visible()
    tab.screenshot(path=str(shots / "2-article.png"), full_page=True)

    speaker_quote = tab.locator(".item-quote", has=tab.locator(f"a[href='/entities/{start['speaker_entity_id']}']")).first
    key = speaker_quote.get_attribute("data-key")
    tab.locator(f"#article-body span[data-items~='{key}']").first.click()
    selected = tab.locator("#selected")
    expect(selected).to_be_visible()
    expect(tab.locator(f"#article-body span.active[data-items~='{key}']").first).to_be_visible()
    tab.screenshot(path=str(shots / "3-article-selected.png"))

    selected.locator(f"a[href='/entities/{start['speaker_entity_id']}']").first.click()
    expect(tab.locator("h1")).to_be_visible()
    assert tab.url.endswith(f"/entities/{start['speaker_entity_id']}")
    expect(tab.locator("ul.quotes blockquote").first).to_be_visible()
    tab.screenshot(path=str(shots / "4-speaker.png"), full_page=True)

    tab.goto(f"{demo_url}/documents/{quote(start['doc_id'], safe='')}")
    tab.locator(".crumbs a", has_text="Story").click()
    expect(tab.locator("ol.articles > li").first).to_be_visible()
    assert f"/stories/{quote(start['story'], safe='')}" in tab.url
    tab.screenshot(path=str(shots / "5-story.png"), full_page=True)

    tab.locator("a.series-link", has_text=f"{start['metric']} chart").click()
    expect(tab.locator("svg.chart circle.point").first).to_be_visible()
    assert "/figures/" in tab.url
    tab.screenshot(path=str(shots / "6-figure.png"), full_page=True)


def test_layers_toggle_and_hash_selects(tab: Any, demo_url: str, demo_store: Store) -> None:
    from playwright.sync_api import expect

    start = start_of_the_path(demo_store)
    url = f"{demo_url}/documents/{quote(start['doc_id'], safe='')}"
    tab.goto(url + "#q0")
    expect(tab.locator("#selected .item-quote")).to_have_count(1)
    tab.locator("input[data-layer='quotes']").uncheck()
    expect(tab.locator("#article-body")).not_to_have_class("show-quotes")
    plain = tab.locator("#article-body span.hl-quote:not(.active)").first
    background = plain.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background in ("rgba(0, 0, 0, 0)", "transparent")
    tab.locator("#item-q0").click()  # a card brings its layer back and marks its words
    expect(tab.locator("#article-body span.active").first).to_be_visible()


def test_pages_render_without_errors(tab: Any, demo_url: str, demo_store: Store, shots: Path) -> None:
    from playwright.sync_api import expect

    place = demo_store.rows("SELECT e.id FROM entities e JOIN mentions m ON m.entity_id = e.id WHERE e.lat IS NOT NULL "
                            "GROUP BY e.id ORDER BY count(*) DESC LIMIT 1")
    for path in ("/documents", "/entities", "/stories", "/figures", "/search?q=ceasefire", "/documents/nope"):
        tab.goto(demo_url + path)
        expect(tab.locator("h1")).to_be_visible()
    if place:
        tab.goto(f"{demo_url}/entities/{place[0]['id']}")
        expect(tab.locator("figure.map circle.focus")).to_be_visible()
        tab.screenshot(path=str(shots / "7-place.png"), full_page=True)
    tab.fill("header input[name=q]", "Derna")
    tab.press("header input[name=q]", "Enter")
    expect(tab.locator("ul.hits mark").first).to_be_visible()


def test_hostile_text_does_not_run(tab: Any, hostile_url: str) -> None:
    from playwright.sync_api import expect

    for path in ("/", f"/documents/{quote(EVIL_ID, safe='')}", "/entities", "/stories/hostile-story", "/figures",
                 "/search?q=witnesses"):
        tab.goto(hostile_url + path)
        expect(tab.locator("h1").first).to_be_visible()
        tab.locator("body").click(position={"x": 5, "y": 200})
    tab.goto(f"{hostile_url}/documents/{quote(EVIL_ID, safe='')}")
    for mark in tab.locator("#article-body span[data-items]").all():
        mark.click()
        mark.hover()
    assert tab.evaluate("document.querySelectorAll('#article-body script, #article-body img, iframe').length") == 0
    assert "<script>alert('body')</script>" in tab.locator("#article-body").inner_text()
    # the tab fixture fails the test if any dialog opened, a script error happened, or a request left the server
