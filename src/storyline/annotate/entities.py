"""People, organisations, places and groups: one identity each within the article.

Requires: ``doc.ents`` (spaCy's model after the gazetteer ruler) and the dependency parse.
Gives: :class:`EntityIndex`, the clusters quotes and figures name speakers and sources by.
Each entity has every mention (names, surnames, acronyms, demonyms, role descriptions such as
"the Hamas leader"), a canonical name (the fullest form), places a ``geo``, and an id built
from its kind and normalised name (or place), so the same entity in two outlets shares an id.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from storyline.annotate.entity_clusters import Cluster, add_echoes, attach_roles, cluster_mentions
from storyline.annotate.entity_mentions import KEPT_LABELS, read_mentions
from storyline.annotate.entity_names import entity_id, is_acronym, org_key, person_key, words
from storyline.annotate.entity_untagged import leading_places, untagged_people, untagged_places
from storyline.annotate.geocode import fold
from storyline.annotate.parsed import ParsedArticle
from storyline.model import Entity, Span

__all__ = ["KEPT_LABELS", "EntityIndex", "entity_id", "extract_entities"]


@dataclass
class EntityIndex:
    entities: list[Entity] = field(default_factory=list)

    def at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping [start, end); the closest fitting mention wins."""
        found = self.mention_at(start, end)
        return found[0] if found else None

    def mention_at(self, start: int, end: int) -> tuple[Entity, Span] | None:
        """The entity and its mention that best fit [start, end): most overlap, least beyond it."""
        best: tuple[int, int] | None = None
        found = None
        for entity in self.entities:
            for m in entity.mentions:
                overlap = min(end, m.end) - max(start, m.start)
                if overlap > 0 and (best is None or (overlap, -(m.end - m.start)) > best):
                    best, found = (overlap, -(m.end - m.start)), (entity, m)
        return found

    def get(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def named(self, name: str, type_: str | None = None) -> Entity | None:
        """The entity a name refers to: its canonical name, an alias, or a person's surname."""
        key = fold(name)
        for entity in self.entities:
            if (type_ is None or entity.type == type_) and key in {fold(n) for n in (entity.name, *entity.aliases)}:
                return entity
        people = [e for e in self.entities if e.type == "PERSON" and (type_ in (None, "PERSON"))]
        matching = [e for e in people if words(e.name)[-1:] == words(name)[-1:] and set(words(name)) <= set(words(e.name))]
        return matching[0] if len(matching) == 1 else None

    def before(self, pos: int, type_: str = "PERSON") -> Entity | None:
        """The entity of ``type_`` named last before ``pos`` (a start for pronoun resolution)."""
        best, found = -1, None
        for entity in self.entities:
            if entity.type == type_:
                last = max((m.start for m in entity.mentions if m.end <= pos), default=-1)
                if last > best:
                    best, found = last, entity
        return found


def extract_entities(article: ParsedArticle) -> EntityIndex:
    """Every person, organisation, place, group and event the article names, clustered."""
    doc = article.doc
    dateline = article.dateline.place if article.dateline else None
    mentions = read_mentions(doc)
    mentions += leading_places(doc, mentions)
    mentions += untagged_places(doc, mentions)
    mentions += untagged_people(doc, mentions)
    clusters = cluster_mentions(mentions, dateline_place=dateline)
    add_echoes(doc, clusters)
    attach_roles(doc, clusters)
    entities: dict[str, Entity] = {}
    for cluster in sorted(clusters, key=lambda c: c.start):
        entity = _entity(cluster)
        if entity.id in entities:  # two spellings that only the id's normalisation joins
            entity = _merged(entities[entity.id], entity)
        entities[entity.id] = entity
    return EntityIndex(list(entities.values()))


def _entity(cluster: Cluster) -> Entity:
    name = canonical_name(cluster)
    spans = sorted({(m.start, m.end, m.text) for m in cluster.mentions})
    forms = {m.text for m in cluster.mentions if m.kind != "role"} - {name}
    return Entity(
        id=_id(cluster, name),
        name=name,
        type=_type(cluster),
        mentions=tuple(Span(text, start, end) for start, end, text in spans),
        geo=cluster.place.geo if cluster.place else None,
        aliases=tuple(sorted(forms)),
    )


def canonical_name(cluster: Cluster) -> str:
    """The fullest form: most words (titles aside), then earliest; countries by their usual name."""
    place = cluster.place if cluster.kind == "PLACE" else None
    names = cluster.names
    if place is not None and (place.kind == "country" or not names):
        return place.name
    if cluster.kind == "ORG":
        names = [m for m in names if not is_acronym(m.text)] or names
    if not names:
        return cluster.mentions[0].text
    best = max(names, key=lambda m: (len(words(m.name)), not m.name.isupper(), len(m.name), -m.start)).name
    if best.isupper() and not is_acronym(best):  # a dateline's "SEOUL"
        return place.name if place else best.title()
    return best


def _id(cluster: Cluster, name: str) -> str:
    if cluster.kind == "PERSON":
        return entity_id(person_key(name), "PERSON")
    if cluster.kind == "ORG":
        return entity_id(org_key(name), "ORG")
    return entity_id(cluster.key, cluster.kind)


def _type(cluster: Cluster) -> str:
    if cluster.kind != "PLACE":
        return cluster.kind
    labels = Counter(m.label for m in cluster.names)
    return labels.most_common(1)[0][0] if labels else "GPE"


def _merged(a: Entity, b: Entity) -> Entity:
    spans = sorted({(m.start, m.end, m.text) for m in (*a.mentions, *b.mentions)})
    return Entity(id=a.id, name=max(a.name, b.name, key=len), type=a.type, geo=a.geo or b.geo,
                  mentions=tuple(Span(t, s, e) for s, e, t in spans),
                  aliases=tuple(sorted(set(a.aliases) | set(b.aliases) | {a.name, b.name} - {max(a.name, b.name, key=len)})))
