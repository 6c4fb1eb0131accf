"""The web UI: server-rendered pages (Jinja2) over the same queries as the API.

Article text is untrusted. Templates autoescape everything; the highlighted body is built here
as plain-text segments (each escaped by the template), never as HTML strings; links go only to
http(s) URLs; a Content-Security-Policy allows only this server's own script and stylesheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from storyline import __version__
from storyline.serve import charts, queries
from storyline.serve.api import ApiError, Day, LockedStore, found

HERE = Path(__file__).parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
PAGE = 25


def add_ui(app: FastAPI) -> None:
    templates = Jinja2Templates(env=_environment())
    app.state.templates = templates
    app.state.html_error = lambda request, status, message: _error_page(request, status, message)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(pages)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(q=lambda v: quote(str(v), safe=""), num=_number, safe_url=safe_url, short=_short, css=css_name,
                       counted=counted)
    env.globals.update(link=link, version=__version__, palette=charts.PALETTE)
    return env


def safe_url(url: str | None) -> str | None:
    """Only http(s) addresses become links; anything else (javascript:, data:) stays text."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def link(path: str, **params: Any) -> str:
    """A path with the query parameters that have a value."""
    given = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(given)}" if given else path


def _number(value: float | None) -> str:
    return "" if value is None else charts.number(value)


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 article', '3 articles'."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def _short(text: str | None, width: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def store_of(request: Request) -> LockedStore:
    return request.app.state.store  # type: ignore[no-any-return]


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    context.setdefault("q", "")
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


async def _error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", status=status, status_code=status, message=message)


pages = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Offset = Annotated[int, Query(ge=0)]


@pages.get("/")
def home(request: Request) -> Response:
    store = store_of(request)
    return render(request, "home.html", stats=queries.stats(store), stories=queries.stories(store, limit=8).items,
                  entities=queries.entities(store, limit=12).items, speakers=queries.speakers(store, limit=8),
                  metrics=queries.metrics(store)[:10], storylines=queries.storylines(store, limit=6).items,
                  documents=queries.documents(store, limit=8).items)


@pages.get("/search")
def search(request: Request, q: str = "", offset: Offset = 0) -> Response:
    store = store_of(request)
    if not q.strip():
        return render(request, "search.html", hits=None, entities=[], quotes=[])
    return render(request, "search.html", q=q, hits=queries.search(store, q, limit=PAGE, offset=offset),
                  entities=queries.entities(store, q=q, limit=12).items,
                  quotes=queries.quotes(store, text=q, limit=10).items)


@pages.get("/documents")
def documents(request: Request, outlet: str | None = None, date_from: Day = None, date_to: Day = None,
              entity: str | None = None, story: str | None = None, offset: Offset = 0) -> Response:
    store = store_of(request)
    filters = {"outlet": outlet, "date_from": date_from, "date_to": date_to, "entity": entity, "story": story}
    page = queries.documents(store, limit=PAGE, offset=offset, **filters)
    return render(request, "documents.html", page=page, filters=filters, outlets=queries.outlets(store))


@pages.get("/documents/{doc_id:path}")
def document(request: Request, doc_id: str) -> Response:
    doc = found(queries.document(store_of(request), doc_id), "document", doc_id)
    return render(request, "document.html", doc=doc, view=article_view(doc))


@pages.get("/entities")
def entities(request: Request, q: str = "", type: str | None = None, offset: Offset = 0) -> Response:
    store = store_of(request)
    page = queries.entities(store, q=q or None, type=type, limit=PAGE * 2, offset=offset)
    return render(request, "entities.html", page=page, q=q, type=type, types=queries.entity_types(store))


@pages.get("/entities/{entity_id}")
def entity(request: Request, entity_id: str, offset: Offset = 0) -> Response:
    store = store_of(request)
    item = found(queries.entity(store, entity_id), "entity", entity_id)
    timeline = queries.entity_timeline(store, entity_id)
    plot = charts.world_plot(queries.places(store), entity_id) if item["geo"] else None
    return render(request, "entity.html", entity=item, timeline=timeline, chart=charts.bars(timeline), plot=plot,
                  quotes=queries.quotes(store, speaker=entity_id, limit=PAGE, offset=offset),
                  about=queries.quotes(store, entity=entity_id, limit=10).items,
                  figures=queries.credited_figures(store, entity_id),
                  documents=queries.documents(store, entity=entity_id, limit=PAGE).items)


@pages.get("/stories")
def stories(request: Request, offset: Offset = 0) -> Response:
    store = store_of(request)
    return render(request, "stories.html", page=queries.stories(store, limit=PAGE, offset=offset),
                  storylines=queries.storylines(store, limit=50).items)


