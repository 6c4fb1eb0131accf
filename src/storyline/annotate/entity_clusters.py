"""Within one article: which mentions name the same person, organisation, place or group.

People: a full name, its surname or given name alone ("Haniyeh", "Kim"), a shorter run of it
("Moon Jae" in "Moon Jae-in"). Organisations: an acronym and its expansion ("PTM", "Pashtun
Tahaffuz Movement"), a shorter form of a longer name ("Commerce Ministry"). Places: every name
and demonym that geocodes to the same place. A short form that fits several goes to the one
named most recently before it (or, failing that, first after it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from storyline.annotate.entity_mentions import PLACE_LABELS, Mention
from storyline.annotate.entity_names import (
    acronym_letters,
    expands,
    is_acronym,
    org_key,
    person_key,
    titles,
)
from storyline.annotate.entity_roles import (
    Description,
    Role,
    descriptions,
    modifier_key,
    own_role,
    premodifier_role,
    role_words,
)
from storyline.annotate.geocode import Place, choose, fold, gazetteer, unambiguous_country

Key = tuple[str, str]  # (kind, key): ("PERSON", "ismail haniyeh"), ("PLACE", "gn:281124")
DATELINE_WEIGHT = 2
_CONNECTORS = frozenset({"of", "the", "and", "for", "on", "in", "s"})


@dataclass
class Cluster:
    kind: str  # PERSON, ORG, PLACE, NORP, EVENT
    key: str
    mentions: list[Mention] = field(default_factory=list)
    place: Place | None = None
    roles: list[tuple[int, Role]] = field(default_factory=list)  # (where bound, role)

    @property
    def names(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == "name"]

    @property
    def start(self) -> int:
        return min(m.start for m in self.mentions)

    def last_before(self, pos: int) -> int:
        return max((m.start for m in self.mentions if m.start < pos), default=-1)


def cluster_mentions(mentions: list[Mention], *, dateline_place: str | None = None) -> list[Cluster]:
    """Mentions grouped by what they name, clusters in order of first mention."""
    context = country_context(mentions, dateline_place)
    clusters: dict[Key, Cluster] = {}
    assigned = (*_places(mentions, context), *_people(mentions), *_orgs(mentions), *_others(mentions))
    for m, (kind, key), place in sorted(assigned, key=lambda a: a[0].start):
        cluster = clusters.setdefault((kind, key), Cluster(kind, key))
        cluster.mentions.append(m)
        cluster.place = cluster.place or place
    return list(clusters.values())


def country_context(mentions: Iterable[Mention], dateline_place: str | None) -> Counter[str]:
    """How often the article names each country, by any unambiguous name or demonym."""
    context: Counter[str] = Counter()
    for m in mentions:
        if m.label in PLACE_LABELS or m.label == "NORP":
            demonym = gazetteer().demonym(m.text) if m.kind == "demonym" or m.label == "NORP" else None
            code = demonym.country if demonym else unambiguous_country(m.text)
            if code:
                context[code] += 1
    if dateline_place:
        code = unambiguous_country(dateline_place)
        if code:
            context[code] += DATELINE_WEIGHT
    return context


Assigned = tuple[Mention, Key, Place | None]


def _places(mentions: list[Mention], context: Counter[str]) -> Iterator[Assigned]:
    for m in mentions:
        if m.label not in PLACE_LABELS:
            continue
        if m.kind == "demonym":
            place = gazetteer().demonym(m.text)
        else:
            place = choose(gazetteer().lookup(m.text), context, alternates=m.label == "GPE")
        yield m, ("PLACE", place.key if place else "?" + fold(m.text)), place


def _people(mentions: list[Mention]) -> Iterator[Assigned]:
    people = [m for m in mentions if m.label == "PERSON" and person_key(m.name)]
    full: dict[str, list[int]] = {}
    for m in people:
        key = person_key(m.name)
        if len(key.split()) > 1:
            full.setdefault(key, []).append(m.start)
    longest = {key: _container(key, full) for key in full}
    for m in people:
        key = person_key(m.name)
        if key in full:
            yield m, ("PERSON", longest[key]), None
            continue
        candidates = _people_named(key, full)
        chosen = nearest(candidates, m.start, full)
        yield m, ("PERSON", longest[chosen] if chosen else key), None


def _container(key: str, full: dict[str, list[int]]) -> str:
    """The one longer full name that holds ``key`` as a run of words ('moon jae' in 'moon jae in')."""
    wanted = key.split()
    holders = [k for k in full if k != key and _holds_run(k.split(), wanted)]
    return holders[0] if len(holders) == 1 else key


def _holds_run(name: list[str], run: list[str]) -> bool:
    return any(name[i:i + len(run)] == run for i in range(len(name) - len(run) + 1))


def _people_named(key: str, full: dict[str, list[int]]) -> list[str]:
    """Full names a short form can stand for: surname first, given name ('Kim', 'Tom') failing that."""
    wanted = key.split()
    if len(wanted) > 1:
        return [k for k in full if _holds_run(k.split(), wanted)]
    surnames = [k for k in full if k.split()[-1] == wanted[0]]
    return surnames or [k for k in full if k.split()[0] == wanted[0]]


def nearest(candidates: list[str], pos: int, positions: dict[str, list[int]]) -> str | None:
    """The candidate mentioned last before ``pos``, else the one mentioned first after it."""
    before = [(max(p for p in positions[c] if p < pos), c) for c in candidates if any(p < pos for p in positions[c])]
    if before:
        return max(before)[1]
    after = [(min(positions[c]), c) for c in candidates]
    return min(after)[1] if after else None


def _orgs(mentions: list[Mention]) -> Iterator[Assigned]:
    orgs = [m for m in mentions if m.label == "ORG"]
    spelled: dict[str, list[Mention]] = {}
    for m in orgs:
        if not is_acronym(m.text):
            spelled.setdefault(org_key(m.text), []).append(m)
    positions = {k: [m.start for m in ms] for k, ms in spelled.items()}
    longest = {k: _org_container(k, spelled) for k in spelled}
    for m in orgs:
        own = org_key(m.text)
        if is_acronym(m.text):
            candidates = [k for k, ms in spelled.items() if expands(m.text, ms[0].text)]
        else:
            candidates = [longest[own]] if own in spelled else []
        chosen = nearest(candidates, m.start, positions)
        yield m, ("ORG", longest.get(chosen, chosen) if chosen else own), None


def _org_container(key: str, spelled: dict[str, list[Mention]]) -> str:
    holders = [k for k in spelled if k != key and _part_of_org(key, k, spelled[k][0])]
    if not holders:
        return key
    return max(holders, key=lambda k: (len(k.split()), -spelled[k][0].start))


def _part_of_org(short: str, long: str, long_mention: Mention) -> bool:
    """'commerce ministry' is part of 'chinese ministry of commerce'; 'boeing' of 'boeing co'."""
    sw = [w for w in short.split() if w not in _CONNECTORS]
    lw = [w for w in long.split() if w not in _CONNECTORS]
    if not sw or len(sw) >= len(lw):
        return False
    if len(sw) > 1:
        return set(sw) <= set(lw) and sw[-1] in lw
    generic = sw[0] in titles() or sw[0] in role_words() or gazetteer().demonym(sw[0]) is not None
    return sw[0] == lw[0] and not generic and long_mention.text[:1].isupper()


def _others(mentions: list[Mention]) -> Iterator[Assigned]:
    for m in mentions:
        if m.label == "NORP":  # a people: tied to its country by the geo, when a demonym names one
            key = fold(m.text)
            yield m, ("NORP", key[:-1] if key.endswith("s") and len(key) > 3 else key), gazetteer().demonym(m.text)
        elif m.label not in PLACE_LABELS and m.label not in ("PERSON", "ORG"):
            yield m, (m.label, fold(m.text)), None


def add_echoes(doc: Doc, clusters: list[Cluster]) -> None:
    """Names the model missed: a known person's surname, a known place or acronym, a longer form again."""
    covered = {i for c in clusters for m in c.mentions for i in range(m.first, m.last)}
    forms = _echo_forms(doc, clusters)
    for i, token in enumerate(doc):
        if i in covered:
            continue
        for texts, cluster, label in forms.get(token.text, []):
            span = range(i, i + len(texts))
            if tuple(t.text for t in doc[i:i + len(texts)]) == texts and not covered.intersection(span) \
                    and (len(texts) > 1 or not _modifies_noun(token)):
                start, end = token.idx, doc[span[-1]].idx + len(doc[span[-1]].text)
                cluster.mentions.append(Mention(start, end, doc[i:span[-1] + 1].text, label, i, span[-1] + 1))
                covered.update(span)
                break


