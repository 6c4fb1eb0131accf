"""PostgreSQL store (extra ``postgres``): the SQLite store's interface over psycopg 3.

Same tables and rows (``store.rows``); full-text search through a generated ``tsvector``
column. Queries handed to :meth:`rows` use ``?`` placeholders, as with SQLite.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from storyline.errors import MissingExtraError, StoreError
from storyline.model import Document
from storyline.store.base import AddResult, SearchHit
from storyline.store.rows import COLUMNS, STATS_SQL, child_rows, document_row, entity_rows
from storyline.store.schema import MIGRATIONS, SCHEMA_VERSION

_PG_TYPES = [("INTEGER PRIMARY KEY", "BIGSERIAL PRIMARY KEY"), (" REAL", " DOUBLE PRECISION")]
PG_FTS = """
ALTER TABLE documents ADD COLUMN IF NOT EXISTS fts tsvector
    GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || body)) STORED;
CREATE INDEX IF NOT EXISTS documents_fts ON documents USING GIN (fts);
"""


def _pg(sql: str) -> str:
    for old, new in _PG_TYPES:
        sql = sql.replace(old, new)
    return sql


def _params(sql: str) -> str:
    """SQLite-style ``?`` placeholders to psycopg's ``%s`` (outside string literals)."""
    parts = re.split(r"('(?:[^']|'')*')", sql)
    return "".join(p if i % 2 else p.replace("%", "%%").replace("?", "%s") for i, p in enumerate(parts))


