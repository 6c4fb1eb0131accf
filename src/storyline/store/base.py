"""The store interface every backend implements, and the factory that picks one from a URL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from storyline.model import Document


@dataclass
class AddResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already stored, unchanged


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str


class Store(Protocol):
    def add(self, docs: Sequence[Document]) -> AddResult:
        """Store a batch in one transaction: all of it or none of it."""

    def get(self, doc_id: str) -> Document | None: ...

    def documents(self, *, outlet: str | None = None, story: str | None = None,
                  date_from: str | None = None, date_to: str | None = None,
                  entity: str | None = None, limit: int | None = None, offset: int = 0) -> Iterator[Document]: ...

    def count(self) -> int: ...

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]: ...

    def stats(self) -> dict[str, Any]: ...

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Read-only query over the store's tables, for link and serve."""

    def set_stories(self, stories: dict[str, str | None]) -> None:
        """Assign ``doc id -> story id`` in one transaction."""

    def set_links(self, kind: str, links: Sequence[tuple[str, str, float]]) -> None:
        """Replace all links of ``kind`` (e.g. ``copy_of``) with ``(src, dst, score)``."""

    def write(self, statements: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        """Run each ``(sql, rows)`` once per row in one transaction (``?`` placeholders): the link index."""

    def get_state(self, key: str) -> str | None: ...

    def set_state(self, key: str, value: str) -> None: ...

    def close(self) -> None: ...


def open_store(url: str) -> Store:
    """``postgresql://...`` opens PostgreSQL (extra ``postgres``); anything else is a SQLite path."""
    if url.startswith(("postgresql://", "postgres://")):
        from storyline.store.postgres import PostgresStore

        return PostgresStore(url)
    from storyline.store.sqlite import SQLiteStore

    return SQLiteStore(url)
