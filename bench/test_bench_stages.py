"""Per-stage cost over the demo corpus: bare spaCy parse, cleaning, the whole pipeline."""

from __future__ import annotations

from storyline.clean import clean_text
from storyline.model import RawInput


def test_bare_spacy_pass(benchmark, raws: list[RawInput], pipeline) -> None:  # type: ignore[no-untyped-def]
    texts = [r.text or "" for r in raws]
    benchmark.pedantic(lambda: list(pipeline.nlp.pipe(texts)), rounds=3, iterations=1)


def test_cleaning(benchmark, raws: list[RawInput]) -> None:  # type: ignore[no-untyped-def]
    benchmark(lambda: [clean_text(r.text or "") for r in raws])


def test_whole_pipeline(benchmark, raws: list[RawInput], pipeline) -> None:  # type: ignore[no-untyped-def]
    benchmark.pedantic(lambda: list(pipeline.run(raws)), rounds=3, iterations=1)


def test_entities(benchmark, raws: list[RawInput], pipeline) -> None:  # type: ignore[no-untyped-def]
    from storyline.annotate.entities import extract_entities
    from storyline.annotate.parsed import ParsedArticle

    docs = list(pipeline.nlp.pipe(clean_text(r.text or "").body for r in raws))
    benchmark(lambda: [extract_entities(ParsedArticle(d)) for d in docs])
