"""Who acts, on whom, and where: the parties of an event read off the dependencies of its verb.

Requires: the parse, ``doc.ents`` and the entity clusters. A party is named by its entity's
canonical name when the phrase's head is a mention, else by the phrase itself ("Rebel fighters").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from storyline.annotate.entities import EntityIndex
from storyline.resources import word_list

OBJECTS = {"dobj", "obj", "attr", "oprd"}
TARGET_PREPS = {"with", "on", "against", "at", "to"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_PREPS = {"in", "at", "near", "to", "into", "across"}
NOT_PARTIES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
RELATIVES = {"WDT", "WP"}  # "the quake that struck": the party is the noun the clause hangs on
HAVE = {"has", "have", "had", "having"}
SHARING = {"xcomp", "advcl", "conj", "pcomp"}  # "took to the streets to protest", "after winning": one subject
PHRASE_PREPS = {"of", "by"}  # "thousands of people", "the move by election authorities": one party
LEFT_OUT = {"cc", "conj", "punct", "prep", "relcl", "acl", "appos"}
BEHIND_LABELS = {"GPE", "NORP", "ORG", "PERSON"}
BEHIND_DEPS = {"poss", "amod", "compound", "nmod"}


@dataclass(frozen=True)
class Candidate:
    """An event read off the parse, before it is dated and chosen: ``anchor`` is the verb or cue."""

    type: str
    anchor: Token
    actors: tuple[str, ...]
    targets: tuple[str, ...] = ()
    place: str | None = None
    subtype: str | None = None
    rank: int = 0  # how central among events of its type: 0 first ("condemned", "declared")


@cache
def weapons() -> frozenset[str]:
    return frozenset(word_list("event_weapons"))


Parties = tuple[list[str], list[str]]  # actors, targets


def roles(verb: Token, entities: EntityIndex, *, skip: frozenset[str] = frozenset()) -> tuple[
        tuple[str, ...], tuple[str, ...]]:
    """(actors, targets) of ``verb``; ``skip`` holds words that name the event itself ("his visit")."""
    actors: list[str] = []
    targets: list[str] = []
    for child in verb.children:
        acting, undergoing = _child_roles(child, verb, entities, skip)
        actors += acting
        targets += undergoing
    if not actors and not _has_subject(verb):
        actors = list(_shared_subject(verb, entities, skip))
    return tuple(dict.fromkeys(actors)), tuple(dict.fromkeys(t for t in targets if t not in actors))


def _child_roles(child: Token, verb: Token, entities: EntityIndex, skip: frozenset[str]) -> Parties:
    """The parties one dependent of the verb names: its subject acts, its object undergoes."""
    dep = child.dep_
    if dep in ("nsubj", "csubj"):
        named = _subject(child, verb, entities, skip)
        aimed = _aimed_at(child, entities, skip) if child.lower_ in skip else []  # "air strikes on Rafah killed 23"
        return ([], named + aimed) if _patient_subject(verb) else (named, aimed)
    if dep == "nsubjpass":
        return [], _subject(child, verb, entities, skip)
    if dep == "agent":
        return [n for g in child.children for n in names(g, entities, skip)], []
    if dep in OBJECTS and is_weapon(child):
        return [], []  # "fired 180 missiles at Israel": the weapon is how, Israel is whom
    if dep in OBJECTS:
        aimed = _aimed_at(child, entities, skip) if child.lower_ in skip else []  # "a raid against Taliban fighters"
        return [], names(child, entities, skip) + aimed
    if dep == "prep" and child.lower_ in TARGET_PREPS:
        return [], [n for g in child.children if g.dep_ == "pobj" for n in names(g, entities, skip)]
    if dep == "xcomp":  # "voted to impeach President Yoon"
        return [], [n for g in child.children if g.dep_ in ("dobj", "obj") for n in names(g, entities, skip)]
    return [], []


def names(head: Token, entities: EntityIndex, skip: frozenset[str] = frozenset()) -> list[str]:
    """The parties a phrase names (canonical), each conjunct separately."""
    out = []
    for token in [head, *[c for c in head.children if c.dep_ == "conj"]]:
        named = [c for c in token.children if c.dep_ == "appos" and c.ent_type_]
        if named:
            token = named[0]  # "her counterpart Karim Haddad": the name, not the role
        if token.pos_ in ("PRON", "VERB"):
            continue  # "damaging buildings" in "rocked the island, damaging buildings" is what happened, not who
        if token.lower_ in skip or token.lower_ in weapons():
            behind = _behind(token, entities, skip)  # "Israeli air strikes", "an assault by the RSF"
            out += behind if behind or token.lower_ in skip else [phrase(token)]
            continue  # "his visit" names the event itself, not a party to it
        if token.ent_type_ in NOT_PARTIES and not _of_phrase(token):
            continue  # "on Monday", "30 percent"; but "thousands of people" is a party
        entity = entities.at(token.idx, token.idx + len(token.text))
        out.append(entity.name if entity else phrase(token))
    return out


def phrase(token: Token) -> str:
    """The words of a party's phrase: its left modifiers, and "of"/"by" phrases to the right."""
    left = min(t.i for t in token.subtree if t.dep_ not in LEFT_OUT or t.i <= token.i)
    right = token.i
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in PHRASE_PREPS and any(g.dep_ == "pobj" for g in child.children):
            right = max(g.i for g in child.children if g.dep_ == "pobj")
            break
    while left < token.i and (_stray(token.doc[left]) or "\n" in token.doc[left: token.i].text):
        left += 1  # "But Greek youths", a heading or quote mark the parse hung on the phrase
    return token.doc[left: right + 1].text.strip()


