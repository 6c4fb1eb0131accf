"""A local process pool: each worker loads the pipeline once and takes batches of articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from storyline.config import Settings
from storyline.errors import InputError
from storyline.model import Document, RawInput
from storyline.pipeline import Pipeline, batched

_worker: Pipeline | None = None


def _init(settings: Settings) -> None:
    global _worker
    _worker = Pipeline(settings)


def _run(chunk: list[RawInput | InputError]) -> list[Document | InputError]:
    assert _worker is not None
    return list(_worker.run(chunk))


def run_parallel(items: Iterable[RawInput | InputError], settings: Settings) -> Iterator[Document | InputError]:
    """Results in input order; at most ``2 * processes`` batches in flight to bound memory."""
    with ProcessPoolExecutor(settings.processes, initializer=_init, initargs=(settings,)) as pool:
        pending = []
        for chunk in batched(items, settings.batch_size):
            pending.append(pool.submit(_run, chunk))
            if len(pending) >= 2 * settings.processes:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()
