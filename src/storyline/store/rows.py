"""A Document as table rows: shared by every backend so they store exactly the same thing."""

from __future__ import annotations

import json
from typing import Any

from storyline.model import Document

COLUMNS: dict[str, tuple[str, ...]] = {
    "mentions": ("doc_id", "entity_id", "start", "end", "text"),
    "quotes": ("doc_id", "start", "end", "text", "kind", "cue", "speaker", "speaker_entity_id"),
    "figures": ("doc_id", "start", "end", "text", "metric", "value", "value_max", "qualifier", "unit",
                "subject", "as_of", "since", "source", "place"),
    "timexes": ("doc_id", "start", "end", "text", "type", "value"),
    "events": ("doc_id", "start", "end", "text", "type", "actors", "targets", "place", "date"),
}

STATS_SQL = """SELECT
    (SELECT count(*) FROM documents) AS documents,
    (SELECT count(DISTINCT outlet) FROM documents) AS outlets,
    (SELECT count(DISTINCT story) FROM documents WHERE story IS NOT NULL) AS stories,
    (SELECT count(DISTINCT entity_id) FROM mentions) AS entities,
    (SELECT count(*) FROM quotes) AS quotes,
    (SELECT count(*) FROM figures) AS figures,
    (SELECT count(*) FROM timexes) AS timexes,
    (SELECT count(*) FROM events) AS events,
    (SELECT min(published) FROM documents) AS first_published,
    (SELECT max(published) FROM documents) AS last_published"""


def document_row(doc: Document, ingested_at: str) -> dict[str, Any]:
    return {
        "id": doc.id, "content_hash": doc.content_hash, "title": doc.title, "outlet": doc.outlet,
        "published": doc.published.date, "published_basis": doc.published.basis, "story": doc.story,
        "body": doc.body, "doc_json": json.dumps(doc.to_dict(), ensure_ascii=False), "ingested_at": ingested_at,
    }


def entity_rows(doc: Document) -> list[tuple[Any, ...]]:
    return [
        (e.id, e.name, e.type, e.geo.lat if e.geo else None, e.geo.lon if e.geo else None,
         e.geo.country if e.geo else None)
        for e in doc.entities
    ]


def child_rows(doc: Document) -> dict[str, list[tuple[Any, ...]]]:
    d = doc.id
    return {
        "mentions": [(d, e.id, m.start, m.end, m.text) for e in doc.entities for m in e.mentions],
        "quotes": [(d, q.start, q.end, q.text, q.kind, q.cue, q.speaker.name, q.speaker.entity_id) for q in doc.quotes],
        "figures": [(d, f.start, f.end, f.text, f.metric, f.value, f.value_max, f.qualifier, f.unit, f.subject,
                     f.as_of, f.since, f.source, f.place) for f in doc.figures],
        "timexes": [(d, t.start, t.end, t.text, t.type, t.value) for t in doc.timexes],
        "events": [(d, e.start, e.end, e.text, e.type, json.dumps(list(e.actors)), json.dumps(list(e.targets)),
                    e.place, e.date) for e in doc.events],
    }
