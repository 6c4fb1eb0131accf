"""`storyline bench`: the whole pipeline's throughput and memory beside a bare spaCy pass.

Both passes run in this process (or the same number of worker processes) over the same texts:
the demo corpus, repeated to the requested size.
"""

from __future__ import annotations

import json
import resource
import time
from importlib import resources
from typing import Any

from storyline.annotate.nlp import load_bare_pipeline
from storyline.config import Settings
from storyline.ingest import read_inputs
from storyline.model import RawInput
from storyline.pipeline import Pipeline


def corpus(articles: int) -> list[RawInput]:
    path = str(resources.files("storyline.demo").joinpath("corpus.jsonl"))
    base = [r for r in read_inputs([path]) if isinstance(r, RawInput) and r.text]
    if not base:
        raise RuntimeError("demo corpus is empty")
    return [base[i % len(base)] for i in range(articles)]


def run_bench(*, articles: int = 2000, processes: int = 1) -> dict[str, Any]:
    raws = corpus(articles)
    words = sum(len((r.text or "").split()) for r in raws)
    settings = Settings(processes=processes)

    start = time.perf_counter()
    nlp = load_bare_pipeline()
    for _ in nlp.pipe((r.text or "" for r in raws), batch_size=settings.batch_size, n_process=processes):
        pass
    bare_s = time.perf_counter() - start

    start = time.perf_counter()
    done = _run_pipeline(raws, settings)
    full_s = time.perf_counter() - start
    return {
        "articles": done,
        "words": words,
        "seconds": round(full_s, 2),
        "articles_per_s": round(done / full_s, 2),
        "words_per_s": round(words / full_s, 1),
        "spacy_seconds": round(bare_s, 2),
        "spacy_words_per_s": round(words / bare_s, 1),
        "ratio_to_spacy": round((words / full_s) / (words / bare_s), 3),
        "processes": processes,
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def _run_pipeline(raws: list[RawInput], settings: Settings) -> int:
    if settings.processes > 1:
        from storyline.batch.local import run_parallel

        return sum(1 for _ in run_parallel(raws, settings))
    return sum(1 for _ in Pipeline(settings).run(raws))


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


if __name__ == "__main__":
    print(json.dumps(run_bench(articles=200)))
