"""Dask distributed: the same map over the pipeline, on a cluster that can outgrow one machine.

Each worker process builds its Pipeline once (cached on the worker) and takes whole batches,
so the spaCy model is loaded once per worker, not once per task. Results come back in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from storyline.config import Settings
from storyline.errors import InputError, MissingExtraError
from storyline.model import Document, RawInput
from storyline.pipeline import Pipeline, batched

_PIPELINES: dict[int, Pipeline] = {}


def _run_batch(chunk: list[RawInput | InputError], settings: Settings) -> list[Document | InputError]:
    key = hash(settings)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(settings)
    return list(_PIPELINES[key].run(chunk))


def client_for(scheduler: str | None, settings: Settings) -> Any:
    """Connect to ``scheduler`` (tcp://host:8786), or start a local cluster of worker processes."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise MissingExtraError("the Dask engine", "distributed") from exc
    if scheduler:
        return Client(scheduler)
    for attempt in (1, 2):  # a loaded machine can miss the nanny's start-up deadline once
        try:
            cluster = LocalCluster(n_workers=max(1, settings.processes), threads_per_worker=1, processes=True,
                                   dashboard_address=None, memory_limit="4GiB", scheduler_port=0)
            return Client(cluster)
        except (RuntimeError, TimeoutError):
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def run_distributed(items: Iterable[RawInput | InputError], settings: Settings, *,
                    scheduler: str | None = None, window: int = 8) -> Iterator[Document | InputError]:
    """Submit batches with at most ``window`` in flight, yielding results in input order."""
    client = client_for(scheduler, settings)
    try:
        pending = []
        for chunk in batched(items, settings.batch_size):
            pending.append(client.submit(_run_batch, chunk, settings, pure=False))
            if len(pending) >= window:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None:
            cluster.close()
