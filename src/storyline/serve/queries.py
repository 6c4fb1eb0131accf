"""Read queries behind the API and the web UI: one function per view, plain dicts out.

Everything reads through the store's small interface (``rows`` with ``?`` placeholders, ``get``,
``search``), in SQL that SQLite and PostgreSQL both accept, so either backend can be served.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from storyline.link.figure_series import Point, Report, Series
from storyline.link.figure_series import figure_series as link_figure_series
from storyline.model import Document
from storyline.store.base import SearchHit

Row = dict[str, Any]


class Reader(Protocol):
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def get(self, doc_id: str) -> Document | None: ...

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]: ...

    def stats(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Page:
    """One page of a longer list; ``total`` is None when counting would cost a second search."""

    items: list[Row]
    limit: int
    offset: int
    total: int | None

    @property
    def next_offset(self) -> int | None:
        more = self.offset + self.limit < self.total if self.total is not None else len(self.items) == self.limit
        return self.offset + self.limit if more else None

    def as_dict(self) -> Row:
        return {"items": self.items, "total": self.total, "limit": self.limit, "offset": self.offset,
                "next_offset": self.next_offset}


def like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with its own % and _ taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(clauses: dict[str, str], values: dict[str, Any]) -> tuple[str, list[Any]]:
    """``WHERE`` over the filters that were given; each clause uses its value as many times as it has ``?``."""
    parts, params = [], []
    for key, value in values.items():
        if value is None or value == "":
            continue
        parts.append(f"({clauses[key]})")
        params.extend([value] * clauses[key].count("?"))
    return ("WHERE " + " AND ".join(parts)) if parts else "", params


def _count(store: Reader, sql: str, params: Sequence[Any]) -> int:
    return int(store.rows(sql, params)[0]["n"])


def _paged(store: Reader, columns: str, base: str, order: str, params: Sequence[Any], limit: int, offset: int) -> Page:
    """One page of ``SELECT columns base order`` and the total count of ``base`` (FROM ... WHERE ...)."""
    total = _count(store, f"SELECT count(*) AS n {base}", params)
    items = store.rows(f"SELECT {columns} {base} {order} LIMIT ? OFFSET ?", [*params, limit, offset])
    return Page(items, limit, offset, total)


# documents ---------------------------------------------------------------------------------------
DOC_FILTERS = {
    "outlet": "d.outlet = ?",
    "story": "d.story = ?",
    "date_from": "d.published >= ?",
    "date_to": "d.published <= ?",
    "entity": "d.id IN (SELECT doc_id FROM mentions WHERE entity_id = ?)",
}
DOC_SUMMARY = (
    "d.id, d.title, d.outlet, d.published, d.published_basis, d.story, "
    "(SELECT min(l.dst) FROM links l WHERE l.kind = 'copy_of' AND l.src = d.id) AS copy_of, "
    "(SELECT count(*) FROM quotes q WHERE q.doc_id = d.id) AS quotes, "
    "(SELECT count(*) FROM figures f WHERE f.doc_id = d.id) AS figures"
)
NEWEST_FIRST = "ORDER BY d.published IS NULL, d.published DESC, d.id"


def documents(store: Reader, *, limit: int = 50, offset: int = 0, **filters: str | None) -> Page:
    where, params = _where(DOC_FILTERS, filters)
    return _paged(store, DOC_SUMMARY, f"FROM documents d {where}", NEWEST_FIRST, params, limit, offset)


def outlets(store: Reader) -> list[Row]:
    return store.rows("SELECT outlet, count(*) AS documents FROM documents WHERE outlet IS NOT NULL "
                      "GROUP BY outlet ORDER BY outlet")


def document(store: Reader, doc_id: str) -> Row | None:
    """The stored Document (the public contract) plus its syndication links."""
    doc = store.get(doc_id)
    if doc is None:
        return None
    out = doc.to_dict()
    out["copy_of"] = _summaries(store, "d.id IN (SELECT dst FROM links WHERE kind = 'copy_of' AND src = ?)", doc_id)
    out["copies"] = _summaries(store, "d.id IN (SELECT src FROM links WHERE kind = 'copy_of' AND dst = ?)", doc_id)
    return out


def _summaries(store: Reader, clause: str, *params: Any) -> list[Row]:
    return store.rows(f"SELECT {DOC_SUMMARY} FROM documents d WHERE {clause} {NEWEST_FIRST}", params)


# entities ----------------------------------------------------------------------------------------
ENTITY_FILTERS = {
    "q": "lower(e.name) LIKE ? ESCAPE '\\' OR e.id IN (SELECT entity_id FROM mentions WHERE lower(text) LIKE ? ESCAPE '\\')",
    "type": "e.type = ?",
}
ENTITY_COLUMNS = "e.id, e.name, e.type, e.lat, e.lon, e.country"


def entities(store: Reader, *, q: str | None = None, type: str | None = None,
             limit: int = 50, offset: int = 0) -> Page:
    where, params = _where(ENTITY_FILTERS, {"q": like(q) if q else None, "type": type})
    mentioned = "e.id IN (SELECT entity_id FROM mentions)"
    where = f"{where} AND {mentioned}" if where else f"WHERE {mentioned}"
    total = _count(store, f"SELECT count(*) AS n FROM entities e {where}", params)
    items = store.rows(
        f"SELECT {ENTITY_COLUMNS}, count(DISTINCT m.doc_id) AS documents, count(*) AS mentions "
        f"FROM entities e JOIN mentions m ON m.entity_id = e.id {where} GROUP BY {ENTITY_COLUMNS} "
        "ORDER BY count(DISTINCT m.doc_id) DESC, count(*) DESC, e.name LIMIT ? OFFSET ?", [*params, limit, offset])
    return Page(items, limit, offset, total)


def entity_types(store: Reader) -> list[str]:
    return [r["type"] for r in store.rows("SELECT DISTINCT type FROM entities ORDER BY type")]


def entity(store: Reader, entity_id: str) -> Row | None:
    """Who they are: name, type, place, the names they appear under, and how much they appear."""
    found = store.rows(f"SELECT {ENTITY_COLUMNS} FROM entities e WHERE e.id = ?", [entity_id])
    if not found:
        return None
    out = found[0]
    names = store.rows("SELECT text, count(*) AS n FROM mentions WHERE entity_id = ? GROUP BY text ORDER BY count(*) DESC, text",
                       [entity_id])
    out["aliases"] = [r["text"] for r in names if r["text"] != out["name"]]
    out["mentions"] = sum(r["n"] for r in names)
    out["documents"] = _count(store, "SELECT count(DISTINCT doc_id) AS n FROM mentions WHERE entity_id = ?", [entity_id])
    out["quotes"] = _count(store, "SELECT count(*) AS n FROM quotes WHERE speaker_entity_id = ?", [entity_id])
    out["geo"] = {"lat": out["lat"], "lon": out["lon"], "country": out["country"]} if out["lat"] is not None else None
    return out


def entity_timeline(store: Reader, entity_id: str) -> list[Row]:
    """Mentions per publication date (``date`` None: articles with no known date)."""
    return store.rows(
        "SELECT d.published AS date, count(DISTINCT d.id) AS documents, count(*) AS mentions "
        "FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity_id = ? "
        "GROUP BY d.published ORDER BY d.published IS NULL, d.published", [entity_id])


def entity_names(store: Reader, entity_id: str) -> list[str]:
    """Every name the entity is written as, for matching figure sources credited to it."""
    rows = store.rows("SELECT DISTINCT text FROM mentions WHERE entity_id = ? UNION SELECT name FROM entities WHERE id = ?",
                      [entity_id, entity_id])
    return sorted({r["text"].casefold() for r in rows})


def places(store: Reader, *, limit: int = 300) -> list[Row]:
    """Geocoded entities, to draw a place among the others."""
    return store.rows(f"SELECT {ENTITY_COLUMNS} FROM entities e WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL "
                      "AND e.id IN (SELECT entity_id FROM mentions) ORDER BY e.name LIMIT ?", [limit])


# quotes ------------------------------------------------------------------------------------------
QUOTE_FILTERS = {
    "speaker": "q.speaker_entity_id = ? OR lower(q.speaker) = lower(?)",
    "entity": "EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = q.doc_id AND m.entity_id = ? "
              "AND m.start >= q.start AND m.\"end\" <= q.\"end\")",
    "text": "lower(q.text) LIKE ? ESCAPE '\\'",
    "doc": "q.doc_id = ?",
    "story": "d.story = ?",
    "originals": "q.doc_id NOT IN (SELECT src FROM links WHERE kind = 'copy_of')",
}
QUOTE_COLUMNS = ("q.doc_id, q.start, q.\"end\", q.text, q.kind, q.cue, q.speaker, q.speaker_entity_id, "
                 "d.title, d.outlet, d.published, d.story")


def quotes(store: Reader, *, speaker: str | None = None, entity: str | None = None, text: str | None = None,
           doc: str | None = None, story: str | None = None, originals: bool = False,
           limit: int = 50, offset: int = 0) -> Page:
    """Quotes by a speaker (entity id or name), quoting words about an entity, or containing text.

    ``originals`` leaves out syndicated copies, which repeat their original's quotes.
    """
    where, params = _where(QUOTE_FILTERS, {"speaker": speaker, "entity": entity, "text": like(text) if text else None,
                                           "doc": doc, "story": story, "originals": originals or None})
    base = f"FROM quotes q JOIN documents d ON d.id = q.doc_id {where}"
    order = "ORDER BY d.published IS NULL, d.published DESC, q.doc_id, q.start"
    return _paged(store, QUOTE_COLUMNS, base, order, params, limit, offset)


def speakers(store: Reader, *, limit: int = 20) -> list[Row]:
    return store.rows("SELECT speaker, speaker_entity_id, count(*) AS quotes FROM quotes WHERE speaker IS NOT NULL "
                      "GROUP BY speaker, speaker_entity_id ORDER BY count(*) DESC, speaker LIMIT ?", [limit])


# figures -----------------------------------------------------------------------------------------
FIGURE_FILTERS = {
    "metric": "f.metric = ?",
    "subject": "lower(f.subject) LIKE ? ESCAPE '\\'",
    "place": "lower(f.place) LIKE ? ESCAPE '\\'",
    "source": "lower(f.source) LIKE ? ESCAPE '\\'",
    "doc": "f.doc_id = ?",
    "story": "d.story = ?",
    "originals": "f.doc_id NOT IN (SELECT src FROM links WHERE kind = 'copy_of')",
}
FIGURE_COLUMNS = ("f.doc_id, f.start, f.\"end\", f.text, f.metric, f.value, f.value_max, f.qualifier, f.unit, "
                  "f.subject, f.as_of, f.since, f.source, f.place, d.title, d.outlet, d.published, d.story")


def _figure_filters(metric: str | None, subject: str | None, place: str | None, source: str | None,
                    doc: str | None, story: str | None, originals: bool = False) -> tuple[str, list[Any]]:
    return _where(FIGURE_FILTERS, {
        "metric": metric, "subject": like(subject) if subject else None, "place": like(place) if place else None,
        "source": like(source) if source else None, "doc": doc, "story": story, "originals": originals or None,
    })


def figures(store: Reader, *, metric: str | None = None, subject: str | None = None, place: str | None = None,
            source: str | None = None, doc: str | None = None, story: str | None = None, originals: bool = False,
            limit: int = 50, offset: int = 0) -> Page:
    where, params = _figure_filters(metric, subject, place, source, doc, story, originals)
    base = f"FROM figures f JOIN documents d ON d.id = f.doc_id {where}"
    order = "ORDER BY coalesce(f.as_of, d.published) IS NULL, coalesce(f.as_of, d.published), f.doc_id, f.start"
    return _paged(store, FIGURE_COLUMNS, base, order, params, limit, offset)


def metrics(store: Reader) -> list[Row]:
    return store.rows("SELECT metric, count(*) AS figures, count(DISTINCT doc_id) AS documents FROM figures "
                      "GROUP BY metric ORDER BY count(*) DESC, metric")


def figure_series(store: Reader, *, metric: str, subject: str | None = None, place: str | None = None,
                  story: str | None = None) -> list[Row]:
    """The link stage's series of one metric, as rows: a point per original report, flags on each.

    ``subject``/``place`` keep series with a figure naming them; ``story`` keeps every series that
    story takes part in, whole. Syndicated copies are not points: each original lists its copies.
    """
    articles = {r["id"]: r for r in store.rows(
        "SELECT DISTINCT d.id, d.title, d.story FROM documents d JOIN figures f ON f.doc_id = d.id WHERE f.metric = ?",
        [metric])}
    every = [_series_row(s, articles) for s in link_figure_series(store, metric=metric)]
    return sorted((s for s in every if _series_matches(s, subject, place, story)),
                  key=lambda s: (-len(s["points"]), s["label"]))


def _series_row(series: Series, articles: dict[str, Row]) -> Row:
    disagreeing = {id(r) for pair in series.disagreements for r in pair}
    revised = {id(later) for _, later in series.revisions}
    points = [_series_point(r, p, articles, id(r) in disagreeing, id(r) in revised)
              for p in series.points for r in p.reports if not r.copy_of]
    return {"id": series.id, "metric": series.metric, "label": series.subject or series.place or series.metric,
            "subject": series.subject, "place": series.place, "unit": series.unit, "group": series.group,
            "sources": sorted({p["source"] for p in points if p["source"]}), "points": points,
            "disagreements": len(series.disagreements), "revisions": len(series.revisions)}


def _series_point(r: Report, point: Point, articles: dict[str, Row], disagreement: bool, revision: bool) -> Row:
    article = articles.get(r.doc_id, {})
    return {
        "date": r.as_of or r.published, "as_of": r.as_of, "value": r.value, "value_max": r.value_max,
        "qualifier": r.qualifier, "unit": r.unit, "source": r.source or r.outlet, "outlet": r.outlet,
        "doc_id": r.doc_id, "title": article.get("title"), "story": article.get("story"), "start": r.start,
        "end": r.end, "text": r.text, "subject": r.subject, "place": r.place,
        "copies": [c.outlet or c.doc_id for c in point.reports if c.copy_of == r.doc_id],
        "disagreement": disagreement, "revision": revision,
    }


def _series_matches(series: Row, subject: str | None, place: str | None, story: str | None) -> bool:
    points = series["points"]
    return ((not subject or any(subject.casefold() in (p["subject"] or "").casefold() for p in points))
            and (not place or any(place.casefold() in (p["place"] or "").casefold() for p in points))
            and (not story or any(p["story"] == story for p in points)))


def credited_figures(store: Reader, entity_id: str, *, limit: int = 200) -> list[Row]:
    """Figures whose source is one of the names the entity appears under."""
    names = entity_names(store, entity_id)
    if not names:
        return []
    marks = ", ".join("?" * len(names))
    return store.rows(f"SELECT {FIGURE_COLUMNS} FROM figures f JOIN documents d ON d.id = f.doc_id "
                      f"WHERE lower(f.source) IN ({marks}) ORDER BY coalesce(f.as_of, d.published), f.doc_id LIMIT ?",
                      [*names, limit])


# stories and storylines --------------------------------------------------------------------------
def stories(store: Reader, *, limit: int = 50, offset: int = 0) -> Page:
    total = _count(store, "SELECT count(DISTINCT story) AS n FROM documents WHERE story IS NOT NULL", [])
    items = store.rows(
        "SELECT story AS id, count(*) AS documents, count(DISTINCT outlet) AS outlets, "
        "min(published) AS first_published, max(published) AS last_published FROM documents WHERE story IS NOT NULL "
        "GROUP BY story ORDER BY max(published) IS NULL, max(published) DESC, story LIMIT ? OFFSET ?", [limit, offset])
    _add_titles(store, items)
    lines = story_to_storyline(store)
    for item in items:
        item["storyline"] = lines.get(item["id"])
    return Page(items, limit, offset, total)


def _add_titles(store: Reader, items: list[Row]) -> None:
    """Name each story by the title of its earliest original article."""
    ids = [i["id"] for i in items]
    if not ids:
        return
    rows = store.rows(f"SELECT d.story, d.title, d.published, d.id FROM documents d "
                      f"WHERE d.story IN ({', '.join('?' * len(ids))}) "
                      "AND d.id NOT IN (SELECT src FROM links WHERE kind = 'copy_of')", ids)
    earliest = sorted(rows, key=lambda r: (r["published"] is None, r["published"] or "", r["id"]), reverse=True)
    titles = {r["story"]: r["title"] for r in earliest}  # the last written wins: the earliest
    for item in items:
        item["title"] = titles.get(item["id"])


def story(store: Reader, story_id: str) -> Row | None:
    """The event's articles, oldest first, each original with its syndicated copies folded under it."""
    docs = store.rows(f"SELECT {DOC_SUMMARY} FROM documents d WHERE d.story = ? "
                      "ORDER BY d.published IS NULL, d.published, d.id", [story_id])
    if not docs:
        return None
    here = {d["id"] for d in docs}
    for d in docs:
        d["copies"] = [c for c in docs if c["copy_of"] == d["id"]]
    articles = [d for d in docs if d["copy_of"] not in here]
    out: Row = {"id": story_id, "documents": len(docs), "articles": articles,
                "outlets": sorted({d["outlet"] for d in docs if d["outlet"]}),
                "first_published": min((d["published"] for d in docs if d["published"]), default=None),
                "last_published": max((d["published"] for d in docs if d["published"]), default=None),
                "title": articles[0]["title"] if articles else docs[0]["title"]}
    out["storyline"] = story_to_storyline(store).get(story_id)
    out["metrics"] = [r["metric"] for r in store.rows(
        "SELECT f.metric FROM figures f JOIN documents d ON d.id = f.doc_id WHERE d.story = ? "
        "GROUP BY f.metric ORDER BY count(*) DESC, f.metric", [story_id])]
    return out


