"""The link stage on our own wire copy: stories, syndicated copies, storylines, embeddings, terms."""

from __future__ import annotations

import json

import numpy as np
import pytest

from storyline.link import link_store
from storyline.link import stories as st
from storyline.link.embed import default_embedder
from storyline.link.terms import term_counts
from storyline.model import Document, RawInput
from tests.conftest import TEAM_GOLD

QUAKE_A = """LIMA, Peru — A magnitude 6.8 earthquake struck the Arequipa region of southern Peru on Tuesday, \
killing at least 14 people and bringing down adobe homes in the town of Chivay, officials said.
The Civil Defense Institute said rescuers were still searching the Colca valley for people trapped under rubble.
Interior Minister Raul Medina said the army had sent two transport planes with tents and water to Arequipa."""

QUAKE_A2 = """AREQUIPA, Peru — Rescuers in southern Peru pulled survivors from collapsed adobe houses in Chivay on \
Wednesday, a day after a magnitude 6.8 earthquake killed at least 14 people across the Colca valley.
Peru's Civil Defense Institute raised the number of injured to 120 and said landslides had cut the road to Arequipa.
Interior Minister Raul Medina flew to the Colca valley with army engineers."""

QUAKE_B = """JAKARTA, Indonesia — A magnitude 6.1 earthquake shook the island of Sulawesi on Tuesday, damaging \
a mosque and a market in the town of Mamuju, the national disaster agency said.
Agency spokesman Dedi Kurnia said three people were killed and dozens of houses were cracked in West Sulawesi.
Residents of Mamuju spent the night outside, fearing aftershocks."""

ORIGINAL = """ANKARA (AA) – Turkish firefighters on Sunday brought under control a forest fire that had burned \
for three days near the Aegean resort town of Marmaris, the regional governor said.
Governor Idris Akbiyik said 11 aircraft and 40 fire trucks had fought the blaze, which forced the evacuation \
of two villages and a holiday camp.
No one was killed, but four firefighters were treated for smoke inhalation at a hospital in Mugla."""

COPY = """Turkish firefighters on Sunday brought under control a forest fire that had burned for three days near \
the Aegean resort town of Marmaris, the regional governor said, Anadolu Agency reports.
Governor Idris Akbiyik said 11 aircraft and 40 fire trucks had fought the blaze, which forced the evacuation \
of two villages and a holiday camp.
No one was killed, but four firefighters were treated for smoke inhalation at a hospital in Mugla."""


def _doc(pipeline, doc_id: str, text: str, published: str | None, outlet: str) -> Document:  # type: ignore[no-untyped-def]
    return pipeline.extract(RawInput(origin=doc_id, id=doc_id, text=text, published=published, outlet=outlet))


def _fake_embed(texts: list[str]) -> np.ndarray:
    """A cheap stand-in where a test is about the bookkeeping, not the model: bag of hashed words."""
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().split():
            out[row, hash(word) % 384] += 1.0
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def _stories(store) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {r["id"]: r["story"] for r in store.rows("SELECT id, story FROM documents")}


# embeddings ------------------------------------------------------------------------------------
def test_embedding_matches_the_reference_model() -> None:
    """sentence-transformers gives 'hello world' these first five values (all-MiniLM-L6-v2)."""
    vector = default_embedder().embed(["hello world"])[0]
    assert np.allclose(vector[:5], [-0.03448, 0.03102, 0.00673, 0.02611, -0.03936], atol=1e-3)
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5


def test_embedding_ranks_paraphrases_first_and_ignores_padding() -> None:
    embed = default_embedder().embed
    a, b, c = embed(["Floods kill dozens in eastern Libya", "Dozens dead as flooding hits Libya's east",
                     "Central bank leaves interest rates unchanged"])
    assert float(a @ b) > 0.7 > 0.2 > float(a @ c)
    alone = embed(["Floods kill dozens in eastern Libya"])[0]
    padded = embed(["Floods kill dozens in eastern Libya", "rain " * 300])[0]  # padded to 256 tokens in its batch
    assert np.allclose(alone, padded, atol=1e-5)


def test_terms_keep_names_and_pairs() -> None:
    counts = term_counts("Interior Minister Raul Medina said the army sent planes.", ["Raul Medina"])
    assert counts["raul medina"] == 1 and counts["=raul medina"] == 1 and "the" not in counts


