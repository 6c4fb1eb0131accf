"""Properties that must always hold, over generated documents (Hypothesis)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.ingest import read_inputs
from storyline.model import Document, Entity, Figure, Published, Quote, Span, Speaker, Timex
from storyline.pipeline import content_hash
from storyline.store.sqlite import SQLiteStore

text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    body = draw(text)
    start = draw(st.integers(0, len(body) - 1))
    end = draw(st.integers(start + 1, len(body)))
    piece = body[start:end]
    return Document(
        id=draw(st.text("abcdefghij-0123456789", min_size=1, max_size=12)),
        body=body, title=draw(st.none() | text), outlet=draw(st.none() | text),
        published=Published(draw(st.none() | st.dates().map(str)), "given"),
        entities=(Entity("e-1", piece, "PERSON", (Span(piece, start, end),)),),
        timexes=(Timex(piece, start, end, "DATE", draw(st.none() | st.just("2024-07-14"))),),
        quotes=(Quote(piece, start, end, "direct", Speaker(draw(st.none() | text), None, Span(piece, start, end))),),
        figures=(Figure(piece, start, end, "killed", draw(st.floats(0, 1e9)), qualifier=draw(st.none() | st.just("nearly"))),),
        content_hash=content_hash(body),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents())
def test_store_round_trip_and_idempotent_reingest(doc: Document) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "p.db")
        store.add([doc])
        assert store.get(doc.id) == doc
        before = store.stats()
        assert store.add([doc]).skipped == [doc.id]
        assert store.stats() == before
        store.close()


@given(documents())
def test_contract_dict_round_trips(doc: Document) -> None:
    data = json.loads(json.dumps(doc.to_dict()))
    assert Document.from_dict(data) == doc


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(text.map(lambda t: json.dumps({"text": t})), st.binary(max_size=40).map(repr)), max_size=6))
def test_every_jsonl_line_gives_an_article_or_a_named_error(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        items = list(read_inputs([str(path)]))
        nonblank = [line for line in lines if line.strip()]
        assert len(items) == max(1, len(nonblank))
        assert all(str(path) in getattr(i, "origin", "") for i in items)