def _modifies_noun(token: Token) -> bool:
    """'Baloch' in 'Baloch separatists' describes the noun; it is not Aslam Baloch."""
    return token.dep_ in ("compound", "amod") and token.head.i > token.i and token.head.pos_ == "NOUN"


EchoForm = tuple[tuple[str, ...], Cluster, str]


def _echo_forms(doc: Doc, clusters: list[Cluster]) -> dict[str, list[EchoForm]]:
    """Token texts to look for, by first token, longest first; a form two entities share is dropped."""
    owners: dict[tuple[str, ...], dict[int, tuple[Cluster, str]]] = {}
    for cluster in clusters:
        for m in cluster.names:
            texts = tuple(t.text for t in doc[m.first:m.last])
            if _echoable(texts, cluster):
                owners.setdefault(texts, {})[id(cluster)] = (cluster, m.label)
            if cluster.kind == "PERSON" and m.last - m.first > 1 and doc[m.last - 1].text[:1].isupper():
                owners.setdefault((doc[m.last - 1].text,), {})[id(cluster)] = (cluster, "PERSON")
    forms: dict[str, list[EchoForm]] = {}
    for texts, by_cluster in owners.items():
        if len(by_cluster) == 1:
            ((cluster, label),) = by_cluster.values()
            forms.setdefault(texts[0], []).append((texts, cluster, label))
    for found in forms.values():
        found.sort(key=lambda f: -len(f[0]))
    return forms


