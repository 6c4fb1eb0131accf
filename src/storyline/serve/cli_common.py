"""What every CLI command module shares: the --db option, settings, failing with one line, opening the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

from storyline.config import Settings
from storyline.errors import StorylineError
from storyline.serve.progress import stderr

if TYPE_CHECKING:
    from storyline.store.base import Store

DbOption = Annotated[Optional[str], typer.Option("--db", help="SQLite file or postgresql:// URL [default: storyline.db]")]


def fail(message: str, code: int = 2) -> NoReturn:
    stderr.print(f"error: {message}", style="red", highlight=False, markup=False)
    raise typer.Exit(code)


def settings(**overrides: Any) -> Settings:
    try:
        return Settings.from_env(None, **overrides)
    except StorylineError as err:
        fail(str(err))


def open_db(db: str | None, **overrides: Any) -> tuple[Store, Settings]:
    from storyline.store import open_store

    built = settings(db=db, **overrides)
    try:
        return open_store(built.db), built
    except StorylineError as err:
        fail(str(err))
