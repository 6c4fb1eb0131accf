"""Annotate: extractors over one shared parse. Each is a plain function returning spans."""

from storyline.annotate.parsed import ParsedArticle

__all__ = ["ParsedArticle"]
