"""Real outputs validate against the public contract, and every span points at its text."""

from __future__ import annotations

import jsonschema
import pytest

from storyline.ingest import read_inputs
from storyline.model import Document, RawInput
from tests.conftest import FIXTURES, SEEDS, assert_spans, need


def _validate(doc: Document, schema: dict) -> None:
    data = doc.to_dict()
    jsonschema.validate(data, schema)
    assert_spans(data)
    assert Document.from_dict(data).to_dict() == data  # round-trips


def test_seeds_are_contract_valid(pipeline, schema) -> None:  # type: ignore[no-untyped-def]
    items = list(read_inputs([str(need(SEEDS))]))
    assert len(items) == 2 and all(isinstance(i, RawInput) for i in items)
    for result in pipeline.run(items):
        assert isinstance(result, Document)
        _validate(result, schema)
        assert result.id.startswith("wire-")


def test_demo_corpus_is_contract_valid(pipeline, schema) -> None:  # type: ignore[no-untyped-def]
    from storyline.serve.demo import demo_corpus_path

    items = list(read_inputs([demo_corpus_path()]))
    assert len(items) >= 40
    docs = [r for r in pipeline.run(items)]
    assert all(isinstance(d, Document) for d in docs), [d for d in docs if not isinstance(d, Document)]
    for doc in docs:
        _validate(doc, schema)  # type: ignore[arg-type]


def test_given_id_and_date_are_kept(pipeline) -> None:  # type: ignore[no-untyped-def]
    raw = RawInput(origin="t", text=(FIXTURES / "wire-gaza-toll.txt").read_text(), id="my-id", published="2024-07-15")
    doc = pipeline.extract(raw)
    assert doc.id == "my-id"
    assert (doc.published.date, doc.published.basis) == ("2024-07-15", "given")


def test_same_text_gives_same_id(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (FIXTURES / "wire-gaza-toll.txt").read_text()
    a = pipeline.extract(RawInput(origin="a", text=text))
    b = pipeline.extract(RawInput(origin="b", text=text + "\n\n"))
    assert a.id == b.id and a.id.startswith("doc-")


@pytest.mark.parametrize("bad", ["2024-13-45x", "yesterday"])
def test_bad_published_is_an_input_error(pipeline, bad: str) -> None:  # type: ignore[no-untyped-def]
    from storyline.errors import InputError

    with pytest.raises(InputError, match="published"):
        pipeline.extract(RawInput(origin="x.jsonl:3", text="Some words here.", published=bad))
