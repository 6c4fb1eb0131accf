"""Entities across articles, kept up to date ingest by ingest: the same ids as a full re-link.

The wire articles are our own. The crowded synthetic universe (few surnames, many shared places,
close calls) and the small constructed cases reach every way an update changes a decision elsewhere.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.link.entities import (
    CLUSTER_ROWS,
    LINK_KIND,
    QID_KIND,
    clusters_from_rows,
    link_entities,
    relink_entities,
)
from storyline.link.entity_aliases import AliasEntry, AliasTable, load_aliases
from storyline.link.entity_evidence import COMMON, rarity, weight
from storyline.link.entity_index import PENDING_STATE, TABLES
from storyline.model import Document, Entity, Published, RawInput, Span
from storyline.store import open_store
from tests.pg_server import temporary_server

ARTICLES = {
    "abuja-1": "ABUJA, March 3 (Storyline Wire) - Health Minister Grace Okafor said on Monday that Nigeria would open "
               "12 new cholera treatment centres in Kano and Abuja. The National Emergency Management Agency (NEMA) "
               "will deliver the supplies, Okafor told reporters.",
    "abuja-2": "KANO, March 4 (Storyline Wire) - Minister Okafor visited a cholera clinic in Kano on Tuesday and said "
               "the outbreak in Nigeria was slowing, the health ministry said.",
    "nema-1": "NEMA officials in Kano said on Wednesday that flood waters had cut two roads into the city.",
    "coach-1": "MANCHESTER, March 4 (Storyline Wire) - Daniel Okafor was named head coach of Salford Rovers on Tuesday, "
               "the club said. Okafor, 44, previously managed teams in Leeds and Manchester.",
    "coach-2": "Salford Rovers lost 2-1 at home in Manchester on Saturday, coach Okafor said after the match.",
    "okafor-alone": "The talks ended without a deal on Sunday, said Mr Okafor.",
    "envoy-1": "GENEVA, March 5 (Storyline Wire) - United Nations envoy Tomas Lindqvist met delegations from Sudan in "
               "Geneva on Thursday to discuss a ceasefire in Darfur.",
    "envoy-2": "The talks on Darfur would resume next week in Geneva, envoy Lindqvist said on Friday, and the Sudan "
               "delegations agreed.",
    "envoy-spelling": "Tomas Lindquist, the United Nations envoy, arrived in Port Sudan on Friday.",
    "kano-3": "Grace Okafor, Nigeria's health minister, said NEMA had moved 30 tonnes of supplies to Kano.",
}
# the coach's first article, corrected: he is named at a club in another city, nothing about Manchester
COACH_CORRECTED = ("BRISTOL, March 4 (Storyline Wire) - Daniel Okafor was named head coach of Avon City on Tuesday, "
                   "the club said. Okafor, 44, previously managed teams in Leeds.")
# a surname alone before its full name is stored, both Okafors in one batch, a correction last
BATCHES = [["abuja-1", "coach-1"], ["okafor-alone", "envoy-2"], ["abuja-2", "nema-1"], ["envoy-1", "coach-2"],
           ["envoy-spelling", "kano-3"]]
ALIAS_FILE = "- name: Tomas Lindqvist\n  aliases: [Tomas Lindquist]\n  type: PERSON\n  qid: Q4242424\n"


@pytest.fixture(scope="module")
def docs(pipeline: Any) -> dict[str, Document]:
    out = {k: pipeline.extract(RawInput(origin=k, id=k, text=t)) for k, t in ARTICLES.items()}
    out["coach-1-corrected"] = pipeline.extract(RawInput(origin="coach-1", id="coach-1", text=COACH_CORRECTED))
    return out


def state(store: Any) -> dict[str, list[tuple[Any, ...]]]:
    """The links re-linking writes and every index table (one carrier article kept: which only matters if alone)."""
    out = {"links": sorted(tuple(r.values()) for r in store.rows(
        "SELECT kind, src, dst FROM links WHERE kind IN (?, ?)", [LINK_KIND, QID_KIND]))}
    for table in TABLES:
        rows = store.rows(f"SELECT * FROM {table}")
        if table == "entity_keys":
            rows = [r | {"doc_id": r["doc_id"] if r["docs"] == 1 else ""} for r in rows]
        out[table] = sorted(tuple(r.values()) for r in rows)
    return out


def ingest_in_batches(store: Any, batches: list[list[Document]], aliases: AliasTable | None) -> None:
    for batch in batches:
        result = store.add(batch)
        report = relink_entities(store, aliases, changed=result.added + result.updated)
        assert report.full or report.articles == len(batch)


def assert_same_as_full(store: Any, aliases: AliasTable | None) -> dict[str, list[tuple[Any, ...]]]:
    """The state the updates left equals a full re-link's, and the ids equal linking every cluster in memory."""
    incremental = state(store)
    report = relink_entities(store, aliases, full=True)
    assert report.full
    assert state(store) == incremental
    links = link_entities(clusters_from_rows(store.rows(CLUSTER_ROWS)), aliases)
    expected = [(LINK_KIND, f"{d}#{e}", g) for d, e, g in links.remapped()]
    assert [r for r in incremental["links"] if r[0] == LINK_KIND] == expected
    return incremental


