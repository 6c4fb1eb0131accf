"""Bring the store's cross-article links up to date after an ingest (first version: no links).

Link never imports the store: it works through :class:`LinkTarget`, which every store satisfies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class LinkTarget(Protocol):
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...

    def set_stories(self, stories: dict[str, str | None]) -> None: ...

    def set_links(self, kind: str, links: Sequence[tuple[str, str, float]]) -> None: ...


@dataclass
class LinkReport:
    stories: int = 0
    syndicated: int = 0


def link_store(store: LinkTarget) -> LinkReport:
    return LinkReport()
