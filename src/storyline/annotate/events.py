"""Who did what to whom, where and when: the article's main happenings, each with its sentence as evidence.

Requires: the parse, ``doc.ents``, the entity clusters, the resolved timexes and the quotes.
Candidates come from trigger words (events_triggers.py) and from quotes whose cue is prominent
(events_statements.py); each is dated (events_dates.py). Background (an event whose own date lies
over a month before publication) is dropped and the main happenings are kept: one statement per
speaker, a few events of each type, in body order.

``type`` is a coarse class shared with the contract's consumers: meet, call, visit, attack,
statement, protest, agreement, accusation, election or other. ``subtype`` keeps the finer kind
where the class says little: what an "other" event was (arrest, crash, disaster, withdrawal,
award, resignation) or a statement that is an appeal. Users filter on the class and read the kind.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from storyline.annotate.entities import EntityIndex
from storyline.annotate.events_dates import EventDates
from storyline.annotate.events_roles import Candidate
from storyline.annotate.events_statements import quote_statements
from storyline.annotate.events_triggers import CONSULT, NAMED_TYPES, reporting, trigger_candidates, unnamed_sides
from storyline.annotate.parsed import ParsedArticle
from storyline.model import Event, Quote, Timex

MAX_EVENTS = 8
PER_TYPE = {"statement": 2, "attack": 2}  # the main reactions; an attack and the one it answers
OTHER_TYPES = 1  # a second agreement or visit in one story is mostly the first told again
Key = tuple[str, frozenset[str], frozenset[str]]  # type, parties that make it one event, targets


def extract_events(article: ParsedArticle, *, entities: EntityIndex, timexes: list[Timex],
                   quotes: Iterable[Quote] = ()) -> list[Event]:
    doc = article.doc
    quotes = list(quotes)
    dates = EventDates(doc, timexes, article.published, reporting=reporting())
    quoted = [(q.start, q.end) for q in quotes if q.kind in ("direct", "mixed")]
    spoken = quote_statements(doc, quotes, entities, dates)
    said = {c.anchor.i for c in spoken}  # a stance verb that is also a quote's cue: the quote names the speaker better
    found = [c for c in trigger_candidates(doc, entities, quoted=quoted) if c.anchor.i not in said] + spoken
    found.sort(key=lambda c: c.anchor.i)
    return _choose(_sides_named(found), dates, article.body)


def _sides_named(found: list[Candidate]) -> list[Candidate]:
    """"the two sides signed a deal": the sides are the two parties of the event told just before."""
    out: list[Candidate] = []
    for candidate in found:
        before = next((c for c in reversed(out) if c.actors and c.targets), None)
        if before is not None and candidate.type in NAMED_TYPES and unnamed_sides(candidate.actors):
            candidate = dataclasses.replace(candidate, actors=(before.actors[0], before.targets[0]))
        out.append(candidate)
    return out


@dataclass
class _Told:
    candidate: Candidate
    date: str | None
    own_day: bool  # the date is the event's own, not the day of the news


def _choose(found: list[Candidate], dates: EventDates, body: str) -> list[Event]:
    """Drop background and repeats, keep the most central of each type, give them back in body order."""
    kept: list[_Told] = []
    per_type: Counter[str] = Counter()
    for told in sorted(_first_tellings(found, dates), key=lambda t: (t.candidate.rank, t.candidate.anchor.i)):
        kind = told.candidate.type
        if per_type[kind] < PER_TYPE.get(kind, OTHER_TYPES):
            per_type[kind] += 1
            kept.append(told)
    kept = sorted(kept, key=lambda t: t.candidate.anchor.i)[:MAX_EVENTS]
    return [_event(t.candidate, t.date, body) for t in kept]


def _first_tellings(found: list[Candidate], dates: EventDates) -> list[_Told]:
    """Each event once, as first told; a retelling that gives the day dates it ("crashed last week" ... "on Thursday")."""
    first: list[tuple[Key, _Told]] = []
    for candidate in found:
        own = dates.own(candidate.anchor)
        if own is not None and own.background:
            continue
        key = _key(candidate)
        told = _Told(candidate, own.date, True) if own is not None and own.date else _Told(
            candidate, dates.fallback(), False)
        earlier = next((t for k, t in first if _same(key, k)), None)
        if earlier is None:
            first.append((key, told))
        elif told.own_day and not earlier.own_day:
            earlier.date, earlier.own_day = told.date, True
    return [t for _, t in first]


def _key(candidate: Candidate) -> Key:
    """What makes two candidates one event: a speaker's statement, one call between two parties."""
    actors, targets = frozenset(candidate.actors), frozenset(candidate.targets)
    if candidate.type == "statement":
        return ("statement", _words(candidate.actors[0]), frozenset())
    if candidate.type == "other" and candidate.subtype:
        return ("other " + candidate.subtype, frozenset(), frozenset())  # one crash, one quake: told again and again
    if candidate.type in CONSULT:
        return (candidate.type, actors | targets, frozenset())
    return (candidate.type, actors, targets)


def _same(a: Key, b: Key) -> bool:
    if a[0] != b[0]:
        return False
    if a[0] == "statement":
        return a[1] <= b[1] or b[1] <= a[1]  # "M23" and "The M23 rebel group"
    if a[0] in CONSULT:
        return bool(a[1] & b[1])  # Trump's call with "a senior Taliban leader", then with Baradar by name
    return a[1] == b[1] and (not a[2] or not b[2] or bool(a[2] & b[2]))  # Russia's strike on Sumy, then on Kyiv


def _words(name: str) -> frozenset[str]:
    return frozenset(w for w in name.casefold().replace("’s", "").replace("'s", "").split() if w != "the")


def _event(candidate: Candidate, date: str | None, body: str) -> Event:
    start, end = _evidence(candidate.anchor, body)
    return Event(text=body[start:end], start=start, end=end, type=candidate.type, actors=candidate.actors,
                 targets=candidate.targets, place=candidate.place, date=date, subtype=candidate.subtype)


def _evidence(anchor: Token, body: str) -> tuple[int, int]:
    """The anchor's sentence, cut to its paragraph (the parse may run a sentence over a break)."""
    sent = anchor.sent
    start = max(sent.start_char, body.rfind("\n", 0, anchor.idx) + 1)
    stop = body.find("\n", anchor.idx)
    end = min(sent.end_char, stop if stop >= 0 else len(body))
    text = body[start:end]
    return start + len(text) - len(text.lstrip()), start + len(text.rstrip())