@pages.get("/stories/{story_id:path}")
def story(request: Request, story_id: str) -> Response:
    store = store_of(request)
    item = found(queries.story(store, story_id), "story", story_id)
    line = queries.storyline(store, item["storyline"]) if item["storyline"] else None
    return render(request, "story.html", story=item, storyline=line,
                  quotes=queries.quotes(store, story=story_id, originals=True, limit=PAGE).items,
                  figures=queries.figures(store, story=story_id, originals=True, limit=100).items)


@pages.get("/storylines/{storyline_id:path}")
def storyline(request: Request, storyline_id: str) -> Response:
    item = found(queries.storyline(store_of(request), storyline_id), "storyline", storyline_id)
    return render(request, "storyline.html", storyline=item)


@pages.get("/figures")
def figures(request: Request) -> Response:
    return render(request, "figures.html", metrics=queries.metrics(store_of(request)))


@pages.get("/figures/{metric:path}")
def figure(request: Request, metric: str, subject: str | None = None, place: str | None = None,
           story: str | None = None) -> Response:
    every = queries.figure_series(store_of(request), metric=metric, subject=subject, place=place, story=story)
    if not every:
        raise ApiError(404, f"no figures for metric {metric!r}" + (" with these filters" if subject or place or story else ""))
    return render(request, "figure.html", metric=metric, subject=subject, place=place, story=story,
                  series=[(s, charts.series_chart(s["points"])) for s in every])


@pages.get("/api/docs")
def api_docs(request: Request) -> Response:
    """The OpenAPI description as a page of our own (Swagger UI would load from a CDN)."""
    spec = request.app.openapi()
    every = shapes(spec)
    return render(request, "api_docs.html", spec=spec, groups=operations(spec), shapes=every,
                  shape_names={name for name, _ in every})


def operations(spec: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            groups.setdefault((op.get("tags") or ["other"])[0], []).append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "parameters": [(p["name"], p["in"], p.get("required", False), schema_type(p.get("schema", {})),
                                p.get("description") or p.get("schema", {}).get("description", ""))
                               for p in op.get("parameters", [])],
                "body": sorted((op.get("requestBody") or {}).get("content", {})),
                "responses": [(code, r.get("description", ""), _answer_type(r)) for code, r in op.get("responses", {}).items()],
                "secured": bool(op.get("security")),
            })
    return groups