def _stray(token: Token) -> bool:
    return token.is_punct or token.is_space or token.dep_ == "cc"


def place(verb: Token, entities: EntityIndex, parties: set[str]) -> str | None:
    """A place the verb (or its object) is located at by a preposition: "arrived in Tehran"."""
    heads = {verb.i, *(c.i for c in verb.children if c.dep_ in OBJECTS)}
    for token in verb.subtree:
        if token.dep_ != "pobj" or token.head.lower_ not in PLACE_PREPS or token.head.head.i not in heads:
            continue
        if token.ent_type_ not in PLACE_LABELS:
            continue
        entity = entities.at(token.idx, token.idx + len(token.text))
        name = entity.name if entity else _ent_text(token)
        if name not in parties:
            return name
    return None


def _aimed_at(noun: Token, entities: EntityIndex, skip: frozenset[str]) -> list[str]:
    """Whom an event noun is aimed at: "strikes on Rafah", "a raid against Taliban fighters"."""
    return [n for c in noun.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS
            for g in c.children if g.dep_ == "pobj" for n in names(g, entities, skip)]


def _behind(token: Token, entities: EntityIndex, skip: frozenset[str]) -> list[str]:
    """Who is behind an attack or a weapon: its "by" phrase, owner or national modifier."""
    out: list[str] = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            out += [n for g in child.children if g.dep_ == "pobj" for n in names(g, entities, skip)]
        elif child.dep_ in BEHIND_DEPS:
            entity = entities.at(child.idx, child.idx + len(child.text))
            if entity is not None and entity.type in BEHIND_LABELS:
                out.append(entity.name)
            elif child.dep_ == "compound":
                out += _behind(child, entities, skip)  # "a Myanmar military air strike"
    return list(dict.fromkeys(out))


def _subject(child: Token, verb: Token, entities: EntityIndex, skip: frozenset[str]) -> list[str]:
    if child.tag_ in RELATIVES and verb.dep_ == "relcl":
        return names(verb.head, entities, skip)
    return names(child, entities, skip)


def _patient_subject(verb: Token) -> bool:
    """"with 14 people killed", "saw three protesters killed": a bare participle's subject undergoes it."""
    if verb.tag_ != "VBN" or any(c.dep_ in OBJECTS for c in verb.children):
        return False  # "strikes killed 23 Palestinians" mis-tagged as a participle is still active
    return not any(c.dep_ == "aux" and c.lower_ in HAVE for c in verb.children)


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children)


def _shared_subject(verb: Token, entities: EntityIndex, skip: frozenset[str]) -> tuple[str, ...]:
    """The subject a verb takes from the verb it depends on ("voted to impeach", "attacked ..., killing")."""
    head = verb.head
    if misparsed_clause(verb):
        return tuple(names(head, entities, skip))  # "Rubio, a critic of ..., called Lam's move ..."
    if verb.dep_ not in SHARING or head.i == verb.i:
        return ()
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head  # "began talks after winning the election": the subject of "began"
    if head.pos_ not in ("VERB", "AUX") or (verb.dep_ in ("advcl", "pcomp") and verb.tag_ not in ("VB", "VBG")):
        return ()  # "..., when police arrested him": a clause of its own
    if any(c.dep_ == "auxpass" for c in verb.children):
        return ()  # "appeared to have been killed": the subject undergoes it
    controller = [c for c in head.children if c.dep_ in ("dobj", "obj")] if verb.dep_ == "xcomp" else []
    if controller:
        return tuple(n for c in controller for n in names(c, entities, skip))  # "urged allies to deliver"
    return roles(head, entities, skip=skip)[0]


def is_weapon(token: Token) -> bool:
    """"missiles", "dozens of drones": what is fired, not whom it is fired at."""
    inner = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    return any(t.lower_ in weapons() for t in (token, *inner))


def misparsed_clause(verb: Token) -> bool:
    """A main verb the parse hung on its subject as a modifier: a past "acl" that still takes an object."""
    return verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and any(c.dep_ in ("dobj", "obj") for c in verb.children)


def _of_phrase(token: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def _ent_text(token: Token) -> str:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text
