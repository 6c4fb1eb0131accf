"""When a figure holds: ``as_of`` (the date it was counted) and ``since`` (start of a running count).

Requires: the article's time expressions (``Timex`` items with TIMEX3 values) and the parse.
A time expression without a value gets a simple reading of its text here ("Sunday", "Oct. 7",
"last July", "2014"), so figures are dated even before time expressions are resolved.
Word list: ``data/figure_calendar.txt``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from storyline.annotate.figure_numbers import rows
from storyline.model import Timex
from storyline.resources import table, word_list

_CALENDAR_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b")
_AGO = re.compile(r"\b(\w+) (day|week|month|year)s? ago\b")
_PERFECT_AUX = {"has", "have", "'ve", "’ve"}  # present perfect: a count still running ("had" is not)
_LOOKBACK = re.compile(r"\b(?:past|previous|last|preceding)\s+(?:(\S+)\s+)?(hour|day|week)s?\b", re.I)
_FIRST_MONTHS = re.compile(r"\bfirst (\w+) months(?: of)?\W*$|\bfirst (\w+) months\b")
_HOURS = {"hour": 1, "day": 24, "week": 24 * 7}
_BASES = {"from", "than", "versus", "vs", "vs."}
CARRY_SENTENCES = 4  # how far back "have since been killed" looks for its "since Oct. 7"
MAX_DISTANCE = 12  # edges in the parse; a date further away dates another event


@dataclass(frozen=True)
class Dated:
    """A calendar date in the sentence of a figure: where it is and how it reads."""

    value: str  # YYYY, YYYY-MM or YYYY-MM-DD
    root: Token
    start: int  # token span
    end: int
    since: bool  # "since Oct. 7", "since the war began on ..."
    modifier: bool  # "Saturday's protest", "the Oct. 12 agreement": names another event
    comparison: bool = False  # "up 7% on 2024", "from last year": a base, not the figure's date
    begins: Token | None = None  # "tariffs imposed in September": the noun whose state began then
    period: tuple[str, str] | None = None  # (since, as_of) of "the first nine months of this year"
    future: bool = False  # "at the end of next year", "in 2025": a projection, made as of publication


@cache
def _calendar() -> dict[str, tuple[str, int]]:
    return {word: (kind, int(number)) for word, kind, number in rows("figure_calendar")}


def calendar_value(timex: Timex, published: dt.date | None) -> str | None:
    """The timex's value as a calendar date, or a simple reading of its text."""
    if timex.type not in ("DATE", "TIME"):
        return None
    value = timex.value or read_date(timex.text, published)
    quarter = re.match(r"^(\d{4})-[QH]\d$", value or "")
    if quarter:
        return quarter.group(1)  # its stretch is read by _period
    m = _CALENDAR_VALUE.match(value or "")
    if not m:
        return None  # weeks, seasons, decades, "PRESENT_REF"
    return "-".join(part for part in m.groups() if part)


def read_date(text: str, published: dt.date | None) -> str | None:
    """ "Sunday", "Oct. 7", "October 7, 2023", "last July", "December last year", "2014"."""
    words = re.findall(r"[a-z]+|\d+", text.lower())
    cal = _calendar()
    months = [cal[w][1] for w in words if cal.get(w, ("", 0))[0] == "month"]
    weekdays = [cal[w][1] for w in words if cal.get(w, ("", 0))[0] == "weekday"]
    year_m = _YEAR.search(text)
    year = int(year_m.group(1)) if year_m else None
    if months:
        return _month_date(text, months[0], year, published)
    if year:
        return str(year)
    if published is None:
        return None
    if weekdays:
        back = (published.weekday() - weekdays[0]) % 7
        return (published - dt.timedelta(days=back)).isoformat()
    return _relative(" ".join(words), published)


def _month_date(text: str, month: int, year: int | None, published: dt.date | None) -> str | None:
    rest = _YEAR.sub(" ", text)
    day_m = _DAY.search(rest)
    day = int(day_m.group(1)) if day_m and 1 <= int(day_m.group(1)) <= 31 else None
    if year is None and "last year" in text.lower() and published:
        year = published.year - 1
    if year is None:
        if published is None:
            return None
        year = published.year
        latest = published + dt.timedelta(days=7)  # "March 10" a week ahead is this year's
        if (month, day or 1) > (latest.month, latest.day) or "last" in text.lower().split():
            year -= 1
    try:
        return dt.date(year, month, day).isoformat() if day else f"{year:04d}-{month:02d}"
    except ValueError:
        return None


