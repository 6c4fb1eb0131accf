"""One identity per entity across articles: global ids from the per-article clusters.

Extraction already gives the same id to the same full name (or place, or organisation) in every
article. What is left for linking:

- a surname alone ("Haniyeh", in an article that never gives his full name) joins the full name
  whose articles share its context (entities named alongside it, role descriptions); two people
  with one surname are kept apart when nothing ties the article to either;
- an acronym alone ("PTM") joins the organisation other articles spell out beside it;
- the user's alias file (:mod:`storyline.link.entity_aliases`) merges, splits and links first.

Everything here is a pure function of plain data; :func:`relink_entities` reads the clusters the
store keeps (its ``mentions`` and ``entities`` tables) and writes the result back, so editing the
alias file needs a re-link, never a re-extraction.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from storyline.link.entity_aliases import AliasEntry, AliasTable
from storyline.link.entity_keys import fold, kind_of, new_id
from storyline.model import Document

LINK_KIND = "entity"  # links rows: src "<doc id>#<entity id>", dst the global id
QID_KIND = "entity-qid"  # links rows: src the global id, dst the external id
MIN_CONTEXT = 1.0  # evidence a short name needs to join a full one...
LEAD = 1.5  # ...and by how much it must beat the next candidate
ROLE_WEIGHT = 2.0  # a shared description ("the hamas leader") counts for this much
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z0-9&]{1,7}$")

Key = tuple[str, str]  # (doc id, entity id as extracted)


@dataclass(frozen=True)
class Cluster:
    """One entity as one article has it: what re-linking starts from."""

    doc_id: str
    entity_id: str
    name: str
    type: str
    forms: frozenset[str] = frozenset()  # folded mention texts: names, acronyms, descriptions
    geo: tuple[float | None, float | None, str | None] = (None, None, None)

    @property
    def key(self) -> Key:
        return self.doc_id, self.entity_id


@dataclass(frozen=True)
class GlobalEntity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    qid: str | None = None
    geo: tuple[float | None, float | None, str | None] = (None, None, None)


@dataclass
class EntityLinks:
    ids: dict[Key, str] = field(default_factory=dict)
    entities: dict[str, GlobalEntity] = field(default_factory=dict)

    def global_id(self, doc_id: str, entity_id: str) -> str:
        return self.ids.get((doc_id, entity_id), entity_id)

    def remapped(self) -> list[tuple[str, str, str]]:
        """(doc id, extracted id, global id) wherever linking changed the id."""
        return sorted((d, e, g) for (d, e), g in self.ids.items() if g != e)


def clusters_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Cluster]:
    """Mention rows (doc_id, entity_id, text, name, type, and optionally lat, lon, country) as clusters."""
    forms: dict[Key, set[str]] = defaultdict(set)
    first: dict[Key, Mapping[str, Any]] = {}
    for row in rows:
        key = (row["doc_id"], row["entity_id"])
        forms[key].add(fold(row["text"]))
        first.setdefault(key, row)
    return [Cluster(d, e, r["name"], r["type"], frozenset(forms[(d, e)]),
                    (r.get("lat"), r.get("lon"), r.get("country"))) for (d, e), r in first.items()]


def clusters_from_documents(docs: Iterable[Document]) -> list[Cluster]:
    """The same clusters, read off extracted documents rather than the store."""
    return clusters_from_rows(
        {"doc_id": d.id, "entity_id": e.id, "text": m.text, "name": e.name, "type": e.type,
         "lat": e.geo.lat if e.geo else None, "lon": e.geo.lon if e.geo else None, "country": e.geo.country if e.geo else None}
        for d in docs for e in d.entities for m in e.mentions)


def link_entities(clusters: Sequence[Cluster], aliases: AliasTable | None = None) -> EntityLinks:
    """Global ids for every (article, entity): the alias file first, then short names by context."""
    context = _Context(clusters)
    chosen: dict[Key, AliasEntry] = {}
    for c in clusters:
        entry = _entry_for(c, context, aliases or AliasTable())
        if entry is not None:
            chosen[c.key] = entry
    entry_ids = _entry_ids(chosen, clusters)
    full = _full_forms(clusters)
    ids = {c.key: entry_ids[id(chosen[c.key])] if c.key in chosen else _short_name_target(c, full, context) or c.entity_id
           for c in clusters}
    entries = {entry_ids[id(e)]: e for e in chosen.values()}
    return EntityLinks(ids, _records(clusters, ids, entries))


class _Context:
    """Which entities each article names, and how rare each is (rare ones are better evidence)."""

    def __init__(self, clusters: Sequence[Cluster]) -> None:
        self.by_doc: dict[str, list[Cluster]] = defaultdict(list)
        for c in clusters:
            self.by_doc[c.doc_id].append(c)
        self.docs_of: dict[str, set[str]] = defaultdict(set)
        for c in clusters:
            self.docs_of[c.entity_id].add(c.doc_id)
        self.n = max(1, len(self.by_doc))
        self._around: dict[str, set[str]] = {}

    def names_beside(self, c: Cluster) -> set[str]:
        return {f for o in self.by_doc[c.doc_id] if o.entity_id != c.entity_id for f in (fold(o.name), *o.forms)}

    def weight(self, entity_id: str) -> float:
        return math.log(1 + self.n / len(self.docs_of[entity_id]))

    def around(self, entity_id: str) -> set[str]:
        """Every entity named in an article that names ``entity_id`` (computed once per entity)."""
        if entity_id not in self._around:
            docs = self.docs_of[entity_id]
            self._around[entity_id] = {o.entity_id for d in docs for o in self.by_doc[d] if o.entity_id != entity_id}
        return self._around[entity_id]


def _entry_for(c: Cluster, context: _Context, aliases: AliasTable) -> AliasEntry | None:
    """The alias entry naming this cluster; entries with a context apply only where it appears."""
    entries = aliases.candidates({c.name, *c.forms}, c.type)
    if not entries:
        return None
    beside = context.names_beside(c) if any(e.context for e in entries) else set()
    fitting = [e for e in entries if not e.context or beside & {fold(n) for n in e.context}]
    specific = [e for e in fitting if e.context]
    fitting = specific or fitting
    return fitting[0] if len(fitting) == 1 else None


def _entry_ids(chosen: Mapping[Key, AliasEntry], clusters: Sequence[Cluster]) -> dict[int, str]:
    """An entry keeps the extracted id of its canonical name (so ids do not move), unless it splits one."""
    by_name: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    type_of: dict[int, str] = {}
    for c in clusters:
        by_name[(fold(c.name), kind_of(c.type))][c.entity_id] += 1
        if c.key in chosen:
            type_of.setdefault(id(chosen[c.key]), chosen[c.key].type or c.type)
    out: dict[int, str] = {}
    for entry in {id(e): e for e in chosen.values()}.values():
        type_ = type_of[id(entry)]
        same = by_name.get((fold(entry.name), kind_of(type_)))
        if same and not entry.context:
            out[id(entry)] = min(same, key=lambda i: (-same[i], i))
        else:
            out[id(entry)] = new_id(" ".join((entry.name, entry.qid or "", *entry.context)), type_)
    return out


def _full_forms(clusters: Sequence[Cluster]) -> dict[str, list[Cluster]]:
    """Short forms -> the multi-word clusters that carry them: 'last:haniyeh', 'first:xi', 'acronym:ptm'."""
    out: dict[str, list[Cluster]] = defaultdict(list)
    for c in clusters:
        words = fold(c.name).split()
        if len(words) < 2:
            continue
        if c.type == "PERSON":
            out["last:" + words[-1]].append(c)
            out["first:" + words[0]].append(c)
        elif c.type == "ORG":
            for form in c.forms:
                if len(form.split()) == 1 and form != words[0]:
                    out["acronym:" + form].append(c)
    return out


def _short_name_target(c: Cluster, full: Mapping[str, list[Cluster]], context: _Context) -> str | None:
    """The full name a surname or acronym stands for, when the article's context says which."""
    word = fold(c.name)
    if len(word.split()) != 1 or c.type not in ("PERSON", "ORG") or (c.type == "ORG" and not _ACRONYM.match(c.name)):
        return None
    prefixes = ("last:", "first:") if c.type == "PERSON" else ("acronym:",)
    carriers = next((full[p + word] for p in prefixes if full.get(p + word)), [])
    candidates = {o.entity_id for o in carriers if o.type == c.type and o.doc_id != c.doc_id}
    if len(candidates) == 1 and c.type == "ORG":
        return next(iter(candidates))  # an acronym spelled out elsewhere, by one organisation only
    scored = sorted(((_evidence(c, e, carriers, context), e) for e in candidates), reverse=True)
    if not scored or scored[0][0] < MIN_CONTEXT:
        return None
    if len(scored) > 1 and scored[0][0] < LEAD * scored[1][0]:
        return None
    return scored[0][1]


