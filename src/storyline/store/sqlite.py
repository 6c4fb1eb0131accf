"""SQLite store: WAL mode, FTS5 over bodies, one transaction per batch."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from storyline.errors import StoreError
from storyline.model import Document
from storyline.store.base import AddResult, SearchHit
from storyline.store.rows import COLUMNS, STATS_SQL, child_rows, document_row, entity_rows
from storyline.store.schema import MIGRATIONS, SCHEMA_VERSION, SQLITE_FTS


class SQLiteStore:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as a storyline database ({exc})") from exc

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: made by a newer storyline (schema {version} > {SCHEMA_VERSION})")
        for number in range(version, SCHEMA_VERSION):
            self.conn.executescript("BEGIN;" + MIGRATIONS[number] + f"; PRAGMA user_version={number + 1}; COMMIT;")
        self.conn.executescript(SQLITE_FTS)

    # writing ---------------------------------------------------------------------------------
    def add(self, docs: Sequence[Document]) -> AddResult:
        result = AddResult()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for doc in docs:
                self._add_one(doc, now, result)
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.conn.execute("ROLLBACK")
            raise StoreError(f"{self.path}: batch not stored, nothing changed ({exc})") from exc
        return result

    def _add_one(self, doc: Document, now: str, result: AddResult) -> None:
        same_id = self.conn.execute("SELECT content_hash FROM documents WHERE id = ?", (doc.id,)).fetchone()
        if same_id and same_id[0] == doc.content_hash:
            result.skipped.append(doc.id)
            return
        if not same_id and self.conn.execute(
            "SELECT 1 FROM documents WHERE content_hash = ?", (doc.content_hash,)
        ).fetchone():
            result.skipped.append(doc.id)  # the same article under another id
            return
        if same_id:
            self.conn.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
        row = document_row(doc, now)
        names = ", ".join(row)
        self.conn.execute(f"INSERT INTO documents ({names}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
        self.conn.executemany("INSERT OR IGNORE INTO entities VALUES (?, ?, ?, ?, ?, ?)", entity_rows(doc))
        for table, rows in child_rows(doc).items():
            cols = ", ".join(f'"{c}"' for c in COLUMNS[table])
            self.conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(COLUMNS[table]))})", rows)
        (result.updated if same_id else result.added).append(doc.id)

    def set_stories(self, stories: dict[str, str | None]) -> None:
        with self._transaction():
            for doc_id, story in stories.items():
                row = self.conn.execute("SELECT doc_json FROM documents WHERE id = ?", (doc_id,)).fetchone()
                if row is None:
                    continue
                data = json.loads(row[0])
                data["story"] = story
                self.conn.execute("UPDATE documents SET story = ?, doc_json = ? WHERE id = ?",
                                  (story, json.dumps(data, ensure_ascii=False), doc_id))

    def set_links(self, kind: str, links: Sequence[tuple[str, str, float]]) -> None:
        with self._transaction():
            self.conn.execute("DELETE FROM links WHERE kind = ?", (kind,))
            self.conn.executemany("INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?)", [(kind, *link) for link in links])

    def write(self, statements: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        """Run each ``(sql, rows)`` once per row, all in one transaction: the link stage's index writes."""
        with self._transaction():
            for sql, rows in statements:
                self.conn.executemany(sql, [list(r) for r in rows])

    def set_state(self, key: str, value: str) -> None:
        with self._transaction():
            self.conn.execute("INSERT OR REPLACE INTO link_state VALUES (?, ?)", (key, value))

    def get_state(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM link_state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _transaction(self) -> _Transaction:
        return _Transaction(self.conn, self.path)

    # reading ---------------------------------------------------------------------------------
    def get(self, doc_id: str) -> Document | None:
        row = self.conn.execute("SELECT doc_json FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return Document.from_dict(json.loads(row[0])) if row else None

    def documents(self, *, outlet: str | None = None, story: str | None = None,
                  date_from: str | None = None, date_to: str | None = None,
                  entity: str | None = None, limit: int | None = None, offset: int = 0) -> Iterator[Document]:
        where, params = _filters(outlet=outlet, story=story, date_from=date_from, date_to=date_to, entity=entity)
        sql = f"SELECT doc_json FROM documents {where} ORDER BY published, id LIMIT ? OFFSET ?"
        for row in self.conn.execute(sql, [*params, -1 if limit is None else limit, offset]):
            yield Document.from_dict(json.loads(row[0]))

    def count(self, **filters: str | None) -> int:
        where, params = _filters(**filters)
        return int(self.conn.execute(f"SELECT count(*) FROM documents {where}", params).fetchone()[0])

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        query = " ".join('"' + w.replace('"', "") + '"' for w in text.split() if w.strip('"'))
        if not query:
            return []
        rows = self.conn.execute(
            "SELECT d.id, d.title, d.outlet, d.published, snippet(documents_fts, 1, '[', ']', '…', 16) AS snip "
            "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
            (query, limit),
        ).fetchall()
        return [SearchHit(r["id"], r["title"], r["outlet"], r["published"], r["snip"]) for r in rows]

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, list(params)).fetchall()]

    def stats(self) -> dict[str, Any]:
        numbers = self.rows(STATS_SQL)[0]
        return numbers | {"schema_version": self.conn.execute("PRAGMA user_version").fetchone()[0]}

    def close(self) -> None:
        self.conn.close()


class _Transaction:
    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn, self.path = conn, path

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        if exc is None:
            self.conn.execute("COMMIT")
            return
        self.conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"{self.path}: not changed ({exc})") from exc


def _filters(**filters: str | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    sql = {
        "outlet": "outlet = ?", "story": "story = ?", "date_from": "published >= ?", "date_to": "published <= ?",
        # an entity id as re-linked across articles (links kind 'entity'), or as extracted
        "entity": "id IN (SELECT m.doc_id FROM mentions m LEFT JOIN links l ON l.kind = 'entity' "
                  "AND l.src = m.doc_id || '#' || m.entity_id WHERE coalesce(l.dst, m.entity_id) = ?)",
    }
    for key, value in filters.items():
        if value is not None:
            clauses.append(sql[key])
            params.append(value)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
