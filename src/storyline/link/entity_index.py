"""Entity linking's own tables: what the rules need to know about every stored cluster, kept by ingest.

    entity_clusters     one row per (article, entity): name, type, folded forms, geo; a short name's
                        word; the alias entry it took, its global id, whether that decision is fragile
    entity_stats        per entity: folded name, kind, how many articles name it
    entity_keys         per (short form, entity): how many articles carry it ('last:khan'), and one of them
    entity_key_forms    per (short form, entity, description): how many of those articles write it so
    entity_pairs        per (entity a short name may stand for, entity beside it): articles naming both
    entity_short_forms  per short name: the descriptions it is written with

Every count is the sum over ``entity_clusters``. :func:`index_delta` turns the clusters some articles
lose and gain into statements and into the *transitions* (a count leaving or reaching zero, an
article count crossing a power of two) that tell which decisions elsewhere may change.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from typing import Any, Protocol

from storyline.link.entity_evidence import (
    Carrier,
    Cluster,
    carrier_keys,
    key_word,
    may_carry,
    rarity,
    short_word,
)
from storyline.link.entity_keys import fold, kind_of

LINK_KIND = "entity"  # links rows: src "<doc id>#<entity id>", dst the global id
QID_KIND = "entity-qid"  # links rows: src the global id, dst the external id
ROWID_STATE = "entity-rowid"  # link_state: the last documents.rowid indexed
ALIASES_STATE = "entity-aliases"  # link_state: the alias file's fingerprint the ids were made with
PENDING_STATE = "entity-pending"  # link_state: set while an update is half written (the next one redoes all)
CLUSTER_ROWS = ("SELECT DISTINCT m.doc_id, m.entity_id, m.text, e.name, e.type, e.lat, e.lon, e.country "
                "FROM mentions m JOIN entities e ON e.id = m.entity_id")
TABLES = ("entity_clusters", "entity_stats", "entity_keys", "entity_key_forms", "entity_pairs", "entity_short_forms")
IN_CHUNK = 500  # values per IN (...) list
Statement = tuple[str, Sequence[Sequence[Any]]]
PairKey = tuple[str, str]


class IndexMismatch(Exception):
    """The index disagrees with the store (written by other code, or by hand): re-link in full. Never escapes."""


class Reader(Protocol):
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...


def clusters_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Cluster]:
    """Mention rows (doc_id, entity_id, text, name, type, and optionally lat, lon, country) as clusters."""
    forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    first: dict[tuple[str, str], Mapping[str, Any]] = {}
    for row in rows:
        key = (row["doc_id"], row["entity_id"])
        forms[key].add(fold(row["text"]))
        first.setdefault(key, row)
    return [Cluster(d, e, r["name"], r["type"], frozenset(forms[(d, e)]),
                    (r.get("lat"), r.get("lon"), r.get("country"))) for (d, e), r in first.items()]


def chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def marks(items: Sized) -> str:
    return ", ".join("?" * len(items))


def select_in(store: Reader, sql: str, values: Iterable[Any], params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """``sql`` with one ``IN ({})`` filled from ``values``, run chunk by chunk; ``params`` come first."""
    values = sorted(set(values))
    return [r for part in chunks(values) for r in store.rows(sql.format(marks(part)), [*params, *part])]


# what clusters contribute -------------------------------------------------------------------------
@dataclass
class Counts:
    """What some articles' clusters add to the index (or, with sign -1, take from it)."""

    stats: Counter[str] = field(default_factory=Counter)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # entity -> (folded name, kind)
    keys: dict[PairKey, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # (key, entity) -> doc -> +-1
    key_forms: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    pairs: Counter[PairKey] = field(default_factory=Counter)

    def add(self, clusters: Sequence[Cluster], sign: int = 1) -> Counts:
        by_doc: dict[str, list[Cluster]] = defaultdict(list)
        for c in clusters:
            by_doc[c.doc_id].append(c)
            self.stats[c.entity_id] += sign
            self.names[c.entity_id] = (fold(c.name), kind_of(c.type))
            for key in carrier_keys(c):
                self.keys[(key, c.entity_id)][c.doc_id] += sign
                for form in c.forms:
                    if len(form.split()) > 1:
                        self.key_forms[(key, c.entity_id, form)] += sign
        for doc in by_doc.values():
            for t in (c.entity_id for c in doc if may_carry(c.name, c.type)):
                for o in doc:
                    if o.entity_id != t:
                        self.pairs[(t, o.entity_id)] += sign
        return self


def cluster_row(c: Cluster, entry: int | None, global_id: str, fragile: bool) -> tuple[Any, ...]:
    return (c.doc_id, c.entity_id, c.name, c.type, json.dumps(sorted(c.forms), ensure_ascii=False), *c.geo,
            short_word(c.name, c.type), entry, global_id, int(fragile))


def cluster_from_row(row: Mapping[str, Any]) -> Cluster:
    return Cluster(row["doc_id"], row["entity_id"], row["name"], row["type"], frozenset(json.loads(row["forms"])),
                   (row["lat"], row["lon"], row["country"]))


def short_form_rows(clusters: Iterable[Cluster]) -> list[tuple[str, str, str, str]]:
    out = []
    for c in clusters:
        word = short_word(c.name, c.type)
        if word is not None:
            out += [(word, f, c.doc_id, c.entity_id) for f in sorted(c.forms) if len(f.split()) > 1]
    return out


INSERT = {
    "entity_clusters": "INSERT INTO entity_clusters (doc_id, entity_id, name, type, forms, lat, lon, country, word, "
                       "entry, global_id, fragile) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "entity_short_forms": "INSERT INTO entity_short_forms (word, form, doc_id, entity_id) VALUES (?, ?, ?, ?)",
}
UPSERT = {
    "entity_stats": "INSERT INTO entity_stats (entity_id, name_key, kind, docs) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (entity_id) DO UPDATE SET docs = excluded.docs",
    "entity_keys": "INSERT INTO entity_keys (key, entity_id, docs, doc_id) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (key, entity_id) DO UPDATE SET docs = excluded.docs, doc_id = excluded.doc_id",
    "entity_key_forms": "INSERT INTO entity_key_forms (key, entity_id, form, docs) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (key, entity_id, form) DO UPDATE SET docs = excluded.docs",
    "entity_pairs": "INSERT INTO entity_pairs (entity_id, other_id, docs) VALUES (?, ?, ?) "
                    "ON CONFLICT (entity_id, other_id) DO UPDATE SET docs = excluded.docs",
}
DELETE = {
    "entity_stats": "DELETE FROM entity_stats WHERE entity_id = ?",
    "entity_keys": "DELETE FROM entity_keys WHERE key = ? AND entity_id = ?",
    "entity_key_forms": "DELETE FROM entity_key_forms WHERE key = ? AND entity_id = ? AND form = ?",
    "entity_pairs": "DELETE FROM entity_pairs WHERE entity_id = ? AND other_id = ?",
    "entity_short_forms": "DELETE FROM entity_short_forms WHERE word = ? AND form = ? AND doc_id = ? AND entity_id = ?",
}


def state_statements(values: Mapping[str, str | None]) -> list[Statement]:
    """Set (or, for None, drop) link_state keys."""
    kept = [(k, v) for k, v in values.items() if v is not None]
    dropped = [(k,) for k, v in values.items() if v is None]
    return [("INSERT INTO link_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", kept),
            ("DELETE FROM link_state WHERE key = ?", dropped)]


def rebuild_statements(clusters: Sequence[Cluster], rows: Sequence[tuple[Any, ...]]) -> list[Statement]:
    """Every index table emptied and filled again from all clusters (``rows``: their entity_clusters rows)."""
    counts = Counts().add(clusters)
    keys = [(k, e, sum(docs.values()), min(docs)) for (k, e), docs in counts.keys.items()]
    return [
        *((f"DELETE FROM {table}", [()]) for table in TABLES),
        (INSERT["entity_clusters"], rows),
        (INSERT["entity_short_forms"], short_form_rows(clusters)),
        (UPSERT["entity_stats"], [(e, *counts.names[e], n) for e, n in counts.stats.items()]),
        (UPSERT["entity_keys"], keys),
        (UPSERT["entity_key_forms"], [(*k, n) for k, n in counts.key_forms.items()]),
        (UPSERT["entity_pairs"], [(*k, n) for k, n in counts.pairs.items()]),
    ]


# an update --------------------------------------------------------------------------------------
@dataclass
class Transitions:
    """Changes in the index that may change decisions about short names in other articles."""

    all_words: set[tuple[str, str]] = field(default_factory=set)  # (word, PERSON|ORG): every short name so written
    word_docs: set[tuple[str, str, str]] = field(default_factory=set)  # (word, type, doc): those in one article
    word_forms: set[tuple[str, str]] = field(default_factory=set)  # (word, description): those written with it
    pairs: set[PairKey] = field(default_factory=set)  # (full name, entity) now or no longer named together
    rising: set[str] = field(default_factory=set)  # entities whose article count crossed a power of two upwards
    falling: set[str] = field(default_factory=set)  # ... downwards
    names: set[str] = field(default_factory=set)  # folded names whose entities' counts changed


def index_delta(store: Reader, old: Sequence[Cluster], new: Sequence[Cluster],
                changed: set[str]) -> tuple[list[Statement], Transitions]:
    """Statements swapping ``old`` clusters for ``new`` (articles ``changed``), and what that changes."""
    delta = Counts().add(new)
    delta.add(old, -1)
    out = Transitions()
    statements = [*_stats(store, delta, out), *_keys(store, delta, changed, out), *_key_forms(store, delta, out),
                  *_pairs(store, delta, out)]
    statements += [(DELETE["entity_short_forms"], short_form_rows(old)), (INSERT["entity_short_forms"], short_form_rows(new))]
    return statements, out


def _stats(store: Reader, delta: Counts, out: Transitions) -> list[Statement]:
    touched = [e for e, n in delta.stats.items() if n]
    before = {r["entity_id"]: r["docs"] for r in select_in(
        store, "SELECT entity_id, docs FROM entity_stats WHERE entity_id IN ({})", touched)}
    upserts, deletes = [], []
    for e in touched:
        was, now = before.get(e, 0), before.get(e, 0) + delta.stats[e]
        out.names.add(delta.names[e][0])
        if was and now and rarity(was) != rarity(now):
            (out.rising if now > was else out.falling).add(e)
        if now > 0:
            upserts.append((e, *delta.names[e], now))
        else:
            deletes.append((e,))
    return [(UPSERT["entity_stats"], upserts), (DELETE["entity_stats"], deletes)]


def _keys(store: Reader, delta: Counts, changed: set[str], out: Transitions) -> list[Statement]:
    touched = {k: docs for k, docs in delta.keys.items() if any(docs.values())}
    before = {(r["key"], r["entity_id"]): Carrier(r["docs"], r["doc_id"]) for r in select_in(
        store, "SELECT key, entity_id, docs, doc_id FROM entity_keys WHERE entity_id IN ({})", {e for _, e in touched})}
    upserts, deletes = [], []
    for (key, entity), docs in touched.items():
        was = before.get((key, entity), Carrier(0, ""))
        count = was.docs + sum(docs.values())
        word, type_ = key_word(key)
        if count <= 0:
            deletes.append((key, entity))
        else:
            now = Carrier(count, _carrier_doc(store, key, entity, was, docs, changed))
            upserts.append((key, entity, now.docs, now.doc_id))
            out.word_docs |= {(word, type_, c.doc_id) for c in (was, now) if c.docs == 1}
        if (was.docs == 0) != (count <= 0):
            out.all_words.add((word, type_))  # a candidate came or went (or the surname key itself)
    return [(UPSERT["entity_keys"], upserts), (DELETE["entity_keys"], deletes)]


def _carrier_doc(store: Reader, key: str, entity: str, was: Carrier, docs: Counter[str], changed: set[str]) -> str:
    """An article still carrying ``key`` for ``entity`` after the update."""
    if was.docs and docs[was.doc_id] >= 0:
        return was.doc_id
    added = sorted(d for d, n in docs.items() if n > 0)
    if added:
        return added[0]
    for row in store.rows("SELECT doc_id, entity_id, name, type, forms, lat, lon, country FROM entity_clusters "
                          "WHERE entity_id = ? ORDER BY doc_id", [entity]):
        if row["doc_id"] not in changed and key in carrier_keys(cluster_from_row(row)):
            return str(row["doc_id"])
    raise IndexMismatch(f"entity_keys counts {key} for {entity} in articles the index does not hold")


def _key_forms(store: Reader, delta: Counts, out: Transitions) -> list[Statement]:
    touched = [k for k, n in delta.key_forms.items() if n]
    found: dict[tuple[str, str, str], int] = {}
    for part in chunks(sorted({(k, e) for k, e, _ in touched})):
        rows = store.rows(f"SELECT key, entity_id, form, docs FROM entity_key_forms WHERE key IN ({marks(part)}) "
                          f"AND entity_id IN ({marks(part)})", [*(k for k, _ in part), *(e for _, e in part)])
        found |= {(r["key"], r["entity_id"], r["form"]): r["docs"] for r in rows}
    upserts, deletes = [], []
    for k in touched:
        was, now = found.get(k, 0), found.get(k, 0) + delta.key_forms[k]
        (upserts.append((*k, now)) if now > 0 else deletes.append(k))
        if (was == 0) != (now <= 0):
            out.word_forms.add((key_word(k[0])[0], k[2]))
    return [(UPSERT["entity_key_forms"], upserts), (DELETE["entity_key_forms"], deletes)]


def _pairs(store: Reader, delta: Counts, out: Transitions) -> list[Statement]:
    touched = [k for k, n in delta.pairs.items() if n]
    found: dict[PairKey, int] = {}
    by_target: dict[str, set[str]] = defaultdict(set)
    for t, o in touched:
        by_target[t].add(o)
    others = sorted({o for _, o in touched})
    for part in chunks(sorted(by_target)):
        for some in chunks(others):
            rows = store.rows(f"SELECT entity_id, other_id, docs FROM entity_pairs WHERE entity_id IN ({marks(part)}) "
                              f"AND other_id IN ({marks(some)})", [*part, *some])
            found |= {(r["entity_id"], r["other_id"]): r["docs"] for r in rows}
    upserts, deletes = [], []
    for k in touched:
        was, now = found.get(k, 0), found.get(k, 0) + delta.pairs[k]
        (upserts.append((*k, now)) if now > 0 else deletes.append(k))
        if (was == 0) != (now <= 0):
            out.pairs.add(k)
    return [(UPSERT["entity_pairs"], upserts), (DELETE["entity_pairs"], deletes)]


# the index as evidence ----------------------------------------------------------------------------
class StoreEvidence:
    """The facts the rules need, read from the index (what :class:`MemoryEvidence` counts in memory)."""

    def __init__(self, store: Reader) -> None:
        self.store = store
        self._docs: dict[str, list[Cluster]] = {}
        self._rows: dict[tuple[str, str], dict[str, Any]] = {}
        self._counts: dict[str, int] = {}
        self._carriers: dict[str, dict[str, Carrier]] = {}

    def load(self, doc_ids: Iterable[str]) -> None:
        """Read these articles' clusters, and how many articles name each of their entities."""
        missing = [d for d in set(doc_ids) if d not in self._docs]
        for d in missing:
            self._docs[d] = []
        for row in select_in(self.store, "SELECT * FROM entity_clusters WHERE doc_id IN ({})", missing):
            c = cluster_from_row(row)
            self._docs[c.doc_id].append(c)
            self._rows[c.key] = row
        entities = {c.entity_id for d in missing for c in self._docs[d]} - set(self._counts)
        self._counts |= {r["entity_id"]: r["docs"] for r in select_in(
            self.store, "SELECT entity_id, docs FROM entity_stats WHERE entity_id IN ({})", entities)}

    def row(self, key: tuple[str, str]) -> dict[str, Any]:
        return self._rows[key]

    def clusters(self, doc_id: str) -> Sequence[Cluster]:
        if doc_id not in self._docs:
            self.load([doc_id])
        return self._docs[doc_id]

    def carriers(self, key: str) -> Mapping[str, Carrier]:
        if key not in self._carriers:
            rows = self.store.rows("SELECT entity_id, docs, doc_id FROM entity_keys WHERE key = ?", [key])
            self._carriers[key] = {r["entity_id"]: Carrier(r["docs"], r["doc_id"]) for r in rows}
        return self._carriers[key]

    def shared(self, target: str, entity_ids: frozenset[str]) -> set[str]:
        rows = select_in(self.store, "SELECT other_id FROM entity_pairs WHERE entity_id = ? AND other_id IN ({})",
                         entity_ids, [target])
        return {r["other_id"] for r in rows}

    def key_forms(self, key: str, target: str, forms: frozenset[str]) -> set[str]:
        rows = select_in(self.store, "SELECT form FROM entity_key_forms WHERE key = ? AND entity_id = ? AND form IN ({})",
                         forms, [key, target])
        return {r["form"] for r in rows}

    def docs(self, entity_id: str) -> int:
        if entity_id not in self._counts:
            found = self.store.rows("SELECT docs FROM entity_stats WHERE entity_id = ?", [entity_id])
            self._counts[entity_id] = found[0]["docs"] if found else 0
        return self._counts[entity_id]

    def same_name(self, name_key: str, kind: str) -> Mapping[str, int]:
        rows = self.store.rows("SELECT entity_id, docs FROM entity_stats WHERE name_key = ? AND kind = ?", [name_key, kind])
        return {r["entity_id"]: r["docs"] for r in rows}
