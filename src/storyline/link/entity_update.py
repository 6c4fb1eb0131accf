"""After an ingest: global ids for what the new and changed articles touch, and nothing else.

1. The changed articles' old clusters leave the index and their new ones enter it, in one write
   that also marks the update pending (a crash before step 4 makes the next re-link a full one).
2. That write's transitions (:class:`~storyline.link.entity_index.Transitions`) name the short names
   elsewhere whose evidence changed: a full name with their word came or went, a full name and an
   entity in their article were first (or last) named together, a full name gained or lost one of
   their descriptions, an entity in their article crossed a power of two in article count.
3. Those, the changed articles' clusters, and the members of alias entries whose id moved are
   decided again by the rules a full re-link applies, reading the index instead of memory.
4. One write puts the new ids in ``entity_clusters`` and ``links`` and clears the pending mark.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from storyline.link.entity_aliases import AliasTable
from storyline.link.entity_evidence import EntryId, choose_entry, entry_id, key_word, short_name_target
from storyline.link.entity_index import (
    CLUSTER_ROWS,
    INSERT,
    LINK_KIND,
    PENDING_STATE,
    QID_KIND,
    ROWID_STATE,
    Statement,
    StoreEvidence,
    Transitions,
    chunks,
    cluster_from_row,
    cluster_row,
    clusters_from_rows,
    index_delta,
    select_in,
    state_statements,
)
from storyline.link.entity_keys import fold

CHUNK = 200  # articles updated per pair of writes
SCAN = 256  # an entity in at most this many articles: look for short names through its articles
Key = tuple[str, str]


class UpdateTarget(Protocol):
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...

    def write(self, statements: Sequence[Statement]) -> None: ...

    def get_state(self, key: str) -> str | None: ...


@dataclass
class EntityLinkReport:
    clusters: int = 0  # clusters decided (all of them in a full re-link)
    entities: int = 0  # distinct global ids among them
    remapped: int = 0  # clusters whose global id is not their extracted id (full) / changed (update)
    articles: int = 0  # articles indexed again (update)
    full: bool = True


def update_entities(store: UpdateTarget, aliases: AliasTable, changed: Iterable[str] = ()) -> EntityLinkReport:
    """Index the articles added or changed since the last re-link (and ``changed``), then re-decide what they touch."""
    last = int(store.get_state(ROWID_STATE) or 0)
    rows = store.rows("SELECT id, rowid FROM documents WHERE rowid > ? ORDER BY rowid", [last])
    ids = list(dict.fromkeys([*changed, *(r["id"] for r in rows)]))
    report = EntityLinkReport(articles=len(ids), full=False)
    for part in chunks(ids, CHUNK):
        _update(store, aliases, list(part), report)
    if rows:
        store.write(state_statements({ROWID_STATE: str(max(r["rowid"] for r in rows))}))
    return report


@dataclass
class _Indexed:
    """What step 1 leaves for the rest: the clusters swapped, the transitions, the entries' ids before."""

    old_rows: list[dict[str, Any]]
    fresh: set[Key]
    moved: Transitions
    before: dict[int, str | None]  # alias entry -> the id its members had (None: it had none)


def _update(store: UpdateTarget, aliases: AliasTable, doc_ids: list[str], report: EntityLinkReport) -> None:
    step = _reindex(store, aliases, doc_ids)
    ev = StoreEvidence(store)
    ids = _EntryIds(store, aliases, ev)
    affected = step.fresh | _affected(store, step.moved, ev) | _moved_members(store, ids, step.before)
    decided = _decide(ev, ids, affected)
    writes = _id_statements(ev, decided, step.old_rows, set(doc_ids), report)
    writes += _entry_statements(store, aliases, ids, step.before)
    store.write([*writes, *state_statements({PENDING_STATE: None})])


def _reindex(store: UpdateTarget, aliases: AliasTable, doc_ids: list[str]) -> _Indexed:
    """Step 1: the articles' old clusters out of the index, their new ones in (ids not decided yet)."""
    old_rows = select_in(store, "SELECT * FROM entity_clusters WHERE doc_id IN ({})", doc_ids)
    new = clusters_from_rows(select_in(store, CLUSTER_ROWS + " WHERE m.doc_id IN ({})", doc_ids))
    by_doc = defaultdict(list)
    for c in new:
        by_doc[c.doc_id].append(c)
    entries = {c.key: choose_entry(c, by_doc[c.doc_id], aliases) for c in new}
    statements, moved = index_delta(store, [cluster_from_row(r) for r in old_rows], new, set(doc_ids))
    chosen = [r["entry"] for r in old_rows] + list(entries.values())
    touched = {i for i in chosen if i is not None} | _named_like(aliases, moved.names)
    before = {i: _entry_global(store, i) for i in sorted(touched)}
    statements += [("DELETE FROM entity_clusters WHERE doc_id = ?", [(d,) for d in doc_ids]),
                   (INSERT["entity_clusters"], [cluster_row(c, entries[c.key], c.entity_id, False) for c in new])]
    store.write([*statements, *state_statements({PENDING_STATE: "1"})])
    return _Indexed(old_rows, {c.key for c in new}, moved, before)


