"""The web UI, page by page, over the newsroom store of test_api; and hostile text through every page."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from storyline.config import Settings
from storyline.model import (
    Boilerplate,
    Credit,
    Dateline,
    Document,
    Entity,
    Event,
    Figure,
    Geo,
    Published,
    Quote,
    Span,
    Speaker,
    Timex,
)
from storyline.serve.api import make_app
from storyline.serve.ui import Item, article_view, safe_url, segments
from storyline.store import open_store
from storyline.store.base import Store
from tests.test_api import STORYLINE_LINK, fill_newsroom


class Page(HTMLParser):
    """Every start tag with its attributes, and the text, of one HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(k in a and v in (a[k] or "").split() for k, v in attrs.items())]


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(str(tmp_path_factory.mktemp("ui") / "newsroom.db"))
    fill_newsroom(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(newsroom: Store) -> TestClient:
    return TestClient(make_app(newsroom, Settings()))


def page(client: TestClient, path: str, status: int = 200) -> Page:
    response = client.get(path)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    return Page(response.text)


# the pages ------------------------------------------------------------------------------------------
def test_home(client: TestClient) -> None:
    home = page(client, "/")
    text = " ".join(home.text)
    assert "6 articles from 4 outlets" in text
    links = {a["href"] for a in home.find("a")}
    assert {"/stories/derna-floods", "/entities/e-derna", "/entities/e-hamad", "/figures/killed",
            "/storylines/libya-floods-2023"} <= links
    assert home.find("form", role="search") and home.find("input", name="q")


@pytest.mark.parametrize("path", ["/", "/documents", "/entities", "/stories", "/figures", "/search?q=Derna",
                                  "/documents/harbour-derna-5300", "/entities/e-lrc", "/stories/derna-floods",
                                  "/storylines/libya-floods-2023", "/figures/killed", "/api/docs", "/no-such-page"])
def test_search_box_and_own_assets_everywhere(client: TestClient, path: str) -> None:
    html = page(client, path, 404 if "no-such" in path else 200)
    assert html.find("form", role="search")
    assert [s.get("src") for s in html.find("script")] == ["/static/storyline.js"]
    for tag, attrs in html.tags:  # nothing from another server: works offline
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not value.startswith(("http:", "https:", "//")), (tag, value)


def test_static_assets(client: TestClient) -> None:
    assert client.get("/static/storyline.css").headers["content-type"].startswith("text/css")
    assert "addEventListener" in client.get("/static/storyline.js").text
    assert "fonts.googleapis" not in client.get("/static/storyline.css").text


def test_article_highlights_every_item_at_its_span(client: TestClient, newsroom: Store) -> None:
    doc = newsroom.get("northwire-derna-revised")
    assert doc is not None
    html = page(client, "/documents/northwire-derna-revised")
    body = html.find("div", id="article-body")
    assert body
    marked = [m for m in html.find("span", **{"class": "hl-quote"}) if "data-items" in m]
    assert marked and all("q0" in (m["data-items"] or "").split() for m in marked)
    view = article_view(doc.to_dict())
    assert "".join(s.text for s in view["segments"]) == doc.body
    for kind in ("quotes", "figures", "dates", "entities", "events"):
        for item in view["groups"][kind]:
            assert html.find("article", id=f"item-{item.key}")
            covered = "".join(s.text for s in view["segments"] if item.key in s.keys.split())
            assert covered == "".join(doc.body[a:b] for a, b in sorted(item.spans))


def test_quotes_are_coloured_by_speaker(client: TestClient) -> None:
    html = page(client, "/documents/harbour-derna-5300")
    assert html.find("span", **{"class": "spk-0", "data-items": "q0"})  # the quoted words, in the speaker's colour
    legend = html.find("ul", **{"class": "legend"})
    assert legend and "swatch hl-quote spk-0" in [a["class"] for a in html.find("span", **{"class": "swatch"})]
    assert html.find("a", href="/entities/e-shukri")


def test_different_speakers_different_colours() -> None:
    body = "“One,” said Ana. “Two,” said Ben. “Three,” said Ana. They walked out."
    quotes = [Quote(t, body.index(t), body.index(t) + len(t), "direct", Speaker(who, f"e-{who}"))
              for t, who in (("One,", "ana"), ("Two,", "ben"), ("Three,", "ana"))]
    quotes.append(Quote("They walked out.", body.index("They"), len(body), "indirect", Speaker(None)))
    doc = Document("d", body, None, None, Published(None, "unknown"), quotes=tuple(quotes))
    view = article_view(doc.to_dict())
    css = [item.css for item in view["groups"]["quotes"]]
    assert css == ["hl-quote spk-0", "hl-quote spk-1", "hl-quote spk-0", "hl-quote spk-x"]
    assert [s["name"] for s in view["speakers"]] == ["ana", "ben", "unattributed"]


def test_segments_nest_innermost_first() -> None:
    body = "The mayor said 40 people died."
    outer = Item("q0", "quote", "", 0, 30, "hl-quote spk-0", spans=[(0, 30)])
    inner = Item("f0", "figure", "", 15, 24, "hl-figure", spans=[(15, 24)])
    name = Item("e0", "entity", "", 4, 9, "hl-entity", spans=[(4, 9)])
    parts = segments(body, [outer, inner, name])
    assert "".join(p.text for p in parts) == body
    assert [(p.text, p.keys) for p in parts] == [
        ("The ", "q0"), ("mayor", "e0 q0"), (" said ", "q0"), ("40 people", "f0 q0"), (" died.", "q0")]
    assert parts[3].css == "hl-figure hl-quote spk-0"
    same = Item("t0", "date", "", 15, 24, "hl-date", spans=[(15, 24)])  # two items on the very same words
    assert [p.keys for p in segments(body, [inner, same])] == ["", "f0 t0", ""]
    assert segments("plain", []) == [segments("plain", [])[0]] and segments("plain", [])[0].keys == ""


def test_article_shows_removed_boilerplate_apart(client: TestClient) -> None:
    html = page(client, "/documents/northwire-derna-2300")
    text = " ".join(html.text)
    assert html.find("section", **{"class": "removed"})
    assert "Reporting by Amal Haddad; editing by Tom Reyes" in text and "TRIPOLI, Sept 12 (Northwire) -" in text
    assert "Read more: Storm Daniel batters Greece" in text
    assert "Republished by" in text and html.find("a", href="/documents/coastal-derna-copy")
    copy = " ".join(page(client, "/documents/coastal-derna-copy").text)
    assert "Syndicated copy of" in copy


def test_clicking_an_item_leads_to_its_pages(client: TestClient) -> None:
    html = page(client, "/documents/northwire-derna-2300")
    links = {a["href"] for a in html.find("a")}
    assert "/entities/e-hamad" in links  # the speaker
    assert "/figures/killed?story=derna-floods" in links  # the figure's series
    assert "/stories/derna-floods" in links


def test_entity_page(client: TestClient) -> None:
    html = page(client, "/entities/e-derna")
    text = " ".join(html.text)
    assert "Derna" in text and "GPE" in text and "32.763, 22.637" in text
    assert html.find("circle", **{"class": "focus"})  # the place, plotted
    assert len(html.find("rect", **{"class": "bar"})) == 2  # mentioned on two days
    lrc = page(client, "/entities/e-lrc")
    assert "the Red Crescent" in " ".join(lrc.text)  # an alias
    assert not lrc.find("circle", **{"class": "focus"})  # not geocoded: no map
    assert "5,300" in " ".join(lrc.text)  # the figure credited to it
    hamad = " ".join(page(client, "/entities/e-hamad").text)
    assert "Entire neighbourhoods have been washed into the sea." in hamad and "until every family in Derna knows" in hamad


def test_entity_list_and_search(client: TestClient) -> None:
    html = page(client, "/entities?q=crescent")
    assert [a["href"] for a in html.find("a") if (a["href"] or "").startswith("/entities/e-")] == ["/entities/e-lrc"]
    assert page(client, "/entities?type=PERSON").find("a", href="/entities/e-powell")


def test_story_page_folds_copies_and_shows_the_storyline(client: TestClient) -> None:
    html = page(client, "/stories/derna-floods")
    text = " ".join(html.text)
    assert "3 articles from 3 outlets" in text
    assert html.find("details", **{"class": "copies"}) and "1 syndicated copy: Coastal Daily" in text
    assert html.find("li", **{"class": "here"})  # this story, placed in its storyline
    assert html.find("a", href="/stories/derna-revision")
    assert html.find("a", href="/figures/killed?story=derna-floods")
    line = page(client, "/storylines/libya-floods-2023")
    assert [a["href"] for a in line.find("a") if "/stories/" in (a["href"] or "")][-2:] == [
        "/stories/derna-floods", "/stories/derna-revision"]


def test_figure_page_charts_series_with_disagreements(client: TestClient) -> None:
    html = page(client, "/figures/killed?story=derna-revision")
    assert len(html.find("circle", **{"class": "point"})) == 3
    assert len([c for c in html.find("circle", **{"class": "ring-disagree"}) if c["r"] == "10"]) == 2
    assert len([r for r in html.find("rect", **{"class": "ring-revision"}) if r["width"] == "18"]) == 1
    text = " ".join(html.text)
    assert "1 disagreement" in text and "1 revision down" in text and "also Coastal Daily" in text
    assert "Ambulance and Emergency Service" in text and "United Nations" in text
    assert page(client, "/figures/rate%20cut").find("circle", **{"class": "point"})
    page(client, "/figures/nothing-counted", 404)


def test_documents_list_filters_and_pages(client: TestClient) -> None:
    html = page(client, "/documents?outlet=Northwire")
    hrefs = [a["href"] for a in html.find("a") if (a["href"] or "").startswith("/documents/")]
    assert hrefs == ["/documents/northwire-derna-revised", "/documents/northwire-derna-2300"]
    assert [o for o in html.find("option", value="Northwire") if "selected" in o]
    first = page(client, "/stories")
    assert first.find("a", href="/stories/derna-floods")


def test_search_page(client: TestClient) -> None:
    html = page(client, "/search?q=toll")
    assert html.find("mark") and html.find("a", href="/documents/harbour-derna-5300")
    assert "No article matches" in " ".join(page(client, "/search?q=zebra").text)
    assert page(client, "/search").find("form", role="search")


def test_error_pages_are_html(client: TestClient) -> None:
    assert "no document with id 'nope'" in " ".join(page(client, "/documents/nope", 404).text)
    assert "offset" in " ".join(page(client, "/documents?offset=-4", 422).text)


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "", None])
def test_only_web_addresses_become_links(url: str | None) -> None:
    assert safe_url(url) is None
    assert safe_url("https://news.example/a?b=1") == "https://news.example/a?b=1"


