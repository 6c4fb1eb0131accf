"""The JSON API and the app factory: ``make_app(store, settings)`` serves the API under ``/api``
(OpenAPI at ``/api/openapi.json``, readable at ``/api/docs``) and the web UI at ``/``.

Every API error, whatever raised it, answers in the one shape :func:`error_body` builds::

    {"ok": false, "error": {"status": 404, "message": "no document with id 'x'"}}

Reading is open; ``POST /api/documents`` runs the real pipeline and needs ``Settings.api_token``
as a bearer token (no token set: posting is disabled).
"""

from __future__ import annotations

import hmac
import json
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from storyline import __version__
from storyline.config import Settings
from storyline.errors import InputError, StoreError, StorylineError
from storyline.ingest.decode import decode_bytes
from storyline.ingest.sources import read_file
from storyline.model import Document, RawInput
from storyline.serve import queries
from storyline.serve.schemas import (
    DocumentSummary,
    EntityDetail,
    EntitySummary,
    ErrorBody,
    FigureRow,
    Hit,
    MetricRow,
    PageOf,
    QuoteRow,
    Series,
    StoryDetail,
    StorylineDetail,
    StorylineSummary,
    StorySummary,
    SubmitResult,
    TimelinePoint,
)
from storyline.store.base import AddResult, SearchHit, Store

T = TypeVar("T")
API = "/api"


# the one error shape -----------------------------------------------------------------------------
def error_body(status: int, message: str) -> dict[str, Any]:
    """The JSON every API error answers with."""
    return {"ok": False, "error": {"status": status, "message": message}}


def error_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message), status_code=status, headers=dict(headers or {}))


class ApiError(HTTPException):
    """Raised by endpoints; rendered by :func:`error_response` (JSON) or the UI's error page."""


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No such item"},
    422: {"model": ErrorBody, "description": "A parameter is invalid"},
}


