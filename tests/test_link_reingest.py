"""Re-ingesting a changed article takes its old contribution out of the link index before adding the new one.

The link index keeps document frequencies (``link_terms``) and a document total summed over the
linked articles; a changed article must leave them exactly as a fresh ingest of the final versions
would, with no stale postings, bands or copy links. Re-ingesting an unchanged article changes nothing.
Each test runs on SQLite and on PostgreSQL (skipped when no server binaries are installed).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import count
from typing import Any

import pytest

from storyline.batch.run import ingest
from storyline.config import Settings
from storyline.errors import StoreError
from storyline.link import syndication as syn
from storyline.model import RawInput
from storyline.store.base import Store

AGENCY = """ROTTERDAM, Netherlands (Reuters) - Dockworkers at the port of Rotterdam walked off the job on Monday \
in a 48-hour strike over automation plans, leaving dozens of container ships waiting at anchor in the North Sea, \
the FNV union said.
Union negotiator Niek Stam said talks with the employers' association had broken down on Sunday night after \
terminal operators refused to guarantee jobs for crane drivers until 2030.
The Port of Rotterdam Authority said about 40 vessels were delayed and that the container terminals on the \
Maasvlakte were at a standstill."""

LOCAL = """Container terminals on Rotterdam's Maasvlakte stood idle on Monday as thousands of dockworkers began \
a two-day walkout against the introduction of automated cranes.
The FNV union, represented in the talks by Niek Stam, wants a promise that no crane drivers lose their jobs \
before 2030. The terminal operators said the demand would make the port uncompetitive.
Shipping agents said some 40 vessels were waiting off the coast and that several carriers were weighing \
diverting cargo to Antwerp."""

COPY = AGENCY + """
Harbour Times has asked the employers' association for comment."""

LANDSLIDE = """ODDA, Norway - A landslide buried a mountain road near the Norwegian village of Odda on Monday, \
cutting off about 300 residents, police said.
Rescue crews used helicopters to ferry food and medicine to farms above the fjord, and nobody was reported hurt.
Geologist Ingrid Solberg of the Norwegian Water Resources and Energy Directorate said a week of heavy rain \
had loosened the slope, and warned that more rock could fall."""

DAY = "2024-03-11"
CHANGING = "harbour-1"  # the article whose text changes
_NUMBERS = count()  # one database or file per store opened in this module


def _items(changing: str) -> list[RawInput]:
    return [RawInput(origin="agency", id="agency-1", text=AGENCY, published=DAY, outlet="Reuters"),
            RawInput(origin="local", id="local-1", text=LOCAL, published=DAY, outlet="Rijnmond Courier"),
            RawInput(origin="harbour", id=CHANGING, text=changing, published=DAY, outlet="Harbour Times")]


# stores ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    from tests.pg_server import temporary_server

    try:
        with temporary_server() as url:
            yield url
    except FileNotFoundError as exc:  # CI installs the server; a laptop may not have one
        pytest.skip(str(exc))


@pytest.fixture(params=["sqlite", "postgres"])
def kind(request) -> str:  # type: ignore[no-untyped-def]
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def new_store(kind, request, tmp_path) -> Iterator[Callable[[], Store]]:  # type: ignore[no-untyped-def]
    """Opens empty stores of one kind (each test compares a re-ingested store with a fresh one)."""
    from storyline.store import open_store

    opened: list[Store] = []

    def make() -> Store:
        n = next(_NUMBERS)
        store = open_store(str(tmp_path / f"s{n}.db") if kind == "sqlite" else _new_database(
            request.getfixturevalue("pg_server"), f"reingest_{n}"))
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def _new_database(url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[call-overload]
    return url.replace("/storyline?", f"/{name}?")


# what the link index holds ---------------------------------------------------------------------
def _df(store: Store) -> dict[str, int]:
    return {r["term"]: r["df"] for r in store.rows("SELECT term, df FROM link_terms")}


def _terms(store: Store, doc_id: str) -> dict[str, int]:
    return json.loads(store.rows("SELECT terms FROM link_docs WHERE doc_id = ?", [doc_id])[0]["terms"])  # type: ignore[no-any-return]


def _partition(store: Store) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for r in store.rows("SELECT id, story FROM documents"):
        assert r["story"] is not None, r["id"]
        groups.setdefault(r["story"], set()).add(r["id"])
    return {frozenset(g) for g in groups.values()}


def _index(store: Store) -> dict[str, Any]:
    """Everything linking derives from the final texts alone (not from the order they came in)."""
    docs = store.rows("SELECT doc_id, terms, signature FROM link_docs ORDER BY doc_id")
    return {
        "df": _df(store),
        "documents": store.get_state("link_documents"),
        "docs": [(r["doc_id"], json.loads(r["terms"]), r["signature"]) for r in docs],
        "bands": sorted((r["band"], r["doc_id"]) for r in store.rows("SELECT band, doc_id FROM link_bands")),
        "copies": sorted((r["src"], r["dst"]) for r in store.rows("SELECT src, dst FROM links WHERE kind = 'copy_of'")),
        "stories": _partition(store),
    }


def _everything(store: Store, tables: tuple[str, ...] = ("documents", "link_docs", "link_terms", "link_keys", "link_bands",
                                                          "links", "link_state")) -> dict[str, Any]:
    return {t: sorted(json.dumps(r, sort_keys=True, default=str) for r in store.rows(f"SELECT * FROM {t}"))
            for t in tables}


# tests -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("before", "after"), [(LANDSLIDE, COPY), (COPY, LANDSLIDE)],
                         ids=["joins-the-strike", "leaves-the-strike"])