def _echoable(texts: tuple[str, ...], cluster: Cluster) -> bool:
    if not texts[0][:1].isupper() or not all(any(ch.isalpha() for ch in t) or t in "-'." for t in texts):
        return False
    if len(texts) > 1:
        return True
    word = texts[0]
    return len(word) > 2 and ((cluster.kind == "PLACE" and cluster.place is not None) or
                              (cluster.kind == "ORG" and is_acronym(word) and len(acronym_letters(word)) > 1))


def name_words(cluster: Cluster) -> set[str]:
    """The words of a cluster's names as written ('Interior', 'Ministry')."""
    return {w for m in cluster.names for w in re.split(r"[\s\-]+", m.text) if w}


def attach_roles(doc: Doc, clusters: list[Cluster]) -> None:
    """Bind roles to people and organisations; descriptions that fit a bound role become mentions."""
    named = {i: c for c in clusters if c.kind in ("PERSON", "ORG") for m in c.names for i in range(m.first, m.last)}
    for cluster in clusters:
        for m in cluster.names if cluster.kind in ("PERSON", "ORG") else ():
            role = premodifier_role(doc, m) or own_role(doc, m)
            if role:
                cluster.roles.append((m.start, role))
    for d in descriptions(doc, set(named)):
        target = _described(d, named, clusters)
        if target is None:
            continue
        target.mentions.append(d.mention)
        if d.appositive_of is not None or _named_inside(d, named):
            target.roles.append((d.mention.start, d.role))


def _named_inside(d: Description, named: dict[int, Cluster]) -> Cluster | None:
    """'The M23 rebel group' is M23: an organisation described by kind around its own name."""
    if d.role.kind != "org":
        return None
    inside = [named[i] for i in range(d.mention.first, d.mention.last) if i in named and named[i].kind == "ORG"]
    return inside[0] if len(set(map(id, inside))) == 1 else None


def _described(d: Description, named: dict[int, Cluster], clusters: list[Cluster]) -> Cluster | None:
    kind = "PERSON" if d.role.kind == "person" else "ORG"
    inside = _named_inside(d, named)
    if inside is not None:
        return inside
    if d.appositive_of is not None:
        cluster = named.get(d.appositive_of)
        return cluster if cluster is not None and cluster.kind == kind else None
    pos = d.mention.start
    fits = [c for c in clusters if c.kind == kind and any(p < pos and _covers(r, d.role, c) for p, r in c.roles)]
    return max(fits, key=lambda c: c.last_before(pos), default=None)


def _covers(bound: Role, wanted: Role, cluster: Cluster) -> bool:
    """'the Hamas chief' fits a leader role bound with 'Hamas', or the group Hamas itself."""
    if bound.cls != wanted.cls or bound.kind != wanted.kind:
        return False
    return wanted.modifiers <= bound.modifiers | {k for w in name_words(cluster) if (k := modifier_key(w))}
