"""The PostgreSQL store behaves as the SQLite one: same documents back, no duplicates, search."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storyline.errors import StoreError
from storyline.model import Document, RawInput
from tests.conftest import FIXTURES
from tests.pg_server import temporary_server


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    try:
        with temporary_server() as url:
            yield url
    except FileNotFoundError as exc:  # CI installs the server; a laptop may not have one
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def doc(pipeline) -> Document:  # type: ignore[no-untyped-def]
    text = (FIXTURES / "wire-gaza-toll.txt").read_text()
    return pipeline.extract(RawInput(origin="t", text=text, id="gaza-1", published="2024-07-15", outlet="Wire"))


def test_postgres_round_trip_and_dedup(pg_url: str, doc: Document) -> None:
    from storyline.store import open_store

    store = open_store(pg_url)
    assert store.add([doc]).added == ["gaza-1"]
    assert store.get("gaza-1") == doc
    assert store.add([doc, doc.replace(id="copy")]).skipped == ["gaza-1", "copy"]
    assert store.count() == 1 and [d.id for d in store.documents(outlet="Wire")] == ["gaza-1"]
    assert [h.id for h in store.search("Khan Younis strikes")] == ["gaza-1"]
    assert store.rows("SELECT count(*) AS n FROM mentions WHERE doc_id = ?", ["gaza-1"])[0]["n"] >= 1
    before = store.stats()
    with pytest.raises(StoreError, match="nothing changed"):
        store.add([doc.replace(id="fine", content_hash="y"), doc.replace(id="bad", content_hash="x", body=None)])
    assert store.stats() == before
    store.close()
    reopened = open_store(pg_url)  # migrations are idempotent
    assert reopened.count() == 1
    reopened.close()
