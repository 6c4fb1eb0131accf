"""News semantics: the TIMEX3-style value of one expression, given the publication date.

Rules (each pinned by tests/test_time_resolve.py):
- a weekday is the most recent such day on or before publication (the publication day itself
  when it is the same weekday), or the next one on or after it when the clause is in the future;
- a month and day without a year take the year that makes them the most recent occurrence in a
  past-tense clause, the next one in a future clause, the nearest one otherwise (two days of
  slack either way, since publication dates lag the events by a day);
- a month alone is the most recent one (this month included) unless the clause is in the future;
- "last"/"next" move strictly before/after publication; "this week" in a future clause on a
  Sunday is the coming week (the news week starts on Sunday, ISO weeks on Monday);
- "a day after X" is valued as the day of X: one day before the reference date of its clause.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from storyline.annotate.time_context import Context
from storyline.annotate.time_finder import Expr
from storyline.model import TimexType

Direction = Literal["past", "past_strict", "future", "future_strict", "this", "nearest"]
SLACK = dt.timedelta(days=2)
SEASON_ORDER = ("SP", "SU", "FA", "WI")
DAY = dt.timedelta(days=1)
PART_OFFSETS = {"last": -1, "yesterday": -1, "tomorrow": 1, "the next": 1, "the following": 1, "the previous": -1}


@dataclass(frozen=True, slots=True)
class Resolved:
    type: TimexType
    value: str | None
    anchor: str | None = None  # the date (or start) the value was computed from


# -- calendar helpers -----------------------------------------------------------------------------

def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise ValueError(day)


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def month_day(pub: dt.date, month: int, day: int, direction: Direction) -> dt.date | None:
    """The occurrence of a yearless month-day that ``direction`` picks around ``pub``."""
    cands = [c for y in range(pub.year - 4, pub.year + 5) if (c := _safe_date(y, month, day))]
    pick = {
        "past": [c for c in cands if c <= pub + SLACK][-1:],
        "past_strict": [c for c in cands if c < pub][-1:],
        "future": [c for c in cands if c >= pub - SLACK][:1],
        "future_strict": [c for c in cands if c > pub][:1],
        "this": [c for c in cands if c.year == pub.year],
        "nearest": sorted(cands, key=lambda c: (abs((c - pub).days), c > pub))[:1],
    }[direction]
    return pick[0] if pick else None


def month_year(pub: dt.date, month: int, direction: Direction) -> int:
    if direction in ("past", "nearest"):
        return pub.year if month <= pub.month else pub.year - 1
    if direction == "past_strict":
        return pub.year if month < pub.month else pub.year - 1
    if direction == "future":
        return pub.year if month >= pub.month else pub.year + 1
    if direction == "future_strict":
        return pub.year if month > pub.month else pub.year + 1
    return pub.year


def weekday_date(pub: dt.date, weekday: int, direction: Direction) -> dt.date:
    back = (pub.isoweekday() - weekday) % 7
    ahead = (weekday - pub.isoweekday()) % 7
    if direction == "past_strict":
        return pub - dt.timedelta(days=back or 7)
    if direction == "future_strict":
        return pub + dt.timedelta(days=ahead or 7)
    if direction == "future":
        return pub + dt.timedelta(days=ahead)
    return pub - dt.timedelta(days=back)


def weekend(pub: dt.date, direction: Direction) -> str:
    """ISO week of the Saturday-Sunday that ``direction`` picks."""
    saturday = pub - dt.timedelta(days=(pub.isoweekday() - 6) % 7)  # latest Saturday on or before
    if direction == "past_strict":
        saturday -= dt.timedelta(days=7 if pub.isoweekday() in (6, 7) else 0)
    elif direction in ("future", "future_strict") and pub.isoweekday() != 6:
        saturday += dt.timedelta(days=7)
    return iso_week(saturday) + "-WE"


def _season_index(day: dt.date) -> int:
    """A running count of seasons: year * 4 + (spring 0, summer 1, autumn 2, winter 3).

    Winter belongs to the year of its December."""
    if day.month <= 2:
        return (day.year - 1) * 4 + 3
    return day.year * 4 + min(3, (day.month - 3) // 3)


def season(pub: dt.date, name: str, direction: Direction) -> str:
    current, target = _season_index(pub), SEASON_ORDER.index(name)
    strict = 4 if direction in ("past_strict", "future_strict") else 0
    if direction == "this":
        index = current // 4 * 4 + target
    elif direction in ("future", "future_strict"):
        index = current + ((target - current) % 4 or strict)
    else:
        index = current - ((current - target) % 4 or strict)
    return f"{index // 4}-{SEASON_ORDER[index % 4]}"


def at_granularity(day: dt.date, unit: str) -> str:
    if unit == "Y":
        return str(day.year)
    if unit == "M":
        return f"{day.year}-{day.month:02d}"
    if unit in ("W", "2W"):
        return iso_week(day)
    if unit == "DE":
        return str(day.year // 10)
    if unit == "CE":
        return str(day.year // 100)
    return day.isoformat()


def shift(day: dt.date, unit: str, count: float) -> dt.date:
    if unit in ("M", "Y", "DE", "CE"):
        months = {"M": 1, "Y": 12, "DE": 120, "CE": 1200}[unit] * count
        return add_months(day, round(months))
    days = {"D": 1, "W": 7, "2W": 14}.get(unit, 0) * count
    return day + dt.timedelta(days=round(days))


def duration_value(unit: str, count: float | None) -> str:
    n = "X" if count is None else (str(int(count)) if count == int(count) else f"{count:g}")
    if unit == "2W":
        return "PXW" if count is None else f"P{2 * count:g}W"
    if unit in ("H", "MIN", "S"):
        return f"PT{n}{'M' if unit == 'MIN' else unit}"
    return f"P{n}{unit}"


# -- the rules ------------------------------------------------------------------------------------

def direction_of(e: Expr, ctx: Context, default: Direction) -> Direction:
    if e.mod in ("last", "past", "previous"):
        return "past_strict"
    if e.mod in ("next", "coming", "following"):
        return "future_strict"
    if ctx.since:
        return "past"
    if ctx.cue:
        return "future"
    if ctx.start and ctx.tense != "future":
        return "past"
    if ctx.nominal:  # "the Sept. 8 vote": the verb's tense is not the date's, unless it looks ahead
        return "future" if ctx.tense == "future" else default
    if e.mod == "this" and ctx.tense == "unknown":
        return "this"
    return {"past": "past", "future": "future"}.get(ctx.tense, default)  # type: ignore[return-value]


def resolve(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None = None) -> Resolved | None:
    """The type and value of ``e``; ``ref`` is the day its clause is about (the last day named
    before it, else ``pub``), ``start`` the start of the period an ordinal counts in."""
    rule = _RULES.get(e.kind)
    return rule(e, ctx, pub, ref, start) if rule else None


def _date(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved:
    assert e.month and e.day
    if e.year:
        day = _safe_date(e.year, e.month, e.day)
        return Resolved("DATE", day.isoformat() if day else None)
    if pub is None:
        return Resolved("DATE", f"XXXX-{e.month:02d}-{e.day:02d}")
    day = month_day(pub, e.month, e.day, direction_of(e, ctx, "nearest"))
    return Resolved("DATE", day.isoformat() if day else None, pub.isoformat())


def _month(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved:
    assert e.month
    if e.year:
        return Resolved("DATE", f"{e.year}-{e.month:02d}")
    if pub is None:
        return Resolved("DATE", f"XXXX-{e.month:02d}")
    if e.unit == "Y":  # "November last year"
        year = pub.year + {"last": -1, "next": 1}.get(e.mod or "", 0)
    else:
        year = month_year(pub, e.month, direction_of(e, ctx, "past"))
    return Resolved("DATE", f"{year}-{e.month:02d}", pub.isoformat())


def _year(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved:
    assert e.year
    return Resolved("DATE", str(e.year if e.kind == "year" else e.year // 10))


def _season(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved:
    assert e.unit
    if e.year:
        return Resolved("DATE", f"{e.year}-{e.unit}")
    if pub is None:
        return Resolved("DATE", None)
    return Resolved("DATE", season(pub, e.unit, direction_of(e, ctx, "past")), pub.isoformat())


def _weekday(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved:
    assert e.weekday
    if pub is None:
        return Resolved("DATE", f"XXXX-WXX-{e.weekday}")
    direction = direction_of(e, ctx, "past")
    day = weekday_date(pub, e.weekday, "past" if direction in ("this", "nearest") else direction)
    return Resolved("DATE", day.isoformat(), pub.isoformat())


def _relative(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved:
    assert e.unit
    base = ref if e.mod in ("previous", "following") else pub
    if base is None:
        return Resolved("DATE", None)
    direction = direction_of(e, ctx, "past")
    if e.unit == "WE":
        return Resolved("DATE", weekend(base, direction), base.isoformat())
    step = {"past_strict": -1, "future_strict": 1}.get(direction, 0)
    if e.unit == "W" and step == 0 and ctx.tense == "future" and base.isoweekday() == 7:
        step = 1  # on a Sunday, "will ... this week" is the week starting that day
    return Resolved("DATE", at_granularity(shift(base, e.unit, step), e.unit), base.isoformat())


def _word(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved:
    offset = {"yesterday": -1, "tomorrow": 1}.get(e.mod or "", 0)
    kind: TimexType = "TIME" if e.mod == "tonight" else "DATE"
    return Resolved(kind, (pub + offset * DAY).isoformat() if pub else None, pub.isoformat() if pub else None)


def _part(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved:
    offset = PART_OFFSETS.get(e.mod or "", 0)
    if e.mod == "last" and e.unit != "night":
        return Resolved("TIME", None)  # "last morning" is not said; "last evening" is rare and vague
    base = pub if e.mod in ("last", "this", "yesterday", "tomorrow") else ref
    return Resolved("TIME", (base + offset * DAY).isoformat() if base else None, base.isoformat() if base else None)


def _ago(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved:
    assert e.unit and e.count is not None
    if pub is None:
        return Resolved("DATE", None)
    sign = 1 if e.signal == "from now" else -1
    unit = "M" if e.unit == "Y" and e.count != int(e.count) else e.unit
    return Resolved("DATE", at_granularity(shift(pub, e.unit, sign * e.count), unit), pub.isoformat())


def _shift(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved:
    assert e.unit and e.count is not None
    if ref is None:
        return Resolved("DATE", None)
    sign = 1 if e.signal in ("before", "later") else -1
    unit = "D" if e.unit in ("H", "MIN", "S", "W", "2W") else e.unit
    return Resolved("DATE", at_granularity(shift(ref, e.unit, sign * e.count), unit), ref.isoformat())


def _ordinal(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved | None:
    assert e.unit and e.count is not None
    if start is not None:
        return Resolved("DATE", at_granularity(shift(start, e.unit, e.count - 1), e.unit), start.isoformat())
    if e.now and pub is not None:
        return Resolved("DATE", at_granularity(pub, e.unit), pub.isoformat())
    return None  # "the third day" of something whose start the article does not give


def _time(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved:
    clock = f"T{e.hour:02d}:{e.minute or 0:02d}"
    return Resolved("TIME", (ref.isoformat() if ref else "XXXX-XX-XX") + clock, ref.isoformat() if ref else None)


def _duration(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved:
    assert e.unit
    return Resolved("DURATION", duration_value(e.unit, e.count), start.isoformat() if start else None)


def _set(e: Expr, ctx: Context, pub: dt.date | None, ref: dt.date | None, start: dt.date | None) -> Resolved:
    if e.weekday:
        return Resolved("SET", f"XXXX-WXX-{e.weekday}")
    return Resolved("SET", e.unit if e.unit in ("TMO", "TNI") else duration_value(e.unit or "D", 1))


_RULES = {
    "date": _date, "month": _month, "year": _year, "decade": _year, "season": _season, "weekday": _weekday,
    "relative": _relative, "word": _word, "part": _part, "ago": _ago, "shift": _shift, "ordinal": _ordinal,
    "time": _time, "duration": _duration, "set": _set,
}
