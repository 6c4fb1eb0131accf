"""Tables and migrations. ``MIGRATIONS[i]`` takes a store from version i to i + 1."""

from __future__ import annotations

MIGRATIONS: list[str] = [
    """
    CREATE TABLE documents (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        title TEXT, outlet TEXT, published TEXT, published_basis TEXT,
        story TEXT,
        body TEXT NOT NULL,
        doc_json TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_hash ON documents(content_hash);
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_story ON documents(story);
    CREATE INDEX documents_outlet ON documents(outlet);
    CREATE TABLE entities (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL,
        lat REAL, lon REAL, country TEXT
    );
    CREATE INDEX entities_name ON entities(name);
    CREATE TABLE mentions (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL
    );
    CREATE INDEX mentions_entity ON mentions(entity_id);
    CREATE INDEX mentions_doc ON mentions(doc_id);
    CREATE TABLE quotes (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL,
        cue TEXT, speaker TEXT, speaker_entity_id TEXT
    );
    CREATE INDEX quotes_speaker ON quotes(speaker);
    CREATE INDEX quotes_doc ON quotes(doc_id);
    CREATE TABLE figures (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        metric TEXT NOT NULL, value REAL NOT NULL, value_max REAL, qualifier TEXT, unit TEXT,
        subject TEXT, as_of TEXT, since TEXT, source TEXT, place TEXT
    );
    CREATE INDEX figures_metric ON figures(metric);
    CREATE INDEX figures_doc ON figures(doc_id);
    CREATE TABLE timexes (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, type TEXT, value TEXT
    );
    CREATE INDEX timexes_doc ON timexes(doc_id);
    CREATE TABLE events (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, type TEXT NOT NULL,
        actors TEXT, targets TEXT, place TEXT, date TEXT
    );
    CREATE INDEX events_doc ON events(doc_id);
    CREATE TABLE links (
        kind TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, score REAL,
        PRIMARY KEY (kind, src, dst)
    );
    CREATE TABLE link_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 1 -> 2: the link stage's incremental index (one row per linked article, blocking keys, LSH bands)
    """
    CREATE TABLE link_docs (
        doc_id TEXT PRIMARY KEY, story TEXT NOT NULL, day INTEGER, seq INTEGER NOT NULL,
        vector TEXT NOT NULL, terms TEXT NOT NULL, signature TEXT NOT NULL
    );
    CREATE INDEX link_docs_story ON link_docs(story, seq);
    CREATE TABLE link_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
    CREATE TABLE link_keys (key TEXT NOT NULL, day INTEGER, doc_id TEXT NOT NULL);
    CREATE INDEX link_keys_key ON link_keys(key, day);
    CREATE INDEX link_keys_doc ON link_keys(doc_id);
    CREATE TABLE link_bands (band TEXT NOT NULL, doc_id TEXT NOT NULL);
    CREATE INDEX link_bands_band ON link_bands(band);
    CREATE INDEX link_bands_doc ON link_bands(doc_id);
    CREATE INDEX links_dst ON links(kind, dst);
    """,
    # 2 -> 3: entity linking's incremental index (see link/entity_index.py)
    """
    CREATE TABLE entity_clusters (
        doc_id TEXT NOT NULL, entity_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, forms TEXT NOT NULL,
        lat REAL, lon REAL, country TEXT,
        word TEXT, entry INTEGER, global_id TEXT NOT NULL, fragile INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (doc_id, entity_id)
    );
    CREATE INDEX entity_clusters_entity ON entity_clusters(entity_id);
    CREATE INDEX entity_clusters_word ON entity_clusters(word, type);
    CREATE INDEX entity_clusters_entry ON entity_clusters(entry);
    CREATE TABLE entity_stats (entity_id TEXT PRIMARY KEY, name_key TEXT NOT NULL, kind TEXT NOT NULL, docs INTEGER NOT NULL);
    CREATE INDEX entity_stats_name ON entity_stats(name_key, kind);
    CREATE TABLE entity_keys (
        key TEXT NOT NULL, entity_id TEXT NOT NULL, docs INTEGER NOT NULL, doc_id TEXT NOT NULL,
        PRIMARY KEY (key, entity_id)
    );
    CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
    CREATE TABLE entity_key_forms (
        key TEXT NOT NULL, entity_id TEXT NOT NULL, form TEXT NOT NULL, docs INTEGER NOT NULL,
        PRIMARY KEY (key, entity_id, form)
    );
    CREATE TABLE entity_pairs (
        entity_id TEXT NOT NULL, other_id TEXT NOT NULL, docs INTEGER NOT NULL, PRIMARY KEY (entity_id, other_id)
    );
    CREATE TABLE entity_short_forms (
        word TEXT NOT NULL, form TEXT NOT NULL, doc_id TEXT NOT NULL, entity_id TEXT NOT NULL,
        PRIMARY KEY (word, form, doc_id, entity_id)
    );
    """,
]

SQLITE_FTS = """
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    title, body, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
CREATE TRIGGER IF NOT EXISTS documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
"""

SCHEMA_VERSION = len(MIGRATIONS)
