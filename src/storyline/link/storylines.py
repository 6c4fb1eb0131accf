"""Storylines: stories linked over time by shared key actors and themes.

A story's profile sums its articles: the entity names they carry (actors and places), their
words (themes) and the centre of their embeddings. Two stories within ``MAX_GAP`` days whose
profiles are close enough are linked; a storyline is a connected group of linked stories. When a
link joins two storylines the smaller takes the larger's id, so ids stay stable as a storyline grows.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from storyline.link.stories import Profile
from storyline.link.terms import Terms, cosine

THRESHOLD = 0.2
MAX_GAP = 240  # days between two stories of one storyline (a war, a flood and its aftermath)
ACTORS, THEMES, MEANING = 0.45, 0.35, 0.2
_ENTITY = "="


@dataclass(frozen=True)
class StoryProfile:
    id: str
    first: int | None
    last: int | None
    actors: Terms
    themes: Terms
    centre: NDArray[np.float32]


def storyline_id(first_story: str) -> str:
    return "storyline-" + hashlib.sha1(first_story.encode()).hexdigest()[:12]


def story_profile(story: str, members: Sequence[Profile]) -> StoryProfile:
    days = [m.day for m in members if m.day is not None]
    actors: dict[str, float] = {}
    themes: dict[str, float] = {}
    for member in members:
        for term, weight in member.terms.items():
            bucket = actors if term.startswith(_ENTITY) else themes
            bucket[term] = bucket.get(term, 0.0) + weight
    centre = np.sum([m.vector for m in members], axis=0).astype(np.float32)
    return StoryProfile(story, min(days) if days else None, max(days) if days else None,
                        _unit(actors), _unit(themes), centre / max(float(np.linalg.norm(centre)), 1e-9))


def _unit(terms: dict[str, float]) -> Terms:
    norm = math.sqrt(sum(w * w for w in terms.values())) or 1.0
    return {t: w / norm for t, w in terms.items()}


def relatedness(a: StoryProfile, b: StoryProfile) -> float:
    """How strongly two stories belong to one storyline; ``-inf`` when too far apart in time."""
    if a.first is not None and b.first is not None and a.last is not None and b.last is not None:
        gap = max(a.first, b.first) - min(a.last, b.last)
        if gap > MAX_GAP:
            return float("-inf")
    return (ACTORS * cosine(a.actors, b.actors) + THEMES * cosine(a.themes, b.themes)
            + MEANING * float(a.centre @ b.centre))
