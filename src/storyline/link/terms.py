"""Lexical profiles: an article's distinctive words, word pairs and named entities, tf-idf weighted.

Word pairs carry most of what tells two events of one kind apart (two earthquakes, two rate
decisions): names ("pierre thomas"), places ("khan younis"), numbers with their noun.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import pairwise

from storyline.resources import word_list

Terms = dict[str, float]
KEEP = 200  # terms stored per article: enough for similarity, small enough to store
_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*[^\W_])?|\d+(?:[.,]\d+)*")
_ENTITY = "="  # prefix that keeps entity names apart from ordinary words


def stopwords() -> frozenset[str]:
    return frozenset(word_list("link_stopwords"))


def tokens(text: str) -> list[str]:
    stop = stopwords()
    out = []
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("’", "'").removesuffix("'s")
        if len(word) > 1 and word not in stop:
            out.append(word)
    return out


def term_counts(text: str, entity_names: Iterable[str] = ()) -> Counter[str]:
    """Words, adjacent pairs of kept words, and the names of the article's entities."""
    words = tokens(text)
    counts = Counter(words)
    counts.update(f"{a} {b}" for a, b in pairwise(words))
    counts.update(_ENTITY + " ".join(tokens(name)) for name in entity_names if tokens(name))
    return counts


def keep(counts: Counter[str], size: int = KEEP) -> dict[str, int]:
    """The ``size`` most repeated terms (longer first among equals): what an article stores."""
    top = sorted(counts.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[:size]
    return dict(top)


def weigh(counts: Mapping[str, int], df: Mapping[str, int], documents: int) -> Terms:
    """Sublinear tf x idf, L2-normalised (a dot product is a cosine), at the store's current counts.

    Terms no other article has are left out: they cannot be shared, and would only dilute.
    """
    weights = {t: (1 + math.log(n)) * math.log((documents + 1) / df[t]) for t, n in counts.items() if df.get(t, 0) >= 2}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items() if w > 0}


def blocking_keys(counts: Mapping[str, int], df: Mapping[str, int], documents: int, count: int = 6) -> list[str]:
    """The heaviest terms, new ones included: two articles on one event share some of them."""
    score = {t: (1 + math.log(n)) * math.log((documents + 2) / (df.get(t, 0) + 1)) for t, n in counts.items()}
    return [t for t, _ in sorted(score.items(), key=lambda item: (-item[1], item[0]))[:count]]


def cosine(a: Terms, b: Terms) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())
