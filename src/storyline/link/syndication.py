"""Syndicated copies: near-duplicate bodies (MinHash over word 5-grams, LSH bands) and credited
agencies ("..., Anadolu Agency reports", "WASHINGTON (Reuters) -"), each copy linked to its original.

The original of a pair is the copy the other credits; failing a credit, the one published
first; failing a date, the one stored first.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from storyline.resources import table

PERMUTATIONS = 128
BANDS = 32  # 32 bands of 4 rows: pairs above Jaccard ~0.42 meet in some band
SHINGLE = 5
COPY_JACCARD = 0.5  # estimated Jaccard of word 5-grams at which one body is a copy of the other
CREDITED_JACCARD = 0.15  # a credited source must share this much text: a rewrite keeps whole phrases
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, eq=False)  # compared by identity: one object per article
class Copyable:
    """What syndication knows of one article."""

    id: str
    outlet: str | None  # canonical agency code when the outlet is a known agency, else its name
    credited: frozenset[str]  # canonical codes of the agencies this copy credits (not itself)
    day: int | None
    seq: int
    signature: NDArray[np.uint32]


def signature(body: str) -> NDArray[np.uint32]:
    from datasketch import MinHash

    words = [w.lower() for w in _WORD.findall(body)]
    shingles = {" ".join(words[i:i + SHINGLE]).encode() for i in range(max(len(words) - SHINGLE + 1, 1))}
    minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
    minhash.update_batch(sorted(shingles))
    return minhash.hashvalues.astype(np.uint32)


def bands(sig: NDArray[np.uint32]) -> list[str]:
    rows = PERMUTATIONS // BANDS
    return [f"{b}:{hashlib.blake2b(sig[b * rows:(b + 1) * rows].tobytes(), digest_size=8).hexdigest()}"
            for b in range(BANDS)]


def jaccard(a: NDArray[np.uint32], b: NDArray[np.uint32]) -> float:
    return float(np.mean(a == b))


def encode(sig: NDArray[np.uint32]) -> str:
    return base64.b64encode(sig.astype("<u4").tobytes()).decode()


def decode(text: str) -> NDArray[np.uint32]:
    return np.frombuffer(base64.b64decode(text), dtype="<u4").astype(np.uint32)


@cache
def _agency_codes() -> dict[str, str]:
    """Every name and alias of a known agency, casefolded -> its code."""
    codes: dict[str, str] = {}
    for row in table("agencies"):
        for name in [row["code"], row["name"], *row["aliases"].split("|")]:
            codes.setdefault(name.strip().casefold(), row["code"])
    return codes


def agency(name: str | None) -> str | None:
    """'Associated Press', 'AP', 'The Associated Press' -> 'AP'; unknown names -> None."""
    if not name:
        return None
    key = name.strip().casefold()
    return _agency_codes().get(key) or _agency_codes().get(key.removeprefix("the "))


def outlet_key(outlet: str | None) -> str | None:
    return agency(outlet) or (outlet.strip().casefold() if outlet else None)


def credited(outlet: str | None, names: Iterable[str | None]) -> frozenset[str]:
    own = outlet_key(outlet)
    return frozenset(c for c in (agency(n) for n in names) if c and c != own)


def orient(a: Copyable, b: Copyable) -> tuple[Copyable, Copyable] | None:
    """(copy, original) for two articles with the same text, or None when they are one outlet's."""
    if a.outlet and a.outlet == b.outlet:
        return None  # an outlet updating its own story is not syndication
    if b.outlet in a.credited and a.outlet not in b.credited:
        return a, b
    if a.outlet in b.credited and b.outlet not in a.credited:
        return b, a
    if a.day is not None and b.day is not None and a.day != b.day:
        return (a, b) if a.day > b.day else (b, a)
    return (a, b) if a.seq > b.seq else (b, a)


def credited_original(copy: Copyable, candidates: Iterable[Copyable]) -> tuple[Copyable, float] | None:
    """The same-story article from an agency ``copy`` credits that shares most text with it.

    A credit alone is not a copy ("... told Reuters" quotes an interview): shared phrasing is needed too.
    """
    fits = [(c, jaccard(copy.signature, c.signature)) for c in candidates
            if c.id != copy.id and c.outlet in copy.credited
            and not (c.day is not None and copy.day is not None and c.day > copy.day)]
    fits = [(c, score) for c, score in fits if score >= CREDITED_JACCARD]
    return max(fits, key=lambda fit: (fit[1], fit[0].id)) if fits else None