class PostgresStore:
    def __init__(self, url: str) -> None:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as exc:
            raise MissingExtraError("the PostgreSQL store", "postgres") from exc
        self.url = url
        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
            self._migrate()
        except psycopg.Error as exc:
            raise StoreError(f"{_safe(url)}: cannot open ({exc})") from exc
        self._error = psycopg.Error

    def _migrate(self) -> None:
        with self.conn.transaction():
            self.conn.execute("CREATE TABLE IF NOT EXISTS storyline_meta (key TEXT PRIMARY KEY, value TEXT)")
            row = self.conn.execute("SELECT value FROM storyline_meta WHERE key = 'schema_version'").fetchone()
            version = int(row["value"]) if row else 0
            if version > SCHEMA_VERSION:
                raise StoreError(f"{_safe(self.url)}: made by a newer storyline (schema {version})")
            for number in range(version, SCHEMA_VERSION):
                for statement in _statements(_pg(MIGRATIONS[number])):
                    self.conn.execute(statement)  # type: ignore[call-overload]
            for statement in _statements(PG_FTS):
                self.conn.execute(statement)  # type: ignore[call-overload]
            self.conn.execute(
                "INSERT INTO storyline_meta VALUES ('schema_version', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (str(SCHEMA_VERSION),))

    def add(self, docs: Sequence[Document]) -> AddResult:
        result = AddResult()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        try:
            with self.conn.transaction():
                for doc in docs:
                    self._add_one(doc, now, result)
        except self._error as exc:
            raise StoreError(f"{_safe(self.url)}: batch not stored, nothing changed ({exc})") from exc
        return result

    def _add_one(self, doc: Document, now: str, result: AddResult) -> None:
        same_id = self.conn.execute("SELECT content_hash FROM documents WHERE id = %s", (doc.id,)).fetchone()
        if same_id and same_id["content_hash"] == doc.content_hash:
            result.skipped.append(doc.id)
            return
        if not same_id and self.conn.execute("SELECT 1 FROM documents WHERE content_hash = %s",
                                             (doc.content_hash,)).fetchone():
            result.skipped.append(doc.id)
            return
        if same_id:
            self.conn.execute("DELETE FROM documents WHERE id = %s", (doc.id,))
        row = document_row(doc, now)
        cols = ", ".join(row)
        self.conn.execute(f"INSERT INTO documents ({cols}) VALUES ({', '.join(['%s'] * len(row))})",  # type: ignore[call-overload]
                          list(row.values()))
        with self.conn.cursor() as cur:
            cur.executemany("INSERT INTO entities VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                            entity_rows(doc))
            for table, rows in child_rows(doc).items():
                names = ", ".join(f'"{c}"' for c in COLUMNS[table])
                cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(COLUMNS[table]))})",  # type: ignore[call-overload]
                                rows)
        (result.updated if same_id else result.added).append(doc.id)

    def set_stories(self, stories: dict[str, str | None]) -> None:
        with self.conn.transaction():
            for doc_id, story in stories.items():
                row = self.conn.execute("SELECT doc_json FROM documents WHERE id = %s", (doc_id,)).fetchone()
                if row is None:
                    continue
                data = json.loads(row["doc_json"]) | {"story": story}
                self.conn.execute("UPDATE documents SET story = %s, doc_json = %s WHERE id = %s",
                                  (story, json.dumps(data, ensure_ascii=False), doc_id))

    def set_links(self, kind: str, links: Sequence[tuple[str, str, float]]) -> None:
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute("DELETE FROM links WHERE kind = %s", (kind,))
            cur.executemany("INSERT INTO links VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                            [(kind, *link) for link in links])

    def write(self, statements: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        """Run each ``(sql, rows)`` once per row, all in one transaction: the link stage's index writes."""
        try:
            with self.conn.transaction(), self.conn.cursor() as cur:
                for sql, rows in statements:
                    if rows:
                        cur.executemany(_params(sql), [list(r) for r in rows])  # type: ignore[arg-type]
        except self._error as exc:
            raise StoreError(f"{_safe(self.url)}: not changed ({exc})") from exc

    def set_state(self, key: str, value: str) -> None:
        self.conn.execute("INSERT INTO link_state VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          (key, value))

    def get_state(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM link_state WHERE key = %s", (key,)).fetchone()
        return row["value"] if row else None

    def get(self, doc_id: str) -> Document | None:
        row = self.conn.execute("SELECT doc_json FROM documents WHERE id = %s", (doc_id,)).fetchone()
        return Document.from_dict(json.loads(row["doc_json"])) if row else None

    def documents(self, *, outlet: str | None = None, story: str | None = None,
                  date_from: str | None = None, date_to: str | None = None,
                  entity: str | None = None, limit: int | None = None, offset: int = 0) -> Iterator[Document]:
        from storyline.store.sqlite import _filters

        where, params = _filters(outlet=outlet, story=story, date_from=date_from, date_to=date_to, entity=entity)
        sql = _params(f"SELECT doc_json FROM documents {where} ORDER BY published, id LIMIT ? OFFSET ?")
        for row in self.conn.execute(sql, [*params, limit, offset]).fetchall():  # type: ignore[call-overload]
            yield Document.from_dict(json.loads(row["doc_json"]))

    def count(self, **filters: str | None) -> int:
        from storyline.store.sqlite import _filters

        where, params = _filters(**filters)
        return int(self.rows(f"SELECT count(*) AS n FROM documents {where}", params)[0]["n"])

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        if not text.strip():
            return []
        rows = self.conn.execute(
            "SELECT id, title, outlet, published, ts_headline('english', body, q, "
            "'StartSel=[,StopSel=],MaxWords=16,MinWords=5') AS snip "
            "FROM documents, plainto_tsquery('english', %s) q WHERE fts @@ q "
            "ORDER BY ts_rank(fts, q) DESC LIMIT %s", (text, limit)).fetchall()
        return [SearchHit(r["id"], r["title"], r["outlet"], r["published"], r["snip"]) for r in rows]

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return list(self.conn.execute(_params(sql), list(params)).fetchall())  # type: ignore[call-overload]

    def stats(self) -> dict[str, Any]:
        version = self.rows("SELECT value FROM storyline_meta WHERE key = 'schema_version'")[0]["value"]
        return self.rows(STATS_SQL)[0] | {"schema_version": int(version)}

    def close(self) -> None:
        self.conn.close()


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