# hostile text through every page ----------------------------------------------------------------------
SCRIPT = "<script>alert('body')</script>"
IMG = '<img src=x onerror="alert(1)">'
LINK = '<a href="javascript:alert(2)">click</a>'
BREAKOUT = "\"'><svg onload=alert(3)>"
FRAME = "</span></div><iframe src=javascript:alert(4)>"
TEMPLATE = "{{ 7*7 }}{% raw %}"
PAYLOADS = (SCRIPT, IMG, LINK, BREAKOUT, FRAME, TEMPLATE)
EVIL_ID = "evil\"'><script>alert(5)</script>"
EVIL_ENTITY = "e-\"'><img src=x onerror=alert(6)>"
EVIL_STORY = "story<script>alert(7)</script>"
EVIL_LINE = "line\"><svg onload=alert(8)>"
EVIL_METRIC = "killed<img src=x onerror=alert(9)>"


def hostile_doc() -> Document:
    body = "Witnesses said: " + " and ".join(PAYLOADS) + ". The council met on Monday."
    span = lambda text: Span(text, body.index(text), body.index(text) + len(text))  # noqa: E731
    s = span(SCRIPT)
    return Document(
        id=EVIL_ID, body=body, title=f"Title {SCRIPT}", outlet=f"Outlet {IMG}",
        published=Published("2024-01-02", "inferred", (span("Monday"),)), byline=(f"By {BREAKOUT}",),
        dateline=Dateline(f"PLACE {FRAME}", f"place {IMG}", f"agency {SCRIPT}"),
        credits=(Credit(f"agency {LINK}", f"credit {SCRIPT}"),),
        boilerplate=(Boilerplate(f"Read more {LINK}", f"kind {IMG}"),),
        entities=(Entity(EVIL_ENTITY, f"Name {SCRIPT}", f"TYPE{BREAKOUT}", (span(IMG), span(BREAKOUT)),
                         Geo(10.0, 20.0, f"C{IMG}"), aliases=(FRAME,)),),
        timexes=(Timex("Monday", *_edges(span("Monday")), "DATE", f"2024{SCRIPT}"),),
        quotes=(Quote(SCRIPT, s.start, s.end, "direct", Speaker(f"Speaker {IMG}", EVIL_ENTITY, span(IMG)), cue=LINK),),
        figures=(Figure(LINK, *_edges(span(LINK)), EVIL_METRIC, 12, 15, f"q{IMG}", f"u{SCRIPT}", f"s{BREAKOUT}",
                        "2024-01-02", None, f"src{FRAME}", f"p{IMG}"),),
        events=(Event(FRAME, *_edges(span(FRAME)), f"t{SCRIPT}", (f"a{IMG}",), (f"b{LINK}",), f"p{SCRIPT}", "2024-01-02"),),
        source_uri="javascript:alert(document.cookie)", content_hash="hostile",
    )


