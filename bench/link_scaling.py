"""Clustering cost per article as the store grows (synthetic corpus, up to 100,000 articles).

    .venv/bin/python bench/link_scaling.py [--articles 100000] [--batch 500] [--json]

Synthetic news: events spread over the calendar (about 150 articles a day), each told by a few
outlets in words drawn from its own names and places plus a shared news vocabulary. Articles are
stored batch by batch and ``link_store`` runs after each, as ``storyline ingest`` does. Embedding
is replaced by a cheap deterministic stand-in (its cost is per article and constant, measured
apart: ``--embed``), so the numbers are the CPU cost of blocking, comparison and index upkeep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
import time
from pathlib import Path

import numpy as np

from storyline.link import link_store
from storyline.model import Document, Entity, Published, Span
from storyline.store import open_store

_NEWS = (
    "officials said police government people killed injured city region minister spokesman statement reported "
    "week army forces attack protest talks election court vote fire flood storm aid crossing hospital "
    "village capital border hundreds dozens families residents agency rescue workers night "
)
NEWS_WORDS = "".join(_NEWS).split()
PER_DAY = 150
CHECKPOINTS = (1_000, 3_000, 10_000, 20_000, 40_000, 60_000, 80_000, 100_000)


def _name(rng: random.Random) -> str:
    syllables = ["ka", "lo", "mi", "ra", "te", "su", "na", "vo", "di", "en", "ar", "ul", "po", "zi"]
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()


def corpus(total: int, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    docs: list[Document] = []
    event = 0
    while len(docs) < total:
        event += 1
        day = start + dt.timedelta(days=len(docs) // PER_DAY)
        names = [_name(rng) + " " + _name(rng) for _ in range(3)] + [_name(rng) for _ in range(2)]
        for copy in range(rng.choice((1, 2, 3, 4, 6))):
            docs.append(_article(rng, f"e{event}-{copy}", day + dt.timedelta(days=rng.choice((0, 0, 1))), names))
    return docs[:total]


def _article(rng: random.Random, doc_id: str, day: dt.date, names: list[str]) -> Document:
    words = [rng.choice(NEWS_WORDS) for _ in range(45)] + [rng.choice(names) for _ in range(12)]
    rng.shuffle(words)
    body = " ".join(words).capitalize() + "."
    entities = tuple(Entity(id=f"e-{n.lower().replace(' ', '-')}", name=n, type="PERSON",
                            mentions=(Span(n, body.find(n), body.find(n) + len(n)),))
                     for n in names if n in body)
    return Document(id=doc_id, body=body, title=f"{names[0]} {rng.choice(NEWS_WORDS)}", outlet=f"Outlet {rng.randint(1, 40)}",
                    published=Published(day.isoformat(), "given"), entities=entities, content_hash=doc_id)


def fake_embed(texts: list[str]) -> np.ndarray:
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().split():
            out[row, sum(map(ord, word)) % 384] += 1.0
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def run(articles: int, batch: int) -> list[dict[str, float]]:
    docs = corpus(articles)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "scale.db"))
        spent, linked = 0.0, 0
        window_spent, window_linked = 0.0, 0
        for start in range(0, len(docs), batch):
            store.add(docs[start:start + batch])
            began = time.process_time()  # CPU time: the machine is shared, wall time is noise
            linked += link_store(store, embed=fake_embed).stories  # type: ignore[arg-type]
            took = time.process_time() - began
            spent += took
            window_spent += took
            window_linked += min(batch, len(docs) - start)
            if any(start < c <= start + batch for c in CHECKPOINTS) or start + batch >= len(docs):
                rows.append({"store": start + batch, "cpu_ms_per_article_now": round(1000 * window_spent / window_linked, 2),
                             "cpu_ms_per_article_overall": round(1000 * spent / linked, 2)})
                window_spent, window_linked = 0.0, 0
                print(json.dumps(rows[-1]), flush=True)
        store.close()
    return rows


def embed_speed(count: int = 64) -> dict[str, float]:
    from storyline.link.embed import default_embedder

    embedder = default_embedder()
    lead = ("Rescuers searched collapsed buildings on Tuesday after a strong earthquake struck the region overnight, "
            "killing at least 14 people and injuring dozens more, officials said. ")
    texts = {"title_and_lead": [lead * 2] * count, "256_tokens": [lead * 10] * count}
    out = {}
    for name, batch in texts.items():
        began = time.perf_counter()
        embedder.embed(batch)
        out[f"embed_{name}_per_s"] = round(count / (time.perf_counter() - began), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--embed", action="store_true", help="also time the real embedding model")
    args = parser.parse_args()
    if args.embed:
        print(json.dumps(embed_speed()), flush=True)
    run(args.articles, args.batch)


if __name__ == "__main__":
    main()
