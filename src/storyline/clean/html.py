"""HTML page -> main text and metadata with trafilatura, then the wire-copy cleaning."""

from __future__ import annotations

import dataclasses

from storyline.clean.wire import clean_text
from storyline.errors import InputError
from storyline.model import Cleaned


def clean_html(html: str, *, url: str | None = None, origin: str = "<html>") -> Cleaned:
    import trafilatura  # heavy; only HTML inputs pay for it

    extracted = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True)
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise InputError(origin, "no article text found in the HTML page")
    cleaned = clean_text(text)
    return dataclasses.replace(
        cleaned,
        title=getattr(extracted, "title", None),
        outlet=getattr(extracted, "sitename", None),
        published=getattr(extracted, "date", None),
        byline=cleaned.byline or _authors(getattr(extracted, "author", None)),
    )


def _authors(author: str | None) -> tuple[str, ...]:
    if not author:
        return ()
    return tuple(a.strip() for a in author.replace(" and ", ";").split(";") if a.strip())
