"""Direct, indirect and mixed quotes with their speakers (first version: direct marks only)."""

from __future__ import annotations

import re

from storyline.annotate.entities import EntityIndex
from storyline.annotate.parsed import ParsedArticle
from storyline.model import Quote, Speaker

_DIRECT = re.compile(r"[“\"]([^”\"]{3,})[”\"]")


def extract_quotes(article: ParsedArticle, *, entities: EntityIndex) -> list[Quote]:
    quotes = []
    for m in _DIRECT.finditer(article.body):
        quotes.append(Quote(text=m.group(1), start=m.start(1), end=m.end(1), kind="direct", speaker=Speaker(None)))
    return quotes