def _evidence(c: Cluster, target: str, carriers: list[Cluster], context: _Context) -> float:
    """Rare entities named beside both, plus descriptions both use ('hamas leader')."""
    shared = {o.entity_id for o in context.by_doc[c.doc_id]} & context.around(target)
    target_forms = {f for o in carriers if o.entity_id == target for f in o.forms}
    descriptions = {f for f in c.forms if len(f.split()) > 1} & target_forms
    return sum(context.weight(e) for e in shared - {c.entity_id}) + ROLE_WEIGHT * len(descriptions)


def _records(clusters: Sequence[Cluster], ids: Mapping[Key, str], entries: Mapping[str, AliasEntry]) -> dict[str, GlobalEntity]:
    members: dict[str, list[Cluster]] = defaultdict(list)
    for c in clusters:
        members[ids[c.key]].append(c)
    out = {}
    for gid, group in members.items():
        entry = entries.get(gid)
        names = Counter(c.name for c in group)
        name = entry.name if entry else max(names, key=lambda n: (len(n.split()), names[n], n))
        type_ = entry.type if entry and entry.type else Counter(c.type for c in group).most_common(1)[0][0]
        aliases = (set(names) | set(entry.aliases if entry else ())) - {name}
        geo = next((c.geo for c in group if c.geo[0] is not None), (None, None, None))
        out[gid] = GlobalEntity(gid, name, type_, tuple(sorted(aliases)), entry.qid if entry else None, geo)
    return out


