"""Run the pipeline over many inputs and, when a store is given, store and link the results."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from storyline.batch.pubdate_windows import narrow_undated
from storyline.config import Settings
from storyline.errors import ConfigError, InputError
from storyline.link import LinkReport, link_store
from storyline.link.entities import EntityLinkReport, relink_entities
from storyline.link.entity_aliases import load_aliases
from storyline.model import Document, RawInput
from storyline.pipeline import Pipeline, batched
from storyline.store.base import AddResult, Store

Tick = Callable[[int], None]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    links: LinkReport | None = None
    narrowed: list[str] = field(default_factory=list)  # undated articles whose window another one narrowed


def extract(items: Iterable[RawInput | InputError], settings: Settings,
            tick: Tick | None = None) -> Iterator[Document | InputError]:
    for result in _engine(items, settings):
        if tick:
            tick(1)
        yield result


def _engine(items: Iterable[RawInput | InputError], settings: Settings) -> Iterator[Document | InputError]:
    if settings.engine == "dask":
        from storyline.batch.distributed import run_distributed

        return run_distributed(items, settings, scheduler=settings.scheduler)
    if settings.engine != "local":
        raise ConfigError(f"engine must be 'local' or 'dask', not {settings.engine!r}")
    if settings.processes > 1:
        from storyline.batch.local import run_parallel

        return run_parallel(items, settings)
    return Pipeline(settings).run(items)


def ingest(items: Iterable[RawInput | InputError], store: Store, settings: Settings,
           tick: Tick | None = None) -> IngestReport:
    """Extract and store batch by batch (one transaction each), then update the links."""
    report = IngestReport()
    for chunk in batched(extract(items, settings, tick), settings.batch_size):
        docs = [d for d in chunk if isinstance(d, Document)]
        report.errors.extend(e for e in chunk if isinstance(e, InputError))
        if docs:
            _merge(report, store.add(docs))
    report.links = link_store(store)
    if report.added or report.updated:
        relink(store, settings, changed=report.added + report.updated)
        report.narrowed = narrow_undated(store)
    return report


def relink(store: Store, settings: Settings, *, changed: list[str] | None = None) -> EntityLinkReport:
    """Global entity ids from the stored clusters and the user's alias file: no re-extraction.

    With ``changed`` (the articles an ingest stored), only what they touch; without, all of them.
    """
    aliases = load_aliases(settings.aliases) if settings.aliases else None
    return relink_entities(store, aliases, full=changed is None, changed=changed or ())


def _merge(report: IngestReport, result: AddResult) -> None:
    report.added += result.added
    report.updated += result.updated
    report.skipped += result.skipped