# stories ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def background(pipeline) -> list[Document]:  # type: ignore[no-untyped-def]
    """Other news in the store, so that word weights mean something (three articles alone share everything)."""
    items = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(TEAM_GOLD.glob("*.json"))]
    if len(items) < 10:
        pytest.skip("the team's gold articles are not here")
    return [_doc(pipeline, f"bg-{i['id']}", i["raw_text"], i["published"], i["outlet"]) for i in items]


@pytest.fixture(scope="module")
def quakes(pipeline) -> list[Document]:  # type: ignore[no-untyped-def]
    return [_doc(pipeline, "peru-1", QUAKE_A, "2024-05-14", "Andes Wire"),
            _doc(pipeline, "peru-2", QUAKE_A2, "2024-05-15", "Lima Daily"),
            _doc(pipeline, "sulawesi-1", QUAKE_B, "2024-05-14", "Java Post")]


@pytest.fixture
def store(store, background):  # type: ignore[no-untyped-def]
    store.add(background)
    link_store(store, embed=_fake_embed)
    return store


def test_same_event_one_story_other_event_another(store, quakes) -> None:  # type: ignore[no-untyped-def]
    store.add(quakes)
    report = link_store(store)
    stories = _stories(store)
    assert report.stories == 3 and len(report.linked) == 3
    assert stories["peru-1"] == stories["peru-2"] != stories["sulawesi-1"]
    assert store.get("peru-2").story == stories["peru-2"]  # the Document itself carries its story


def test_incremental_join_keeps_story_ids(store, quakes) -> None:  # type: ignore[no-untyped-def]
    store.add(quakes[:1] + quakes[2:])
    link_store(store)
    before = _stories(store)
    store.add(quakes[1:2])
    report = link_store(store)
    after = _stories(store)
    assert report.linked == ["peru-2"]
    assert after["peru-2"] == after["peru-1"] == before["peru-1"]
    assert after["sulawesi-1"] == before["sulawesi-1"]
    assert link_store(store).stories == 0  # nothing new: nothing to do


def test_deterministic_across_stores(tmp_path, quakes) -> None:  # type: ignore[no-untyped-def]
    from storyline.store import open_store

    results = []
    for name in ("a.db", "b.db"):
        s = open_store(str(tmp_path / name))
        s.add(quakes)
        link_store(s, embed=_fake_embed)
        results.append(_stories(s))
        s.close()
    assert results[0] == results[1]


def test_far_apart_in_time_is_another_story(store, quakes) -> None:  # type: ignore[no-untyped-def]
    later = quakes[1].replace(id="peru-late", content_hash="late",
                              published=quakes[1].published.__class__("2024-06-20", "given"))
    store.add([quakes[0], later])
    link_store(store, embed=_fake_embed)
    stories = _stories(store)
    assert stories["peru-1"] != stories["peru-late"]


def test_undated_articles_still_cluster(store, pipeline) -> None:  # type: ignore[no-untyped-def]
    store.add([_doc(pipeline, "u1", QUAKE_A, None, "Andes Wire"), _doc(pipeline, "u2", QUAKE_A2, None, "Lima Daily"),
               _doc(pipeline, "u3", QUAKE_B, None, "Java Post")])
    link_store(store)
    stories = _stories(store)
    assert stories["u1"] == stories["u2"] != stories["u3"]


# stories that later reports rearrange -----------------------------------------------------------
KIVU_A = """GOMA, Congo — A boat carrying more than 200 passengers capsized on Lake Kivu on Thursday near the port of \
Kituku, killing at least 22 people, the governor of South Kivu province said.
Governor Jean-Jacques Purusi said rescuers had pulled 54 survivors from the water and that dozens of people were still missing.
The boat, the MV Merdi, had left Minova for Goma with sacks of charcoal and flour on its deck, witnesses said."""

KIVU_B = """KINSHASA — Congolese police arrested the owner and the captain of a passenger vessel that went down in the east \
of the country, a police spokesman said on Thursday, accusing them of carrying far more people than the craft was licensed for.
Spokesman Pierre Ngoy said navy divers had recovered more bodies overnight and that the vessel's manifest listed only 80 names.
Transport Minister Marc Ekila ordered an inspection of every vessel on the eastern lakes."""

