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

from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Token

from storyline.annotate.entities import EntityIndex
from storyline.annotate.events_dates import EventDates
from storyline.annotate.events_roles import Candidate
from storyline.annotate.events_statements import quote_statements
from storyline.annotate.events_triggers import CONSULT, reporting, trigger_candidates
from storyline.annotate.parsed import ParsedArticle
from storyline.model import Event, Quote, Timex

MAX_EVENTS = 8
PER_TYPE = {"statement": 2, "attack": 2}  # the main reactions; an attack and the one it answers
OTHER_TYPES = 1  # a second agreement or visit in one story is mostly the first told again


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
    return _choose(found, dates, article.body)


def _choose(found: list[Candidate], dates: EventDates, body: str) -> list[Event]:
    """Drop background and repeats, keep the most central of each type, give them back in body order."""
    fresh: list[tuple[Candidate, str | None]] = []
    keys: list[tuple[str, frozenset[str]]] = []
    for candidate in found:
        own = dates.own(candidate.anchor)
        if own is not None and own.background:
            continue
        key = _key(candidate)
        if any(_same(key, k) for k in keys):
            continue
        keys.append(key)
        fresh.append((candidate, own.date if own is not None and own.date else dates.fallback()))
    kept: list[tuple[Candidate, str | None]] = []
    per_type: Counter[str] = Counter()
    for candidate, date in sorted(fresh, key=lambda f: (f[0].rank, f[0].anchor.i)):
        if per_type[candidate.type] < PER_TYPE.get(candidate.type, OTHER_TYPES):
            per_type[candidate.type] += 1
            kept.append((candidate, date))
    kept = sorted(kept, key=lambda f: f[0].anchor.i)[:MAX_EVENTS]
    return [_event(candidate, date, body) for candidate, date in kept]


def _key(candidate: Candidate) -> tuple[str, frozenset[str]]:
    """What makes two candidates one event: a speaker's statement, one call between two parties."""
    if candidate.type == "statement":
        return ("statement", _words(candidate.actors[0]))
    if candidate.type == "other" and candidate.subtype:
        return ("other " + candidate.subtype, frozenset())  # one crash, one quake: told again and again
    if candidate.type in CONSULT:
        return (candidate.type, frozenset(candidate.actors) | frozenset(candidate.targets))
    return (candidate.type, frozenset(candidate.actors))


def _same(a: tuple[str, frozenset[str]], b: tuple[str, frozenset[str]]) -> bool:
    if a[0] != b[0]:
        return False
    if a[0] == "statement":
        return a[1] <= b[1] or b[1] <= a[1]  # "M23" and "The M23 rebel group"
    if a[0] in CONSULT:
        return bool(a[1] & b[1])  # Trump's call with "a senior Taliban leader", then with Baradar by name
    return a[1] == b[1]


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
