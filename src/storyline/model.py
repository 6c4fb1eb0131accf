"""The Document and its parts: frozen, typed, with spans.

Every item that points into the article carries ``start``/``end`` character offsets into
``Document.body`` (end exclusive) and the ``text`` found there, so ``body[start:end] == text``.
``Document.to_dict`` produces the public contract (``document.schema.json``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

PublishedBasis = Literal["given", "metadata", "inferred", "unknown"]
QuoteKind = Literal["direct", "indirect", "mixed"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the body: ``body[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RawInput:
    """One article as handed over, before cleaning (from a file, a JSONL line, stdin, a form)."""

    origin: str  # what to name in errors: "corpus.jsonl:12", "page.html", "<stdin>"
    text: str | None = None
    html: str | None = None
    id: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Boilerplate:
    text: str
    kind: str  # byline, dateline, related-link, agency-code, signature, promo, caption, credit-line


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str
    place: str | None
    agency: str | None
    date: str | None = None  # "July 14" as written in the dateline, when it has one


@dataclass(frozen=True, slots=True)
class Credit:
    agency: str
    text: str


@dataclass(frozen=True, slots=True)
class Published:
    date: str | None
    basis: PublishedBasis
    evidence: tuple[Span, ...] = ()
    window: tuple[str, str] | None = None  # earliest, latest consistent date when not pinned


@dataclass(frozen=True, slots=True)
class Geo:
    lat: float
    lon: float
    country: str | None
    geonameid: int | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    type: str
    mentions: tuple[Span, ...]
    geo: Geo | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Timex:
    text: str
    start: int
    end: int
    type: TimexType
    value: str | None
    qualifier: str | None = None  # "more than" in "more than nine months"
    anchor: str | None = None  # the date a relative expression was resolved against


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None
    entity_id: str | None = None
    mention: Span | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: Speaker
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    text: str
    start: int
    end: int
    metric: str
    value: float
    value_max: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    subject: str | None = None
    as_of: str | None = None
    since: str | None = None
    source: str | None = None
    place: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    text: str
    start: int
    end: int
    type: str
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    place: str | None = None
    date: str | None = None
    subtype: str | None = None  # the finer kind of an "other" event: arrest, crash, disaster, ...


@dataclass(frozen=True, slots=True)
class Cleaned:
    """What cleaning gives: the body and everything removed or read off the raw copy."""

    body: str
    boilerplate: tuple[Boilerplate, ...] = ()
    byline: tuple[str, ...] = ()
    dateline: Dateline | None = None
    credits: tuple[Credit, ...] = ()
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # from page metadata, when the input was HTML


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    body: str
    title: str | None
    outlet: str | None
    published: Published
    byline: tuple[str, ...] = ()
    dateline: Dateline | None = None
    credits: tuple[Credit, ...] = ()
    boilerplate: tuple[Boilerplate, ...] = ()
    entities: tuple[Entity, ...] = ()
    timexes: tuple[Timex, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()
    story: str | None = None
    source_uri: str | None = None
    source_format: str = "text"
    language: str = "en"
    content_hash: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape (``document.schema.json``), plus a few extra fields."""
        out = _plain(self)
        out["source"] = {"uri": out.pop("source_uri"), "format": out.pop("source_format")}
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Inverse of :meth:`to_dict`, for documents read back from a store or a JSONL file."""
        return _document_from_dict(data)

    def replace(self, **changes: Any) -> Document:
        return dataclasses.replace(self, **changes)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _spans(items: list[dict[str, Any]] | None) -> tuple[Span, ...]:
    return tuple(Span(i["text"], i["start"], i["end"]) for i in items or ())


def _document_from_dict(d: dict[str, Any]) -> Document:
    pub = d.get("published") or {}
    window = pub.get("window")
    source = d.get("source") or {}
    return Document(
        id=d["id"],
        body=d["body"],
        title=d.get("title"),
        outlet=d.get("outlet"),
        published=Published(
            pub.get("date"), pub.get("basis", "unknown"), _spans(pub.get("evidence")),
            tuple(window) if window else None,  # type: ignore[arg-type]
        ),
        byline=tuple(d.get("byline") or ()),
        dateline=Dateline(**d["dateline"]) if d.get("dateline") else None,
        credits=tuple(Credit(**c) for c in d.get("credits") or ()),
        boilerplate=tuple(Boilerplate(**b) for b in d.get("boilerplate") or ()),
        entities=tuple(
            Entity(
                id=e["id"], name=e["name"], type=e["type"], mentions=_spans(e.get("mentions")),
                geo=Geo(**e["geo"]) if e.get("geo") else None, aliases=tuple(e.get("aliases") or ()),
            )
            for e in d.get("entities") or ()
        ),
        timexes=tuple(Timex(**t) for t in d.get("timexes") or ()),
        quotes=tuple(
            Quote(
                text=q["text"], start=q["start"], end=q["end"], kind=q["kind"], cue=q.get("cue"),
                speaker=Speaker(
                    q["speaker"].get("name"), q["speaker"].get("entity_id"),
                    Span(**q["speaker"]["mention"]) if q["speaker"].get("mention") else None,
                ),
            )
            for q in d.get("quotes") or ()
        ),
        figures=tuple(Figure(**f) for f in d.get("figures") or ()),
        events=tuple(
            Event(**{**e, "actors": tuple(e.get("actors") or ()), "targets": tuple(e.get("targets") or ())})
            for e in d.get("events") or ()
        ),
        story=d.get("story"),
        source_uri=source.get("uri"),
        source_format=source.get("format", "text"),
        language=d.get("language", "en"),
        content_hash=d.get("content_hash", ""),
    )
