"""Same-event clusters ("stories"): new articles join a story or open one, deterministically.

Two articles are compared on their words and names (tf-idf over words, word pairs and entity
names) and on the meaning of their title and lead (sentence embeddings), and only when their
publication days are at most ``MAX_SPAN`` apart. A story never spans more than ``MAX_SPAN`` days.

Incremental: the caller hands over the new articles and, for each, the existing stories that
blocking found (shared heavy terms within the date window). New articles and those stories are
grouped by average-link agglomeration, in which two existing stories never merge: new articles
join a story or open one, and nothing else is re-clustered. Agglomeration only ever joins groups
whose best pair reaches the threshold, so it runs separately on each connected group of pairs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from storyline.link.terms import Terms

THRESHOLD = 0.23  # average similarity at which groups join (B-cubed F1 on ECB+, see bench/)
LEXICAL, SEMANTIC = 0.85, 0.15  # weights of the tf-idf and embedding cosines
MAX_SPAN = 2  # days: coverage of one event; farther apart is another event (or a storyline)
DAY_PENALTY = 0.2  # per day apart beyond the first: a follow-up two days on is mostly a new story


@dataclass(frozen=True)
class Profile:
    """What clustering knows of one article."""

    id: str
    day: int | None  # proleptic ordinal of the publication date, when known
    vector: NDArray[np.float32]
    terms: Terms


@dataclass
class Story:
    """An existing story as loaded for comparison: its id and (some of) its articles."""

    id: str
    members: list[Profile] = field(default_factory=list)


def story_id(first_doc: str) -> str:
    return "story-" + hashlib.sha1(first_doc.encode()).hexdigest()[:12]


def similarity(a: Profile, b: Profile) -> float:
    """Combined cosine, less a penalty for days apart; ``-inf`` beyond the story span."""
    penalty = _day_penalty(a.day, b.day)
    if penalty is None:
        return float("-inf")
    from storyline.link.terms import cosine

    return LEXICAL * cosine(a.terms, b.terms) + SEMANTIC * float(a.vector @ b.vector) - penalty


def _day_penalty(a: int | None, b: int | None) -> float | None:
    if a is None or b is None:
        return 0.0
    gap = abs(a - b)
    return None if gap > MAX_SPAN else DAY_PENALTY * max(gap - 1, 0)


def assign(new: Sequence[Profile], stories: Sequence[Story], edges: Sequence[tuple[int, int]],
           threshold: float = THRESHOLD) -> dict[str, str]:
    """Story id for each new article.

    ``edges`` are the pairs worth comparing, as indexes into ``new`` (``i < len(new)``) and,
    past it, into ``stories`` (``len(new) + k`` is ``stories[k]``); blocking found them.
    """
    nodes = len(new) + len(stories)
    parent = list(range(nodes))
    for a, b in edges:
        if _linked(a, b, new, stories, threshold):
            _union(parent, a, b)
    groups: dict[int, list[int]] = {}
    for node in range(nodes):
        groups.setdefault(_find(parent, node), []).append(node)
    out: dict[str, str] = {}
    for members in groups.values():
        fresh = [new[i] for i in members if i < len(new)]
        if fresh:
            out.update(_agglomerate(fresh, [stories[i - len(new)] for i in members if i >= len(new)], threshold))
    return out


def _linked(a: int, b: int, new: Sequence[Profile], stories: Sequence[Story], threshold: float) -> bool:
    left = [new[a]] if a < len(new) else stories[a - len(new)].members
    right = [new[b]] if b < len(new) else stories[b - len(new)].members
    return any(similarity(x, y) >= threshold for x in left for y in right)


def _find(parent: list[int], node: int) -> int:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def _union(parent: list[int], a: int, b: int) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


@dataclass
class _Units:
    """Groups during agglomeration: sums of pair similarities, sizes, day ranges, story ids."""

    sums: NDArray[np.float64]
    sizes: NDArray[np.float64]
    first: list[int | None]
    last: list[int | None]
    story: list[str | None]
    docs: list[list[str]]


def _agglomerate(new: list[Profile], stories: list[Story], threshold: float) -> dict[str, str]:
    rows = new + [m for s in stories for m in s.members]
    units = _units(new, stories, _pair_matrix(rows))
    alive = np.ones(len(units.sizes), dtype=bool)
    while True:
        score = _scores(units, alive)
        best = int(np.argmax(score))
        i, j = divmod(best, len(alive))
        if score[i, j] < threshold:
            break
        _merge(units, alive, min(i, j), max(i, j))
    out = {}
    for unit in np.flatnonzero(alive):
        label = units.story[unit] or story_id(min(units.docs[unit]))
        out.update({doc: label for doc in units.docs[unit] if doc in {p.id for p in new}})
    return out


def _pair_matrix(rows: list[Profile]) -> NDArray[np.float64]:
    """All pair similarities among ``rows`` (a connected group: small)."""
    vectors = np.stack([r.vector for r in rows]).astype(np.float64)
    vocabulary = {t: k for k, t in enumerate(sorted({t for r in rows for t in r.terms}))}
    terms = np.zeros((len(rows), len(vocabulary)))
    for n, r in enumerate(rows):
        for t, w in r.terms.items():
            terms[n, vocabulary[t]] = w
    matrix = LEXICAL * (terms @ terms.T) + SEMANTIC * (vectors @ vectors.T)
    days = np.array([np.nan if r.day is None else r.day for r in rows])
    gap = np.nan_to_num(np.abs(days[:, None] - days[None, :]), nan=0.0)
    matrix -= DAY_PENALTY * np.maximum(gap - 1, 0)
    matrix[gap > MAX_SPAN] = -1.0  # kept apart below by the span rule as well
    return matrix  # type: ignore[no-any-return]


def _units(new: list[Profile], stories: list[Story], pairs: NDArray[np.float64]) -> _Units:
    spans = [(len(new) + sum(len(s.members) for s in stories[:k]), len(s.members)) for k, s in enumerate(stories)]
    owner = np.zeros((len(new) + len(stories), len(pairs)))
    owner[np.arange(len(new)), np.arange(len(new))] = 1.0
    for k, (start, size) in enumerate(spans):
        owner[len(new) + k, start:start + size] = 1.0
    sums = owner @ pairs @ owner.T
    days = [[p.day] for p in new] + [[m.day for m in s.members] for s in stories]
    known = [[d for d in ds if d is not None] for ds in days]
    return _Units(
        sums=sums, sizes=owner.sum(axis=1),
        first=[min(k) if k else None for k in known], last=[max(k) if k else None for k in known],
        story=[None] * len(new) + [s.id for s in stories],
        docs=[[p.id] for p in new] + [[m.id for m in s.members] for s in stories],
    )


def _scores(units: _Units, alive: NDArray[np.bool_]) -> NDArray[np.float64]:
    score = units.sums / np.outer(units.sizes, units.sizes)
    blocked = ~(alive[:, None] & alive[None, :])
    existing = np.array([s is not None for s in units.story])
    blocked |= existing[:, None] & existing[None, :]  # two stories never merge
    blocked |= np.eye(len(alive), dtype=bool)
    blocked |= _too_long(units)
    score[blocked] = -np.inf
    return score  # type: ignore[no-any-return]


def _too_long(units: _Units) -> NDArray[np.bool_]:
    first = np.array([np.nan if d is None else d for d in units.first])
    last = np.array([np.nan if d is None else d for d in units.last])
    span = np.fmax(last[:, None], last[None, :]) - np.fmin(first[:, None], first[None, :])
    return np.nan_to_num(span, nan=0.0) > MAX_SPAN  # type: ignore[no-any-return]


def _merge(units: _Units, alive: NDArray[np.bool_], i: int, j: int) -> None:
    units.sums[i, :] += units.sums[j, :]
    units.sums[:, i] += units.sums[:, j]
    units.sizes[i] += units.sizes[j]
    days = [d for d in (units.first[i], units.first[j], units.last[i], units.last[j]) if d is not None]
    units.first[i], units.last[i] = (min(days), max(days)) if days else (None, None)
    units.story[i] = units.story[i] or units.story[j]
    units.docs[i] += units.docs[j]
    alive[j] = False