def story_to_storyline(store: Reader) -> dict[str, str]:
    """Story id -> storyline id, from the ``in_storyline`` links (story -> storyline)."""
    return {r["src"]: r["dst"] for r in store.rows("SELECT src, dst FROM links WHERE kind = ?", [STORYLINE_LINK])}


STORYLINE_LINK = "in_storyline"


def storylines(store: Reader, *, limit: int = 50, offset: int = 0) -> Page:
    total = _count(store, "SELECT count(DISTINCT dst) AS n FROM links WHERE kind = ?", [STORYLINE_LINK])
    items = store.rows(
        "SELECT l.dst AS id, count(DISTINCT l.src) AS stories, count(d.id) AS documents, "
        "min(d.published) AS first_published, max(d.published) AS last_published "
        "FROM links l LEFT JOIN documents d ON d.story = l.src WHERE l.kind = ? GROUP BY l.dst "
        "ORDER BY max(d.published) IS NULL, max(d.published) DESC, l.dst LIMIT ? OFFSET ?",
        [STORYLINE_LINK, limit, offset])
    _add_storyline_titles(store, items)
    return Page(items, limit, offset, total)


def _add_storyline_titles(store: Reader, items: list[Row]) -> None:
    """Name each storyline by its first story (storyline ids are opaque hashes)."""
    for item in items:
        members = store.rows("SELECT src FROM links WHERE kind = ? AND dst = ?", [STORYLINE_LINK, item["id"]])
        first = _stories_by_id(store, [m["src"] for m in members])[:1]
        item["title"] = first[0]["title"] if first else None