KIVU_B2 = """KINSHASA — The owner of a passenger vessel that went down in the east of Congo appeared before a magistrate on \
Thursday with its captain, a police spokesman said, after navy divers recovered more bodies.
Spokesman Pierre Ngoy said the vessel's manifest listed only 80 names and that the craft was licensed for fewer still.
Transport Minister Marc Ekila said every vessel on the eastern lakes would be inspected before sailing again."""

KIVU_C = """GOMA, Congo — The death toll from the capsizing of the MV Merdi on Lake Kivu rose to 38 on Friday, the governor \
of South Kivu said, as police held the vessel's owner and captain.
Governor Jean-Jacques Purusi said 54 survivors had been pulled from the water near the port of Kituku. Police spokesman \
Pierre Ngoy said the vessel's manifest listed only 80 names, though more than 200 people were aboard the boat from Minova.
Transport Minister Marc Ekila ordered an inspection of every boat on the lakes."""


@pytest.fixture(scope="module")
def kivu(pipeline) -> dict[str, Document]:  # type: ignore[no-untyped-def]
    """One capsizing told from two sides (the rescue, the arrests), then a report that tells both."""
    return {"a": _doc(pipeline, "kivu-a", KIVU_A, "2024-10-03", "Great Lakes Wire"),
            "b": _doc(pipeline, "kivu-b", KIVU_B, "2024-10-03", "Kinshasa Daily"),
            "b2": _doc(pipeline, "kivu-b2", KIVU_B2, "2024-10-03", "Radio Desk"),
            "c": _doc(pipeline, "kivu-c", KIVU_C, "2024-10-04", "Goma Post")}


def test_a_report_that_bridges_two_stories_merges_them(store, kivu) -> None:  # type: ignore[no-untyped-def]
    for key in ("a", "b"):
        store.add([kivu[key]])
        link_store(store)
    before = _stories(store)
    assert before["kivu-a"] != before["kivu-b"]  # the arrests alone read as another story
    store.add([kivu["c"]])
    report = link_store(store)
    after = _stories(store)
    assert after["kivu-a"] == after["kivu-b"] == after["kivu-c"] == before["kivu-a"]  # the older id stays
    assert report.moved == 1 and store.get("kivu-b").story == before["kivu-a"]
    assert store.rows("SELECT doc_id FROM link_docs WHERE story = ?", [before["kivu-b"]]) == []