def shapes(spec: dict[str, Any]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    schemas = spec.get("components", {}).get("schemas", {})
    return [(name, [(field, schema_type(s), s.get("description", "")) for field, s in body.get("properties", {}).items()])
            for name, body in sorted(schemas.items()) if body.get("properties")]


def _answer_type(response: dict[str, Any]) -> str:
    content: dict[str, Any] = response.get("content") or {"": {}}
    return schema_type(next(iter(content.values())).get("schema", {}))


def schema_type(schema: dict[str, Any]) -> str:
    """A schema in a few words: 'string', 'integer | null', 'list of Series'."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(schema_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return "list of " + schema_type(schema.get("items", {}))
    return str(schema.get("type", "any"))


# the article page: the body as segments, each carrying the items that cover it ---------------------
@dataclass
class Item:
    key: str
    kind: str
    label: str
    start: int
    end: int
    css: str
    fields: list[tuple[str, Any, str | None]] = field(default_factory=list)  # name, value, link
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Segment:
    text: str
    css: str
    keys: str


def css_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", text)[:24] or "x"


def article_view(doc: dict[str, Any]) -> dict[str, Any]:
    body = doc["body"]
    speakers = speaker_colours(doc["quotes"])
    groups = {
        "quotes": [quote_item(i, q, speakers) for i, q in enumerate(doc["quotes"])],
        "figures": [figure_item(i, f, doc) for i, f in enumerate(doc["figures"])],
        "dates": [timex_item(i, t) for i, t in enumerate(doc["timexes"])],
        "entities": [entity_item(i, e) for i, e in enumerate(doc["entities"])],
        "events": [event_item(i, e) for i, e in enumerate(doc.get("events") or [])],
    }
    for items in groups.values():
        for item in items:
            item.spans = [s for s in item.spans if _valid(body, s)]
    every = [i for items in groups.values() for i in items]
    return {"segments": segments(body, every), "groups": groups, "speakers": list(speakers.values())}


def _valid(body: str, span: tuple[int, int]) -> bool:
    return 0 <= span[0] < span[1] <= len(body)


def speaker_colours(quotes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each speaker a colour class, in order of first quote; unattributed quotes share a grey."""
    out: dict[str, dict[str, Any]] = {}
    for q in quotes:
        key = speaker_key(q)
        if key not in out:
            n = "x" if key == "" else str(len([k for k in out if k]) % 8)
            out[key] = {"key": key, "name": q["speaker"].get("name") or "unattributed", "css": f"spk-{n}",
                        "entity_id": q["speaker"].get("entity_id")}
    return out


def speaker_key(q: dict[str, Any]) -> str:
    return q["speaker"].get("entity_id") or (q["speaker"].get("name") or "").casefold()


def quote_item(i: int, q: dict[str, Any], speakers: dict[str, dict[str, Any]]) -> Item:
    who = speakers[speaker_key(q)]
    entity_id = q["speaker"].get("entity_id")
    return Item(f"q{i}", "quote", q["text"], q["start"], q["end"], f"hl-quote {who['css']}", [
        ("speaker", who["name"], f"/entities/{quote(entity_id, safe='')}" if entity_id else None),
        ("kind", q["kind"], None), ("cue", q.get("cue"), None), ("span", f"{q['start']}–{q['end']}", None),
    ], [(q["start"], q["end"])])


def figure_item(i: int, f: dict[str, Any], doc: dict[str, Any]) -> Item:
    value = " ".join(x for x in (f.get("qualifier"), _number(f["value"]),
                                  f"– {_number(f['value_max'])}" if f.get("value_max") is not None else None,
                                  f.get("unit")) if x)
    series = link(f"/figures/{quote(f['metric'], safe='')}", story=doc.get("story"))
    return Item(f"f{i}", "figure", f["text"], f["start"], f["end"], "hl-figure", [
        ("metric", f["metric"], series), ("value", value, None), ("subject", f.get("subject"), None),
        ("as of", f.get("as_of"), None), ("since", f.get("since"), None), ("source", f.get("source"), None),
        ("place", f.get("place"), None), ("span", f"{f['start']}–{f['end']}", None),
    ], [(f["start"], f["end"])])


def timex_item(i: int, t: dict[str, Any]) -> Item:
    return Item(f"t{i}", "date", t["text"], t["start"], t["end"], "hl-date", [
        ("type", t.get("type"), None), ("value", t.get("value"), None), ("qualifier", t.get("qualifier"), None),
        ("resolved against", t.get("anchor"), None), ("span", f"{t['start']}–{t['end']}", None),
    ], [(t["start"], t["end"])])


def entity_item(i: int, e: dict[str, Any]) -> Item:
    mentions = e.get("mentions") or []
    geo = e.get("geo")
    where = f"{geo['lat']:.3f}, {geo['lon']:.3f}" + (f" ({geo['country']})" if geo.get("country") else "") if geo else None
    first = mentions[0] if mentions else {"start": 0, "end": 0}
    return Item(f"e{i}", "entity", e["name"], first["start"], first["end"], f"hl-entity ent-{css_name(e['type'])}", [
        ("name", e["name"], f"/entities/{quote(e['id'], safe='')}"), ("type", e["type"], None),
        ("mentions", len(mentions), None), ("also written", ", ".join(sorted({m["text"] for m in mentions} - {e["name"]})), None),
        ("place", where, None),
    ], [(m["start"], m["end"]) for m in mentions])


def event_item(i: int, e: dict[str, Any]) -> Item:
    return Item(f"v{i}", "event", e["text"], e["start"], e["end"], "hl-event", [
        ("type", e["type"], None), ("kind", e.get("subtype"), None), ("actors", ", ".join(e.get("actors") or []), None),
        ("targets", ", ".join(e.get("targets") or []), None), ("place", e.get("place"), None),
        ("date", e.get("date"), None),
    ], [(e["start"], e["end"])])


def segments(body: str, items: list[Item]) -> list[Segment]:
    """Cut the body at every span edge; each piece lists the items covering it, innermost first."""
    spans = sorted(((s, e, item) for item in items for s, e in item.spans), key=lambda span: span[:2])
    cuts = sorted({0, len(body), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Segment] = []
    active: list[tuple[int, int, Item]] = []
    waiting = iter(spans)
    upcoming = next(waiting, None)
    for a, b in pairwise(cuts):
        active = [span for span in active if span[1] > a]
        while upcoming is not None and upcoming[0] <= a:
            active.append(upcoming)
            upcoming = next(waiting, None)
        over = sorted(active, key=lambda span: span[1] - span[0])
        keys = " ".join(dict.fromkeys(item.key for _, _, item in over))
        css = " ".join(dict.fromkeys(c for _, _, item in over for c in item.css.split()))
        out.append(Segment(body[a:b], css, keys))
    return out
