"""Time expressions resolved against the publication date, and the date inferred when none is given.

Requires: the shared parse (``doc.ents`` for DATE/TIME, tags, dependencies, sentences).
Gives: :class:`Timex` items with TIMEX3-style values and, for an undated article, a
:class:`Published` with basis "inferred" and its evidence spans (or a null date and a window).

Steps: :func:`time_finder.find_exprs` (regexes), :func:`time_context.context_of` (tense from the
parse), :mod:`pubdate` (inference), :func:`time_resolve.resolve` (news semantics), and
``dateparser`` as a last resort for spaCy DATE entities in formats the regexes do not know.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from storyline.annotate.parsed import ParsedArticle
from storyline.annotate.pubdate import DateEvidence, Offset, dateline_day, infer
from storyline.annotate.time_context import Context, context_of
from storyline.annotate.time_finder import BLOCKING_LABELS, Expr, find_exprs
from storyline.annotate.time_resolve import Resolved, resolve, shift
from storyline.model import Published, Span, Timex

DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SINCE_BEFORE = re.compile(r"(?i)\bsince\s+(?:(?:an?|the)\s+)?$")
NUMERIC_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
TIME_REF_AFTER = 25  # "6 a.m. on May 19": a day named this close after a clock time is its day
OFFSET_UNITS = frozenset({"D", "W", "M", "Y"})


@dataclass(frozen=True, slots=True)
class Found:
    expr: Expr
    ctx: Context


def extract_time(article: ParsedArticle, published: Published) -> tuple[Published, list[Timex]]:
    found = find_time(article)
    pub = parse_iso(published.date)
    if pub is None:
        published = infer(collect_evidence(found, dateline_day(article.dateline)))
        pub = parse_iso(published.date)
    if pub is None and published.window:
        return published, resolve_in_window(article.body, found, published.window)
    return published, resolve_all(article.body, found, pub)


def find_time(article: ParsedArticle) -> list[Found]:
    doc = article.doc
    date_ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    blocked = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in BLOCKING_LABELS]
    exprs = find_exprs(article.body, date_ents=date_ents, blocked=blocked)
    exprs += _fallback_exprs(article, exprs, date_ents)
    return [Found(e, context_of(doc, e.start, e.end)) for e in sorted(exprs, key=lambda e: e.start)]


def parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# -- starts of periods ----------------------------------------------------------------------------

def _is_start(f: Found) -> bool:
    return f.ctx.start and f.expr.kind in ("date", "month") and f.expr.day is not None


def start_for(found: list[Found], at: int) -> Found | None:
    """The start an ordinal or an "into" duration at ``at`` counts from: a dated "since"/"began"
    day of the article, one with a year first, the nearest before it first."""
    starts = [f for f in found if _is_start(f)]
    if not starts:
        return None
    return min(starts, key=lambda f: (f.expr.year is None, f.expr.start > at, abs(f.expr.start - at)))


def _start_value(f: Found, pub: dt.date | None) -> str | None:
    e = f.expr
    assert e.month and e.day
    if e.year or pub is not None:
        r = resolve(e, f.ctx, pub, pub)
        return r.value if r else None
    return f"XXXX-{e.month:02d}-{e.day:02d}"


# -- inference evidence ---------------------------------------------------------------------------

def collect_evidence(found: list[Found], dateline: tuple[int | None, int, int] | None = None) -> DateEvidence:
    offsets = [o for f in found if (o := _offset(found, f) or _tied_weekday(found, f))]
    anchors = {o.anchor_span for o in offsets} | {o.span for o in offsets if o.kind == "week"}
    return DateEvidence(tuple(offsets), _floor(found, anchors), _lead_weekday(found), dateline)


def _offset(found: list[Found], f: Found) -> Offset | None:
    e = f.expr
    if e.kind == "date" and e.weekday and e.year and not f.ctx.nominal and f.ctx.tense != "future" and not f.ctx.cue:
        day = _safe_day(e)
        return Offset(day.isoformat(), 0, "D", "week", _span(e)) if day and day.isoweekday() == e.weekday else None
    is_nth = e.kind == "ordinal" and e.now
    is_into = e.kind == "duration" and e.count is not None and (
        (e.signal == "into" and f.ctx.tense != "past") or (e.signal == "since" and f.ctx.tense != "future")
    )
    if not (is_nth or is_into) or e.unit not in OFFSET_UNITS or e.count is None:
        return None
    start = start_for(found, e.start)
    anchor = _start_value(start, None) if start else None
    if start is None or anchor is None:
        return None
    kind = "nth" if is_nth else "into"
    return Offset(anchor, e.count, e.unit, kind, _span(e), e.qualifier, _span(start.expr))  # type: ignore[arg-type]


def _tied_weekday(found: list[Found], f: Found) -> Offset | None:
    """"Residents gathered on Saturday ... of September 11, 2023, exactly two months after ...":
    the clause's day is the dated event plus the count, and the weekday that names it ties it down
    (a weekday names a day in the week before publication)."""
    e = f.expr
    if e.kind not in ("duration", "shift") or e.signal != "after" or e.count is None or e.qualifier or e.unit not in OFFSET_UNITS:
        return None
    lo, hi = f.ctx.sentence
    dated = [g for g in found if g.expr.kind == "date" and g.expr.year and lo <= g.expr.start < hi and _safe_day(g.expr)]
    if not dated:
        return None
    anchor = min(dated, key=lambda g: abs(g.expr.start - e.start))
    day = shift(_safe_day(anchor.expr) or dt.date.min, e.unit, e.count)
    named = [g for g in found if g.expr.kind == "weekday" and g.expr.mod is None and lo <= g.expr.start < hi
             and g.expr.weekday == day.isoweekday() and g.ctx.tense != "future"]
    return Offset(day.isoformat(), 0, "D", "week", _span(named[0].expr), None, _span(anchor.expr)) if named else None


def _floor(found: list[Found], anchors: set[Span | None]) -> tuple[dt.date, Span] | None:
    """The latest day the article dates in full in a past-tense or "since" clause."""
    days = [
        (day, _span(f.expr)) for f in found
        if f.expr.kind == "date" and f.expr.year and (f.ctx.start or (f.ctx.tense == "past" and not f.ctx.nominal))
        and _span(f.expr) not in anchors and (day := _safe_day(f.expr))
    ]
    return max(days, key=lambda d: d[0]) if days else None


def _lead_weekday(found: list[Found]) -> tuple[int, Span] | None:
    for f in found:
        e = f.expr
        if e.kind == "weekday" and e.mod is None and not f.ctx.cue and f.ctx.tense != "future":
            return e.weekday or 0, _span(e)
    return None


def _safe_day(e: Expr) -> dt.date | None:
    try:
        return dt.date(e.year or 0, e.month or 0, e.day or 0)
    except ValueError:
        return None


def _span(e: Expr) -> Span:
    return Span(e.text, e.start, e.end)


# -- resolution -----------------------------------------------------------------------------------

def resolve_all(body: str, found: list[Found], pub: dt.date | None) -> list[Timex]:
    timexes: list[Timex] = []
    last_day: dt.date | None = None  # the day the text last named: what "the next day" or "5pm" hang on
    last_report: dt.date | None = None  # the day of the last report ("said Monday"), used when no other
    for i, f in enumerate(found):
        e = f.expr
        day = last_day or last_report
        ref = _time_ref(found, i, day, pub) if e.kind == "time" else (day or pub)
        r = _resolve_one(found, f, pub, ref)
        if r is None:
            continue
        timexes.append(_timex(body, f, r))
        if e.kind in ("date", "weekday", "word") and r.value and DAY_VALUE.match(r.value):
            if f.ctx.report:
                last_report = dt.date.fromisoformat(r.value)
            else:
                last_day = dt.date.fromisoformat(r.value)
    return timexes


def resolve_in_window(body: str, found: list[Found], window: tuple[str, str]) -> list[Timex]:
    """Undated, with a window: a value both ends of the window agree on ("Oct. 7" is 2023-10-07
    for any day from 2024-07-14 to 2024-08-04) is kept, others stay open ("XXXX-WXX-7")."""
    open_ = resolve_all(body, found, None)
    lo, hi = parse_iso(window[0]), parse_iso(window[1])
    if lo is None or hi is None:
        return open_
    at_lo = {(t.start, t.end): t for t in resolve_all(body, found, lo)}
    at_hi = {(t.start, t.end): t for t in resolve_all(body, found, hi)}
    out = []
    for t in open_:
        a, b = at_lo.get((t.start, t.end)), at_hi.get((t.start, t.end))
        same = a is not None and b is not None and a.value == b.value and a.value != t.value
        out.append(replace(t, value=a.value, anchor=None if t.type != "DURATION" else t.anchor) if same and a else t)
    return out


def _resolve_one(found: list[Found], f: Found, pub: dt.date | None, ref: dt.date | None) -> Resolved | None:
    e = f.expr
    start: dt.date | None = None
    anchor: str | None = None
    if e.kind == "ordinal" or (e.kind == "duration" and e.signal in ("into", "since")):
        s = start_for(found, e.start)
        anchor = _start_value(s, pub) if s else None
        start = parse_iso(anchor) if anchor and DAY_VALUE.match(anchor) else None
    if e.kind == "fallback":
        return _fallback_value(e.text, pub)
    r = resolve(e, f.ctx, pub, ref, start)
    if r is not None and e.kind == "duration" and anchor and start is None:
        r = Resolved(r.type, r.value, anchor)  # "XXXX-10-07": the start another article may date
    return r


def _time_ref(found: list[Found], i: int, last_day: dt.date | None, pub: dt.date | None) -> dt.date | None:
    """A clock time's day: one named just after it in its sentence, else the last one named."""
    e = found[i].expr
    for f in found[i + 1:i + 3]:
        if f.expr.start - e.end > TIME_REF_AFTER or f.expr.start >= found[i].ctx.sentence[1]:
            break
        if f.expr.kind in ("date", "weekday", "word") and (r := resolve(f.expr, f.ctx, pub, pub)) and r.value:
            return parse_iso(r.value) if DAY_VALUE.match(r.value) else None
    return last_day or pub


