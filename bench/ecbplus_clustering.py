"""Same-event clustering on ECB+ (772 texts labelled by event), scored with its score_clustering.py.

    .venv/bin/python bench/ecbplus_clustering.py [--batch 32] [--docs extracted.jsonl]

The texts have no publication dates, so only the lexical and semantic similarity decide (the
date window is open). ``--batch N`` links after every N articles, as a stream would; the default
links them all at once. The texts come topic by topic (each topic two events of one kind), so a
stream starts on one topic alone: a hard start for word weights and for early decisions.
``--docs`` reuses Documents from ``storyline extract`` instead of running the pipeline again.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from storyline.link import link_store
from storyline.model import Document, RawInput
from storyline.store import open_store

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ecbplus-dev"


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score_clustering", DATA / "score_clustering.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract(rows: list[dict[str, Any]]) -> list[Document]:
    from storyline.pipeline import Pipeline

    pipeline = Pipeline()
    items = [RawInput(origin=r["id"], id=r["id"], text=r["text"], title=r["title"]) for r in rows]
    return [d for d in pipeline.run(items) if isinstance(d, Document)]


def cluster(docs: list[Document], batch: int | None) -> tuple[dict[str, str], float]:
    """Story per document id, and the seconds spent linking."""
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "ecb.db"))
        spent = 0.0
        step = batch or len(docs)
        for start in range(0, len(docs), step):
            store.add(docs[start:start + step])
            began = time.perf_counter()
            link_store(store)  # type: ignore[arg-type]
            spent += time.perf_counter() - began
        stories = {r["id"]: r["story"] for r in store.rows("SELECT id, story FROM documents")}
        by_hash = {r["content_hash"]: r["story"] for r in store.rows("SELECT content_hash, story FROM documents")}
        stories.update({d.id: by_hash[d.content_hash] for d in docs if d.id not in stories})  # stored once, as a duplicate
        store.close()
    return stories, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=None, help="link after every N articles (default: all at once)")
    parser.add_argument("--docs", type=Path, help="Documents already extracted (JSONL)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in (DATA / "ecbplus_dev.jsonl").open(encoding="utf-8")]
    docs = [Document.from_dict(json.loads(line)) for line in args.docs.open(encoding="utf-8")] if args.docs else extract(rows)
    predicted, seconds = cluster(docs, args.batch)
    gold = {r["id"]: r["cluster"] for r in rows}
    result = _scorer().scores(gold, {i: predicted.get(i) or f"missing-{i}" for i in gold})
    result["link_seconds"] = round(seconds, 2)
    result["batch"] = args.batch or len(docs)
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}, indent=1))


if __name__ == "__main__":
    main()