# the store, shared by worker threads ------------------------------------------------------------
class LockedStore:
    """One store for every request: calls are serialised because they share one connection."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lock = threading.RLock()

    def _call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            result = fn(*args, **kwargs)
            return list(result) if isinstance(result, Iterator) else result

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self._call(self.store.rows, sql, params)  # type: ignore[no-any-return]

    def get(self, doc_id: str) -> Document | None:
        return self._call(self.store.get, doc_id)  # type: ignore[no-any-return]

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        return self._call(self.store.search, text, limit=limit)  # type: ignore[no-any-return]

    def stats(self) -> dict[str, Any]:
        return self._call(self.store.stats)  # type: ignore[no-any-return]

    def add(self, docs: Sequence[Document]) -> AddResult:
        return self._call(self.store.add, docs)  # type: ignore[no-any-return]

    def documents(self, **filters: Any) -> Iterator[Document]:
        return iter(self._call(self.store.documents, **filters))

    def count(self) -> int:
        return self._call(self.store.count)  # type: ignore[no-any-return]

    def set_stories(self, stories: dict[str, str | None]) -> None:
        self._call(self.store.set_stories, stories)

    def set_links(self, kind: str, links: Sequence[tuple[str, str, float]]) -> None:
        self._call(self.store.set_links, kind, links)

    def close(self) -> None:
        self._call(self.store.close)

    def __getattr__(self, name: str) -> Any:
        """Backend extras (``get_state``, ...) that linking may use, locked the same way."""
        attr = getattr(self.store, name)
        return (lambda *a, **k: self._call(attr, *a, **k)) if callable(attr) else attr


def reader(request: Request) -> LockedStore:
    return request.app.state.store  # type: ignore[no-any-return]


Reader = Annotated[LockedStore, Depends(reader)]
Limit = Annotated[int, Query(ge=1, le=500, description="at most this many items")]
Offset = Annotated[int, Query(ge=0, description="skip this many items")]
Day = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY-MM-DD (or YYYY-MM, YYYY)")]


def found(item: T | None, what: str, key: str) -> T:
    if item is None:
        raise ApiError(404, f"no {what} with id {key!r}")
    return item


# read endpoints ----------------------------------------------------------------------------------
router = APIRouter(prefix=API, responses=ERRORS)


@router.get("", summary="What this server holds", tags=["about"])
def about(store: Reader) -> dict[str, Any]:
    return {"name": "storyline", "version": __version__, "docs": f"{API}/docs", "openapi": f"{API}/openapi.json",
            "stats": queries.stats(store)}


@router.get("/stats", summary="Counts of what the store holds", tags=["about"])
def stats(store: Reader) -> dict[str, Any]:
    return queries.stats(store)


@router.get("/documents", response_model=PageOf[DocumentSummary], tags=["documents"],
            summary="Articles, newest first, filtered by outlet, date range, entity or story")
def list_documents(store: Reader, outlet: Annotated[str | None, Query(description="outlet name, exactly")] = None,
                   date_from: Day = None, date_to: Day = None,
                   entity: Annotated[str | None, Query(description="entity id (see /api/entities)")] = None,
                   story: Annotated[str | None, Query(description="story id (see /api/stories)")] = None,
                   limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.documents(store, outlet=outlet, date_from=date_from, date_to=date_to, entity=entity, story=story,
                             limit=limit, offset=offset).as_dict()


@router.get("/documents/{doc_id:path}", tags=["documents"],
            summary="One article as an evidence-linked Document (the public contract), with its syndication links",
            responses={200: {"description": "the Document: see document.schema.json; plus copy_of and copies"}})
def get_document(store: Reader, doc_id: str) -> dict[str, Any]:
    return found(queries.document(store, doc_id), "document", doc_id)


@router.get("/outlets", tags=["documents"], summary="Outlets and how many articles each has")
def list_outlets(store: Reader) -> list[dict[str, Any]]:
    return queries.outlets(store)


@router.get("/entities", response_model=PageOf[EntitySummary], tags=["entities"],
            summary="People, organisations and places, most mentioned first; q matches names and mentions")
def list_entities(store: Reader, q: str | None = None, type: str | None = None,
                  limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.entities(store, q=q, type=type, limit=limit, offset=offset).as_dict()


@router.get("/entities/{entity_id}", response_model=EntityDetail, tags=["entities"], summary="One entity")
def get_entity(store: Reader, entity_id: str) -> dict[str, Any]:
    return found(queries.entity(store, entity_id), "entity", entity_id)


@router.get("/entities/{entity_id}/timeline", response_model=list[TimelinePoint], tags=["entities"],
            summary="Mentions of the entity per publication date")
def entity_timeline(store: Reader, entity_id: str) -> list[dict[str, Any]]:
    found(queries.entity(store, entity_id), "entity", entity_id)
    return queries.entity_timeline(store, entity_id)


@router.get("/entities/{entity_id}/figures", response_model=list[FigureRow], tags=["entities"],
            summary="Figures credited to the entity as their source")
def entity_figures(store: Reader, entity_id: str) -> list[dict[str, Any]]:
    found(queries.entity(store, entity_id), "entity", entity_id)
    return queries.credited_figures(store, entity_id)


@router.get("/quotes", response_model=PageOf[QuoteRow], tags=["quotes"],
            summary="Quotes by speaker, about an entity, or containing text")
def list_quotes(store: Reader,
                speaker: Annotated[str | None, Query(description="speaker's entity id or name")] = None,
                entity: Annotated[str | None, Query(description="entity id mentioned inside the quote")] = None,
                text: Annotated[str | None, Query(description="words the quote contains")] = None,
                doc: Annotated[str | None, Query(description="document id")] = None,
                limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.quotes(store, speaker=speaker, entity=entity, text=text, doc=doc,
                          limit=limit, offset=offset).as_dict()


@router.get("/figures", response_model=PageOf[FigureRow], tags=["figures"],
            summary="Figures (how many), filtered by metric, subject, place or source, oldest first")
def list_figures(store: Reader, metric: str | None = None, subject: str | None = None, place: str | None = None,
                 source: str | None = None, story: str | None = None,
                 limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.figures(store, metric=metric, subject=subject, place=place, source=source, story=story,
                           limit=limit, offset=offset).as_dict()


@router.get("/metrics", response_model=list[MetricRow], tags=["figures"], summary="What is counted, and how often")
def list_metrics(store: Reader) -> list[dict[str, Any]]:
    return queries.metrics(store)


@router.get("/figures/series", response_model=list[Series], tags=["figures"],
            summary="Series of one metric over time, by source, with disagreements and revisions marked")
def figure_series(store: Reader, metric: str, subject: str | None = None, place: str | None = None,
                  story: str | None = None) -> list[dict[str, Any]]:
    return queries.figure_series(store, metric=metric, subject=subject, place=place, story=story)


@router.get("/stories", response_model=PageOf[StorySummary], tags=["stories"],
            summary="Same-event clusters of articles, latest first")
def list_stories(store: Reader, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.stories(store, limit=limit, offset=offset).as_dict()


@router.get("/stories/{story_id:path}", response_model=StoryDetail, tags=["stories"],
            summary="One story: its articles across outlets, syndicated copies folded under their original")
def get_story(store: Reader, story_id: str) -> dict[str, Any]:
    return found(queries.story(store, story_id), "story", story_id)


@router.get("/storylines", response_model=PageOf[StorylineSummary], tags=["stories"],
            summary="Storylines: stories that follow one another over time")
def list_storylines(store: Reader, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return queries.storylines(store, limit=limit, offset=offset).as_dict()


@router.get("/storylines/{storyline_id:path}", response_model=StorylineDetail, tags=["stories"], summary="One storyline")
def get_storyline(store: Reader, storyline_id: str) -> dict[str, Any]:
    return found(queries.storyline(store, storyline_id), "storyline", storyline_id)


@router.get("/search", response_model=PageOf[Hit], tags=["search"], summary="Full-text search over titles and bodies")
def search(store: Reader, q: Annotated[str, Query(min_length=1, description="words to find")],
           limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    return queries.search(store, q, limit=limit, offset=offset).as_dict()


# submitting articles -----------------------------------------------------------------------------
JSON_TYPES = {"application/json", "application/x-ndjson", "application/jsonl", "application/x-jsonlines"}
TEXT_TYPES = {"text/plain": False, "text/html": True, "application/xhtml+xml": True}
SUBMIT_BODY = {
    "required": True,
    "content": {
        "text/plain": {"schema": {"type": "string"}, "example": "GENEVA (Wire) — ..."},
        "text/html": {"schema": {"type": "string"}},
        "application/x-ndjson": {"schema": {"type": "string"},
                                 "example": '{"id": "a1", "text": "...", "published": "2024-07-14"}'},
        "application/json": {"schema": {"oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]}},
    },
}
bearer = HTTPBearer(auto_error=False, description="the server's api_token (STORYLINE_API_TOKEN)")


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    token = request.app.state.settings.api_token
    if not token:
        raise ApiError(403, "posting is disabled: this server has no API token (set STORYLINE_API_TOKEN)")
    if credentials is None or not hmac.compare_digest(credentials.credentials.encode(), token.encode()):
        raise ApiError(401, "a valid API token is required: send 'Authorization: Bearer <token>'",
                       headers={"WWW-Authenticate": "Bearer"})


@router.post("/documents", status_code=201, response_model=SubmitResult, tags=["documents"],
             dependencies=[Depends(require_token)], openapi_extra={"requestBody": SUBMIT_BODY},
             summary="Submit articles (raw text, HTML, or JSONL/JSON records) to extract and store",
             responses={200: {"model": SubmitResult, "description": "Nothing new: every article was already stored"},
                        401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 413: {"model": ErrorBody},
                        415: {"model": ErrorBody}})
async def submit(request: Request, response: Response,
                 id: Annotated[str | None, Query(description="document id (text/HTML only)")] = None,
                 title: str | None = None, outlet: str | None = None,
                 published: Day = None, url: str | None = None) -> dict[str, Any]:
    settings: Settings = request.app.state.settings
    data = await _read_limited(request, settings.max_input_bytes)
    meta = {"id": id, "title": title, "outlet": outlet, "published": published, "url": url}
    items = parse_submission(data, request.headers.get("content-type", ""), meta)
    report = await run_in_threadpool(_ingest, request.app, items)
    if not (report["added"] or report["updated"] or report["skipped"]):
        raise ApiError(422, "nothing stored: " + "; ".join(f"{e['origin']}: {e['problem']}" for e in report["errors"]))
    if not (report["added"] or report["updated"]):
        response.status_code = 200
    return report


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"request body of {int(declared):,} bytes is over the {limit:,}-byte limit")
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise ApiError(413, f"request body is over the {limit:,}-byte limit")
    if not data.strip():
        raise ApiError(422, "the request body is empty: send the article text, HTML, or JSONL records")
    return bytes(data)


def parse_submission(data: bytes, content_type: str, meta: dict[str, str | None]) -> list[RawInput | InputError]:
    """The request body as pipeline inputs: one article (text or HTML) or one per JSON record."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in JSON_TYPES:
        return _records(data, kind)
    if kind not in TEXT_TYPES:
        raise ApiError(415, f"unsupported content type {kind or '(none)'!r}: send text/plain, text/html, "
                            "application/x-ndjson or application/json")
    origin = "request"
    try:
        text = decode_bytes(data, origin, html=TEXT_TYPES[kind])
    except InputError as err:
        return [err]
    return [RawInput(origin=origin, text=None if TEXT_TYPES[kind] else text, html=text if TEXT_TYPES[kind] else None,
                     **meta)]


