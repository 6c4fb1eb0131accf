"""Publication-date inference: what the text itself says about when it was written.

Evidence (:class:`DateEvidence`) is of three kinds:
- offsets from a stated start: "now in its 172nd day" of a war "since October 7, 2023" pins the
  day; "more than nine months into" the offensive "since an Oct. 7 attack" leaves a month;
- a floor: an article is not older than the latest past event it dates in full;
- the weekday of the lead ("spoke by phone Sunday"), used only to pick a day inside a window
  the other evidence has already narrowed to a week or less.

:func:`infer` gives a date only when the evidence pins one day; otherwise the date stays null and
``window`` records the earliest and latest consistent days. When the start has no year ("Oct. 7"),
the window is written ``XXXX-07-08``..``XXXX-08-06``. Across articles, the linker narrows it::

    evidence = evidence_from(doc.published, doc.timexes, doc.dateline)  # the undated article
    anchors = unresolved_anchors(evidence)                     # [UnresolvedAnchor("XXXX-10-07", ...)]
    starts = stated_dates(other.timexes)                       # {"XXXX-10-07": [date(2023, 10, 7)], ...}
    published = narrow(evidence, starts)                       # window 2024-07-14..2024-08-04 (Sundays)
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from storyline.annotate.time_finder import find_exprs
from storyline.annotate.time_lexicon import lexicon
from storyline.annotate.time_resolve import shift
from storyline.model import Dateline, Published, Span, Timex

PIN_DAYS = 7  # a window this short may be pinned by the lead's weekday; longer ones stay null
WEEKDAY_SPAN = 400  # windows longer than this are not narrowed to one weekday
HALF_UNIT = {"D": 0, "W": 3, "M": 15, "Y": 182}
FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
FLOATING = re.compile(r"^XXXX-(\d{2})-(\d{2})$")
PROXY_YEAR = 2001  # a common year to lay out a window whose start has no year
Starts = Mapping[str, Sequence[dt.date]]  # a yearless start ("XXXX-10-07") -> the dates other articles give it


@dataclass(frozen=True, slots=True)
class Offset:
    """The publication date is ``count`` ``unit``s after the start ``anchor``, read with ``qualifier``.

    kind "nth": "now in its 172nd day" (day 1 is the start); "into": "more than nine months into",
    "367 days since" (a count of days is read one day either way: counts and reports lag); "week":
    a weekday written out with its date ("on Wednesday, April 3, 2024"), which news copy does only
    within the week before publication (AP style), so publication is 0 to 6 days after it.
    """

    anchor: str  # "2023-10-07", or "XXXX-10-07" when the article gives no year
    count: float
    unit: str  # D, W, M, Y
    kind: Literal["nth", "into", "week"]
    span: Span
    qualifier: str | None = None
    anchor_span: Span | None = None


@dataclass(frozen=True, slots=True)
class DateEvidence:
    offsets: tuple[Offset, ...] = ()
    floor: tuple[dt.date, Span] | None = None  # the latest past event the article dates in full
    weekday: tuple[int, Span] | None = None  # ISO weekday of the lead's report
    dateline: tuple[int | None, int, int] | None = None  # (year, month, day) of "WASHINGTON, July 14 (Reuters)"


@dataclass(frozen=True, slots=True)
class UnresolvedAnchor:
    """A start the article names without a year ("since an Oct. 7 attack"): another article may date it."""

    value: str  # "XXXX-10-07"
    month: int
    day: int
    text: str
    start: int
    end: int


# -- windows --------------------------------------------------------------------------------------

def offset_window(o: Offset, start: dt.date) -> tuple[dt.date, dt.date]:
    """Inclusive bounds of the publication date implied by one offset from ``start``."""
    one = dt.timedelta(days=1)
    n = int(o.count)
    if o.kind == "nth":
        return shift(start, o.unit, n - 1), shift(start, o.unit, n) - one
    if o.kind == "week":
        return start, start + dt.timedelta(days=6)
    at, next_ = shift(start, o.unit, n), shift(start, o.unit, n + 1) - one
    if o.unit == "D" and o.qualifier is None:
        return at - one, at + one
    if o.qualifier in ("more than", "at least"):
        return at + (one if o.qualifier == "more than" else dt.timedelta()), next_
    if o.qualifier in ("nearly", "less than", "up to"):
        return shift(start, o.unit, n - 1) + one, at - (one if o.qualifier != "up to" else dt.timedelta())
    if o.qualifier == "about":
        half = dt.timedelta(days=HALF_UNIT.get(o.unit, 0))
        return at - half, at + half
    return at, next_


def _floating_parts(value: str) -> tuple[int, int] | None:
    m = FLOATING.match(value)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _full_date(value: str | None) -> dt.date | None:
    if value and FULL_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _anchor_date(anchor: str, starts: Starts) -> list[dt.date]:
    day = _full_date(anchor)
    return [day] if day else list(starts.get(anchor, ()))


def _intersect(windows: Iterable[tuple[dt.date | None, dt.date | None]]) -> tuple[dt.date | None, dt.date | None]:
    lo: dt.date | None = None
    hi: dt.date | None = None
    for a, b in windows:
        lo = a if lo is None or (a is not None and a > lo) else lo
        hi = b if hi is None or (b is not None and b < hi) else hi
    return lo, hi


def _absolute_window(ev: DateEvidence, starts: Starts) -> tuple[dt.date | None, dt.date | None, list[Span]]:
    """Bounds from the offsets whose start is dated (here or in ``starts``) and from the floor.

    A start dated several ways (two stated years) gives the union of its windows."""
    windows: list[tuple[dt.date | None, dt.date | None]] = []
    used: list[Span] = []
    for o in ev.offsets:
        options = [offset_window(o, day) for day in _anchor_date(o.anchor, starts)]
        if options:
            windows.append((min(a for a, _ in options), max(b for _, b in options)))
            used += [o.span] + ([o.anchor_span] if o.anchor_span else [])
    if ev.floor and windows:
        windows.append((ev.floor[0], None))
        used.append(ev.floor[1])
    lo, hi = _intersect(windows)
    return lo, hi, used


def _weekday_days(lo: dt.date, hi: dt.date, weekday: int) -> list[dt.date]:
    first = lo + dt.timedelta(days=(weekday - lo.isoweekday()) % 7)
    return [first + dt.timedelta(days=7 * k) for k in range((hi - first).days // 7 + 1)] if first <= hi else []


def _dateline_days(lo: dt.date, hi: dt.date, month: int, day: int) -> list[dt.date]:
    found = (_safe(y, month, day) for y in range(lo.year, hi.year + 1))
    return [d for d in found if d and lo <= d <= hi]


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _decide(lo: dt.date, hi: dt.date, ev: DateEvidence, used: list[Span], weekly_only: bool) -> Published:
    """Pin a day when the window is one day, when the dateline's day leaves one, or (in a week or
    less) by the lead's weekday; otherwise keep the window, narrowed to the lead's weekday."""
    days: list[dt.date] | None = None
    if ev.dateline:
        days = _dateline_days(lo, hi, ev.dateline[1], ev.dateline[2])
        if not days:  # the dateline's day is outside the window: one of them is wrong, pin nothing
            return Published(None, "unknown", tuple(sorted(set(used), key=lambda s: s.start)), (lo.isoformat(), hi.isoformat()))
    weekday_days: list[dt.date] = []
    if ev.weekday and (hi - lo).days <= WEEKDAY_SPAN and not weekly_only:
        weekday_days = [d for d in days or _weekday_days(lo, hi, ev.weekday[0]) if d.isoweekday() == ev.weekday[0]]
    pinned = lo if lo == hi else days[0] if days is not None and len(days) == 1 else None
    lead = None
    if pinned is None and ev.weekday and (hi - lo).days < PIN_DAYS:
        lead = pinned = _lead_day(lo, min(hi, lo + dt.timedelta(days=1)) if weekly_only else hi, ev.weekday[0])
    spans = [*used, ev.weekday[1]] if (weekday_days or lead) and ev.weekday else used
    evidence = tuple(sorted(set(spans), key=lambda s: s.start))
    if pinned is not None:
        return Published(pinned.isoformat(), "inferred", evidence)
    left = weekday_days or days or [lo, hi]
    return Published(None, "unknown", evidence, (left[0].isoformat(), left[-1].isoformat()))


def _lead_day(lo: dt.date, hi: dt.date, weekday: int) -> dt.date | None:
    """The lead reports the publication day, or else the day before: the day in the window whose
    weekday is the lead's, else the one right after it. A window from a dated weekday alone is cut
    to its first two days by the caller (the lead is then close to that date, or nothing is said)."""
    span = [lo + dt.timedelta(days=k) for k in range((hi - lo).days + 1)]
    same = [d for d in span if d.isoweekday() == weekday]
    after = [d for d in span if (d - dt.timedelta(days=1)).isoweekday() == weekday]
    found = same or after
    return found[0] if found else None


def _floating_window(ev: DateEvidence) -> Published | None:
    """Lay out the offsets from an undated start in a proxy year: the window without its year."""
    floating = [o for o in ev.offsets if _floating_parts(o.anchor)]
    if not floating:
        return None
    anchor = floating[0].anchor
    month, day = _floating_parts(anchor) or (1, 1)
    proxy = dt.date(PROXY_YEAR - 1 if (month, day) == (2, 29) else PROXY_YEAR, month, day)
    same = [o for o in floating if o.anchor == anchor]
    lo, hi = _intersect(offset_window(o, proxy) for o in same)
    if lo is None or hi is None or lo > hi:
        return None
    spans = sorted({s for o in same for s in (o.span, o.anchor_span) if s} | ({ev.weekday[1]} if ev.weekday else set()),
                   key=lambda s: s.start)
    if ev.dateline and (on_dateline := _dateline_days(lo, hi, ev.dateline[1], ev.dateline[2])):
        lo = hi = on_dateline[0]
    return Published(None, "unknown", tuple(spans), ("XXXX" + lo.isoformat()[4:], "XXXX" + hi.isoformat()[4:]))


def infer(ev: DateEvidence, starts: Starts | None = None) -> Published:
    """The publication date the evidence pins, or null with the window it leaves."""
    if ev.dateline and ev.dateline[0] and (day := _safe(*ev.dateline)):  # type: ignore[arg-type]
        return Published(day.isoformat(), "inferred")  # the dateline is outside the body: no span to show
    lo, hi, used = _absolute_window(ev, starts or {})
    if lo is not None and hi is not None:
        if lo > hi:
            return Published(None, "unknown")  # the evidence contradicts itself: claim nothing
        return _decide(lo, hi, ev, used, weekly_only=all(o.kind == "week" for o in ev.offsets))
    return _floating_window(ev) or _dateline_window(ev) or Published(None, "unknown")


def _dateline_window(ev: DateEvidence) -> Published | None:
    if not ev.dateline:
        return None
    md = f"XXXX-{ev.dateline[1]:02d}-{ev.dateline[2]:02d}"
    return Published(None, "unknown", (ev.weekday[1],) if ev.weekday else (), (md, md))


def narrow(ev: DateEvidence, starts: Starts) -> Published:
    """:func:`infer` again, with the starts other articles date ("October 7, 2023" for "XXXX-10-07")."""
    return infer(ev, starts)


# -- across articles ------------------------------------------------------------------------------

def unresolved_anchors(ev: DateEvidence) -> list[UnresolvedAnchor]:
    out: dict[str, UnresolvedAnchor] = {}
    for o in ev.offsets:
        parts = _floating_parts(o.anchor)
        if parts and o.anchor not in out:
            mention = o.anchor_span or o.span
            out[o.anchor] = UnresolvedAnchor(o.anchor, parts[0], parts[1], mention.text, mention.start, mention.end)
    return list(out.values())


def stated_dates(timexes: Iterable[Timex]) -> dict[str, list[dt.date]]:
    """Full dates an article states, keyed by their yearless form: {"XXXX-10-07": [2023-10-07]}."""
    out: dict[str, list[dt.date]] = defaultdict(list)
    for t in timexes:
        day = _full_date(t.value) if t.type == "DATE" and re.search(r"\d{4}", t.text) else None
        if day and day not in out[f"XXXX-{day.month:02d}-{day.day:02d}"]:
            out[f"XXXX-{day.month:02d}-{day.day:02d}"].append(day)
    return dict(out)


ORDINAL_TEXT = re.compile(r"(?i)(\d+)(?:st|nd|rd|th)|([a-z]+)")
ORDINAL_UNITS = ("day", "week", "month", "year")
DURATION_VALUE = re.compile(r"^P(\d+(?:\.\d+)?)([DWMY])$")


def dateline_day(dateline: Dateline | None) -> tuple[int | None, int, int] | None:
    """(year, month, day) of the date a dateline gives ("WASHINGTON, July 14 (Reuters)")."""
    if dateline is None or not dateline.date:
        return None
    days = [e for e in find_exprs(dateline.date) if e.kind == "date" and e.month and e.day]
    return (days[0].year, days[0].month or 0, days[0].day or 0) if days else None


def evidence_from(published: Published, timexes: Sequence[Timex], dateline: Dateline | None = None) -> DateEvidence:
    """Rebuild the evidence of an undated Document from its timexes and ``published.evidence``.

    Durations with an ``anchor`` are "into" offsets, ordinals with one "nth" offsets, a weekday
    name the lead's weekday, and a full date that anchors nothing the floor; ``dateline`` is the
    Document's."""
    at = {(t.start, t.end): t for t in timexes}
    used = [at[(s.start, s.end)] for s in published.evidence if (s.start, s.end) in at]
    anchors = {t.value: t for t in used if t.type == "DATE" and t.value and (FLOATING.match(t.value) or FULL_DATE.match(t.value))}
    offsets = [o for t in used if (o := _offset_of(t, anchors))]
    anchored = {o.anchor for o in offsets}  # a week offset's anchor is its own date: not a floor too
    weekday = next(((lexicon().weekdays[t.text.lower()], _span(t)) for t in used if t.text.lower() in lexicon().weekdays), None)
    floors = [(d, _span(t)) for t in used if (d := _full_date(t.value)) and t.value not in anchored and t.text.lower()
              not in lexicon().weekdays and not ORDINAL_TEXT.fullmatch(t.text.split()[0])]
    floor = max(floors, key=lambda f: f[0]) if floors else None
    return DateEvidence(tuple(offsets), floor, weekday, dateline_day(dateline))


