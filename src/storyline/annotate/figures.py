"""Quantitative claims (first version: none; see the figures issue)."""

from __future__ import annotations

from storyline.annotate.entities import EntityIndex
from storyline.annotate.parsed import ParsedArticle
from storyline.model import Figure, Timex


def extract_figures(article: ParsedArticle, *, timexes: list[Timex], entities: EntityIndex) -> list[Figure]:
    return []
