"""The rules that give a cluster its global id, written once for both ways of linking.

A full re-link reads every cluster into memory (:class:`MemoryEvidence`); an ingest asks the
store's index for the same facts (``link/entity_index.py``). Both go through :class:`Evidence`, so
the two agree by construction wherever the index holds what memory would.

Rarity weighs a shared entity: one named in fewer articles says more. Its weight depends on the
article count only through its power of two, and every entity named in :data:`COMMON` articles or
more weighs the same (``log 2``): an ingest then changes a decision elsewhere only when an entity's
count crosses a power of two below ``COMMON``, and never for the common ones (which have huge counts).
A decision that no such crossing could change is *robust*; only the others are looked at again.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from storyline.link.entity_aliases import AliasEntry, AliasTable
from storyline.link.entity_keys import fold, kind_of, new_id

RARE_BITS = 10
COMMON = 2**RARE_BITS  # named in this many articles or more: the weakest evidence
MIN_CONTEXT = 1.0  # evidence a short name needs to join a full one...
LEAD = 1.5  # ...and by how much it must beat the next candidate
ROLE_WEIGHT = 2.0  # a shared description ("the hamas leader") counts for this much
ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z0-9&]{1,7}$")

Key = tuple[str, str]  # (doc id, entity id as extracted)
Geo = tuple[float | None, float | None, str | None]


@dataclass(frozen=True)
class Cluster:
    """One entity as one article has it: what re-linking starts from."""

    doc_id: str
    entity_id: str
    name: str
    type: str
    forms: frozenset[str] = frozenset()  # folded mention texts: names, acronyms, descriptions
    geo: Geo = (None, None, None)

    @property
    def key(self) -> Key:
        return self.doc_id, self.entity_id


class Carrier(NamedTuple):
    docs: int  # articles whose cluster of the entity carries the key
    doc_id: str  # one of them (the only one when docs == 1)


class Evidence(Protocol):
    """What the rules read: the article's clusters and a few counts over every article."""

    def clusters(self, doc_id: str) -> Sequence[Cluster]: ...

    def carriers(self, key: str) -> Mapping[str, Carrier]: ...

    def shared(self, target: str, entity_ids: frozenset[str]) -> set[str]:
        """Those of ``entity_ids`` named in some article beside ``target``."""

    def key_forms(self, key: str, target: str, forms: frozenset[str]) -> set[str]:
        """Those of ``forms`` that ``target``'s clusters carrying ``key`` were written as."""

    def docs(self, entity_id: str) -> int: ...

    def same_name(self, name_key: str, kind: str) -> Mapping[str, int]:
        """Entity ids whose name folds to ``name_key``, with how many articles name each."""


@dataclass(frozen=True)
class Target:
    entity_id: str | None  # the full name a short one joins, if any
    fragile: bool = False  # a rarity count crossing a power of two could change it


@dataclass(frozen=True)
class EntryId:
    id: str
    type: str
    new: bool  # an id of the alias file's own (no extracted entity bears the canonical name)


# shapes of names --------------------------------------------------------------------------------
def short_word(name: str, type_: str) -> str | None:
    """A surname or acronym alone ('Haniyeh', 'PTM'), folded: what may join a full name."""
    word = fold(name)
    if len(word.split()) != 1 or type_ not in ("PERSON", "ORG") or (type_ == "ORG" and not ACRONYM.match(name)):
        return None
    return word


def may_carry(name: str, type_: str) -> bool:
    """A person's or organisation's name of two words or more: a short name may stand for it."""
    return type_ in ("PERSON", "ORG") and len(fold(name).split()) > 1


def carrier_keys(c: Cluster) -> list[str]:
    """The short forms this cluster stands for: 'last:haniyeh', 'first:ismail', 'acronym:ptm'."""
    words = fold(c.name).split()
    if len(words) < 2:
        return []
    if c.type == "PERSON":
        return ["last:" + words[-1], "first:" + words[0]]
    if c.type == "ORG":
        return sorted("acronym:" + f for f in c.forms if len(f.split()) == 1 and f != words[0])
    return []


def key_word(key: str) -> tuple[str, str]:
    """'last:khan' -> ('khan', 'PERSON'): which short names a key serves."""
    prefix, word = key.split(":", 1)
    return word, "ORG" if prefix == "acronym" else "PERSON"


def rarity(docs: int) -> int:
    """The power of two below an article count, capped at :data:`RARE_BITS`."""
    return min(max(docs, 1).bit_length() - 1, RARE_BITS)


def weight(docs: int) -> float:
    return math.log1p(2.0 ** (RARE_BITS - rarity(docs)))


FLOOR = weight(COMMON)  # no entity weighs less, however many articles name it


# the rules ------------------------------------------------------------------------------------
def short_name_target(c: Cluster, ev: Evidence) -> Target:
    """The full name a surname or acronym stands for, when the article's context says which."""
    word = short_word(c.name, c.type)
    if word is None:
        return Target(None)
    key = "acronym:" + word if c.type == "ORG" else "last:" + word if ev.carriers("last:" + word) else "first:" + word
    candidates = sorted(t for t, k in ev.carriers(key).items() if k.docs > 1 or k.doc_id != c.doc_id)
    if not candidates:
        return Target(None)
    if len(candidates) == 1 and c.type == "ORG":
        return Target(candidates[0])  # an acronym spelled out elsewhere, by one organisation only
    beside = frozenset(o.entity_id for o in ev.clusters(c.doc_id)) - {c.entity_id}
    descriptions = frozenset(f for f in c.forms if len(f.split()) > 1)
    return _decide({t: _score(ev, key, t, beside, descriptions) for t in candidates})


