"""Same-event stories across one extracted corpus, for ``storyline extract`` (which stores nothing).

The articles are linked exactly as an ingest links them (:func:`storyline.link.link_store`), in a
throw-away SQLite store in a temporary directory, so an extracted corpus carries the same ``story``
ids a user would see after ingesting it. Documents are spooled to a temporary JSONL file on the way
in, so memory stays flat however long the corpus is; they come out in input order. Input errors
pass straight through, before the documents. Linking embeds each article's title and lead, which
adds about half to extraction time; ``storyline extract --no-stories`` skips it.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.errors import InputError
from storyline.link import link_store
from storyline.link.stories import story_id
from storyline.model import Document
from storyline.pipeline import batched
from storyline.store import open_store


def with_stories(results: Iterable[Document | InputError], batch_size: int = 64) -> Iterator[Document | InputError]:
    """The results with each Document's ``story`` set to its same-event cluster in this corpus."""
    with tempfile.TemporaryDirectory(prefix="storyline-extract-") as tmp:
        spool_path = Path(tmp) / "documents.jsonl"
        store = open_store(str(Path(tmp) / "corpus.db"))
        try:
            count = 0
            with spool_path.open("w", encoding="utf-8") as spool:
                for chunk in batched(results, batch_size):
                    docs = [d for d in chunk if isinstance(d, Document)]
                    yield from (e for e in chunk if isinstance(e, InputError))
                    for doc in docs:
                        spool.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
                    count += len(docs)
                    if docs:
                        store.add(docs)
            if not count:
                return
            if count > 1:  # one article is a story of its own: no need to load the embedding model
                link_store(store)
            by_id = {r["id"]: r["story"] or story_id(r["id"]) for r in store.rows("SELECT id, story FROM documents")}
            by_hash = {r["content_hash"]: by_id[r["id"]] for r in store.rows("SELECT id, content_hash FROM documents")}
        finally:
            store.close()
        with spool_path.open(encoding="utf-8") as spool:
            for line in spool:
                doc = Document.from_dict(json.loads(line))
                # the same text under a second id is stored once: it shares that article's story
                story = by_hash.get(doc.content_hash) if doc.content_hash in by_hash else by_id.get(doc.id)
                yield doc.replace(story=story)
