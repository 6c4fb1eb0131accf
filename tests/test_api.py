"""The JSON API over a small newsroom store written for these tests: every endpoint and every error.

The store holds hand-built Documents (our own wire-style sentences) with every kind of item,
stories, a syndicated copy and a storyline, so each answer can be checked exactly. Posting runs
the real pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.config import Settings
from storyline.errors import StoreError
from storyline.model import (
    Boilerplate,
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
from storyline.serve.api import error_body, make_app
from storyline.store import open_store
from storyline.store.base import Store
from tests.conftest import assert_spans

TOKEN = "s3cret-token"
STORYLINE_LINK = "in_storyline"


# the newsroom store --------------------------------------------------------------------------------
def at(body: str, text: str, nth: int = 0) -> Span:
    """The span of the nth occurrence of ``text`` in ``body``."""
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return Span(text, start, start + len(text))


def entity(body: str, eid: str, name: str, type_: str, *texts: str, geo: Geo | None = None) -> Entity:
    spans = [at(body, t, n) for t in texts for n in range(body.count(t))]
    return Entity(eid, name, type_, tuple(sorted(spans, key=lambda s: s.start)), geo)


def quote(body: str, text: str, speaker: str | None, entity_id: str | None, kind: str = "direct") -> Quote:
    s = at(body, text)
    mention = at(body, speaker) if speaker and speaker in body else None
    return Quote(text, s.start, s.end, kind, Speaker(speaker, entity_id, mention), cue="said")  # type: ignore[arg-type]


def figure(body: str, text: str, value: float, **fields: Any) -> Figure:
    s = at(body, text)
    return Figure(text, s.start, s.end, fields.pop("metric", "killed"), value, **fields)


def timex(body: str, text: str, value: str) -> Timex:
    s = at(body, text)
    return Timex(text, s.start, s.end, "DATE", value)


DERNA = Geo(32.7627, 22.6367, "LY")
TOLL_BODY = (
    "At least 2,300 people were killed when floodwaters swept through the eastern Libyan city of Derna "
    "on Tuesday, the Ambulance and Emergency Service said.\n"
    "Osama Hamad, head of the eastern administration, told reporters: “Entire neighbourhoods have been "
    "washed into the sea.”\n"
    "The Libyan Red Crescent said its teams were still searching the valley below the two burst dams."
)


def toll_doc(doc_id: str, outlet: str, extra: str = "") -> Document:
    body = TOLL_BODY + extra
    return Document(
        id=doc_id, body=body, title="Floods kill at least 2,300 in eastern Libyan city of Derna", outlet=outlet,
        published=Published("2023-09-12", "given"), byline=("Amal Haddad",),
        dateline=Dateline("TRIPOLI, Sept 12 (Northwire) -", "Tripoli", "Northwire"),
        boilerplate=(Boilerplate("Reporting by Amal Haddad; editing by Tom Reyes", "signature"),
                     Boilerplate("Read more: Storm Daniel batters Greece", "related-link")),
        entities=(entity(body, "e-derna", "Derna", "GPE", "Derna", geo=DERNA),
                  entity(body, "e-hamad", "Osama Hamad", "PERSON", "Osama Hamad"),
                  entity(body, "e-lrc", "Libyan Red Crescent", "ORG", "Libyan Red Crescent"),
                  entity(body, "e-aes", "Ambulance and Emergency Service", "ORG", "Ambulance and Emergency Service")),
        timexes=(timex(body, "Tuesday", "2023-09-12"),),
        quotes=(quote(body, "Entire neighbourhoods have been washed into the sea.", "Osama Hamad", "e-hamad"),),
        figures=(figure(body, "At least 2,300 people were killed", 2300, qualifier="at least", subject="Derna floods",
                        as_of="2023-09-12", source="Ambulance and Emergency Service", place="Derna"),),
        events=(event(body, "floodwaters swept through the eastern Libyan city of Derna", "flood", place="Derna",
                      date="2023-09-12"),),
        content_hash=f"hash-{doc_id}",
    )


def event(body: str, text: str, type_: str, **fields: Any) -> Event:
    s = at(body, text)
    return Event(text, s.start, s.end, type_, **fields)


def red_crescent_doc() -> Document:
    body = ("The death toll in Derna has reached 5,300, a Libyan Red Crescent official said on Tuesday, with "
            "thousands more missing.\n“We are counting bodies in the streets,” said Tawfik Shukri, a spokesman "
            "for the Red Crescent.")
    return Document(
        id="harbour-derna-5300", body=body, title="Derna toll reaches 5,300, Red Crescent says", outlet="Harbour Times",
        published=Published("2023-09-12", "given"),
        entities=(entity(body, "e-derna", "Derna", "GPE", "Derna", geo=DERNA),
                  entity(body, "e-lrc", "Libyan Red Crescent", "ORG", "Libyan Red Crescent", "the Red Crescent"),
                  entity(body, "e-shukri", "Tawfik Shukri", "PERSON", "Tawfik Shukri")),
        timexes=(timex(body, "Tuesday", "2023-09-12"),),
        quotes=(quote(body, "We are counting bodies in the streets,", "Tawfik Shukri", "e-shukri"),),
        figures=(figure(body, "5,300", 5300, qualifier="more than", subject="Derna floods", as_of="2023-09-12",
                        source="Libyan Red Crescent", place="Derna"),),
        content_hash="hash-harbour",
    )


def revision_doc() -> Document:
    body = ("The United Nations revised the number of people killed in the Derna floods to 3,958 on Sunday, "
            "citing the World Health Organization.\nOsama Hamad said the search would go on “until every family "
            "in Derna knows”.")
    return Document(
        id="northwire-derna-revised", body=body, title="UN revises Derna flood toll to 3,958", outlet="Northwire",
        published=Published("2023-09-17", "given"),
        entities=(entity(body, "e-derna", "Derna", "GPE", "Derna", geo=DERNA),
                  entity(body, "e-un", "United Nations", "ORG", "United Nations"),
                  entity(body, "e-hamad", "Osama Hamad", "PERSON", "Osama Hamad")),
        timexes=(timex(body, "Sunday", "2023-09-17"),),
        quotes=(quote(body, "until every family in Derna knows", "Osama Hamad", "e-hamad", kind="mixed"),),
        figures=(figure(body, "killed in the Derna floods to 3,958", 3958, subject="Derna floods", as_of="2023-09-17",
                        source="United Nations", place="Derna"),),
        content_hash="hash-revised",
    )


def fed_doc() -> Document:
    body = ("The Federal Reserve cut its benchmark rate by half a percentage point on Wednesday, its first cut in "
            "four years.\n“We are not declaring victory,” Fed Chair Jerome Powell said.")
    return Document(
        id="money-fed-cut", body=body, title="Fed cuts rates by half a point", outlet="Money Wire",
        published=Published("2024-09-18", "given"),
        entities=(entity(body, "e-fed", "Federal Reserve", "ORG", "Federal Reserve"),
                  entity(body, "e-powell", "Jerome Powell", "PERSON", "Jerome Powell")),
        quotes=(quote(body, "We are not declaring victory,", "Jerome Powell", "e-powell"),),
        figures=(figure(body, "half a percentage point", 0.5, metric="rate cut", unit="percentage point",
                        as_of="2024-09-18", source="Federal Reserve"),),
        content_hash="hash-fed",
    )


def undated_doc() -> Document:
    body = "Aid lorries queued at the border crossing for a third day, drivers said."
    return Document(id="undated-note", body=body, title=None, outlet=None, published=Published(None, "unknown"),
                    quotes=(Quote("Aid lorries queued at the border crossing for a third day", 0, 58, "indirect",
                                  Speaker(None)),),
                    content_hash="hash-undated")


def newsroom_docs() -> list[Document]:
    return [toll_doc("northwire-derna-2300", "Northwire", "\nReporting by Amal Haddad."),
            toll_doc("coastal-derna-copy", "Coastal Daily"), red_crescent_doc(), revision_doc(), fed_doc(), undated_doc()]


def fill_newsroom(store: Store) -> None:
    store.add(newsroom_docs())
    store.set_stories({"northwire-derna-2300": "derna-floods", "coastal-derna-copy": "derna-floods",
                       "harbour-derna-5300": "derna-floods", "northwire-derna-revised": "derna-revision"})
    store.set_links("copy_of", [("coastal-derna-copy", "northwire-derna-2300", 0.97)])
    store.set_links(STORYLINE_LINK, [("derna-floods", "libya-floods-2023", 1.0), ("derna-revision", "libya-floods-2023", 1.0)])


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(str(tmp_path_factory.mktemp("newsroom") / "newsroom.db"))
    fill_newsroom(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(newsroom: Store) -> TestClient:
    return TestClient(make_app(newsroom, Settings()))


def get(client: TestClient, path: str, status: int = 200, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    return response.json()


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


# the error shape ----------------------------------------------------------------------------------
def test_error_shape_is_pinned() -> None:
    assert error_body(404, "no document with id 'x'") == {
        "ok": False, "error": {"status": 404, "message": "no document with id 'x'"}}


@pytest.mark.parametrize(("path", "status", "words"), [
    ("/api/documents/nope", 404, "no document with id 'nope'"),
    ("/api/entities/nope", 404, "no entity with id 'nope'"),
    ("/api/entities/nope/timeline", 404, "no entity"),
    ("/api/entities/nope/figures", 404, "no entity"),
    ("/api/stories/nope", 404, "no story"),
    ("/api/storylines/nope", 404, "no storyline"),
    ("/api/no-such-endpoint", 404, "Not Found"),
    ("/api/documents?limit=0", 422, "limit"),
    ("/api/documents?limit=501", 422, "limit"),
    ("/api/documents?offset=-1", 422, "offset"),
    ("/api/documents?date_from=last-week", 422, "date_from"),
    ("/api/search", 422, "q"),
    ("/api/figures/series", 422, "metric"),
])
def test_every_error_answers_in_the_one_shape(client: TestClient, path: str, status: int, words: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    body = response.json()
    assert body == error_body(status, body["error"]["message"])
    assert words in body["error"]["message"]


def test_wrong_method_is_the_same_shape(client: TestClient) -> None:
    response = client.delete("/api/documents/northwire-derna-2300")
    assert response.status_code == 405
    assert response.json() == error_body(405, "Method Not Allowed")


def test_a_crash_is_a_500_in_the_same_shape_without_details(newsroom: Store) -> None:
    class Broken:
        def __getattr__(self, name: str) -> Any:
            raise RuntimeError("secret internals")

    client = TestClient(make_app(Broken(), Settings()), raise_server_exceptions=False)  # type: ignore[arg-type]
    response = client.get("/api/stats")
    assert response.status_code == 500
    assert response.json()["error"]["status"] == 500
    assert "secret" not in response.text


def test_a_store_error_is_a_503(newsroom: Store) -> None:
    class Refusing:
        def rows(self, sql: str, params: Any = ()) -> Any:
            raise StoreError("storyline.db: database is locked")

    client = TestClient(make_app(Refusing(), Settings()))  # type: ignore[arg-type]
    response = client.get("/api/documents")
    assert response.status_code == 503
    assert response.json() == error_body(503, "storyline.db: database is locked")
    page = client.get("/documents")  # a web page gets the same message as a page
    assert page.status_code == 503 and "database is locked" in page.text and page.headers["content-type"].startswith("text/html")


# documents ----------------------------------------------------------------------------------------
def test_documents_newest_first_with_undated_last(client: TestClient) -> None:
    page = get(client, "/api/documents")
    assert page["total"] == 6 and page["next_offset"] is None
    assert ids(page)[0] == "money-fed-cut" and ids(page)[-1] == "undated-note"
    first = page["items"][0]
    assert first == {"id": "money-fed-cut", "title": "Fed cuts rates by half a point", "outlet": "Money Wire",
                     "published": "2024-09-18", "published_basis": "given", "story": None, "copy_of": None,
                     "quotes": 1, "figures": 1}


def test_documents_pages(client: TestClient) -> None:
    one = get(client, "/api/documents", limit=4)
    two = get(client, "/api/documents", limit=4, offset=one["next_offset"])
    assert (one["total"], one["next_offset"], two["next_offset"]) == (6, 4, None)
    assert len(set(ids(one)) | set(ids(two))) == 6


@pytest.mark.parametrize(("params", "expected"), [
    ({"outlet": "Northwire"}, {"northwire-derna-2300", "northwire-derna-revised"}),
    ({"date_from": "2023-09-13", "date_to": "2023-12-31"}, {"northwire-derna-revised"}),
    ({"date_to": "2023-09-12"}, {"northwire-derna-2300", "coastal-derna-copy", "harbour-derna-5300"}),
    ({"entity": "e-shukri"}, {"harbour-derna-5300"}),
    ({"story": "derna-floods"}, {"northwire-derna-2300", "coastal-derna-copy", "harbour-derna-5300"}),
    ({"story": "derna-floods", "outlet": "Coastal Daily"}, {"coastal-derna-copy"}),
    ({"outlet": "Nobody"}, set()),
])
def test_document_filters(client: TestClient, params: dict[str, str], expected: set[str]) -> None:
    page = get(client, "/api/documents", **params)
    assert set(ids(page)) == expected and page["total"] == len(expected)


def test_document_detail_is_the_contract_with_syndication(client: TestClient, schema: dict[str, Any]) -> None:
    import jsonschema

    doc = get(client, "/api/documents/coastal-derna-copy")
    jsonschema.validate(doc, schema)
    assert_spans(doc)
    assert [c["id"] for c in doc["copy_of"]] == ["northwire-derna-2300"] and doc["copies"] == []
    original = get(client, "/api/documents/northwire-derna-2300")
    assert [c["id"] for c in original["copies"]] == ["coastal-derna-copy"]
    assert original["copies"][0]["copy_of"] == "northwire-derna-2300"
    assert original["boilerplate"][0] == {"text": "Reporting by Amal Haddad; editing by Tom Reyes", "kind": "signature"}


def test_outlets(client: TestClient) -> None:
    assert {o["outlet"]: o["documents"] for o in get(client, "/api/outlets")} == {
        "Coastal Daily": 1, "Harbour Times": 1, "Money Wire": 1, "Northwire": 2}


# entities -----------------------------------------------------------------------------------------
def test_entities_most_mentioned_first_and_searched_by_any_name(client: TestClient) -> None:
    page = get(client, "/api/entities")
    assert ids(page)[0] == "e-derna" and page["items"][0]["documents"] == 4
    assert page["items"][0]["lat"] == pytest.approx(32.7627)
    assert ids(get(client, "/api/entities", q="red cres")) == ["e-lrc"]
    assert ids(get(client, "/api/entities", q="the Red Crescent")) == ["e-lrc"]  # a mention, not the name
    assert set(ids(get(client, "/api/entities", type="PERSON"))) == {"e-hamad", "e-shukri", "e-powell"}
    assert get(client, "/api/entities", q="100%_")["total"] == 0  # LIKE wildcards are taken literally


def test_entity_detail(client: TestClient) -> None:
    lrc = get(client, "/api/entities/e-lrc")
    assert lrc["aliases"] == ["the Red Crescent"]
    assert (lrc["documents"], lrc["mentions"], lrc["quotes"], lrc["geo"]) == (3, 4, 0, None)
    derna = get(client, "/api/entities/e-derna")
    assert derna["geo"] == {"lat": pytest.approx(32.7627), "lon": pytest.approx(22.6367), "country": "LY"}
    assert get(client, "/api/entities/e-hamad")["quotes"] == 3


def test_entity_timeline(client: TestClient) -> None:
    assert get(client, "/api/entities/e-hamad/timeline") == [
        {"date": "2023-09-12", "documents": 2, "mentions": 2},
        {"date": "2023-09-17", "documents": 1, "mentions": 1},
    ]


def test_figures_credited_to_an_entity(client: TestClient) -> None:
    figures = get(client, "/api/entities/e-lrc/figures")
    assert [(f["value"], f["doc_id"]) for f in figures] == [(5300, "harbour-derna-5300")]
    assert get(client, "/api/entities/e-shukri/figures") == []


# quotes -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("params", "expected"), [
    ({"speaker": "e-hamad"}, ["until every family in Derna knows", "Entire neighbourhoods have been washed into the sea.",
                              "Entire neighbourhoods have been washed into the sea."]),
    ({"speaker": "tawfik shukri"}, ["We are counting bodies in the streets,"]),
    ({"entity": "e-derna"}, ["until every family in Derna knows"]),
    ({"text": "VICTORY"}, ["We are not declaring victory,"]),
    ({"doc": "undated-note"}, ["Aid lorries queued at the border crossing for a third day"]),
])
def test_quotes(client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    page = get(client, "/api/quotes", **params)
    assert [q["text"] for q in page["items"]] == expected and page["total"] == len(expected)


def test_quote_rows_carry_their_article_and_span(client: TestClient) -> None:
    (row,) = get(client, "/api/quotes", speaker="e-shukri")["items"]
    body = get(client, f"/api/documents/{row['doc_id']}")["body"]
    assert body[row["start"]:row["end"]] == row["text"]
    assert (row["outlet"], row["published"], row["story"], row["kind"]) == (
        "Harbour Times", "2023-09-12", "derna-floods", "direct")


# figures ------------------------------------------------------------------------------------------
def test_figures_filters(client: TestClient) -> None:
    assert get(client, "/api/figures")["total"] == 5
    assert [f["value"] for f in get(client, "/api/figures", metric="killed", source="united")["items"]] == [3958]
    assert get(client, "/api/figures", subject="derna", place="derna")["total"] == 4
    assert get(client, "/api/figures", story="derna-revision")["items"][0]["as_of"] == "2023-09-17"
    assert get(client, "/api/metrics") == [{"metric": "killed", "figures": 4, "documents": 4},
                                           {"metric": "rate cut", "figures": 1, "documents": 1}]


def test_figure_series_marks_disagreement_and_revision(client: TestClient) -> None:
    (series,) = get(client, "/api/figures/series", metric="killed")
    assert (series["label"], series["place"], series["group"]) == ("Derna floods", "Derna", "libya-floods-2023")
    points = [(p["date"], p["value"], p["source"], p["copies"], p["disagreement"], p["revision"]) for p in series["points"]]
    assert points == [  # the syndicated copy is no second source: it is listed on its original
        ("2023-09-12", 2300, "Ambulance and Emergency Service", ["Coastal Daily"], True, False),
        ("2023-09-12", 5300, "Libyan Red Crescent", [], True, False),
        ("2023-09-17", 3958, "United Nations", [], False, True),
    ]
    assert (series["disagreements"], series["revisions"]) == (1, 1)
    assert get(client, "/api/figures/series", metric="killed", story="derna-revision")[0]["id"] == series["id"]
    assert get(client, "/api/figures/series", metric="killed", subject="FLOODS", place="derna")[0]["id"] == series["id"]
    assert get(client, "/api/figures/series", metric="killed", story="nope") == []
    assert get(client, "/api/figures/series", metric="killed", place="Tripoli") == []
    assert get(client, "/api/figures/series", metric="no such metric") == []


# stories and storylines ---------------------------------------------------------------------------
def test_stories(client: TestClient) -> None:
    page = get(client, "/api/stories")
    assert ids(page) == ["derna-revision", "derna-floods"]
    floods = page["items"][1]
    assert floods == {"id": "derna-floods", "title": "Derna toll reaches 5,300, Red Crescent says",  # earliest; ties by id
                      "documents": 3, "outlets": 3, "first_published": "2023-09-12", "last_published": "2023-09-12",
                      "storyline": "libya-floods-2023"}


def test_story_folds_copies_under_their_original(client: TestClient) -> None:
    story = get(client, "/api/stories/derna-floods")
    assert [a["id"] for a in story["articles"]] == ["harbour-derna-5300", "northwire-derna-2300"]
    original = story["articles"][1]
    assert [c["id"] for c in original["copies"]] == ["coastal-derna-copy"]
    assert story["outlets"] == ["Coastal Daily", "Harbour Times", "Northwire"]
    assert (story["documents"], story["storyline"], story["metrics"]) == (3, "libya-floods-2023", ["killed"])


def test_storylines(client: TestClient) -> None:
    page = get(client, "/api/storylines")
    title = "Derna toll reaches 5,300, Red Crescent says"  # its first story's
    assert page["items"] == [{"id": "libya-floods-2023", "title": title, "stories": 2, "documents": 4,
                              "first_published": "2023-09-12", "last_published": "2023-09-17"}]
    line = get(client, "/api/storylines/libya-floods-2023")
    assert [s["id"] for s in line["stories"]] == ["derna-floods", "derna-revision"] and line["documents"] == 4
    assert line["title"] == title


# search and stats ---------------------------------------------------------------------------------
def test_search(client: TestClient) -> None:
    page = get(client, "/api/search", q="Derna")
    assert set(ids(page)) == {"northwire-derna-2300", "coastal-derna-copy", "harbour-derna-5300", "northwire-derna-revised"}
    assert page["total"] == 4 and "[Derna]" in page["items"][0]["snippet"]
    first = get(client, "/api/search", q="Derna", limit=3)
    assert (len(first["items"]), first["total"], first["next_offset"]) == (3, None, 3)
    rest = get(client, "/api/search", q="Derna", limit=3, offset=3)
    assert (len(rest["items"]), rest["total"], rest["next_offset"]) == (1, 4, None)
    assert get(client, "/api/search", q="zebra")["items"] == []


def test_about_and_stats(client: TestClient) -> None:
    stats = get(client, "/api/stats")
    assert {k: stats[k] for k in ("documents", "stories", "quotes", "figures", "storylines", "syndicated")} == {
        "documents": 6, "stories": 2, "quotes": 6, "figures": 5, "storylines": 1, "syndicated": 1}
    assert get(client, "/api")["docs"] == "/api/docs"


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    spec = get(client, "/api/openapi.json")
    paths = spec["paths"]
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/entities", "/api/entities/{entity_id}",
                 "/api/entities/{entity_id}/timeline", "/api/entities/{entity_id}/figures", "/api/quotes",
                 "/api/figures", "/api/figures/series", "/api/metrics", "/api/stories", "/api/stories/{story_id}",
                 "/api/storylines", "/api/storylines/{storyline_id}", "/api/search", "/api/stats", "/api/outlets"):
        assert path in paths, path
        for operation in paths[path].values():
            assert operation["summary"]
            assert operation["responses"]["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    post = paths["/api/documents"]["post"]
    assert set(post["requestBody"]["content"]) >= {"text/plain", "text/html", "application/x-ndjson", "application/json"}
    assert post["security"] == [{"HTTPBearer": []}]
    assert not any(p.startswith("/documents") or p == "/" for p in paths)  # the web pages are not API
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()  # readable offline
    for path in paths:
        assert f"<code>{path}</code>" in docs.text


# submitting ---------------------------------------------------------------------------------------
WIRE = ("GENEVA (Northwire) - The World Health Organization said on Thursday that 14 hospitals in the region had "
        "stopped working after the floods.\n“Every hour without power costs lives,” said Margaret Lin, a WHO "
        "spokeswoman, adding that generators were being flown in.")


@pytest.fixture
def poster(tmp_path: Path) -> Iterator[TestClient]:
    store = open_store(str(tmp_path / "post.db"))
    yield TestClient(make_app(store, Settings(api_token=TOKEN, max_input_bytes=20_000)))
    store.close()


def post(client: TestClient, data: bytes | str, content_type: str = "text/plain", token: str | None = TOKEN,
         path: str = "/api/documents", **params: str) -> Any:
    headers = {"content-type": content_type}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return client.post(path, content=data, headers=headers, params=params)


def test_posting_is_disabled_without_a_token_in_the_settings(client: TestClient) -> None:
    response = post(client, WIRE)
    assert response.status_code == 403
    assert response.json() == error_body(403, "posting is disabled: this server has no API token (set STORYLINE_API_TOKEN)")


@pytest.mark.parametrize("token", [None, "wrong", ""])
def test_posting_needs_the_token(poster: TestClient, token: str | None) -> None:
    response = post(poster, WIRE, token=token)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["message"].startswith("a valid API token is required")
    assert get(poster, "/api/documents")["total"] == 0


def test_post_raw_text_runs_the_pipeline(poster: TestClient) -> None:
    response = post(poster, WIRE, id="who-hospitals", outlet="Northwire", published="2024-07-18", title="Hospitals stop")
    assert response.status_code == 201, response.text
    assert response.json() == {"ok": True, "added": ["who-hospitals"], "updated": [], "skipped": [], "errors": []}
    doc = get(poster, "/api/documents/who-hospitals")
    assert (doc["outlet"], doc["title"], doc["published"]["date"], doc["published"]["basis"]) == (
        "Northwire", "Hospitals stop", "2024-07-18", "given")
    assert "World Health Organization" in {e["name"] for e in doc["entities"]}
    assert any("Every hour without power costs lives" in q["text"] for q in doc["quotes"])
    assert_spans(doc)
    again = post(poster, WIRE, id="who-hospitals", outlet="Northwire", published="2024-07-18", title="Hospitals stop")
    assert again.status_code == 200 and again.json()["skipped"] == ["who-hospitals"]


def test_post_html(poster: TestClient) -> None:
    page = (f"<html><head><title>Hospitals stop working</title></head><body><article><h1>Hospitals stop working</h1>"
            f"<p>{WIRE.splitlines()[0]}</p><p>{WIRE.splitlines()[1]}</p></article></body></html>")
    response = post(poster, page, "text/html; charset=utf-8", url="https://news.example/who")
    assert response.status_code == 201, response.text
    (doc_id,) = response.json()["added"]
    doc = get(poster, f"/api/documents/{doc_id}")
    assert "14 hospitals" in doc["body"] and "<p>" not in doc["body"]
    assert doc["source"] == {"uri": "https://news.example/who", "format": "html"}


def test_post_jsonl_reports_bad_lines_by_number(poster: TestClient) -> None:
    lines = [json.dumps({"id": "a1", "text": WIRE, "published": "2024-07-18"}), "{not json", json.dumps({"id": "a2"})]
    response = post(poster, "\n".join(lines), "application/x-ndjson")
    assert response.status_code == 201
    report = response.json()
    assert report["added"] == ["a1"]
    assert [(e["origin"], e["problem"].split(" (")[0]) for e in report["errors"]] == [
        ("request:2", "not valid JSON"), ("request:3", "line has no 'text' or 'html'")]


def test_post_json_object_or_array(poster: TestClient) -> None:
    one = post(poster, json.dumps({"id": "b1", "text": WIRE}, indent=2), "application/json")
    assert one.status_code == 201 and one.json()["added"] == ["b1"]
    many = post(poster, json.dumps([{"id": "b1", "text": WIRE}, {"id": "b2", "text": WIRE + " Updated."}]),
                "application/json", path="/documents")  # the short path works too
    assert many.status_code == 201 and many.json()["added"] == ["b2"] and many.json()["skipped"] == ["b1"]


@pytest.mark.parametrize(("data", "content_type", "status", "words"), [
    (WIRE, "application/pdf", 415, "unsupported content type 'application/pdf'"),
    (WIRE, "", 415, "unsupported content type '(none)'"),
    ("   ", "text/plain", 422, "the request body is empty"),
    ("x" * 20_001, "text/plain", 413, "over the 20,000-byte limit"),
    ("{", "application/json", 422, "the body is not valid JSON"),
    (b"\x00\x01\x02binary", "text/plain", 422, "nothing stored: request: binary data"),
    ('{"title": "no text"}', "application/x-ndjson", 422, "nothing stored: request:1: line has no 'text'"),
])
def test_post_errors(poster: TestClient, data: str | bytes, content_type: str, status: int, words: str) -> None:
    response = post(poster, data, content_type)
    assert response.status_code == status
    assert response.json() == error_body(status, response.json()["error"]["message"])
    assert words in response.json()["error"]["message"]


def test_post_rejects_a_bad_published_date(poster: TestClient) -> None:
    response = post(poster, WIRE, published="yesterday")
    assert response.status_code == 422 and "published" in response.json()["error"]["message"]


# the command ----------------------------------------------------------------------------------------
def test_storyline_serve_command(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    import httpx

    db = tmp_path / "served.db"
    store = open_store(str(db))
    fill_newsroom(store)
    store.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "storyline.serve.cli", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        stats = None
        for _ in range(300):
            try:
                stats = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=1).json()
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert stats is not None and stats["documents"] == 6
        assert httpx.get(f"http://127.0.0.1:{port}/stories/derna-floods").status_code == 200
    finally:
        server.terminate()
        _, err = server.communicate(timeout=20)
    assert f"browse http://127.0.0.1:{port}/" in err and "POST /api/documents off" in err