def _score(ev: Evidence, key: str, target: str, beside: frozenset[str], descriptions: frozenset[str]) -> tuple[float, float]:
    """Rare entities named beside both plus shared descriptions: now, and at the weakest weights."""
    shared = ev.shared(target, beside)
    role = ROLE_WEIGHT * len(ev.key_forms(key, target, descriptions)) if descriptions else 0.0
    return sum(sorted(weight(ev.docs(e)) for e in shared)) + role, FLOOR * len(shared) + role


def _decide(scores: Mapping[str, tuple[float, float]]) -> Target:
    ranked = sorted(((now, t) for t, (now, _) in scores.items()), reverse=True)
    best, winner = ranked[0]
    second = ranked[1][0] if len(ranked) > 1 else 0.0
    if best >= MIN_CONTEXT and best >= LEAD * second:
        floor = scores[winner][1]
        return Target(winner, not (floor >= MIN_CONTEXT and floor >= LEAD * second))
    # unlinked for good when no candidate could win however its evidence weakened the others'
    can_win = [t for t, (now, _) in scores.items()
               if now >= MIN_CONTEXT and all(now >= LEAD * low for o, (_, low) in scores.items() if o != t)]
    return Target(None, bool(can_win))


def names_beside(c: Cluster, doc: Iterable[Cluster]) -> set[str]:
    return {f for o in doc if o.entity_id != c.entity_id for f in (fold(o.name), *o.forms)}


def choose_entry(c: Cluster, doc: Iterable[Cluster], aliases: AliasTable) -> int | None:
    """The alias entry naming this cluster; entries with a context apply only where it appears."""
    found = aliases.matching({c.name, *c.forms}, c.type) if aliases.entries else []
    if not found:
        return None
    entries = aliases.entries
    beside = names_beside(c, doc) if any(entries[i].context for i in found) else set()
    fitting = [i for i in found if not entries[i].context or beside & {fold(n) for n in entries[i].context}]
    fitting = [i for i in fitting if entries[i].context] or fitting
    return fitting[0] if len(fitting) == 1 else None


def entry_id(entry: AliasEntry, member_types: Mapping[str, int], ev: Evidence) -> EntryId:
    """An entry keeps the extracted id of its canonical name (so ids do not move), unless it splits one."""
    type_ = entry.type or most_common(member_types)
    same = ev.same_name(fold(entry.name), kind_of(type_))
    if same and not entry.context:
        return EntryId(min(same, key=lambda i: (-same[i], i)), type_, False)
    return EntryId(new_id(" ".join((entry.name, entry.qid or "", *entry.context)), type_), type_, True)


def most_common(counts: Mapping[str, int]) -> str:
    return min(counts, key=lambda k: (-counts[k], k))


def first_geo(clusters: Iterable[Cluster]) -> Geo:
    return next((c.geo for c in sorted(clusters, key=lambda c: c.key) if c.geo[0] is not None), (None, None, None))


# every cluster in memory ----------------------------------------------------------------------
class MemoryEvidence:
    """The facts the rules need, counted over clusters held in memory."""

    def __init__(self, clusters: Sequence[Cluster]) -> None:
        self.by_doc: dict[str, list[Cluster]] = defaultdict(list)
        self.docs_of: dict[str, set[str]] = defaultdict(set)
        self._carried: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self._forms: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for c in clusters:
            self.by_doc[c.doc_id].append(c)
            self.docs_of[c.entity_id].add(c.doc_id)
            self._names[(fold(c.name), kind_of(c.type))][c.entity_id] += 1
            for key in carrier_keys(c):
                self._carried[key][c.entity_id].append(c.doc_id)
                self._forms[(key, c.entity_id)] |= c.forms
        self._around: dict[str, set[str]] = {}

    def clusters(self, doc_id: str) -> Sequence[Cluster]:
        return self.by_doc.get(doc_id, [])

    def carriers(self, key: str) -> Mapping[str, Carrier]:
        return {t: Carrier(len(docs), min(docs)) for t, docs in self._carried.get(key, {}).items()}

    def shared(self, target: str, entity_ids: frozenset[str]) -> set[str]:
        if target not in self._around:
            docs = self.docs_of[target]
            self._around[target] = {o.entity_id for d in docs for o in self.by_doc[d] if o.entity_id != target}
        return self._around[target] & entity_ids

    def key_forms(self, key: str, target: str, forms: frozenset[str]) -> set[str]:
        return self._forms.get((key, target), set()) & forms

    def docs(self, entity_id: str) -> int:
        return len(self.docs_of.get(entity_id, ()))

    def same_name(self, name_key: str, kind: str) -> Mapping[str, int]:
        return self._names.get((name_key, kind), Counter())
