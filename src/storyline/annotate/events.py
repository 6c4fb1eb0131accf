"""Who did what to whom, where and when (first version: none)."""

from __future__ import annotations

from storyline.annotate.entities import EntityIndex
from storyline.annotate.parsed import ParsedArticle
from storyline.model import Event, Timex


def extract_events(article: ParsedArticle, *, entities: EntityIndex, timexes: list[Timex]) -> list[Event]:
    return []
