"""Store: SQLite by default, PostgreSQL as the server option, behind one small interface."""

from storyline.store.base import AddResult, Store, open_store

__all__ = ["AddResult", "Store", "open_store"]