def _records(data: bytes, kind: str) -> list[RawInput | InputError]:
    """JSONL through the same reader as ``storyline ingest``; a JSON object or array becomes JSONL first."""
    if kind == "application/json":
        data = _json_as_jsonl(data)
    with tempfile.TemporaryDirectory(prefix="storyline-post-") as folder:
        path = Path(folder) / "request.jsonl"
        path.write_bytes(data)
        return [_rename(item, str(path), "request") for item in read_file(path, max_bytes=len(data) + 1)]


def _json_as_jsonl(data: bytes) -> bytes:
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(422, f"the body is not valid JSON ({exc})") from exc
    records = value if isinstance(value, list) else [value]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def _rename(item: RawInput | InputError, old: str, new: str) -> RawInput | InputError:
    """Name inputs 'request:3', not after the temporary file they were read from."""
    if isinstance(item, InputError):
        return InputError(item.origin.replace(old, new), item.problem)
    from dataclasses import replace

    return replace(item, origin=item.origin.replace(old, new))


def _ingest(app: FastAPI, items: list[RawInput | InputError]) -> dict[str, Any]:
    from storyline.batch.run import ingest

    with app.state.submit_lock:  # one pipeline run at a time: spaCy's shared model is not thread-safe
        report = ingest(items, app.state.store, app.state.settings)
    return {"ok": True, "added": report.added, "updated": report.updated, "skipped": report.skipped,
            "errors": [{"origin": e.origin, "problem": e.problem} for e in report.errors]}


