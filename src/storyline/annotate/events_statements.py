"""Statement events from the article's quotes: a named speaker's statement that the story reports as news.

Requires: the parse, the entity clusters, the quotes (with speakers and cues) and the event dates.
Every quote is already recorded as a quote; a quote becomes a statement event too when its cue is
prominent: dated ("said Monday", "On Friday, ... said"), made through a channel ("said in a
statement", "at a news briefing", "wrote on Twitter", ``data/event_statement_channels.txt``), or a
stance verb of the trigger table ("decried", "denounced", "warned").
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from spacy.tokens import Doc, Token

from storyline.annotate.entities import EntityIndex
from storyline.annotate.events_dates import EventDates
from storyline.annotate.events_roles import Candidate, place, roles
from storyline.annotate.events_triggers import (
    PARTY_LABELS,
    UNNAMED,
    event_words,
    is_commentator,
    is_named,
    triggers,
)
from storyline.model import Quote, Speaker
from storyline.resources import word_list

NOT_SPOKEN = {"according", "to", "reported", "reports", "report", "reporting"}  # a source cited, a paper's report


@cache
def channels() -> frozenset[str]:
    return frozenset(word_list("event_statement_channels"))


@cache
def stance_verbs() -> frozenset[str]:
    return frozenset(form for form, rows in triggers().items() if any(r.type == "statement" for r in rows))


def quote_statements(doc: Doc, quotes: Iterable[Quote], entities: EntityIndex, dates: EventDates) -> list[Candidate]:
    """One candidate per prominent cue of a named speaker, in body order."""
    out: list[Candidate] = []
    seen: set[int] = set()
    for quote in quotes:
        speaker = quote.speaker
        if not quote.cue or quote.cue.split()[-1] in NOT_SPOKEN or speaker.mention is None or not speaker.name:
            continue
        cue = _cue_token(doc, quote.cue, speaker)
        rank = _prominence(cue, dates) if cue is not None and cue.i not in seen else None
        if cue is None or rank is None or not _named(speaker, doc, entities) or _commentator(speaker, doc, entities):
            continue
        seen.add(cue.i)
        targets = roles(cue, entities, skip=event_words())[1] if rank == 0 else ()
        where = place(cue, entities, {speaker.name})
        out.append(Candidate("statement", cue, (speaker.name,), targets, where, rank=rank))
    return sorted(out, key=lambda c: c.anchor.i)


def _cue_token(doc: Doc, cue: str, speaker: Speaker) -> Token | None:
    """The cue's verb nearest the speaker's mention, in the mention's sentence."""
    assert speaker.mention is not None
    span = doc.char_span(speaker.mention.start, speaker.mention.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    word = cue.split()[-1].lower()
    found = [t for t in span.root.sent if t.lower_ == word]
    return min(found, key=lambda t: abs(t.i - span.root.i), default=None)


def _prominence(cue: Token, dates: EventDates) -> int | None:
    """0 for a stance ("decried"), 1 for a channel ("in a statement"), 2 for a date ("said Monday"), else None."""
    if cue.lower_ in stance_verbs():
        return 0
    if cue.lower_ in channels() or any(_channel(child) for child in cue.children if child.dep_ == "prep"):
        return 1
    own = dates.own(cue)
    return 2 if own is not None and own.date is not None else None


def _channel(prep: Token) -> bool:
    """"in a statement", "at a news briefing", "in broadcast comments", "on Twitter"."""
    return any(t.lower_ in channels() for g in prep.children if g.dep_ == "pobj" for t in (g, *g.children))


def _named(speaker: Speaker, doc: Doc, entities: EntityIndex) -> bool:
    """A person or body by name: "Gao Feng", "The U.S. Embassy"; not "officials" or "a senior official"."""
    entity = entities.get(speaker.entity_id) if speaker.entity_id else None
    if entity is not None:
        return entity.type in PARTY_LABELS
    assert speaker.mention is not None
    mention = doc.char_span(speaker.mention.start, speaker.mention.end, alignment_mode="expand")
    if mention is not None and mention.text == speaker.name:
        return is_named(mention.root, entities)
    return _name_like(speaker.name or "")


def _commentator(speaker: Speaker, doc: Doc, entities: EntityIndex) -> bool:
    """Someone quoted for comment, by a role next to any mention of the speaker ("Adam Mount, a senior fellow")."""
    entity = entities.get(speaker.entity_id) if speaker.entity_id else None
    mentions = list(entity.mentions) if entity is not None else [speaker.mention] if speaker.mention else []
    spans = (doc.char_span(m.start, m.end, alignment_mode="expand") for m in mentions)
    return any(is_commentator(span.root) for span in spans if span is not None and len(span) > 0)


def _name_like(name: str) -> bool:
    """A name the speaker resolver found elsewhere ("the club" -> "UDG Tenerife")."""
    words = name.split()
    if not words or words[0].lower() in UNNAMED:
        return False
    if words[-1].islower() and words[-1].endswith("s"):
        return False  # "U.S. officials", "Pakistani officials": nobody in particular
    start = 1 if words[0].lower() == "the" else 0
    return any(w[:1].isupper() or any(ch.isdigit() for ch in w) for w in words[start:])