def _edges(span: Span) -> tuple[int, int]:
    return span.start, span.end


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = open_store(str(tmp_path_factory.mktemp("hostile") / "hostile.db"))
    store.add([hostile_doc()])
    store.set_stories({EVIL_ID: EVIL_STORY})
    store.set_links(STORYLINE_LINK, [(EVIL_STORY, EVIL_LINE, 1.0)])
    yield TestClient(make_app(store, Settings()))
    store.close()


def hostile_paths() -> list[str]:
    q = lambda v: quote(v, safe="")  # noqa: E731
    return [
        "/", "/documents", f"/documents?outlet={q('Outlet ' + IMG)}&story={q(EVIL_STORY)}", f"/documents/{q(EVIL_ID)}",
        "/entities", f"/entities?q={q(SCRIPT)}", f"/entities/{q(EVIL_ENTITY)}", "/stories", f"/stories/{q(EVIL_STORY)}",
        f"/storylines/{q(EVIL_LINE)}", "/figures", f"/figures/{q(EVIL_METRIC)}",
        f"/figures/{q(EVIL_METRIC)}?story={q(EVIL_STORY)}",
        f"/search?q={q('witnesses')}", f"/search?q={q(BREAKOUT)}", f"/documents/{q(SCRIPT)}", f"/documents?date_from={q(SCRIPT)}",
    ]


