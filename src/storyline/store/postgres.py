"""PostgreSQL store (extra ``postgres``): the SQLite store's interface over psycopg 3."""

from __future__ import annotations

from typing import Any

from storyline.errors import MissingExtraError


class PostgresStore:  # pragma: no cover - replaced by the full backend in the store issue
    def __init__(self, url: str) -> None:
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise MissingExtraError("the PostgreSQL store", "postgres") from exc
        self.url = url

    def __getattr__(self, name: str) -> Any:
        raise NotImplementedError(f"PostgresStore.{name}")
