"""Narrow undated articles' publication windows with start dates other stored articles state.

An article that says "since an Oct. 7 attack ... more than nine months into" has no year; one
that says "October 7, 2023" dates that start. Stored side by side, the first one's window
narrows (to the Sundays it allows, say). Runs after each ingest; only undated articles that
have a yearless start are looked at, and only articles stating that month-day are read.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from storyline.annotate.pubdate import evidence_from, narrow, stated_dates, unresolved_anchors
from storyline.model import Document, Published, Timex
from storyline.store.base import Store


def narrow_undated(store: Store) -> list[str]:
    """Ids of the documents whose publication date or window changed."""
    updates: list[tuple[Any, ...]] = []
    for row in store.rows("SELECT id FROM documents WHERE published IS NULL"):
        doc = store.get(row["id"])
        if doc is None:
            continue
        narrowed = _narrowed(store, doc)
        if narrowed is not None and (narrowed.date, narrowed.window) != (doc.published.date, doc.published.window):
            data = doc.replace(published=narrowed).to_dict()
            updates.append((narrowed.date, narrowed.basis, json.dumps(data, ensure_ascii=False), doc.id))
    if updates:
        store.write([("UPDATE documents SET published = ?, published_basis = ?, doc_json = ? WHERE id = ?", updates)])
    return [u[-1] for u in updates]


def _narrowed(store: Store, doc: Document) -> Published | None:
    evidence = evidence_from(doc.published, list(doc.timexes), doc.dateline)
    anchors = unresolved_anchors(evidence)
    if not anchors:
        return None
    starts: dict[str, list[Any]] = {}
    for anchor in anchors:
        pattern = f"____-{anchor.month:02d}-{anchor.day:02d}"
        rows = store.rows("SELECT doc_id, start, \"end\", text, type, value FROM timexes "
                          "WHERE type = 'DATE' AND value LIKE ? AND doc_id <> ?", [pattern, doc.id])
        timexes = [Timex(r["text"], r["start"], r["end"], r["type"], r["value"]) for r in rows]
        for key, days in stated_dates(timexes).items():
            starts.setdefault(key, []).extend(d for d in days if d not in starts.get(key, []))
    if not starts:
        return None
    narrowed = narrow(evidence, starts)
    # keep this article's own evidence spans: the narrowing adds a window, not new spans in this body
    return dataclasses.replace(narrowed, evidence=narrowed.evidence or doc.published.evidence)