def _moved_members(store: UpdateTarget, ids: _EntryIds, before: dict[int, str | None]) -> set[Key]:
    """Every member of an alias entry whose id changed (another extracted entity now bears its name most)."""
    out: set[Key] = set()
    for entry, was in before.items():
        now = ids.get(entry)
        if was is not None and (now is None or now.id != was):
            out |= _keys(store.rows("SELECT doc_id, entity_id FROM entity_clusters WHERE entry = ?", [entry]))
    return out


def _named_like(aliases: AliasTable, names: set[str]) -> set[int]:
    """Entries whose canonical name is one of ``names`` (an entity so named changed its count)."""
    return {i for i, e in enumerate(aliases.entries) if fold(e.name) in names}


def _entry_global(store: UpdateTarget, entry: int) -> str | None:
    rows = store.rows("SELECT global_id FROM entity_clusters WHERE entry = ? LIMIT 1", [entry])
    return rows[0]["global_id"] if rows else None


class _EntryIds:
    """Each alias entry's id, from its members as the index now holds them (None: no member)."""

    def __init__(self, store: UpdateTarget, aliases: AliasTable, ev: StoreEvidence) -> None:
        self.store, self.aliases, self.ev = store, aliases, ev
        self._ids: dict[int, EntryId | None] = {}

    def get(self, entry: int) -> EntryId | None:
        if entry not in self._ids:
            rows = self.store.rows("SELECT type, count(*) AS n FROM entity_clusters WHERE entry = ? GROUP BY type", [entry])
            types = Counter({r["type"]: r["n"] for r in rows})
            self._ids[entry] = entry_id(self.aliases.entries[entry], types, self.ev) if types else None
        return self._ids[entry]


def _affected(store: UpdateTarget, moved: Transitions, ev: StoreEvidence) -> set[Key]:
    """Short names in other articles whose evidence the update changed."""
    out: set[Key] = set()
    for word, type_ in sorted(moved.all_words):
        out |= _keys(store.rows("SELECT doc_id, entity_id FROM entity_clusters WHERE word = ? AND type = ?", [word, type_]))
    rows = select_in(store, "SELECT doc_id, entity_id, word, type FROM entity_clusters "
                            "WHERE word IS NOT NULL AND doc_id IN ({})", {d for _, _, d in moved.word_docs})
    out |= _keys(r for r in rows if (r["word"], r["type"], r["doc_id"]) in moved.word_docs)
    for word, form in sorted(moved.word_forms):
        out |= _keys(store.rows("SELECT doc_id, entity_id FROM entity_short_forms WHERE word = ? AND form = ?", [word, form]))
    out |= _beside_new_pairs(store, moved, ev)
    for entity in sorted(moved.rising | moved.falling):
        rows = _shorts_beside(store, entity)
        out |= _keys(r for r in rows if entity in moved.falling or r["fragile"])
    return out


def _beside_new_pairs(store: UpdateTarget, moved: Transitions, ev: StoreEvidence) -> set[Key]:
    """Short names of a full name's words in articles naming an entity it was first (or last) named beside."""
    words: dict[str, set[str]] = defaultdict(set)
    for row in select_in(store, "SELECT key, entity_id FROM entity_keys WHERE entity_id IN ({})", {t for t, _ in moved.pairs}):
        word, type_ = key_word(row["key"])
        if (word, type_) not in moved.all_words:  # those are all looked at already
            words[row["entity_id"]].add(word)
    wanted: dict[str, set[str]] = defaultdict(set)
    for target, other in moved.pairs:
        wanted[other] |= words[target]
    out: set[Key] = set()
    for other, names in sorted(wanted.items()):
        if not names:
            continue
        if ev.docs(other) <= SCAN:
            out |= _keys(r for r in _shorts_beside(store, other) if r["word"] in names)
        else:
            out |= _keys(_shorts_probing(store, names, other))
    return out