def global_id(store: Any, doc_id: str, entity_id: str) -> str:
    rows = store.rows("SELECT dst FROM links WHERE kind = ? AND src = ?", [LINK_KIND, f"{doc_id}#{entity_id}"])
    return rows[0]["dst"] if rows else entity_id


def entity(doc: Document, name: str) -> str:
    return next(e.id for e in doc.entities if e.name == name)


def check_wire(store: Any, docs: dict[str, Document], tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text(ALIAS_FILE, encoding="utf-8")
    aliases = load_aliases(path)
    ingest_in_batches(store, [[docs[k] for k in batch] for batch in BATCHES], aliases)
    assert_same_as_full(store, aliases)
    okafor = entity(docs["abuja-2"], "Okafor")
    grace, daniel = entity(docs["abuja-1"], "Grace Okafor"), entity(docs["coach-1"], "Daniel Okafor")
    assert global_id(store, "abuja-2", okafor) == grace  # Kano, Nigeria
    assert global_id(store, "coach-2", okafor) == daniel  # Manchester
    assert global_id(store, "okafor-alone", okafor) == okafor  # nothing says which
    lindqvist = entity(docs["envoy-1"], "Tomas Lindqvist")
    assert global_id(store, "envoy-2", entity(docs["envoy-2"], "Lindqvist")) == lindqvist  # stored before his full name
    assert global_id(store, "envoy-spelling", entity(docs["envoy-spelling"], "Tomas Lindquist")) == lindqvist
    assert store.rows("SELECT src FROM links WHERE kind = ?", [QID_KIND]) == [{"src": lindqvist}]
    nema = entity(docs["abuja-1"], "National Emergency Management Agency")
    assert global_id(store, "nema-1", entity(docs["nema-1"], "NEMA")) == nema

    ingest_in_batches(store, [[docs["coach-1-corrected"]]], aliases)  # the coach is no longer named beside Manchester
    assert_same_as_full(store, aliases)
    assert global_id(store, "coach-2", okafor) == okafor


def test_wire_articles_ingested_in_batches_link_as_a_full_relink_does(docs: dict[str, Document], store: Any,
                                                                      tmp_path: Path) -> None:
    check_wire(store, docs, tmp_path)


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    try:
        with temporary_server() as url:
            yield url
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


def test_the_same_on_postgresql(docs: dict[str, Document], pg_url: str, tmp_path: Path) -> None:
    store = open_store(pg_url)
    try:
        check_wire(store, docs, tmp_path)
        crowded_universe(store, 11, 60)
    finally:
        store.close()


# a crowded universe ---------------------------------------------------------------------------
PEOPLE = ["Omar Haddad", "Lina Haddad", "Sami Haddad", "Karim Nasser", "Rana Nasser", "Yusuf Darwish"]
PLACES = ["Gaza", "Rafah", "Doha", "Cairo", "Beirut", "Amman", "Jenin", "Hebron", "Tyre", "Aqaba"]
ORGS = [("World Food Programme", "WFP"), ("World Fisheries Panel", "WFP"), ("Red Crescent Society", "RCS")]
ROLES = ["the aid chief", "the peace envoy", "the city mayor", "the lead negotiator"]
CROWD_ALIASES = AliasTable((AliasEntry("Omar Haddad", ("O. Haddad",), "PERSON", "Q1"),
                            AliasEntry("Haddad (minister)", ("Haddad",), "PERSON", None, ("Amman",)),
                            AliasEntry("Rafah crossing", ("Rafah",), None, "Q2")))


def named(name: str, type_: str, *texts: str) -> Entity:
    words = name.lower().replace(" ", "-")
    return Entity(id=f"e-{type_[:1].lower()}-{words}", name=name, type=type_,
                  mentions=tuple(Span(t, 0, len(t)) for t in (name, *texts)))


def article(doc_id: str, *entities: Entity, version: str = "") -> Document:
    return Document(id=doc_id, body=" ".join(m.text for e in entities for m in e.mentions), title=None, outlet=None,
                    published=Published(None, "unknown"), entities=entities, content_hash=doc_id + version)


def random_article(rng: random.Random, doc_id: str, version: str = "") -> Document:
    entities = [named(p, "GPE") for p in rng.sample(PLACES, rng.randint(1, 4))]
    entities += [named(p, "PERSON", *([rng.choice(ROLES)] if rng.random() < 0.06 else []))
                 for p in rng.sample(PEOPLE, rng.randint(0, 2))]
    entities += [named(s, "PERSON", *([rng.choice(ROLES)] if rng.random() < 0.5 else []))
                 for s in rng.sample(["Haddad", "Nasser", "Darwish"], rng.randint(0, 2))]
    if rng.random() < 0.4:
        name, acronym = rng.choice(ORGS)
        entities.append(named(name, "ORG", *([acronym] if rng.random() < 0.7 else [])))
    if rng.random() < 0.3:
        entities.append(named("WFP", "ORG"))
    return article(doc_id, *entities, version=version)


def crowded_universe(store: Any, seed: int, total: int) -> None:
    """Random batches, some re-ingesting a changed article; the end state equals a full re-link's."""
    rng = random.Random(seed)
    n = 0
    while n < total:
        batch = [random_article(rng, f"u{seed}-{i}") for i in range(n, n + rng.choice([1, 1, 2, 3, 8]))]
        n += len(batch)
        if rng.random() < 0.3:
            batch.append(random_article(rng, f"u{seed}-{rng.randrange(n - len(batch) + 1)}", version=f"v{n}"))
        result = store.add(batch)
        relink_entities(store, CROWD_ALIASES, changed=result.added + result.updated)
    assert_same_as_full(store, CROWD_ALIASES)


@pytest.mark.parametrize("seed", range(6))
def test_a_crowded_universe_in_random_batches(store: Any, seed: int) -> None:
    crowded_universe(store, seed, 150)
    assert store.rows("SELECT count(*) AS n FROM entity_clusters WHERE fragile = 1")[0]["n"] > 10  # close calls were made


# each way an update reaches elsewhere -----------------------------------------------------------
GAZA, TYRE = named("Gaza", "GPE"), named("Tyre", "GPE")
OMAR, LINA = named("Omar Haddad", "PERSON"), named("Lina Haddad", "PERSON")


def relinked(store: Any, *docs: Document) -> None:
    result = store.add(list(docs))
    relink_entities(store, changed=result.added + result.updated)


def test_a_full_name_gaining_a_description_reaches_the_short_name_written_so(store: Any) -> None:
    envoy = named("Haddad", "PERSON", "the peace envoy")
    relinked(store, article("g1", GAZA), article("o1", OMAR, GAZA), article("l1", LINA, GAZA), article("h", envoy, TYRE))
    assert global_id(store, "h", envoy.id) == envoy.id  # two Haddads, nothing to choose by
    relinked(store, article("o2", named("Omar Haddad", "PERSON", "the peace envoy"), GAZA))
    assert global_id(store, "h", envoy.id) == OMAR.id
    assert_same_as_full(store, None)


def test_a_correction_that_removes_the_only_full_name_unlinks_its_surname(store: Any) -> None:
    short = named("Haddad", "PERSON")
    relinked(store, article("o1", OMAR, TYRE), article("h", short, TYRE))
    assert global_id(store, "h", short.id) == OMAR.id
    relinked(store, article("o1", named("Karim Nasser", "PERSON"), TYRE, version="corrected"))
    assert global_id(store, "h", short.id) == short.id
    assert_same_as_full(store, None)


def test_an_entity_crossing_a_power_of_two_reaches_close_calls_only() -> None:
    assert [rarity(n) for n in (1, 2, 3, 4, 1023, COMMON, 10 * COMMON)] == [0, 1, 1, 2, 9, 10, 10]
    assert weight(1) > weight(2) == weight(3) > weight(COMMON) == weight(50 * COMMON)


def test_an_update_rereads_only_what_it_touches(store: Any) -> None:
    rng = random.Random(5)
    relinked(store, *(random_article(rng, f"a{i}") for i in range(120)))
    report = relink_entities(store, changed=[store.add([article("new", named("Yusuf Darwish", "PERSON"), TYRE)]).added[0]])
    assert 2 <= report.clusters < 60  # of some 700 clusters stored


def test_a_changed_alias_file_or_an_unfinished_update_relinks_in_full(store: Any) -> None:
    relinked(store, article("o1", OMAR, TYRE))
    added = store.add([article("h", named("O. Haddad", "PERSON"), TYRE)]).added
    report = relink_entities(store, CROWD_ALIASES, changed=added)
    assert report.full and global_id(store, "h", "e-p-o.-haddad") == OMAR.id
    store.write([("INSERT INTO link_state (key, value) VALUES (?, ?)", [(PENDING_STATE, "1")])])
    assert relink_entities(store, CROWD_ALIASES).full
    assert not relink_entities(store, CROWD_ALIASES).full


def test_an_index_that_disagrees_with_the_store_is_rebuilt(store: Any) -> None:
    relinked(store, article("o1", OMAR, TYRE), article("o2", OMAR, GAZA))
    store.write([("DELETE FROM entity_clusters WHERE doc_id = ?", [("o2",)])])  # someone edited the table
    report = relink_entities(store, changed=store.add([article("o1", LINA, TYRE, version="b")]).updated)
    assert report.full
    assert_same_as_full(store, None)
