"""Events from trigger words: a verb or event noun from ``data/event_triggers.tsv`` and its parties.

Requires: the parse, ``doc.ents`` and the entity clusters. A verb trigger is its own event; a noun
counts through the light verb that takes it as object ("held talks", "issued a statement") or the
verb it hangs on by "by" ("spoke by phone"); a natural force (``data/event_hazards.txt``) is the
actor of the verb it is the subject of ("the earthquake that struck central Myanmar").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from storyline.annotate.entities import EntityIndex
from storyline.annotate.events_roles import (
    OBJECTS,
    RELATIVES,
    Candidate,
    misparsed_clause,
    names,
    phrase,
    place,
    roles,
    weapons,
)
from storyline.resources import table, word_list

PARTY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
UNNAMED = {"a", "an", "another", "one", "some", "several", "many", "most", "other"}  # "a senior official"
CONSULT = {"meet", "call", "visit"}  # talks between named parties, not "commandos arrived at the scene"
NAMED_TYPES = CONSULT | {"statement", "agreement"}  # types that need a named party
PHONE = {"phone", "telephone"}
UNREAL = {"will", "would", "could", "may", "might", "should", "must", "not", "n't", "never"}  # plans, denials


@dataclass(frozen=True)
class Trigger:
    words: tuple[str, ...]
    type: str
    subtype: str | None
    pos: str | None  # the only part of speech the form counts as, when given
    transitive: bool  # counts only with an object: "passed a resolution"
    named_object: bool = False  # counts only with an object that names someone: "received Ishiba"
    objects: str | None = None  # the word list the object must come from: "won the vote", not "won the title"


SENT_WEAPON = Trigger(("launched",), "attack", None, None, False)  # "launched 103 drones at the country"


@cache
def triggers() -> dict[str, list[Trigger]]:
    """First word -> the triggers it starts, longest first."""
    out: dict[str, list[Trigger]] = {}
    for row in table("event_triggers"):
        words = tuple(row["form"].split())
        obj = row.get("object") or ""
        listed = obj if obj not in ("", "yes", "named") else None
        trigger = Trigger(words, row["type"], row.get("subtype") or None, row.get("pos") or None, bool(obj),
                          obj == "named", listed)
        out.setdefault(words[0], []).append(trigger)
    return {k: sorted(v, key=lambda t: -len(t.words)) for k, v in out.items()}


@cache
def light_verbs() -> frozenset[str]:
    return frozenset(w for line in word_list("event_light_verbs") for w in line.split())


@cache
def reporting() -> frozenset[str]:
    """Verbs of saying (the quotes' list): "told the AP by phone" reports, it is no call."""
    return frozenset(w for line in word_list("reporting_verbs") for w in line.split() if not w.startswith("+"))


def commentators() -> frozenset[str]:
    return event_list("commentators")


def hazards() -> frozenset[str]:
    return event_list("hazards")


@cache
def event_words() -> frozenset[str]:
    """Words that name an event itself: "his visit" is no party to it."""
    return frozenset(triggers()) | hazards()


def trigger_candidates(doc: Doc, entities: EntityIndex, *, quoted: Iterable[tuple[int, int]] = ()) -> list[Candidate]:
    """One candidate per event verb, in body order; a verb claimed once is not read again.

    Words inside ``quoted`` spans (direct quotes) are the speaker's, recorded as a quote, not as news.
    """
    out: list[Candidate] = []
    used: set[int] = set()
    spans = sorted(quoted)
    for token in doc:
        if any(start <= token.idx < end for start, end in spans):
            continue
        read = _read(token, entities)
        if read is not None and used.isdisjoint(read[1]):
            used.update(read[1])
            out.append(read[0])
    return out


def _read(token: Token, entities: EntityIndex) -> tuple[Candidate, set[int]] | None:
    """The candidate a token starts and the verbs it claims, if it starts one."""
    if token.lower_ in hazards():
        return None if _in_word(token) else _hazard(token, entities)
    trigger = _match(token)
    if trigger is not None and _carries_event_noun(token):
        return None  # "released a statement": the noun is the event, the verb only carries it
    verb = _verb_of(token) if trigger else _launched(token)
    if verb is None:
        return None
    trigger = trigger or SENT_WEAPON
    found = _candidate(trigger, verb, entities, token.doc[token.i: token.i + len(trigger.words)].text)
    return (found, {verb.i}) if found is not None else None


def _in_word(token: Token) -> bool:
    """"cease-fire": the end of a hyphenated word is no fire."""
    return token.i > 0 and token.nbor(-1).text == "-" and not token.nbor(-1).whitespace_


def _carries_event_noun(token: Token) -> bool:
    if token.lower_ not in light_verbs():
        return False
    return any(c.dep_ in OBJECTS and _match(c) is not None for c in token.children)


def _launched(token: Token) -> Token | None:
    """"launched 103 drones at the country": a weapon sent through a light verb makes it an attack."""
    if token.lower_ not in weapons():
        return None
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        token = token.head.head  # "dozens of drones"
    return token.head if token.dep_ in ("dobj", "obj") and token.head.lower_ in light_verbs() else None


def _match(token: Token) -> Trigger | None:
    for trigger in triggers().get(token.lower_, ()):
        following = token.doc[token.i: token.i + len(trigger.words)]
        if tuple(t.lower_ for t in following) == trigger.words and trigger.pos in (None, token.pos_):
            return trigger
    return None


def _verb_of(trigger: Token) -> Token | None:
    """The verb whose subject acts: the trigger itself, or the light verb of a trigger noun."""
    if trigger.pos_ == "VERB":
        return trigger
    while trigger.dep_ == "compound" and trigger.head.i != trigger.i:
        trigger = trigger.head  # "by phone Sunday" parses phone as a compound of Sunday
    head = trigger.head
    if trigger.dep_ in ("dobj", "obj") and head.lower_ in light_verbs():
        return head  # "held talks", "carried out a strike", "expressed condemnation"
    if trigger.dep_ == "pobj" and head.lower_ == "by" and head.head.pos_ == "VERB" and head.head.lower_ not in reporting():
        return head.head  # "spoke by phone"; "told the AP by phone" is an interview
    return None


def _candidate(trigger: Trigger, verb: Token, entities: EntityIndex, words: str) -> Candidate | None:
    if _unreal(verb) or _running_total(verb):
        return None
    actors, targets = roles(verb, entities, skip=event_words())
    targets = tuple(t for t in targets if t not in words)  # "took to the streets": the phrase, no target
    kind, subtype = trigger.type, trigger.subtype
    force = _force(verb)
    if kind == "attack" and force is not None:
        kind, subtype, actors = "other", "disaster", (phrase(force),)  # "wildfires that have killed five"
    if kind == "call" and verb.lower_ in ("called", "call") and _appeal(verb, targets):
        kind = "statement"  # "called for", "called on", "called the move long overdue": not a phone call
    named = _named_actor(verb, entities)
    if kind in NAMED_TYPES and not (named or unnamed_sides(actors)):
        return None  # "officials said", "commandos arrived", "a figure passed the mark": no named party to follow
    if not _fitting_object(trigger, verb, entities):
        return None  # "the hospital received dozens of bodies" is no meeting, "won the title" no election
    if kind == "statement" and any(is_commentator(s) for s in _subjects(verb)):
        return None  # an analyst's warning is a quote, not a statement event
    has_object = any(c.dep_ in OBJECTS for c in verb.children)
    if not actors or (not targets and kind == "attack") or (trigger.transitive and not has_object):
        return None  # "players voted to strike", "the motion passed": nobody attacked, nothing passed
    where = place(verb, entities, {*actors, *targets})
    return Candidate(kind, verb, actors, targets, where, subtype, rank=0 if named else 1)


def _fitting_object(trigger: Trigger, verb: Token, entities: EntityIndex) -> bool:
    objects = [c for c in verb.children if c.dep_ in OBJECTS]
    if trigger.named_object:
        return any(is_named(c, entities) for c in objects)
    if trigger.objects:
        allowed = event_list(trigger.objects)
        inner = [g for c in objects for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children]
        return any(t.lower_ in allowed for t in (*objects, *inner))
    return True


@cache
def event_list(name: str) -> frozenset[str]:
    """A word list data/event_<name>.txt."""
    return frozenset(word_list(f"event_{name}"))


def _unreal(verb: Token) -> bool:
    """"will hold talks", "did not attack": no happening yet, or none."""
    return any(c.dep_ in ("aux", "neg") and c.lower_ in UNREAL for c in verb.children)


def _running_total(verb: Token) -> bool:
    """"has killed 41,700 since October": a count over months, not one event."""
    return any(c.dep_ == "prep" and c.lower_ == "since" and any(g.dep_ == "pobj" for g in c.children)
               for v in (verb, *verb.conjuncts) for c in v.children)


def unnamed_sides(actors: tuple[str, ...]) -> bool:
    """"the two sides", "both leaders": named by the event told before (events.py)."""
    words = actors[0].lower().split() if len(actors) == 1 else []
    two = words[:2] == ["the", "two"] or words[:1] == ["both"]
    return two and len(words) <= 3 and words[-1] in event_list("party_nouns")


def _force(verb: Token) -> Token | None:
    """The natural force a verb's subject names: "the quake", "a cluster of wildfires", "..., killing nine"."""
    for subject in _subjects(verb):
        inner = [g for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        if any(t.lower_ in hazards() for t in (subject, *inner)):
            return subject
    return None


def _appeal(verb: Token, targets: tuple[str, ...]) -> bool:
    if any(c.lower_ in PHONE for c in verb.subtree):
        return False
    return not targets or any(c.dep_ in ("oprd", "ccomp", "acomp") for c in verb.children)


def _hazard(token: Token, entities: EntityIndex) -> tuple[Candidate, set[int]] | None:
    """"The quake that struck central Myanmar killed 1,700": the quake acts through both verbs."""
    verbs = [c for c in token.children if c.dep_ == "relcl" and any(g.tag_ in RELATIVES for g in c.children)]
    if token.dep_ == "nsubj" and token.head.pos_ == "VERB":
        verbs.append(token.head)
    verbs = [v for v in verbs if not _unreal(v)]
    if not verbs:
        return None
    actor = phrase(token)
    targets = [n for v in verbs for c in v.children if c.dep_ in OBJECTS for n in names(c, entities)]
    where = next((p for v in verbs if (p := place(v, entities, {actor})) is not None), None)
    found = Candidate("other", verbs[0], (actor,), tuple(dict.fromkeys(targets)), where, "disaster")
    return found, {v.i for v in verbs}


def _named_actor(verb: Token, entities: EntityIndex) -> bool:
    """The verb's subject (or the one it shares) names someone: a mention, or a phrase with a proper noun."""
    for subject in _subjects(verb):
        if any(is_named(s, entities) for s in [subject, *[c for c in subject.children if c.dep_ in ("conj", "appos")]]):
            return True
    return False


def _subjects(verb: Token) -> list[Token]:
    """The heads of the verb's subject, or of the subject it shares with the verb it hangs on."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    if not subjects and misparsed_clause(verb):
        return [verb.head]
    if not subjects and verb.dep_ in ("xcomp", "advcl", "conj") and verb.head.i != verb.i:
        return _subjects(verb.head)
    return [verb.head if s.tag_ in RELATIVES and verb.dep_ == "relcl" else s for s in subjects]


def is_commentator(head: Token) -> bool:
    """Someone quoted for comment: a role noun just before the name or in apposition ("Ana Lima, an economist")."""
    doc = head.doc
    near = [*doc[max(head.left_edge.i, head.i - 4): head.i], *(c for c in head.children if c.dep_ == "appos")]
    return any(t.lower_ in commentators() for n in near for t in (n, *n.children))


def is_named(head: Token, entities: EntityIndex) -> bool:
    """"Antonio Guterres", "The Chinese embassy in Islamabad": named; "officials", "a senior official": not."""
    if head.pos_ == "PRON":
        return False
    entity = entities.at(head.idx, head.idx + len(head.text))
    if entity is not None and entity.type in PARTY_LABELS:
        return True
    left = [t for t in head.subtree if t.i <= head.i]
    if not left or left[0].lower_ in UNNAMED or head.tag_ == "NNS":
        return False
    return any(t.pos_ == "PROPN" or t.ent_type_ in PARTY_LABELS for t in left)
