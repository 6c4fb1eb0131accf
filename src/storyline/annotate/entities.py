"""People, organisations and places, grouped within the article (first version).

Requires: ``doc.ents``. Gives: :class:`EntityIndex`, the clusters quotes and figures name
speakers and sources by.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from storyline.annotate.parsed import ParsedArticle
from storyline.model import Entity, Span

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}


@dataclass
class EntityIndex:
    entities: list[Entity] = field(default_factory=list)

    def at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping [start, end)."""
        for entity in self.entities:
            for m in entity.mentions:
                if m.start < end and start < m.end:
                    return entity
        return None


def entity_id(name: str, type_: str) -> str:
    return "e-" + hashlib.sha1(f"{type_}:{name.casefold()}".encode()).hexdigest()[:12]


def extract_entities(article: ParsedArticle) -> EntityIndex:
    groups: dict[tuple[str, str], list[Span]] = defaultdict(list)
    surnames: dict[str, str] = {}
    for ent in article.doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        name = ent.text.strip()
        if ent.label_ == "PERSON" and " " in name:
            surnames.setdefault(name.split()[-1], name)
        elif ent.label_ == "PERSON" and name in surnames:
            name = surnames[name]
        groups[(name, ent.label_)].append(Span(ent.text, ent.start_char, ent.end_char))
    entities = [
        Entity(id=entity_id(name, label), name=name, type=label, mentions=tuple(spans))
        for (name, label), spans in groups.items()
    ]
    return EntityIndex(entities)