def _relative(text: str, published: dt.date) -> str | None:
    simple = {
        "today": published.isoformat(), "tonight": published.isoformat(),
        "yesterday": (published - dt.timedelta(days=1)).isoformat(),
        "last night": (published - dt.timedelta(days=1)).isoformat(),
        "this year": str(published.year), "last year": str(published.year - 1),
        "this month": published.isoformat()[:7],
        "last month": (published.replace(day=1) - dt.timedelta(days=1)).isoformat()[:7],
    }
    for phrase, value in simple.items():
        if phrase in text:
            return value
    m = _AGO.search(text)
    if m and m.group(1).isdigit():
        n, unit = int(m.group(1)), m.group(2)
        if unit == "year":
            return str(published.year - n)
        if unit == "day":
            return (published - dt.timedelta(days=n)).isoformat()
    return None


def sentence_dates(doc: Doc, text: str, sent: Span, timexes: list[Timex], published: dt.date | None) -> list[Dated]:
    """Calendar dates of the sentence. A future date marks a projection, which is as of publication
    (a count is not dated in the future)."""
    found: list[Dated] = []
    for timex in timexes:
        if not (sent.start_char <= timex.start and timex.end <= sent.end_char):
            continue
        value = calendar_value(timex, published)
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if value is None or span is None:
            continue
        future = published is not None and value > published.isoformat()[:len(value)]
        before = [t.lower_ for t in doc[max(sent.start, span.start - 3):span.start]]
        starts_range = bool(before) and before[-1] in ("between", "from") and _range_end(doc, span, timexes) is not None
        found.append(Dated(value, _date_root(span.root), span.start, span.end,
                           since=starts_range or _is_since(doc, span, sent.start), modifier=_is_modifier(span.root),
                           comparison=not starts_range and _is_comparison(before, value, span.root,
                                                                          _phrase_before(doc, span, sent.start)),
                           begins=_begins(span.root),
                           period=_period(timex, value, text[max(0, timex.start - 30):timex.start]),
                           future=future))
    return found


def _phrase_before(doc: Doc, span: Span, sent_start: int, width: int = 5) -> list[str]:
    """The words of the noun phrase leading to the date, back to a verb or punctuation."""
    words: list[str] = []
    for token in reversed(doc[max(sent_start, span.start - width):span.start]):
        if token.pos_ in ("VERB", "AUX", "PUNCT", "CCONJ", "SCONJ"):
            break
        words.append(token.lower_)
    return words


def _range_end(doc: Doc, span: Span, timexes: list[Timex]) -> Timex | None:
    """ "between January 26 and 30": the second date of a stretch."""
    after = doc[span.end:span.end + 1]
    if not len(after) or after[0].lower_ not in ("and", "to", "-", "–", "through", "until"):
        return None
    return next((t for t in timexes if after.end_char < t.start <= after.end_char + 1), None)


def _is_comparison(before: list[str], value: str, root: Token, phrase: list[str]) -> bool:
    """ "up £300,000 from last year", "an increase of 7% on 2024", "compared with 2023",
    "doubling its share from the last election in 2021"."""
    last = before[-1] if before else ""
    if _BASES & set(phrase):  # "from the last election in 2021"
        return True
    if last in _BASES or (last == "on" and len(value) == 4) or " ".join(before[-2:]) in ("compared with", "compared to"):
        return True
    for node in root.ancestors:
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "acl":  # "from four projected in September" goes on
            return False
        if node.lower_ in _BASES:
            return True
    return False


def _date_root(root: Token) -> Token:
    """ "Tuesday evening": the phrase's place in the parse is the day part's."""
    while root.head.i != root.i and root.head.lower_ in _calendar() and root.dep_ in ("compound", "nmod", "npadvmod"):
        root = root.head
    return root