def _timex(body: str, f: Found, r: Resolved) -> Timex:
    e = f.expr
    qualifier = e.qualifier
    if qualifier is None and r.type == "DATE" and SINCE_BEFORE.search(body[max(0, e.start - 12):e.start]):
        qualifier = "since"  # a start point: "since Oct. 7"
    return Timex(text=e.text, start=e.start, end=e.end, type=r.type, value=r.value, qualifier=qualifier, anchor=r.anchor)


# -- fallback: dateparser on spaCy DATE entities the regexes did not read -------------------------

def _fallback_exprs(article: ParsedArticle, exprs: list[Expr], date_ents: list[tuple[int, int]]) -> list[Expr]:
    taken = [(e.start, e.end) for e in exprs]
    out = []
    for start, end in date_ents:
        text = article.body[start:end]
        if NUMERIC_DATE.match(text) and all(end <= s or e <= start for s, e in taken):
            out.append(Expr(text, start, end, "fallback"))
    return out


def _fallback_value(text: str, pub: dt.date | None) -> Resolved | None:
    day = _dateparser(text, pub.isoformat() if pub else None)
    return Resolved("DATE", day.isoformat(), pub.isoformat() if pub else None) if day else None


@lru_cache(maxsize=4096)
def _dateparser(text: str, base: str | None) -> dt.date | None:
    import dateparser  # slow to import and to run: only for numeric dates like "14/07/2024"

    settings: dict[str, object] = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}
    if base:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(base)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None
