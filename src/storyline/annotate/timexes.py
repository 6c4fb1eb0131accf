"""Time expressions and the publication date (first version: spaCy DATE/TIME, unresolved)."""

from __future__ import annotations

import datetime as dt

from storyline.annotate.parsed import ParsedArticle
from storyline.model import Published, Timex


def extract_time(article: ParsedArticle, published: Published) -> tuple[Published, list[Timex]]:
    timexes = [
        Timex(text=e.text, start=e.start_char, end=e.end_char, type="TIME" if e.label_ == "TIME" else "DATE", value=None)
        for e in article.doc.ents
        if e.label_ in ("DATE", "TIME")
    ]
    return published, timexes


def parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