def _shorts_probing(store: UpdateTarget, words: set[str], entity: str) -> list[dict[str, Any]]:
    """Short names so written, in articles that also name ``entity`` (read through the words)."""
    return [r for part in chunks(sorted(words)) for r in store.rows(
        f"SELECT s.doc_id, s.entity_id FROM entity_clusters s CROSS JOIN entity_clusters x "
        f"WHERE s.word IN ({', '.join('?' * len(part))}) AND x.doc_id = s.doc_id AND x.entity_id = ?", [*part, entity])]


def _shorts_beside(store: UpdateTarget, entity: str) -> list[dict[str, Any]]:
    """Short names in the articles naming ``entity`` (read through its articles)."""
    return store.rows("SELECT s.doc_id, s.entity_id, s.word, s.fragile FROM entity_clusters x CROSS JOIN entity_clusters s "
                      "WHERE x.entity_id = ? AND s.doc_id = x.doc_id AND s.word IS NOT NULL", [entity])


def _keys(rows: Iterable[dict[str, Any]]) -> set[Key]:
    return {(r["doc_id"], r["entity_id"]) for r in rows}


def _decide(ev: StoreEvidence, ids: _EntryIds, keys: set[Key]) -> dict[Key, tuple[str, bool]]:
    """(global id, fragile) for each cluster, by the rules a full re-link applies."""
    ev.load({d for d, _ in keys})
    out = {}
    for key in sorted(keys):
        row = ev.row(key)
        if row["entry"] is not None:
            found = ids.get(row["entry"])
            assert found is not None  # this cluster is a member
            out[key] = (found.id, False)
            continue
        target = short_name_target(cluster_from_row(row), ev)
        out[key] = (target.entity_id or key[1], target.fragile)
    return out


def _id_statements(ev: StoreEvidence, decided: dict[Key, tuple[str, bool]], old_rows: Sequence[dict[str, Any]],
                   changed: set[str], report: EntityLinkReport) -> list[Statement]:
    updates, drops, links = [], [f"{r['doc_id']}#{r['entity_id']}" for r in old_rows], []
    for (doc, entity), (gid, fragile) in decided.items():
        row = ev.row((doc, entity))
        fresh = doc in changed
        if (gid, int(fragile)) != (row["global_id"], row["fragile"]):
            updates.append((gid, int(fragile), doc, entity))
        if fresh or gid != row["global_id"]:
            drops.append(f"{doc}#{entity}")
            if gid != entity:
                links.append((LINK_KIND, f"{doc}#{entity}", gid, 1.0))
            report.remapped += not fresh or gid != entity
    report.clusters += len(decided)
    report.entities += len({gid for gid, _ in decided.values()})
    return [("UPDATE entity_clusters SET global_id = ?, fragile = ? WHERE doc_id = ? AND entity_id = ?", updates),
            ("DELETE FROM links WHERE kind = ? AND src = ?", [(LINK_KIND, s) for s in sorted(set(drops))]),
            ("INSERT INTO links (kind, src, dst, score) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", links)]


def _entry_statements(store: UpdateTarget, aliases: AliasTable, ids: _EntryIds,
                      before: dict[int, str | None]) -> list[Statement]:
    """External ids and the rows of the alias file's own entities, for the entries the update touched."""
    drops, qids, records = [], [], []
    for i, was in sorted(before.items()):
        entry, now = aliases.entries[i], ids.get(i)
        if entry.qid and was is not None and (now is None or now.id != was):
            drops.append((QID_KIND, was, entry.qid))
        if entry.qid and now is not None:
            qids.append((QID_KIND, now.id, entry.qid, 1.0))
        if now is not None and now.new:
            geo = store.rows("SELECT lat, lon, country FROM entity_clusters WHERE entry = ? AND lat IS NOT NULL "
                             "ORDER BY doc_id, entity_id LIMIT 1", [i])
            place = (geo[0]["lat"], geo[0]["lon"], geo[0]["country"]) if geo else (None, None, None)
            records.append((now.id, entry.name, now.type, *place))
    return [("DELETE FROM links WHERE kind = ? AND src = ? AND dst = ?", drops),
            ("INSERT INTO links (kind, src, dst, score) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", qids),
            (RECORD_UPSERT, records)]


RECORD_UPSERT = ("INSERT INTO entities (id, name, type, lat, lon, country) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) "
                 "DO UPDATE SET name = excluded.name, type = excluded.type, lat = excluded.lat, lon = excluded.lon, "
                 "country = excluded.country")
