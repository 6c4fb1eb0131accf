"""The link stage's own tables, read and written through :class:`LinkTarget`: the incremental index.

``link_docs`` holds one profile per linked article (story, day, embedding, stored term counts,
MinHash signature); ``link_terms`` the document frequencies; ``link_keys`` the blocking postings;
``link_bands`` the LSH bands; ``links`` the results (``copy_of``, ``related_story``, ``in_storyline``);
``link_state`` the document total and the last sequence number. The counts are always the sums over
the ``link_docs`` rows: a chunk's one write swaps a changed article's old rows and counts for its new.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from storyline.link import stories as st
from storyline.link import syndication as syn
from storyline.link.terms import weigh

POSTINGS = 100  # articles read per blocking key
MEMBERS = 20  # most recent articles of a story compared with a newcomer
Statement = tuple[str, Sequence[Sequence[Any]]]


class LinkTarget(Protocol):
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...

    def set_stories(self, stories: dict[str, str | None]) -> None: ...

    def write(self, statements: Sequence[Statement]) -> None: ...

    def get_state(self, key: str) -> str | None: ...

    def set_state(self, key: str, value: str) -> None: ...


@dataclass(frozen=True)
class Stale:
    """What the index still holds for articles linked before and changed since: their ids and term counts.

    The rows stay until the chunk's one write swaps them for the new ones (a crash leaves old or new, never
    half); until then every read leaves them out and every count subtracts them.
    """

    ids: tuple[str, ...] = ()
    counts: Counter[str] = field(default_factory=Counter)  # how many of them hold each term

    def skip(self, column: str = "doc_id") -> str:
        """SQL condition leaving them out; its parameters are ``ids``."""
        return f" AND {column} NOT IN ({', '.join('?' * len(self.ids))})" if self.ids else ""


def find_stale(store: LinkTarget, ids: list[str]) -> Stale:
    """Those of ``ids`` (articles about to be linked) that the index holds from an earlier version."""
    rows = []
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        rows += store.rows(f"SELECT doc_id, terms FROM link_docs WHERE doc_id IN ({', '.join('?' * len(part))})", part)
    counts: Counter[str] = Counter()
    for r in rows:
        counts.update(json.loads(r["terms"]).keys())
    return Stale(tuple(sorted(r["doc_id"] for r in rows)), counts)


class Weights:
    """Document frequencies read once per chunk: every profile in it is weighed on the same counts."""

    def __init__(self, store: LinkTarget, df: dict[str, int], documents: int, stale: Stale) -> None:
        self.store, self.df, self.documents, self.stale = store, df, documents, stale

    def profile(self, doc_id: str, day: int | None, vector: NDArray[np.float32], counts: dict[str, int]) -> st.Profile:
        return st.Profile(doc_id, day, vector, weigh(counts, self.df, self.documents))

    def load(self, counts: Sequence[dict[str, int]]) -> None:
        missing = sorted({t for c in counts for t in c if t not in self.df})
        for start in range(0, len(missing), 500):
            part = missing[start:start + 500]
            found = {r["term"]: r["df"] for r in self.store.rows(
                f"SELECT term, df FROM link_terms WHERE term IN ({', '.join('?' * len(part))})", part)}
            self.df.update({t: found.get(t, 0) - self.stale.counts[t] for t in part})


def document_frequencies(store: LinkTarget, counts: list[dict[str, int]],
                         stale: Stale) -> tuple[dict[str, int], int, Counter[str]]:
    """Document frequencies of this chunk's terms and the total, as the chunk's write will leave them."""
    chunk: Counter[str] = Counter()
    for count in counts:
        chunk.update(count.keys())
    df = {t: n - stale.counts[t] for t, n in chunk.items()}
    terms = list(chunk)
    for start in range(0, len(terms), 500):
        part = terms[start:start + 500]
        for r in store.rows(f"SELECT term, df FROM link_terms WHERE term IN ({', '.join('?' * len(part))})", part):
            df[r["term"]] += r["df"]
    total = int(store.get_state("link_documents") or 0) - len(stale.ids) + len(counts)
    return df, total, chunk


def swap_writes(stale: Stale, counts: list[dict[str, int]], total: int, seq: int) -> list[Statement]:
    """The index bookkeeping of a chunk's write: stale rows and counts out, the chunk's counts in.

    Goes first in the write that inserts the chunk's rows, so no crash can count an article twice.
    """
    delta: Counter[str] = Counter()
    for count in counts:
        delta.update(count.keys())
    delta.subtract(stale.counts)
    ids = [[i] for i in stale.ids]
    return [(f"DELETE FROM {table} WHERE doc_id = ?", ids) for table in ("link_docs", "link_keys", "link_bands")] + [
        ("DELETE FROM links WHERE kind = 'copy_of' AND (src = ? OR dst = ?)", [[i, i] for i in stale.ids]),
        ("INSERT INTO link_terms VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET df = link_terms.df + excluded.df",
         sorted((t, n) for t, n in delta.items() if n)),
        ("DELETE FROM link_terms WHERE term = ? AND df <= 0", sorted([t] for t, n in delta.items() if n < 0)),
        ("INSERT INTO link_state VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
         [("link_documents", str(total)), ("link_seq", str(seq))]),
    ]


def postings(store: LinkTarget, key: str, day: int | None, stale: Stale) -> list[dict[str, Any]]:
    if day is None:
        return store.rows(f"SELECT doc_id FROM link_keys WHERE key = ?{stale.skip()} LIMIT ?",
                          [key, *stale.ids, POSTINGS])
    return store.rows(f"SELECT doc_id FROM link_keys WHERE key = ? AND (day BETWEEN ? AND ? OR day IS NULL){stale.skip()} "
                      "LIMIT ?", [key, day - st.MAX_SPAN, day + st.MAX_SPAN, *stale.ids, POSTINGS])


def stories_of(store: LinkTarget, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        out.update({r["doc_id"]: r["story"] for r in store.rows(
            f"SELECT doc_id, story FROM link_docs WHERE doc_id IN ({', '.join('?' * len(part))})", part)})
    return out


def members(store: LinkTarget, story: str, weights: Weights) -> list[st.Profile]:
    rows = store.rows(f"SELECT doc_id, day, vector, terms FROM link_docs WHERE story = ?{weights.stale.skip()} "
                      "ORDER BY seq DESC LIMIT ?", [story, *weights.stale.ids, MEMBERS])
    return row_profiles(list(reversed(rows)), weights)


def load_profiles(store: LinkTarget, ids: list[str], weights: Weights) -> list[st.Profile]:
    out = []
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        out += row_profiles(store.rows(
            f"SELECT doc_id, day, vector, terms FROM link_docs WHERE doc_id IN ({', '.join('?' * len(part))}) "
            "ORDER BY seq", part), weights)
    return out


def row_profiles(rows: list[dict[str, Any]], weights: Weights) -> list[st.Profile]:
    counts = [json.loads(r["terms"]) for r in rows]
    weights.load(counts)
    return [weights.profile(r["doc_id"], r["day"], decode_vector(r["vector"]), c) for r, c in zip(rows, counts, strict=True)]


def encode_vector(vector: NDArray[np.float32]) -> str:
    return base64.b64encode(vector.astype("<f2").tobytes()).decode()


def decode_vector(text: str) -> NDArray[np.float32]:
    return np.frombuffer(base64.b64decode(text), dtype="<f2").astype(np.float32)


def stored_copyables(store: LinkTarget, bands: list[str], stale: Stale) -> list[syn.Copyable]:
    rows = store.rows(
        "SELECT DISTINCT l.doc_id, l.day, l.seq, l.signature, d.outlet, d.doc_json FROM link_bands b "
        "JOIN link_docs l ON l.doc_id = b.doc_id JOIN documents d ON d.id = l.doc_id "
        f"WHERE b.band IN ({', '.join('?' * len(bands))}){stale.skip('b.doc_id')}",
        [*bands, *stale.ids])
    return [row_copyable(r) for r in rows]


def row_copyable(r: dict[str, Any]) -> syn.Copyable:
    doc = json.loads(r["doc_json"])
    names = [c.get("agency") for c in doc.get("credits") or ()] + [(doc.get("dateline") or {}).get("agency")]
    return syn.Copyable(r["doc_id"], syn.outlet_key(r["outlet"]), syn.credited(r["outlet"], names), r["day"], r["seq"],
                        syn.decode(r["signature"]))


def copyables_by_id(store: LinkTarget, ids: list[str]) -> list[syn.Copyable]:
    if not ids:
        return []
    rows = store.rows("SELECT l.doc_id, l.day, l.seq, l.signature, d.outlet, d.doc_json FROM link_docs l "
                      f"JOIN documents d ON d.id = l.doc_id WHERE l.doc_id IN ({', '.join('?' * len(ids))})", ids)
    return [row_copyable(r) for r in rows]


def storyline_of(store: LinkTarget, story: str) -> str | None:
    rows = store.rows("SELECT dst FROM links WHERE kind = 'in_storyline' AND src = ?", [story])
    return rows[0]["dst"] if rows else None


def stories_in(store: LinkTarget, line: str) -> list[str]:
    return [r["src"] for r in store.rows("SELECT src FROM links WHERE kind = 'in_storyline' AND dst = ?", [line])]


def set_storyline(store: LinkTarget, stories: list[str], line: str) -> None:
    store.write([("DELETE FROM links WHERE kind = 'in_storyline' AND src = ?", [[s] for s in stories]),
                 ("INSERT INTO links VALUES ('in_storyline', ?, ?, 1.0)", [[s, line] for s in stories])])