def test_a_merged_story_takes_its_unloaded_articles_along(store, kivu, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from storyline.link import index

    monkeypatch.setattr(index, "MEMBERS", 1)  # only a story's latest article is compared
    for key in ("a", "b", "b2"):
        store.add([kivu[key]])
        link_store(store)
    before = _stories(store)
    assert before["kivu-b"] == before["kivu-b2"] != before["kivu-a"]
    store.add([kivu["c"]])
    report = link_store(store)
    after = _stories(store)
    assert len({after[k] for k in ("kivu-a", "kivu-b", "kivu-b2", "kivu-c")}) == 1  # kivu-b was never loaded
    assert report.moved == 2
    old = before["kivu-b"]
    assert store.rows("SELECT kind FROM links WHERE src = ? OR dst = ?", [old, old]) == []


def test_an_undated_report_joins_a_dated_story_but_merges_none(store, kivu, pipeline) -> None:  # type: ignore[no-untyped-def]
    undated = _doc(pipeline, "kivu-c-undated", KIVU_C, None, "Goma Post")
    assert undated.published.date is None
    store.add([kivu["a"], kivu["b"]])
    link_store(store)
    before = _stories(store)
    store.add([undated])
    report = link_store(store)
    after = _stories(store)
    assert report.moved == 0 and after["kivu-a"] == before["kivu-a"] != after["kivu-b"] == before["kivu-b"]
    assert after["kivu-c-undated"] in {before["kivu-a"], before["kivu-b"]}


def _profile(doc_id: str, terms: dict[str, float], day: int | None = 1) -> st.Profile:
    return st.Profile(doc_id, day, np.ones(4, dtype=np.float32) / 2, terms)


def test_a_later_report_pulls_an_early_joiner_into_a_story_of_their_own() -> None:
    early, sibling, later = _profile("a1", {"quake": 1.0}), _profile("b1", {"flood": 1.0}), _profile("b2", {"flood": 1.0})
    decided = st.assign([later], [st.Story("story-s", [early, sibling])], [(0, 1)])
    fresh = st.story_id("b1")
    assert decided == st.Assignment({"b2": fresh, "b1": fresh}, {})  # the story keeps its id with its older article
    named_after_b1 = st.assign([later], [st.Story(fresh, [early, sibling])], [(0, 1)])
    assert named_after_b1.stories["b1"] == named_after_b1.stories["b2"] != fresh  # no id given twice


def test_two_stories_bridged_keep_the_older_id() -> None:
    left, right = _profile("a1", {"x": 1.0}), _profile("a2", {"y": 1.0})
    bridge = _profile("a3", {"x": 0.7071, "y": 0.7071})
    older_left = st.assign([bridge], [st.Story("s-left", [left], since=5), st.Story("s-right", [right], since=9)],
                           [(0, 1), (0, 2)])
    assert older_left == st.Assignment({"a3": "s-left", "a2": "s-left"}, {"s-right": "s-left"})
    older_right = st.assign([bridge], [st.Story("s-left", [left], since=9), st.Story("s-right", [right], since=5)],
                            [(0, 1), (0, 2)])
    assert older_right.merged == {"s-left": "s-right"}
    kept = st.assign([bridge], [st.Story("s-left", [left], since=5), st.Story("s-right", [right], since=9)],
                     [(0, 1), (0, 2)], whole=frozenset({"s-left", "s-right"}))
    assert kept == st.Assignment({"a3": "s-left"}, {})  # stories kept whole: the new article joins one


# syndication -----------------------------------------------------------------------------------
def test_copy_linked_to_credited_original_whatever_the_order(store, pipeline) -> None:  # type: ignore[no-untyped-def]
    copy = _doc(pipeline, "portal-fire", COPY, "2024-08-04", "Aegean Portal")
    original = _doc(pipeline, "aa-fire", ORIGINAL, "2024-08-04", "Anadolu Agency")
    store.add([copy])
    link_store(store)
    store.add([original])
    report = link_store(store)
    links = store.rows("SELECT src, dst FROM links WHERE kind = 'copy_of' AND src NOT LIKE 'bg-%'")
    assert links == [{"src": "portal-fire", "dst": "aa-fire"}] and report.syndicated == 1
    assert _stories(store)["portal-fire"] == _stories(store)["aa-fire"]


def test_reporting_on_the_same_event_is_not_copying(store, quakes) -> None:  # type: ignore[no-untyped-def]
    store.add(quakes)
    link_store(store)
    assert store.rows("SELECT * FROM links WHERE kind = 'copy_of' AND src NOT LIKE 'bg-%'") == []


def test_changed_article_is_relinked(store, pipeline) -> None:  # type: ignore[no-untyped-def]
    store.add([_doc(pipeline, "aa-fire", ORIGINAL, "2024-08-04", "Anadolu Agency"),
               _doc(pipeline, "portal-fire", COPY, "2024-08-04", "Aegean Portal")])
    link_store(store)
    store.add([_doc(pipeline, "portal-fire", QUAKE_B, "2024-08-04", "Aegean Portal")])  # same id, new text
    report = link_store(store)
    assert report.linked == ["portal-fire"]
    assert store.rows("SELECT * FROM links WHERE kind = 'copy_of' AND src NOT LIKE 'bg-%'") == []


def test_postgres_store_links_too(pipeline) -> None:  # type: ignore[no-untyped-def]
    from storyline.store import open_store
    from tests.pg_server import temporary_server

    docs = [_doc(pipeline, "aa-fire", ORIGINAL, "2024-08-04", "Anadolu Agency"),
            _doc(pipeline, "portal-fire", COPY, "2024-08-04", "Aegean Portal")]
    try:
        with temporary_server() as url:
            store = open_store(url)
            store.add(docs[:1])
            link_store(store, embed=_fake_embed)
            store.add(docs[1:])
            report = link_store(store, embed=_fake_embed)
            links = store.rows("SELECT src, dst FROM links WHERE kind = 'copy_of'")
            stories = _stories(store)
            store.close()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    assert report.linked == ["portal-fire"] and links == [{"src": "portal-fire", "dst": "aa-fire"}]
    assert stories["portal-fire"] == stories["aa-fire"]
