"""The parsed article every extractor reads: one spaCy ``Doc`` of the body, shared."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span

from storyline.model import Dateline


@dataclass(frozen=True)
class ParsedArticle:
    """``doc.text`` is the cleaned body, so token offsets are body offsets."""

    doc: Doc
    published: dt.date | None = None  # the reference date for relative expressions
    dateline: Dateline | None = None
    outlet: str | None = None

    @cached_property
    def body(self) -> str:
        return self.doc.text  # Doc.text joins every token each call: build it once

    def with_published(self, published: dt.date | None) -> ParsedArticle:
        return dataclasses.replace(self, published=published)

    def sentence_of(self, start: int) -> Span:
        """The sentence holding character ``start``."""
        token = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if token is None or len(token) == 0:
            return self.doc[:]
        return token[0].sent
