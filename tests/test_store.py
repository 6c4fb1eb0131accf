"""The SQLite store: round-trips, no duplicates on re-ingest, all-or-nothing batches."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.model import Document, RawInput
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def doc(pipeline) -> Document:  # type: ignore[no-untyped-def]
    text = (FIXTURES / "wire-gaza-toll.txt").read_text()
    return pipeline.extract(RawInput(origin="t", text=text, id="gaza-1", published="2024-07-15", outlet="Wire"))


def test_round_trip(store, doc: Document) -> None:  # type: ignore[no-untyped-def]
    assert store.add([doc]).added == ["gaza-1"]
    assert store.get("gaza-1") == doc
    assert [d.id for d in store.documents(outlet="Wire")] == ["gaza-1"]
    assert store.count() == 1


def test_reingest_changes_nothing(store, doc: Document) -> None:  # type: ignore[no-untyped-def]
    store.add([doc])
    before = store.stats()
    result = store.add([doc, doc.replace(id="other-id")])  # same article under another id too
    assert result.added == [] and result.skipped == ["gaza-1", "other-id"]
    assert store.stats() == before


def test_full_text_search(store, doc: Document) -> None:  # type: ignore[no-untyped-def]
    store.add([doc])
    hits = store.search("Khan Younis")
    assert [h.id for h in hits] == ["gaza-1"] and "[Khan]" in hits[0].snippet
    assert store.search("earthquake") == []
    assert store.search('"') == []


def test_failed_batch_leaves_store_untouched(store, doc: Document) -> None:  # type: ignore[no-untyped-def]
    store.add([doc])
    before = store.stats()
    bad = doc.replace(id="bad", content_hash="x", body=None)  # NOT NULL body: the insert fails
    with pytest.raises(StoreError, match="nothing changed"):
        store.add([doc.replace(id="fine", content_hash="y"), bad])
    assert store.stats() == before
    assert store.get("fine") is None


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    from storyline.store import open_store

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"junk\.db"):
        open_store(str(junk))


def test_schema_version_is_recorded(store) -> None:  # type: ignore[no-untyped-def]
    from storyline.store.schema import SCHEMA_VERSION

    assert store.stats()["schema_version"] == SCHEMA_VERSION
    assert sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
