"""The figures extractor's cost over the demo corpus, beside the spaCy parse it reads."""

from __future__ import annotations

from storyline.annotate.entities import extract_entities
from storyline.annotate.figures import extract_figures
from storyline.annotate.parsed import ParsedArticle
from storyline.annotate.timexes import extract_time
from storyline.model import Published, RawInput


def test_figures(benchmark, raws: list[RawInput], pipeline) -> None:  # type: ignore[no-untyped-def]
    docs = list(pipeline.nlp.pipe(r.text or "" for r in raws))
    ready = []
    for doc in docs:
        article = ParsedArticle(doc=doc)
        ready.append((article, extract_entities(article), extract_time(article, Published(None, "unknown"))[1]))
    benchmark(lambda: [extract_figures(a, timexes=t, entities=e) for a, e, t in ready])
