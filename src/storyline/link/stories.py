"""Same-event clusters ("stories"), built incrementally and deterministically.

Two articles are compared on their words and names (tf-idf over words, word pairs and entity
names) and on the meaning of their title and lead (sentence embeddings), and only when their
publication days are at most ``MAX_SPAN`` apart. A story never spans more than ``MAX_SPAN`` days.

Incremental: the caller hands over the new articles and, for each, the existing stories that
blocking found (shared heavy terms within the date window) with their latest articles. The new
articles and those loaded articles are grouped afresh by average-link agglomeration, each starting
alone, so a later article can undo an early decision: it can pull an article out of the story it
first joined into a story of its own, and when it bridges two stories they merge. The existing
story ids go to the groups that hold most of their articles, so a story keeps its id while it
keeps most of its articles; a story that loses them all is merged into the one that took them
(see :class:`Assignment`). Stories that no new article comes near are left as they are.
Agglomeration only ever joins groups whose best pair reaches the threshold, so it runs separately
on each connected group of pairs.
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


@dataclass(frozen=True)
class Assignment:
    """What linking a chunk decides: stories of new and moved articles, and stories merged away."""

    stories: dict[str, str]  # doc id -> story id: every new article, and each loaded one that moved
    merged: dict[str, str]  # story id -> the story it joined: all its articles go there


@dataclass
class Story:
    """An existing story as loaded for comparison: its id and (some of) its articles."""

    id: str
    members: list[Profile] = field(default_factory=list)
    since: int = 0  # sequence number of its first article: the lower, the older


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
           threshold: float = THRESHOLD, *, whole: frozenset[str] = frozenset()) -> Assignment:
    """Story of each new article, and what that changes for the stories it came near.

    ``edges`` are the pairs worth comparing, as indexes into ``new`` (``i < len(new)``) and,
    past it, into ``stories`` (``len(new) + k`` is ``stories[k]``); blocking found them. The
    stories named in ``whole`` stay as they are: new articles may join them, nothing more.
    """
    nodes = len(new) + len(stories)
    parent = list(range(nodes))
    for a, b in edges:
        if _linked(a, b, new, stories, threshold):
            _union(parent, a, b)
    groups: dict[int, list[int]] = {}
    for node in range(nodes):
        groups.setdefault(_find(parent, node), []).append(node)
    out = Assignment({}, {})
    for members in groups.values():
        fresh = [new[i] for i in members if i < len(new)]
        if fresh:
            part = _agglomerate(fresh, [stories[i - len(new)] for i in members if i >= len(new)], threshold, whole)
            out.stories.update(part.stories)
            out.merged.update(part.merged)
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
    """Groups during agglomeration: sums of pair similarities, sizes, day ranges, member rows, and
    whether a group holds a story kept whole (two such never merge)."""

    sums: NDArray[np.float64]
    sizes: NDArray[np.float64]
    first: NDArray[np.float64]  # day ordinals; NaN when no article of the group has a date
    last: NDArray[np.float64]
    rows: list[list[int]]
    whole: NDArray[np.bool_]
    alive: NDArray[np.bool_]


def _agglomerate(new: list[Profile], stories: list[Story], threshold: float, whole: frozenset[str]) -> Assignment:
    """Average-link over the new articles and the stories' loaded members, all starting alone but
    those of the stories kept whole."""
    rows = new + [m for s in stories for m in s.members]
    units = _units(rows, _pair_matrix(rows))
    _keep_whole(units, len(new), [(len(s.members), s.id in whole) for s in stories])
    score = np.stack([_score_row(units, u) for u in range(len(rows))])
    while True:
        i, j = divmod(int(np.argmax(score)), len(rows))
        if score[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        _merge(units, i, j)
        score[j, :] = score[:, j] = -np.inf
        score[i, :] = score[:, i] = _score_row(units, i)  # only the merged group's scores change
    origin = [None] * len(new) + [s.id for s in stories for _ in s.members]
    return _label([units.rows[u] for u in np.flatnonzero(units.alive)], rows, origin, stories)


def _keep_whole(units: _Units, start: int, stories: list[tuple[int, bool]]) -> None:
    """The articles of each story kept whole made one group from the start, marked as such."""
    for size, whole in stories:
        if whole:
            for row in range(start + 1, start + size):
                _merge(units, start, row)
            units.whole[start] = True
        start += size


def _label(clusters: list[list[int]], rows: list[Profile], origin: list[str | None],
           stories: list[Story]) -> Assignment:
    """Story ids for the clusters. Each existing story's id goes to the cluster holding most of its
    loaded articles (its older ones on a tie) unless a story with more there took it first (the
    older on a tie); a story left without a cluster merges into the one holding most of its
    articles; other clusters get a fresh id."""
    held: dict[tuple[str, int], list[int]] = {}
    for c, cluster in enumerate(clusters):
        for r in cluster:
            if (story := origin[r]) is not None:
                held.setdefault((story, c), []).append(r)
    since = {s.id: s.since for s in stories}
    order = sorted(held, key=lambda k: (-len(held[k]), since[k[0]], k[0], min(held[k])))
    labels: dict[int, str] = {}
    for story, c in order:
        if story not in labels.values() and c not in labels:  # a handful of stories: no index needed
            labels[c] = story
    taken = set(since)
    for c, cluster in enumerate(clusters):
        if c not in labels:
            labels[c] = _fresh_id(min(rows[r].id for r in cluster), taken)
            taken.add(labels[c])
    moved = {rows[r].id: labels[c] for c, cluster in enumerate(clusters) for r in cluster if labels[c] != origin[r]}
    merged: dict[str, str] = {}
    for story, c in order:
        if story not in labels.values():
            merged.setdefault(story, labels[c])
    return Assignment(moved, merged)


def _fresh_id(first_doc: str, taken: set[str]) -> str:
    """The id a story named after ``first_doc`` gets; rehashed while ``taken`` has it."""
    return free_id(story_id(first_doc), taken)


def free_id(label: str, taken: set[str]) -> str:
    while label in taken:
        label = story_id(label)
    return label


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


def _units(rows: list[Profile], pairs: NDArray[np.float64]) -> _Units:
    days = np.array([np.nan if r.day is None else r.day for r in rows], dtype=np.float64)
    return _Units(sums=pairs.copy(), sizes=np.ones(len(rows)), first=days, last=days.copy(),
                  rows=[[n] for n in range(len(rows))], whole=np.zeros(len(rows), dtype=bool),
                  alive=np.ones(len(rows), dtype=bool))


def _score_row(units: _Units, i: int) -> NDArray[np.float64]:
    """Average similarity of group ``i`` to every other; ``-inf`` where the two may not merge."""
    if not units.alive[i]:
        return np.full(len(units.sizes), -np.inf)
    row = units.sums[i] / (units.sizes[i] * units.sizes)
    span = np.fmax(units.last[i], units.last) - np.fmin(units.first[i], units.first)
    blocked = ~units.alive | (np.nan_to_num(span, nan=0.0) > MAX_SPAN)
    blocked[i] = True
    if units.whole[i]:
        blocked |= units.whole  # two stories kept whole never merge
    row[blocked] = -np.inf
    return row  # type: ignore[no-any-return]


def _merge(units: _Units, i: int, j: int) -> None:
    units.sums[i, :] += units.sums[j, :]
    units.sums[:, i] += units.sums[:, j]
    units.sizes[i] += units.sizes[j]
    units.first[i], units.last[i] = np.fmin(units.first[i], units.first[j]), np.fmax(units.last[i], units.last[j])
    units.rows[i] += units.rows[j]
    units.whole[i] |= units.whole[j]
    units.alive[j] = False