def _begins(root: Token) -> Token | None:
    """ "tariffs imposed in September", "a state of emergency declared last July"."""
    from storyline.annotate.figure_metric import lookup

    verb = next((a for a in root.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is not None and verb.dep_ == "acl" and lookup(verb.lower_, "begins"):
        return verb.head
    return None


def _period(timex: Timex, value: str, before: str) -> tuple[str, str] | None:
    """(since, as_of) of a stretch of a year: "the first nine months of this year", "2019-Q1"."""
    from storyline.annotate.figure_numbers import number_words

    year = value[:4]
    m = re.match(r"^(\d{4})-(Q([1-4])|H([12]))$", timex.value or "")
    if m:
        months = 3 * int(m.group(3)) if m.group(3) else 6 * int(m.group(4))
        span = 3 if m.group(3) else 6
        return f"{m.group(1)}-{months - span + 1:02d}", f"{m.group(1)}-{months:02d}"
    first = _FIRST_MONTHS.search(timex.text.lower()) or _FIRST_MONTHS.search(before.lower())
    if first and len(value) == 4:
        n = first.group(1) or first.group(2)
        count = int(n) if n.isdigit() else int(number_words().get(n, (0.0, ""))[0])
        if 1 <= count <= 12:
            return f"{year}-01", f"{year}-{count:02d}"
    return None


def _is_modifier(root: Token) -> bool:
    """ "Saturday's protest", "the Oct. 12 agreement" (not "Tuesday evening")."""
    head = root.head
    return (root.dep_ in ("poss", "compound", "nmod", "amod") and head.pos_ in ("NOUN", "PROPN")
            and head.lower_ not in _calendar())


def lookback_hours(sent: Span, timexes: list[Timex]) -> int | None:
    """ "in the previous 24 hours", "over the past two weeks": a count's window, in hours."""
    from storyline.annotate.figure_numbers import number_words

    for timex in timexes:
        if sent.start_char <= timex.start < sent.end_char and (m := _LOOKBACK.search(timex.text)):
            n = (m.group(1) or "one").lower()
            count = int(n) if n.isdigit() else int(number_words().get(n, (0.0, ""))[0])
            if count:
                return count * _HOURS[m.group(2).lower()]
    return None


def _is_since(doc: Doc, span: Span, sent_start: int) -> bool:
    """ "since Oct. 7", "since an Oct. 7 attack", "since the war began on Oct. 7"."""
    if any(t.lower_ == "since" for t in doc[max(sent_start, span.start - 3):span.start]):
        return True
    for node in span.root.ancestors:
        if node.lower_ == "since" or any(c.dep_ == "mark" and c.lower_ == "since" for c in node.children):
            return True
        if node.pos_ in ("VERB", "AUX"):
            return False
    return False


def distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence in the dependency tree."""
    depth = {a.i: 0}
    for n, node in enumerate(a.ancestors, 1):
        depth[node.i] = n
    for n, node in enumerate([b, *b.ancestors]):
        if node.i in depth:
            return depth[node.i] + n
    return 99


def same_claim(anchor: Token, date: Token) -> bool:
    """The date is near the figure's words in the parse and not outside a relative clause holding
    them ("killed on Monday after Ghani rejected a deal that would see the release of 5,000")."""
    if distance(anchor, date) > MAX_DISTANCE:
        return False
    above_date = {a.i for a in (date, *date.ancestors)}
    for node in (anchor, *anchor.ancestors):
        if node.i in above_date:
            return True
        if node.dep_ == "relcl":
            return node.head.i in above_date  # "the attack last year, when a bomber killed 63"
    return True


def is_cumulative(anchor: Token) -> bool:
    """ "have since been killed", "has been damaged", "to have cleared": a running count."""
    for node in (anchor, anchor.head):
        children = list(node.children)
        if any(c.lower_ == "since" and c.dep_ == "advmod" for c in children):
            return True
        if any(c.dep_ == "aux" and c.lower_ in _PERFECT_AUX for c in children):
            return node.tag_ == "VBN"
    return False


@dataclass(frozen=True)
class Context:
    """What earlier sentences say about time: the last "since ..." and the last dates of the paragraph."""

    published: str | None
    carried_since: str | None = None
    paragraph_dates: tuple[str, ...] = ()
    lookback: int | None = None  # hours, from "in the previous 24 hours"
    last_date: str | None = None  # the earliest date of the last sentence naming one ("since then")


def pick_dates(anchor: Token, own: tuple[int, int], dates: list[Dated], context: Context,
               reporting: frozenset[str] = frozenset()) -> tuple[str | None, str | None]:
    """(as_of, since) for a figure whose words are tokens ``own`` and whose claim hangs on ``anchor``."""
    ancestors = {a.i for a in anchor.ancestors}
    past = [d for d in dates if not d.future]
    own_time = [d for d in dates if (d.root.i in ancestors and not d.comparison)  # "October 2007, when 139 died"
                or (not d.since and d.begins is None and (own[0] <= d.start < own[1] or _under(d, own)))]
    inside = [d for d in own_time if _under(d, own) or (  # "four projected in September"
        own[0] <= d.start < own[1] and not any(a.dep_ == "relcl" for a in d.root.ancestors if a.i >= own[0]))]
    since_dates = [d for d in past if d.since and d not in own_time]
    began = [d for d in past if d.begins is not None and own[0] <= d.begins.i < own[1]]
    described = _described(anchor)
    plain = [d for d in dates if d in own_time or (not d.since and d.root.head.i in described)
             or (not d.since and not d.comparison and d.begins is None and same_claim(anchor, d.root)
                 and not _describes_other(d, anchor, own) and (not d.modifier or own[0] <= d.start < own[1]))]
    since = min(since_dates, key=lambda d: distance(anchor, d.root)).value if since_dates else None
    since = since or (began[0].value if began else None)
    nearest = (next(iter(inside), None) or _stretch(plain, anchor, ancestors, context.published)
               or _reported(plain, ancestors, reporting) or _next_to(plain, dates, own, anchor)
               or (min(plain, key=lambda d: (distance(anchor, d.root), abs(d.start - anchor.i))) if plain else None))
    if nearest is not None and nearest.future:
        return context.published, since  # "expected to reach 4.3% by the end of next year": a forecast made now
    if nearest is not None and nearest.period is not None:
        return nearest.period[1], since or nearest.period[0]
    cumulative = is_cumulative(anchor)
    as_of = nearest.value if nearest is not None else _undated(context, cumulative)
    if (as_of and context.published and len(as_of) < 10 and context.published.startswith(as_of)
            and (cumulative or _so_far(anchor))):
        since = since or (f"{as_of}-01" if len(as_of) == 4 else as_of)
        as_of = context.published  # "so far this year": a count still running
    if since is None and cumulative:
        if nearest is not None and _started(nearest, anchor, context, reporting):
            return context.published, nearest.value  # "carried out an offensive in June and have cleared 90%"
        earliest = min(context.paragraph_dates) if context.paragraph_dates else None  # the story's start
        if any(c.lower_ == "since" for c in anchor.children):  # "have since been killed": the "since" before
            since = context.carried_since or earliest or context.last_date
        else:  # "The war began in April 2023 ... It has killed 24,000"
            since = earliest or context.carried_since
        since = since if since != as_of else None
    if since is None and context.lookback and as_of and len(as_of) == 10:
        since = (dt.date.fromisoformat(as_of) - dt.timedelta(hours=context.lookback)).isoformat()
    return as_of, since


def _describes_other(date: Dated, anchor: Token, own: tuple[int, int]) -> bool:
    """ "The company, founded in 1926, employs 210,000": the date a clause gives for when something
    began to exist dates that thing, not the figure (origin verbs: ``data/figure_origin_verbs.txt``)."""
    above_anchor = {a.i for a in (anchor, *anchor.ancestors)}
    for node in date.root.ancestors:
        if own[0] <= node.i < own[1] or node.i in above_anchor:
            return False
        if node.dep_ in ("acl", "relcl") and node.pos_ in ("VERB", "AUX"):
            return node.lower_ in _origin_verbs()
    return False


@cache
def _origin_verbs() -> frozenset[str]:
    return frozenset(word_list("figure_origin_verbs"))


def _under(date: Dated, own: tuple[int, int]) -> bool:
    """The date hangs under the figure's own words, not through a base ("from", "than") first."""
    for node in date.root.ancestors:  # through a participle modifying the figure ("four projected in ...")
        if own[0] <= node.i < own[1] or node.lower_ in _BASES or (node.pos_ in ("VERB", "AUX") and node.dep_ != "acl"):
            return False
        if node.dep_ == "acl":
            return own[0] <= node.head.i < own[1]  # "the bank, founded in 1894, employs ..." modifies another noun
    return False


def _described(anchor: Token) -> set[int]:
    """The noun a relative clause holding the figure describes: "the 1957 flood, which killed 81"."""
    for node in (anchor, *anchor.ancestors):
        if node.dep_ == "relcl":  # "the 1957 flood in Valencia city, which ...": the clause may hang on "city"
            head = node.head
            above = head.head.head if head.dep_ == "pobj" and head.head.dep_ == "prep" else head
            return {head.i, above.i}
        if node.dep_ in ("ccomp", "advcl"):
            break
    return set()


def _stretch(plain: list[Dated], anchor: Token, ancestors: set[int], published: str | None) -> Dated | None:
    """ "exports grew 5.9% last year, data showed Monday": a flow over a year or month is dated
    by that stretch, not by the day it was reported."""
    stretches = []
    for date in plain:
        verb = next((a for a in date.root.ancestors if a.pos_ in ("VERB", "AUX")), None)
        ended = not (published or "").startswith(date.value)  # "this year" is still running: as of today
        on_figure = verb is not None and (verb.i == anchor.i or verb.i in ancestors)
        if len(date.value) < 10 and ended and not date.future and on_figure:
            stretches.append(date)
    return min(stretches, key=lambda d: distance(anchor, d.root)) if stretches else None


def _next_to(plain: list[Dated], dates: list[Dated], own: tuple[int, int], anchor: Token) -> Dated | None:
    """ "1,373 by early Sunday", "down from 3.1% on Tuesday": a date right after the figure's words,
    also in a comparison when the figure is the base itself."""
    words = anchor.doc[own[0]:own[1]]
    bases = {a.i for t in words for a in t.ancestors if a.lower_ in _BASES}
    for d in dates:
        if 0 <= d.start - own[1] <= 2 and not d.since and (
                d in plain or (d.comparison and any(a.i in bases for a in d.root.ancestors))):
            return d
    return None


def _reported(plain: list[Dated], ancestors: set[int], reporting: frozenset[str]) -> Dated | None:
    """ "killing five people on Sunday, officials said Monday": a toll is as of its report."""
    for date in plain:
        verb = next((a for a in date.root.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is not None and verb.i in ancestors and verb.lower_ in reporting:
            return date
    return None


def _so_far(anchor: Token) -> bool:
    return any(t.lower_ in ("far", "date") and t.nbor(-1).lower_ in ("so", "to") for t in anchor.sent if t.i > 0)


def _undated(context: Context, cumulative: bool) -> str | None:
    """A figure the sentence does not date: as of the paragraph's last date, else of publication.
    A running count ("have been killed") is as of publication, or of a report day just before it."""
    last = context.paragraph_dates[-1] if context.paragraph_dates else None
    if last is None or (cumulative and not _recent(last, context.published)):
        return context.published
    return last


@cache
def event_words() -> dict[str, str]:
    """Word -> kind of event (vote, gathering) whose figures hold on the day it happened."""
    return {row["word"]: row["kind"] for row in table("figure_event_days")}


def event_days(dates: list[Dated], published: str | None) -> dict[str, str]:
    """Kind of event -> the past day the sentence puts one on: "Saturday's election" (named by the
    event itself) before "voted on Saturday" or "ousted him on Wednesday in a no-confidence vote"."""
    scored: dict[str, tuple[int, str]] = {}
    for date in dates:
        for kind, strength in _event_strengths(date, published).items():
            scored[kind] = max(scored.get(kind, (0, "")), (strength, date.value))
    return {kind: value for kind, (_, value) in scored.items()}


def _event_strengths(date: Dated, published: str | None) -> dict[str, int]:
    if len(date.value) != 10 or date.future or date.since or date.comparison or (published and date.value > published):
        return {}
    words = event_words()
    root = date.root
    found: dict[str, int] = {}
    if root.dep_ in ("poss", "compound", "nmod", "amod") and (kind := words.get(root.head.lower_)):
        found[kind] = 2
    verb = next((a for a in root.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is not None:
        held_in = [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "in" for o in c.children if o.dep_ == "pobj"]
        for word in (verb.lower_, *(o.lower_ for o in held_in)):  # "voted on Saturday", "ousted him ... in a vote"
            if (kind := words.get(word)) and kind not in found:
                found[kind] = 1
    return found


def _recent(value: str, published: str | None, days: int = 7) -> bool:
    if published is None or len(value) != 10:
        return False
    return 0 <= (dt.date.fromisoformat(published) - dt.date.fromisoformat(value)).days <= days


def _started(date: Dated, anchor: Token, context: Context, reporting: frozenset[str]) -> bool:
    """A past date on another verb than a running count's: when the count started."""
    verb = next((a for a in date.root.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.i == anchor.i or verb.lower_ in reporting:
        return False
    return distance(anchor, date.root) > 2 and context.published is not None and date.value < context.published