def assert_inert(html: str) -> Page:
    parsed = Page(html)
    for tag, attrs in parsed.tags:
        assert tag not in ("img", "iframe", "object", "embed", "style", "base"), tag
        if tag == "script":
            assert attrs == {"src": "/static/storyline.js", "defer": None}
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action", "xlink:href", "formaction"):
                assert (value or "").strip().lower().startswith(("/", "#", "http://", "https://", "?")), (tag, name, value)
    assert "49" not in " ".join(t for t in parsed.text if "7*7" in t)
    return parsed


@pytest.mark.parametrize("path", hostile_paths())
def test_hostile_text_comes_out_inert(hostile: TestClient, path: str) -> None:
    response = hostile.get(path)
    assert response.status_code in (200, 404, 422), response.text[:300]
    assert "<script>alert" not in response.text and "<img src=x" not in response.text
    assert "<svg onload" not in response.text and "<iframe" not in response.text
    assert_inert(response.text)


def test_hostile_article_shows_the_text_as_text(hostile: TestClient) -> None:
    response = hostile.get(f"/documents/{quote(EVIL_ID, safe='')}")
    assert response.status_code == 200
    parsed = assert_inert(response.text)
    text = "".join(parsed.text)
    for payload in PAYLOADS:
        assert payload in text  # shown to the reader exactly as written, as text
    assert "javascript:alert(document.cookie)" in text  # the source address shown, not linked
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in response.text


def test_hostile_store_over_the_api_is_plain_json(hostile: TestClient) -> None:
    doc = hostile.get(f"/api/documents/{quote(EVIL_ID, safe='')}")
    assert doc.headers["content-type"] == "application/json" and doc.json()["title"] == f"Title {SCRIPT}"


def test_pages_over_an_empty_store(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "empty.db"))
    client = TestClient(make_app(store, Settings()))
    for path in ("/", "/documents", "/entities", "/stories", "/figures", "/search?q=x"):
        assert client.get(path).status_code == 200, path
    store.close()