def _span(t: Timex) -> Span:
    return Span(t.text, t.start, t.end)


def _offset_of(t: Timex, anchors: Mapping[str, Timex]) -> Offset | None:
    words = t.text.lower().replace(",", " ").split()
    if t.type == "DATE" and t.value and FULL_DATE.match(t.value) and words and words[0] in lexicon().weekdays \
            and re.search(r"\d{4}", t.text):  # "Wednesday, April 3, 2024", not a bare "Tuesday"
        return Offset(t.value, 0, "D", "week", _span(t))
    if not t.anchor:
        return None
    anchor_span = _span(anchors[t.anchor]) if t.anchor in anchors else None
    if t.type == "DURATION" and t.value and (m := DURATION_VALUE.match(t.value)):
        return Offset(t.anchor, float(m.group(1)), m.group(2), "into", _span(t), t.qualifier, anchor_span)
    if t.type == "DATE" and len(words) >= 2 and (n := _ordinal_number(words[0])) and words[-1] in ORDINAL_UNITS:
        return Offset(t.anchor, float(n), lexicon().units[words[-1]], "nth", _span(t), None, anchor_span)
    return None


def _ordinal_number(word: str) -> int | None:
    m = ORDINAL_TEXT.fullmatch(word)
    if not m:
        return None
    return int(m.group(1)) if m.group(1) else lexicon().ordinals.get(word.lower())

