"""One identity per entity across articles: global ids from the per-article clusters.

Extraction already gives the same id to the same full name (or place, or organisation) in every
article. What is left for linking:

- a surname alone ("Haniyeh", in an article that never gives his full name) joins the full name
  whose articles share its context (entities named alongside it, role descriptions); two people
  with one surname are kept apart when nothing ties the article to either;
- an acronym alone ("PTM") joins the organisation other articles spell out beside it;
- the user's alias file (:mod:`storyline.link.entity_aliases`) merges, splits and links first.

The rules themselves are in :mod:`storyline.link.entity_evidence`. :func:`link_entities` applies them
to clusters in memory. :func:`relink_entities` keeps the store's ids: after an ingest it indexes the new
articles and decides again only what they touch (:mod:`storyline.link.entity_update`); with
``full=True`` (``storyline relink``, or when the alias file changed) it reads every cluster, decides
all of them in memory and rebuilds the index. Both give the same ids. Editing the alias file needs a
re-link, never a re-extraction. Only the alias file's own entities get ``entities`` rows from linking:
the extracted rows stay as extraction wrote them, so what linking reads never depends on what it wrote.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from storyline.link.entity_aliases import AliasEntry, AliasTable
from storyline.link.entity_evidence import (
    Cluster,
    EntryId,
    Geo,
    Key,
    MemoryEvidence,
    choose_entry,
    entry_id,
    first_geo,
    most_common,
    short_name_target,
)
from storyline.link.entity_index import (
    ALIASES_STATE,
    CLUSTER_ROWS,
    LINK_KIND,
    PENDING_STATE,
    QID_KIND,
    ROWID_STATE,
    IndexMismatch,
    Statement,
    cluster_row,
    clusters_from_rows,
    rebuild_statements,
    state_statements,
)
from storyline.link.entity_update import RECORD_UPSERT, EntityLinkReport, update_entities
from storyline.model import Document

__all__ = ["CLUSTER_ROWS", "LINK_KIND", "QID_KIND", "Cluster", "EntityLinkReport", "EntityLinkTarget", "EntityLinks",
           "GlobalEntity", "clusters_from_documents", "clusters_from_rows", "link_entities", "link_statements",
           "relink_entities"]


@dataclass(frozen=True)
class GlobalEntity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    qid: str | None = None
    geo: Geo = (None, None, None)


@dataclass
class EntityLinks:
    ids: dict[Key, str] = field(default_factory=dict)
    entities: dict[str, GlobalEntity] = field(default_factory=dict)
    entries: dict[Key, int] = field(default_factory=dict)  # the alias entry a cluster took (its position)
    fragile: set[Key] = field(default_factory=set)  # decisions a rarity count crossing a power of two may change
    entry_ids: dict[int, EntryId] = field(default_factory=dict)  # the id of each entry some cluster took

    def global_id(self, doc_id: str, entity_id: str) -> str:
        return self.ids.get((doc_id, entity_id), entity_id)

    def remapped(self) -> list[tuple[str, str, str]]:
        """(doc id, extracted id, global id) wherever linking changed the id."""
        return sorted((d, e, g) for (d, e), g in self.ids.items() if g != e)


def clusters_from_documents(docs: Iterable[Document]) -> list[Cluster]:
    """The same clusters, read off extracted documents rather than the store."""
    return clusters_from_rows(
        {"doc_id": d.id, "entity_id": e.id, "text": m.text, "name": e.name, "type": e.type,
         "lat": e.geo.lat if e.geo else None, "lon": e.geo.lon if e.geo else None, "country": e.geo.country if e.geo else None}
        for d in docs for e in d.entities for m in e.mentions)


def link_entities(clusters: Sequence[Cluster], aliases: AliasTable | None = None) -> EntityLinks:
    """Global ids for every (article, entity): the alias file first, then short names by context."""
    aliases = aliases or AliasTable()
    ev = MemoryEvidence(clusters)
    links = EntityLinks()
    members: dict[int, Counter[str]] = defaultdict(Counter)
    for c in clusters:
        entry = choose_entry(c, ev.clusters(c.doc_id), aliases)
        if entry is not None:
            links.entries[c.key] = entry
            members[entry][c.type] += 1
    links.entry_ids = {i: entry_id(aliases.entries[i], types, ev) for i, types in members.items()}
    for c in clusters:
        if c.key in links.entries:
            links.ids[c.key] = links.entry_ids[links.entries[c.key]].id
            continue
        target = short_name_target(c, ev)
        links.ids[c.key] = target.entity_id or c.entity_id
        if target.fragile:
            links.fragile.add(c.key)
    links.entities = _records(clusters, links.ids, {e.id: aliases.entries[i] for i, e in links.entry_ids.items()})
    return links


def _records(clusters: Sequence[Cluster], ids: Mapping[Key, str], entries: Mapping[str, AliasEntry]) -> dict[str, GlobalEntity]:
    members: dict[str, list[Cluster]] = defaultdict(list)
    for c in clusters:
        members[ids[c.key]].append(c)
    out = {}
    for gid, group in members.items():
        entry = entries.get(gid)
        names = Counter(c.name for c in group)
        name = entry.name if entry else max(names, key=lambda n: (len(n.split()), names[n], n))
        type_ = entry.type if entry and entry.type else most_common(Counter(c.type for c in group))
        aliases = (set(names) | set(entry.aliases if entry else ())) - {name}
        out[gid] = GlobalEntity(gid, name, type_, tuple(sorted(aliases)), entry.qid if entry else None, first_geo(group))
    return out


class EntityLinkTarget(Protocol):
    """What re-linking needs of a store (every storyline store has all three)."""

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...

    def write(self, statements: Sequence[Statement]) -> None: ...

    def get_state(self, key: str) -> str | None: ...


def relink_entities(store: EntityLinkTarget, aliases: AliasTable | None = None, *, full: bool = False,
                    changed: Iterable[str] = ()) -> EntityLinkReport:
    """Bring the stored global ids up to date: the articles added since the last re-link (and ``changed``,
    the ids of articles stored again) and what they touch, or with ``full`` every cluster from scratch.

    An update falls back to a full re-link when the alias file is not the one the ids were made with,
    when the index was never built or disagrees with the store, or when the previous update did not finish.
    """
    aliases = aliases or AliasTable()
    if full or _needs_full(store, aliases):
        return _relink_all(store, aliases)
    try:
        return update_entities(store, aliases, changed)
    except IndexMismatch:
        return _relink_all(store, aliases)


def _needs_full(store: EntityLinkTarget, aliases: AliasTable) -> bool:
    return (store.get_state(ROWID_STATE) is None or store.get_state(PENDING_STATE) is not None
            or store.get_state(ALIASES_STATE) != aliases.fingerprint)


def _relink_all(store: EntityLinkTarget, aliases: AliasTable) -> EntityLinkReport:
    """Every cluster decided in memory; the index rebuilt from them, in the same write as the ids."""
    last = store.rows("SELECT max(rowid) AS n FROM documents")[0]["n"] or 0
    clusters = clusters_from_rows(store.rows(CLUSTER_ROWS))
    links = link_entities(clusters, aliases)
    rows = [cluster_row(c, links.entries.get(c.key), links.ids[c.key], c.key in links.fragile) for c in clusters]
    state = {ROWID_STATE: str(last), ALIASES_STATE: aliases.fingerprint, PENDING_STATE: None}
    store.write([*rebuild_statements(clusters, rows), *link_statements(links, aliases), *state_statements(state)])
    return EntityLinkReport(len(clusters), len(links.entities), len(links.remapped()))


def link_statements(links: EntityLinks, aliases: AliasTable | None = None) -> list[Statement]:
    """SQL for the store: the id mapping and external ids as ``links`` rows, the alias file's own entities."""
    entries = (aliases or AliasTable()).entries
    remaps = [(LINK_KIND, f"{d}#{e}", g, 1.0) for d, e, g in links.remapped()]
    qids = sorted({(QID_KIND, e.id, qid, 1.0) for i, e in links.entry_ids.items() if (qid := entries[i].qid)})
    own = sorted({e.id for e in links.entry_ids.values() if e.new})
    records = [(r.id, r.name, r.type, *r.geo) for r in (links.entities[i] for i in own)]
    return [
        ("DELETE FROM links WHERE kind = ?", [(LINK_KIND,), (QID_KIND,)]),
        ("INSERT INTO links (kind, src, dst, score) VALUES (?, ?, ?, ?)", remaps + qids),
        (RECORD_UPSERT, records),
    ]