def storyline(store: Reader, storyline_id: str) -> Row | None:
    """The storyline's stories in time order."""
    members = [r["src"] for r in store.rows("SELECT src FROM links WHERE kind = ? AND dst = ?", [STORYLINE_LINK, storyline_id])]
    if not members:
        return None
    page = _stories_by_id(store, members)
    return {"id": storyline_id, "title": page[0]["title"] if page else None, "stories": page,
            "documents": sum(s["documents"] for s in page)}


def _stories_by_id(store: Reader, ids: list[str]) -> list[Row]:
    items = store.rows(
        "SELECT story AS id, count(*) AS documents, count(DISTINCT outlet) AS outlets, min(published) AS first_published, "
        f"max(published) AS last_published FROM documents WHERE story IN ({', '.join('?' * len(ids))}) GROUP BY story "
        "ORDER BY min(published) IS NULL, min(published), story", ids)
    _add_titles(store, items)
    return items


# search ------------------------------------------------------------------------------------------
def search(store: Reader, text: str, *, limit: int = 20, offset: int = 0) -> Page:
    """Full-text search over titles and bodies, best first; ``snippet`` marks matches with [ ]."""
    hits = store.search(text, limit=offset + limit + 1)
    items = [vars(h).copy() for h in hits[offset: offset + limit]]
    total = len(hits) if len(hits) <= offset + limit else None
    return Page(items, limit, offset, total)


def stats(store: Reader) -> Row:
    numbers = dict(store.stats())
    numbers["storylines"] = _count(store, "SELECT count(DISTINCT dst) AS n FROM links WHERE kind = ?", [STORYLINE_LINK])
    numbers["syndicated"] = _count(store, "SELECT count(*) AS n FROM links WHERE kind = 'copy_of'", [])
    return numbers
