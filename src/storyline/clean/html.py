"""HTML page -> main text and metadata with trafilatura, then the wire-copy cleaning on its paragraphs.

trafilatura (pinned) finds the main text; its metadata gives the title, the site name, the author and
the date (htmldate, preferring the original publication date). The text then goes through the same
cleaning as pasted wire copy, told the page title so a repeated headline goes too.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from storyline.clean.byline import is_name
from storyline.clean.wire import clean_wire
from storyline.errors import InputError
from storyline.model import Cleaned

# trafilatura options measured on the article-extraction benchmark pages (bench/html_extraction.py)
EXTRACTION: dict[str, Any] = {"include_comments": False, "include_tables": True, "favor_precision": False, "favor_recall": False}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def clean_html(html: str, *, url: str | None = None, origin: str = "<html>") -> Cleaned:
    """Body and metadata of one HTML page; :class:`InputError` when it holds no article text."""
    page = extract_page(html, url=url)
    text = page.get("text") or ""
    if not text.strip():
        raise InputError(origin, "no article text found in the HTML page")
    title = page.get("title") or None
    cleaned = clean_wire(text, title=title, markup=True)
    return dataclasses.replace(
        cleaned,
        title=title or cleaned.title,
        outlet=page.get("sitename") or None,
        published=_day(page.get("date")),
        byline=cleaned.byline or authors(page.get("author")),
    )


def extract_page(html: str, *, url: str | None = None) -> dict[str, Any]:
    """trafilatura's main text and metadata of a page, as a dict (empty when it finds nothing)."""
    import trafilatura  # heavy; only HTML inputs pay for it
    from trafilatura.settings import set_date_params

    # htmldate on the page's markup only (meta tags, structured data, URL), not dates found in its text:
    # a date reported as the page's metadata should come from the metadata
    dates = set_date_params(extensive=False)
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, date_extraction_params=dates, **EXTRACTION)
    return found.as_dict() if found is not None and not isinstance(found, dict) else found or {}


def authors(author: str | None) -> tuple[str, ...]:
    """'Jane Doe; John Roe' or 'Jane Doe and John Roe' -> the names; page furniture is dropped."""
    if not author:
        return ()
    parts = re.split(r"\s*(?:;|,|\band\b|&|\|)\s*", author)
    return tuple(dict.fromkeys(p.strip() for p in parts if is_name(p.strip())))


def _day(value: str | None) -> str | None:
    return value[:10] if value and _ISO_DAY.match(value) else None
