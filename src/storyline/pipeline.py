"""The only module that chains the stages for one article: clean -> parse -> annotate.

Articles go through spaCy in batches (``nlp.pipe``); every extractor then reads the same parse.
Errors come back in place of the article they concern, in input order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from storyline.annotate.entities import extract_entities
from storyline.annotate.events import extract_events
from storyline.annotate.figures import extract_figures
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.parsed import ParsedArticle
from storyline.annotate.quotes import extract_quotes
from storyline.annotate.timexes import extract_time, parse_iso
from storyline.clean import clean_html, clean_text
from storyline.config import Settings
from storyline.errors import InputError
from storyline.model import Cleaned, Document, Published, RawInput

T = TypeVar("T")
Result = Document | InputError


@dataclass(frozen=True)
class _Prepared:
    raw: RawInput
    cleaned: Cleaned
    published: Published


class Pipeline:
    """Holds the loaded spaCy pipeline; build one and reuse it for every batch."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = load_pipeline()

    def run(self, items: Iterable[RawInput | InputError]) -> Iterator[Result]:
        for chunk in batched(items, self.settings.batch_size):
            yield from self._run_batch(chunk)

    def extract(self, raw: RawInput) -> Document:
        """One article; raises :class:`InputError` when it cannot be read."""
        (result,) = self._run_batch([raw])
        if isinstance(result, InputError):
            raise result
        return result

    def _run_batch(self, chunk: list[RawInput | InputError]) -> list[Result]:
        prepared: list[_Prepared | InputError] = [
            item if isinstance(item, InputError) else self._prepare(item) for item in chunk
        ]
        ready = [p for p in prepared if isinstance(p, _Prepared)]
        docs = iter(self.nlp.pipe(p.cleaned.body for p in ready))
        return [p if isinstance(p, InputError) else _annotate(p, next(docs)) for p in prepared]

    def _prepare(self, raw: RawInput) -> _Prepared | InputError:
        try:
            cleaned = (clean_html(raw.html, url=raw.url, origin=raw.origin) if raw.html
                       else clean_text(raw.text or "", title=raw.title))
        except InputError as err:
            return err
        if not cleaned.body.strip():
            return InputError(raw.origin, "nothing left after removing boilerplate")
        if len(cleaned.body) > self.settings.max_body_chars:
            return InputError(raw.origin, f"body of {len(cleaned.body):,} characters is too long for one article")
        given = _iso_date(raw.published)
        if raw.published and given is None:
            return InputError(raw.origin, f"'published' is not a date: {raw.published!r}")
        if given:
            published = Published(given, "given")
        elif _iso_date(cleaned.published):
            published = Published(_iso_date(cleaned.published), "metadata")
        else:
            published = Published(None, "unknown")
        return _Prepared(raw, cleaned, published)


def _annotate(p: _Prepared, doc: object) -> Document:
    cleaned = p.cleaned
    article = ParsedArticle(doc=doc, dateline=cleaned.dateline, outlet=p.raw.outlet or cleaned.outlet)  # type: ignore[arg-type]
    article = article.with_published(parse_iso(p.published.date))
    entities = extract_entities(article)
    published, timexes = extract_time(article, p.published)
    article = article.with_published(parse_iso(published.date))
    quotes = extract_quotes(article, entities=entities)
    return Document(
        id=p.raw.id or document_id(cleaned.body),
        body=cleaned.body,
        title=p.raw.title or cleaned.title,
        outlet=p.raw.outlet or cleaned.outlet,
        published=published,
        byline=cleaned.byline,
        dateline=cleaned.dateline,
        credits=cleaned.credits,
        boilerplate=cleaned.boilerplate,
        entities=tuple(entities.entities),
        timexes=tuple(timexes),
        quotes=tuple(quotes),
        figures=tuple(extract_figures(article, timexes=timexes, entities=entities)),
        events=tuple(extract_events(article, entities=entities, timexes=timexes, quotes=quotes)),
        source_uri=p.raw.url,
        source_format="html" if p.raw.html else "text",
        content_hash=content_hash(cleaned.body),
    )


def content_hash(body: str) -> str:
    """Same body, same hash, whatever the whitespace: the key that stops re-ingested duplicates."""
    return hashlib.sha256(" ".join(body.split()).encode()).hexdigest()[:32]


def document_id(body: str) -> str:
    return "doc-" + content_hash(body)[:16]


_DATE = re.compile(r"^\s*(\d{4})-(\d{2})(?:-(\d{2}))?")


def _iso_date(value: str | None) -> str | None:
    """'2024-07-14', '2024-07-14T10:00:00Z' -> '2024-07-14'; anything else -> None."""
    if not value:
        return None
    m = _DATE.match(value)
    if not m or not m.group(3):
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