def test_changed_article_counts_as_a_fresh_ingest(new_store, before: str, after: str) -> None:  # type: ignore[no-untyped-def]
    settings = Settings()
    store = new_store()
    ingest(_items(before), store, settings)
    old_terms = _terms(store, CHANGING)
    report = ingest(_items(after)[2:], store, settings)
    assert report.updated == [CHANGING] and report.links and report.links.linked == [CHANGING]

    fresh = new_store()
    ingest(_items(after), fresh, settings)
    new_terms = _terms(fresh, CHANGING)
    others = _terms(fresh, "agency-1").keys() | _terms(fresh, "local-1").keys()
    gone = old_terms.keys() - new_terms.keys() - others
    only_new = new_terms.keys() - old_terms.keys() - others
    assert gone and only_new
    df = _df(store)
    assert not gone & df.keys()  # back to absent, not left at 0 or above
    assert all(df[t] == 1 for t in only_new)
    assert store.get_state("link_documents") == "3"
    assert _index(store) == _index(fresh)


def test_copy_link_follows_the_changed_text(new_store) -> None:  # type: ignore[no-untyped-def]
    store = new_store()
    ingest(_items(COPY), store, Settings())
    assert _index(store)["copies"] == [(CHANGING, "agency-1")]
    assert {frozenset({"agency-1", "local-1", CHANGING})} == _index(store)["stories"]
    ingest(_items(LANDSLIDE)[2:], store, Settings())
    assert _index(store)["copies"] == []
    assert store.rows("SELECT count(*) AS n FROM link_bands WHERE doc_id = ?", [CHANGING])[0]["n"] == syn.BANDS
    keys = [r["key"] for r in store.rows("SELECT key FROM link_keys WHERE doc_id = ?", [CHANGING])]
    assert len(keys) == len(set(keys)) and not {"dockworkers", "rotterdam"} & set(keys)


def test_same_article_again_changes_nothing(new_store) -> None:  # type: ignore[no-untyped-def]
    store = new_store()
    ingest(_items(LANDSLIDE), store, Settings())
    ingest(_items(COPY)[2:], store, Settings())
    before = _everything(store)
    report = ingest(_items(COPY), store, Settings())
    assert report.skipped == ["agency-1", "local-1", CHANGING] and report.links and report.links.linked == []
    assert _everything(store) == before


def test_a_failed_write_leaves_the_old_version_counted(new_store, kind: str) -> None:  # type: ignore[no-untyped-def]
    """The old rows go out in the write that puts the new ones in: when that write fails, neither happened."""
    store = new_store()
    ingest(_items(LANDSLIDE), store, Settings())
    index_tables = ("link_docs", "link_terms", "link_keys", "link_bands", "links", "link_state")
    before = _everything(store, index_tables)
    _fail_inserts(store, kind, broken=True)
    with pytest.raises(StoreError):
        ingest(_items(COPY)[2:], store, Settings())
    assert _everything(store, index_tables) == before
    _fail_inserts(store, kind, broken=False)
    ingest([], store, Settings())  # the changed article still has no story: the next run links it
    fresh = new_store()
    ingest(_items(COPY), fresh, Settings())
    assert _index(store) == _index(fresh)


def _fail_inserts(store: Store, kind: str, broken: bool) -> None:
    """Inserts into ``link_docs`` die, as a write that fails half-way would (full disk, lost connection)."""
    conn: Any = store.conn  # type: ignore[attr-defined]
    if kind == "sqlite":
        conn.execute("DROP TRIGGER IF EXISTS fail_insert")
        if broken:
            conn.execute("CREATE TRIGGER fail_insert BEFORE INSERT ON link_docs BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        return
    conn.execute("CREATE OR REPLACE FUNCTION fail_insert() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ "
                 "LANGUAGE plpgsql")
    conn.execute("DROP TRIGGER IF EXISTS fail_insert ON link_docs")
    if broken:
        conn.execute("CREATE TRIGGER fail_insert BEFORE INSERT ON link_docs FOR EACH ROW EXECUTE FUNCTION fail_insert()")
