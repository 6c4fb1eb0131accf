"""When an event happened: the date its own clause gives, else the date of the news it belongs to.

Requires: the parse and the resolved timexes. A time expression belongs to the nearest verb above
it in the parse ("said on Monday", "the quake that struck on Friday"), so a report's date is not
taken for the event reported. An event whose own time lies more than a month before publication
("a plane crashed in 1989", "the 2018 Camp Fire") is background, not news.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.model import Timex

BACKGROUND_DAYS = 30
LEAD_SENTENCES = 3
NEWS_LAG_DAYS = 3  # a lead's "on Saturday" in a Monday paper is still the news of the day
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class When:
    date: str | None  # YYYY-MM-DD
    background: bool = False


class EventDates:
    """The time expressions of one article, each filed under the verb it belongs to."""

    def __init__(self, doc: Doc, timexes: list[Timex], published: dt.date | None, *,
                 reporting: frozenset[str] = frozenset()) -> None:
        self.published = published
        self.by_verb: dict[int, list[Timex]] = {}
        reports: set[int] = set()  # "said on Monday": the day of a report, not of the news
        for timex in timexes:
            verb = _governor(doc, timex) if timex.type in ("DATE", "TIME") and timex.value else None
            if verb is not None:
                self.by_verb.setdefault(verb.i, []).append(timex)
                if verb.lower_ in reporting:
                    reports.add(timex.start)
                before = _just_before(doc, timex)
                if before is not None and before.i != verb.i:  # "said on Monday he hoped": the parse hangs it on "hoped"
                    self.by_verb.setdefault(before.i, []).append(timex)
        self.news_day = self._news_day(doc, [t for t in timexes if t.start not in reports])

    def own(self, verb: Token) -> When | None:
        """The date the verb's clause gives ("struck on Friday", "fired ... and used ... on Tuesday"), or
        the clause it hangs on gives ("stormed a hotel on Saturday, killing a guard")."""
        for clause in (verb, *_governing(verb)):
            for timex in (t for v in (clause, *_sharing(clause)) for t in self.by_verb.get(v.i, ())):
                when = self._when(timex.value or "")
                if when is not None:
                    return when
        return None

    def _when(self, value: str) -> When | None:
        day = _DAY.match(value)
        last = _last_day(value)
        if last is None:
            return None
        return When(day.group(0) if day else None, self._before(last))

    def fallback(self) -> str | None:
        """For an event that gives no date: the day of the news the lead reports, else publication."""
        if self.news_day is not None:
            return self.news_day.isoformat()
        return self.published.isoformat() if self.published else None

    def _news_day(self, doc: Doc, timexes: list[Timex]) -> dt.date | None:
        if self.published is None:
            return None
        lead = list(doc.sents)[:LEAD_SENTENCES]
        end = lead[-1].end_char if lead else 0
        for timex in timexes:
            day = _DAY.match(timex.value or "") if timex.start < end and timex.type in ("DATE", "TIME") else None
            if day and 0 <= (self.published - _last_day(day.group(0))).days <= NEWS_LAG_DAYS:  # type: ignore[operator]
                return _last_day(day.group(0))
        return None

    def _before(self, last: dt.date | None) -> bool:
        if last is None or self.published is None:
            return False
        return (self.published - last).days > BACKGROUND_DAYS


def _governing(verb: Token) -> list[Token]:
    """The clauses a subjectless participle or infinitive hangs on: "..., killing", "before withdrawing"."""
    out: list[Token] = []
    while verb.dep_ in ("advcl", "pcomp", "xcomp") and verb.tag_ in ("VB", "VBG") and len(out) < 2:
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            break
        verb = verb.head.head if verb.dep_ == "pcomp" else verb.head
        out.append(verb)
    return out


def _sharing(verb: Token) -> list[Token]:
    """Verbs joined to this one that share its subject: "fired ... and used pepper spray on Tuesday"."""
    return [v for v in verb.conjuncts if not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)]


def _just_before(doc: Doc, timex: Timex) -> Token | None:
    """The verb written right before a time expression, a preposition at most between: "said (on) Monday"."""
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return None
    token = doc[span.start - 1]
    if token.pos_ == "ADP" and token.i > 0:
        token = doc[token.i - 1]
    return token if token.pos_ == "VERB" else None


def _governor(doc: Doc, timex: Timex) -> Token | None:
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:  # a new Token per access: compare indexes
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


def _last_day(value: str) -> dt.date | None:
    """The last day a value covers: '2010' -> 2010-12-31, '2019-04' -> 2019-04-30."""
    try:
        if m := _DAY.match(value):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _MONTH.match(value):
            year, month = int(m.group(1)), int(m.group(2))
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        if m := _WEEK.match(value):
            return dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 7)
        if m := _YEAR.match(value):
            return dt.date(int(m.group(1)), 12, 31)
    except ValueError:
        return None
    return None