class EntityLinkTarget(Protocol):
    """What re-linking needs of a store (every storyline store has both)."""

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...

    def write(self, statements: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None: ...


@dataclass
class EntityLinkReport:
    clusters: int = 0
    entities: int = 0
    remapped: int = 0


CLUSTER_ROWS = ("SELECT DISTINCT m.doc_id, m.entity_id, m.text, e.name, e.type, e.lat, e.lon, e.country "
                "FROM mentions m JOIN entities e ON e.id = m.entity_id")


def relink_entities(store: EntityLinkTarget, aliases: AliasTable | None = None) -> EntityLinkReport:
    """Recompute every global id from the stored clusters and write the mapping back."""
    clusters = clusters_from_rows(store.rows(CLUSTER_ROWS))
    links = link_entities(clusters, aliases)
    store.write(link_statements(links))
    return EntityLinkReport(len(clusters), len(links.entities), len(links.remapped()))


def link_statements(links: EntityLinks) -> list[tuple[str, Sequence[Sequence[Any]]]]:
    """SQL for the store: the id mapping and external ids as ``links`` rows, names in ``entities``."""
    remaps = [(LINK_KIND, f"{d}#{e}", g, 1.0) for d, e, g in links.remapped()]
    qids = [(QID_KIND, e.id, e.qid, 1.0) for e in links.entities.values() if e.qid]
    records = [(e.id, e.name, e.type, *e.geo) for e in links.entities.values()]
    return [
        ("DELETE FROM links WHERE kind = ?", [(LINK_KIND,), (QID_KIND,)]),
        ("INSERT INTO links (kind, src, dst, score) VALUES (?, ?, ?, ?)", remaps + qids),
        ("INSERT INTO entities (id, name, type, lat, lon, country) VALUES (?, ?, ?, ?, ?, ?) "
         "ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type", records),
    ]
