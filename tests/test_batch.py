"""Many articles: the local process pool and Dask distributed give what one process gives."""

from __future__ import annotations

from storyline.batch.run import extract
from storyline.config import Settings
from storyline.errors import InputError
from storyline.model import Document, RawInput
from tests.conftest import FIXTURES

TEXT = (FIXTURES / "wire-gaza-toll.txt").read_text()


def _items() -> list[RawInput | InputError]:
    items: list[RawInput | InputError] = [
        RawInput(origin=f"a{i}", text=TEXT.replace("41", str(41 + i)), id=f"a{i}", published="2024-07-15")
        for i in range(5)
    ]
    items.insert(2, InputError("broken.jsonl:3", "not valid JSON"))
    return items


def _summary(results: list[Document | InputError]) -> list[str]:
    return [r.id if isinstance(r, Document) else str(r) for r in results]


def test_local_pool_matches_one_process() -> None:
    one = list(extract(_items(), Settings(batch_size=2)))
    pool = list(extract(_items(), Settings(batch_size=2, processes=2)))
    assert _summary(pool) == _summary(one) == ["a0", "a1", "broken.jsonl:3: not valid JSON", "a2", "a3", "a4"]
    _assert_same(pool, one)


def test_dask_distributed_matches_one_process() -> None:
    one = list(extract(_items(), Settings(batch_size=2)))
    dask = list(extract(_items(), Settings(batch_size=2, engine="dask", processes=1)))
    assert _summary(dask) == _summary(one)
    _assert_same(dask, one)


def _assert_same(got: list[Document | InputError], expected: list[Document | InputError]) -> None:
    for a, b in zip(got, expected, strict=True):
        assert (a.to_dict() if isinstance(a, Document) else a) == (b.to_dict() if isinstance(b, Document) else b)