# the app -----------------------------------------------------------------------------------------
def make_app(store: Store, settings: Settings | None = None) -> FastAPI:
    """The whole server (API and UI) over one open store; nothing global, so tests build one each."""
    settings = settings or Settings()
    app = FastAPI(
        title="storyline", version=__version__, docs_url=None, redoc_url=None, openapi_url=f"{API}/openapi.json",
        description="News articles as an evidence-linked record: who said what, what happened, where, when and "
                    "how many. Every item carries the character span of the article body it came from.",
    )
    app.state.store = LockedStore(store)
    app.state.settings = settings
    app.state.submit_lock = threading.Lock()
    app.include_router(router)
    app.add_api_route("/documents", submit, methods=["POST"], status_code=201, include_in_schema=False,
                      dependencies=[Depends(require_token)])
    _add_error_handlers(app)
    from storyline.serve.ui import add_ui

    add_ui(app)
    return app


def is_api(request: Request) -> bool:
    return request.url.path.startswith(API) or request.method != "GET"


def _add_error_handlers(app: FastAPI) -> None:
    async def answer(request: Request, status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
        """The one JSON error shape for the API; the same message as a page for the web UI."""
        if is_api(request):
            return error_response(status, message, headers)
        return await app.state.html_error(request, status, message)  # type: ignore[no-any-return]

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return await answer(request, exc.status_code, str(exc.detail), exc.headers)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return await answer(request, 422, "; ".join(_problem(e) for e in exc.errors()))

    async def refused(request: Request, exc: Exception) -> Response:
        status = 503 if isinstance(exc, StoreError) else 400 if isinstance(exc, InputError) else 500
        return await answer(request, status, str(exc))

    async def crashed(request: Request, exc: Exception) -> Response:
        return await answer(request, 500, f"internal error ({type(exc).__name__}); the server log has the details")

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StorylineError, refused)
    app.add_exception_handler(Exception, crashed)


def _problem(error: Any) -> str:
    where = " ".join(str(p) for p in error.get("loc", ()) if p != "body") or "request"
    return f"{where}: {error.get('msg', 'invalid')}"




def run_server(store: Store, settings: Settings) -> None:
    """``storyline serve``: the app on ``settings.host:settings.port`` until interrupted."""
    import uvicorn

    from storyline.serve.progress import stderr

    where = f"http://{settings.host}:{settings.port}"
    posting = "on (bearer token)" if settings.api_token else "off (set STORYLINE_API_TOKEN to enable)"
    stderr.print(f"storyline: browse {where}/  ·  API docs {where}/api/docs  ·  POST /api/documents {posting}",
                 highlight=False)
    try:
        uvicorn.run(make_app(store, settings), host=settings.host, port=settings.port, log_level="warning")
    finally:
        store.close()


__all__ = ["ErrorBody", "error_body", "make_app", "run_server"]
