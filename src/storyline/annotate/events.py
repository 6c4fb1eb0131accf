"""Who did what to whom, where and when: trigger words on the parse, roles from dependencies.

Requires: the parse, ``doc.ents``, entity clusters and resolved timexes. Gives one event per
(type, actors) with the sentence it came from as evidence; only the lead's statements become
events, since every quote is already recorded as a quote.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from storyline.annotate.entities import EntityIndex
from storyline.annotate.parsed import ParsedArticle
from storyline.model import Event, Timex
from storyline.resources import table

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
OBJECTS = {"dobj", "obj", "attr", "oprd"}
TARGET_PREPS = {"with", "on", "against", "at", "to"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_PREPS = {"in", "at", "near", "to", "into", "across"}
LEAD_SENTENCES = 6  # statements beyond the lead are quotes, not events
MAX_EVENTS = 8
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")  # "XXXX-WXX-7" (a weekday with no anchor) is no date
LIGHT_VERBS = {"held", "hold", "holds", "made", "make", "carried", "conducted", "launched", "staged", "signed",
               "reached", "expressed", "expresses", "paid", "pays", "issued"}
NOT_PARTIES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}


@lru_cache(maxsize=1)
def triggers() -> dict[str, str]:
    return {row["form"]: row["type"] for row in table("event_triggers")}


def extract_events(article: ParsedArticle, *, entities: EntityIndex, timexes: list[Timex]) -> list[Event]:
    events: list[Event] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    used_verbs: set[int] = set()
    for index, sent in enumerate(article.doc.sents):
        for token in sent:
            kind = triggers().get(token.lower_)
            verb = _verb_of(token) if kind else None
            if kind is None or verb is None or verb.i in used_verbs:
                continue
            if kind == "statement" and index >= LEAD_SENTENCES:
                continue
            used_verbs.add(verb.i)
            event = _event(kind, verb, sent, article, entities, timexes)
            key = (event.type, event.actors)
            if event.actors and key not in seen:
                seen.add(key)
                events.append(event)
    return events[:MAX_EVENTS]


def _verb_of(trigger: Token) -> Token | None:
    """The verb whose subject acts: the trigger itself, or the light verb of a trigger noun."""
    if trigger.pos_ == "VERB":
        return trigger
    while trigger.dep_ == "compound" and trigger.head is not trigger:
        trigger = trigger.head  # "by phone Sunday" parses phone as a compound of Sunday
    head = trigger.head
    if trigger.dep_ in ("dobj", "obj") and head.lower_ in LIGHT_VERBS:
        return head  # "held talks", "carried out a strike", "expressed condemnation"
    if trigger.dep_ == "pobj" and head.lower_ == "by" and head.head.pos_ == "VERB":
        return head.head  # "spoke by phone"
    return None


def _event(kind: str, verb: Token, sent: SpacySpan, article: ParsedArticle,
           entities: EntityIndex, timexes: list[Timex]) -> Event:
    actors, targets = _roles(verb, entities)
    if kind == "call" and verb.lower_ in ("called", "call") and not any(
        c.lower_ in ("phone", "telephone") for c in verb.subtree
    ) and not targets:
        kind = "statement"  # "called for", "called on": an appeal, not a phone call
    return Event(
        text=sent.text.strip(), start=sent.start_char + (len(sent.text) - len(sent.text.lstrip())),
        end=sent.start_char + len(sent.text.rstrip()), type=kind, actors=actors, targets=targets,
        place=_place(verb, entities, {*actors, *targets}), date=_date(sent, timexes, article),
    )


def _roles(verb: Token, entities: EntityIndex) -> tuple[tuple[str, ...], tuple[str, ...]]:
    actors: list[str] = []
    targets: list[str] = []
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            actors += _names(child, entities)
        elif child.dep_ == "nsubjpass":
            targets += _names(child, entities)
        elif child.dep_ == "agent":
            actors += [n for g in child.children for n in _names(g, entities)]
        elif child.dep_ in OBJECTS:
            targets += _names(child, entities)
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
            targets += [n for g in child.children if g.dep_ == "pobj" for n in _names(g, entities)]
    return tuple(dict.fromkeys(actors)), tuple(dict.fromkeys(t for t in targets if t not in actors))


def _names(head: Token, entities: EntityIndex) -> list[str]:
    """The entity a phrase names (canonical), each conjunct separately; else the phrase itself."""
    out = []
    for token in [head, *[c for c in head.children if c.dep_ == "conj"]]:
        named = [c for c in token.children if c.dep_ == "appos" and c.ent_type_]
        if named:
            token = named[0]  # "her counterpart Karim Haddad": the name, not the role
        if token.pos_ == "PRON" or token.ent_type_ in NOT_PARTIES or token.lower_ in triggers():
            continue  # "his visit" names the event itself, not a party to it
        left = min(t.i for t in token.subtree if t.dep_ not in ("cc", "conj", "punct", "prep", "relcl", "acl")
                   or t.i <= token.i)
        span = token.doc[left: token.i + 1]
        entity = entities.at(token.idx, token.idx + len(token.text))
        out.append(entity.name if entity else span.text.strip())
    return out


def _place(verb: Token, entities: EntityIndex, parties: set[str]) -> str | None:
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


def _ent_text(token: Token) -> str:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent.text
    return token.text


def _date(sent: SpacySpan, timexes: list[Timex], article: ParsedArticle) -> str | None:
    for t in timexes:
        if sent.start_char <= t.start < sent.end_char and t.type in ("DATE", "TIME") and _FULL_DATE.match(t.value or ""):
            return (t.value or "")[:10]
    return article.published.isoformat() if article.published else None
