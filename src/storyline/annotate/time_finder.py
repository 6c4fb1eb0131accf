"""Find time expressions in a body with cheap regexes: what each one says, before any resolution.

Gives :class:`Expr` items with minimal spans ("Friday" in "early on Friday", "Tuesday" in
"Tuesday night") and the parts the resolver needs (month, day, modifier, count, unit...).
spaCy's DATE entities are consulted only to admit bare years ("the 1995 slaying") and to refuse
month names inside names ("April Ryan"); see :func:`find_exprs`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache

from storyline.annotate.time_lexicon import Lexicon, lexicon

# kinds: date (month+day, maybe year), month, year, decade, season, weekday, relative ("last week"),
# word ("yesterday"), part (of day: "last night"), ago, shift ("a day after", "two days later"),
# time, ordinal ("172nd day"), duration, set


@dataclass(frozen=True, slots=True)
class Expr:
    """One time expression as written; ``text == body[start:end]``."""

    text: str
    start: int
    end: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    mod: str | None = None  # last, next, this, past, coming, previous, following...
    unit: str | None = None  # D, W, M, Y, DE, CE, H, MIN, S, WE (weekend), SP/SU/FA/WI (seasons)
    count: float | None = None  # None for "months" or "several days"
    qualifier: str | None = None  # "more than"
    signal: str | None = None  # ago, after, before, later, earlier, into, since
    hour: int | None = None
    minute: int | None = None
    zone: str | None = None
    now: bool = False  # an ordinal in the present: "now in its 172nd day"


DATE_PREPS = frozenset({
    "in", "since", "until", "till", "by", "from", "through", "throughout", "during", "early", "mid", "late", "of",
    "last", "next", "this", "before", "after", "between", "and", "or", "to", "around",
})
STRONG_YEAR_PREPS = frozenset({
    "in", "since", "until", "till", "through", "throughout", "during", "before", "after", "between", "by", "early", "mid", "late",
})
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
TIME_WORDS = (
    r"second|minute|hour|day|week|fortnight|month|year|decade|centur|morning|afternoon|evening|night|today|"
    r"tomorrow|tonight|noon|midnight|midday|spring|summer|autumn|fall|winter"
)
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")  # keeps every offset
COUNTED_NOUN_AFTER = re.compile(r"\s+[a-z]+s\b(?<!\bis)(?<!\bwas)(?<!\bas)")  # "in 2000 homes": a count, not a year
DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "this", "that", "s"})
BLOCKING_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "LAW"})


def _title(words: Iterable[str]) -> list[str]:
    return [w[:1].upper() + w[1:] for w in words]


@dataclass(frozen=True)
class _Patterns:
    full_date: re.Pattern[str]
    day_month: re.Pattern[str]
    month_year: re.Pattern[str]
    iso_date: re.Pattern[str]
    month_rel_year: re.Pattern[str]
    month: re.Pattern[str]
    year: re.Pattern[str]
    decade: re.Pattern[str]
    season_rel: re.Pattern[str]
    season_year: re.Pattern[str]
    weekday: re.Pattern[str]
    weekday_set: re.Pattern[str]
    every: re.Pattern[str]
    word: re.Pattern[str]
    relative: re.Pattern[str]
    weekend: re.Pattern[str]
    next_day: re.Pattern[str]
    part: re.Pattern[str]
    counted: re.Pattern[str]
    vague: re.Pattern[str]
    clock: re.Pattern[str]
    clock24: re.Pattern[str]
    military: re.Pattern[str]
    noon: re.Pattern[str]
    ordinal: re.Pattern[str]
    range_tail: re.Pattern[str]
    triggers: dict[str, tuple[re.Pattern[str], int, int]]  # name -> (word, chars before, chars after)


@cache
def _patterns() -> _Patterns:
    lx = lexicon()
    alt = lx.alternation
    mon = alt(_title(lx.months))
    mon_named = alt(_title(m for m in lx.months if m not in lx.word_months or m in ("may", "march")))
    wd = alt(_title(lx.weekdays))
    day = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:.,]\d|\d|\s*[ap]\.?m\b|%)"
    year = r"(?P<year>(?:1[6-9]|20)\d\d)(?![\d%])"
    num = alt(lx.numbers) + r"|\d[\d,]*(?:\.\d+)?"
    units = alt(lx.units)
    quals = alt(lx.qualifiers)
    mods = r"last|next|this|past|coming"
    zones = alt(lx.zones)
    return _Patterns(
        full_date=re.compile(
            rf"(?<![\w$£€])(?:(?P<wd>{wd}),?\s+)?(?:(?P<mod>(?i:{mods}))\s+)?(?P<mon>{mon})\s*{day}"
            rf"(?:(?:,\s*|\s+){year})?"
        ),
        day_month=re.compile(
            rf"(?<![\w$£€.,])(?:(?P<wd>{wd}),?\s+)?(?:the\s+)?{day}(?:\s+of)?\s+(?P<mon>{mon_named})(?![\w])"
            rf"(?:,?\s+{year})?"
        ),
        month_year=re.compile(rf"(?<![\w])(?P<mon>{mon_named})\.?,?\s+(?:of\s+)?{year}"),
        iso_date=re.compile(r"(?<![\w./-])(?P<year>(?:1[6-9]|20)\d\d)-(?P<mon>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?![\w/-])"),
        month_rel_year=re.compile(rf"(?<![\w])(?P<mon>{mon_named})\s+(?P<mod>last|next|this)\s+year\b"),
        month=re.compile(rf"(?<![\w])(?:(?P<mod>(?i:{mods}))\s+)?(?P<mon>{mon_named})(?![\w'’-])"),
        year=re.compile(rf"(?<![\w$£€.,/:])(?<!\d-){year}(?![\w/]|,\d|\.\d)"),
        decade=re.compile(r"(?<![\w$])(?:(?i:the)\s+)?(?P<dec>(?:1[6-9]|20)\d)0s\b"),
        season_rel=re.compile(rf"(?i:(?P<mod>{mods})\s+(?P<season>spring|summer|autumn|fall|winter))\b"),
        season_year=re.compile(rf"(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)(?:\s+of)?\s+{year}"),
        weekday=re.compile(rf"(?<![\w])(?:(?P<mod>(?i:{mods}))\s+)?(?P<wd>{wd})(?![\w])"),
        weekday_set=re.compile(rf"(?<![\w])(?:(?i:on)\s+)(?P<wd>{wd})s\b"),
        every=re.compile(
            rf"(?i:\b(?:every|each)\s+(?:other\s+)?)(?:(?P<wd>{wd})|(?P<unit>(?i:day|week|month|year|morning|night)))\b"
        ),
        word=re.compile(r"(?i:\b(?P<word>today|yesterday|tomorrow|tonight)\b)"),
        relative=re.compile(
            r"(?i:\b(?P<mod>this|last|next|past|coming|previous|following|current)\s+"
            r"(?P<unit>week|month|year|decade|century)\b)"
        ),
        weekend=re.compile(r"(?i:\b(?P<det>over\s+the|at\s+the|on\s+the|during\s+the|the|this|last|next|that)\s+)(?P<we>weekend)\b"),
        next_day=re.compile(r"(?i:\bthe\s+(?P<mod>next|following|previous|same)\s+day)\b"),
        part=re.compile(
            r"(?i:\b(?P<mod>this|last|yesterday|tomorrow|that|the\s+next|the\s+following|the\s+previous|the)\s+"
            r"(?P<part>morning|afternoon|evening|night))\b"
        ),
        counted=re.compile(
            rf"(?<![\w'’])(?i:(?:(?P<qual>{quals})\s+)?(?:(?P<the>the)\s+(?P<lead>past|last|next|first|previous|coming)\s+)?"
            rf"(?P<num>{num})(?P<half>\s+and\s+a\s+half)?(?:\s+(?:full|whole|entire|straight|consecutive))?[\s-]+(?P<unitw>(?P<unit>{units})s?)(?P<half2>\s+and\s+a\s+half)?"
            r"(?P<adj>-(?:long|old))?\b"
            r"(?:\s+(?P<sig>ago|later|earlier|after|before|into|since|from\s+now))?)(?![\w-])"
        ),
        vague=re.compile(
            r"(?i:\b(?:(?P<pre>for|recent|past|the\s+past|the\s+last|many|several|few|in\s+recent|over)\s+"
            r"(?P<unit>years|months|weeks|days|decades|hours|minutes|centuries)\b"
            r"|(?P<unit2>hours|days|weeks|months|years|decades)-(?:long|old)\b))"
        ),
        clock=re.compile(r"(?<![\w:.])(?<!:\s)(?P<h>1[0-2]|0?[1-9])(?::(?P<m>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]\.m\b|[ap]m\b|[AP]M\b)"),
        clock24=re.compile(rf"(?<![\w:.$])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![\d:])(?:\s*(?P<zone>{zones})(?![A-Za-z]))?"),
        military=re.compile(rf"(?<![\w:.,$])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s*(?P<zone>{zones})(?![A-Za-z])"),
        noon=re.compile(r"(?i:\b(?:at|by|until|till|before|after|around|past|from|to)\s+)(?P<word>(?i:noon|midnight|midday))\b"),
        ordinal=re.compile(
            rf"(?<![\w'’])(?i:(?P<det>its|their|the|a|his|her|our)\s+)(?P<ord>\d{{1,3}}(?:,\d{{3}})*(?:st|nd|rd|th)|(?i:{alt(lx.ordinals)}))\s+"
            r"(?:(?i:straight|consecutive|successive)\s+)?(?P<unit>(?i:day|week|month|year))\b"
        ),
        triggers={
            "month": (re.compile(mon), 30, 30),
            "weekday": (re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"), 20, 10),
            "word": (re.compile(TIME_WORDS), 60, 40),  # matched on the lowercased body
            "digit": (re.compile(r"\d+"), 10, 15),
        },
        range_tail=re.compile(
            r"\s*(?:-|–|—|to|and|through|until)\s*(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
            r"(?=\s*(?:[,.;:)]|$)|\s+(?:in|to|at|on|of|for|and|or|ahead|when|with|as|after|before|this|next|but|while|"
            r"is|was|will|were|are|(?:19|20)\d\d)\b)"
        ),
    )


def find_exprs(body: str, *, date_ents: Iterable[tuple[int, int]] = (), blocked: Iterable[tuple[int, int]] = ()) -> list[Expr]:
    """Every time expression in ``body``, in order, without overlaps (longest first).

    ``date_ents`` are spaCy's DATE/TIME spans (they admit bare years), ``blocked`` the spans of
    names a month word must not be read inside ("April Ryan", "Theresa May").
    """
    t = _Text(body, _patterns(), lexicon(), list(date_ents), list(blocked))
    found: list[Expr] = []
    for finder in _FINDERS:
        found.extend(finder(t))
    return _without_overlaps(found)


class _Text:
    """The body, and the stretches of it near a trigger word: only those are scanned (speed)."""

    def __init__(self, body: str, p: _Patterns, lx: Lexicon, ents: list[tuple[int, int]], names: list[tuple[int, int]]):
        self.body, self.p, self.lx, self.ents, self.names = body, p, lx, ents, names
        self._regions: dict[str, list[tuple[int, int]]] = {}

    def scan(self, pattern: re.Pattern[str], trigger: str) -> Iterator[re.Match[str]]:
        if trigger not in self._regions:
            text = _lower(self.body) if trigger == "word" else self.body
            self._regions[trigger] = _regions(text, *self.p.triggers[trigger])
        for lo, hi in self._regions[trigger]:
            yield from pattern.finditer(self.body, lo, hi)


def _lower(body: str) -> str:
    lowered = body.lower()
    return lowered if len(lowered) == len(body) else body.translate(ASCII_LOWER)  # "İ" lowercases to two characters


def _regions(body: str, trigger: re.Pattern[str], back: int, ahead: int) -> list[tuple[int, int]]:
    """Merged windows around every trigger match, widened to word boundaries."""
    out: list[tuple[int, int]] = []
    for m in trigger.finditer(body):
        lo, hi = max(0, m.start() - back), min(len(body), m.end() + ahead)
        while lo > 0 and not body[lo - 1].isspace():
            lo -= 1
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _without_overlaps(found: list[Expr]) -> list[Expr]:
    taken: list[Expr] = []
    for e in sorted(found, key=lambda e: (-(e.end - e.start), e.start)):
        if all(e.end <= t.start or t.end <= e.start for t in taken):
            taken.append(e)
    return sorted(taken, key=lambda e: e.start)


def _expr(body: str, start: int, end: int, kind: str, **fields: object) -> Expr:
    while end > start and body[end - 1] in " ,":
        end -= 1
    return Expr(body[start:end], start, end, kind, **fields)  # type: ignore[arg-type]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _word_before(body: str, start: int) -> str:
    m = re.search(r"([A-Za-z]+)[\s-]*$", body[max(0, start - 20):start])
    return m.group(1).lower() if m else ""


def _mod(m: re.Match[str]) -> str | None:
    mod = m.groupdict().get("mod")
    return mod.lower() if mod else None


# -- calendar dates -------------------------------------------------------------------------------

def _dates(t: _Text) -> Iterator[Expr]:
    body, p, lx = t.body, t.p, t.lx
    for pat in (p.full_date, p.day_month):
        for m in t.scan(pat, "month"):
            month = lx.months[m.group("mon").lower()]
            day, year = int(m.group("day")), m.group("year")
            mod = _mod(m) if not year else None
            start = m.start("mod") if mod else (m.start("wd") if m.group("wd") else m.start())
            weekday = lx.weekdays[m.group("wd").lower()] if m.group("wd") else None
            yield _expr(body, start, m.end(), "date", year=int(year) if year else None, month=month, day=day,
                        weekday=weekday, mod=mod)
            if not year and pat is p.full_date:
                yield from _range_tail(body, p, m.end(), month, day)
    for m in t.scan(p.iso_date, "digit"):
        year, month, day = (int(m.group(g)) for g in ("year", "mon", "day"))
        yield _expr(body, m.start(), m.end(), "date", year=year, month=month, day=day)


def _range_tail(body: str, p: _Patterns, at: int, month: int, first: int) -> Iterator[Expr]:
    """The "25" of "May 23-25" or "between May 23 and 25": a second day of the same month."""
    m = p.range_tail.match(body, at)
    if m and first < int(m.group("day")) <= 31:
        yield _expr(body, m.start("day"), m.end(), "date", month=month, day=int(m.group("day")))


def _months(t: _Text) -> Iterator[Expr]:
    body, p, lx = t.body, t.p, t.lx
    for m in t.scan(p.month_year, "month"):
        yield _expr(body, m.start(), m.end(), "month", month=lx.months[m.group("mon").lower()], year=int(m.group("year")))
    for m in t.scan(p.month_rel_year, "month"):
        yield _expr(body, m.start(), m.end(), "month", month=lx.months[m.group("mon").lower()], unit="Y", mod=m.group("mod"))
    for m in t.scan(p.month, "month"):
        name, mod = m.group("mon").lower(), _mod(m)
        if _inside(m.start("mon"), m.end("mon"), t.names):
            continue
        if name in lx.word_months and not mod and _word_before(body, m.start()) not in DATE_PREPS:
            continue
        yield _expr(body, m.start(), m.end(), "month", month=lx.months[name], mod=mod)


def _years(t: _Text) -> Iterator[Expr]:
    body, p = t.body, t.p
    for m in t.scan(p.year, "digit"):
        before = _word_before(body, m.start())
        if COUNTED_NOUN_AFTER.match(body, m.end()) and before not in DETERMINERS:
            continue  # "in 2000 homes" (but "the 2014 elections", "its 2025 figures")
        if _inside(m.start(), m.end(), t.ents) or before in STRONG_YEAR_PREPS:
            yield _expr(body, m.start(), m.end(), "year", year=int(m.group("year")))
    for m in t.scan(p.decade, "digit"):
        yield _expr(body, m.start(), m.end(), "decade", year=int(m.group("dec")) * 10)
    for m in t.scan(p.season_rel, "word"):
        yield _expr(body, m.start(), m.end(), "season", unit=SEASONS[m.group("season").lower()], mod=_mod(m))
    for m in t.scan(p.season_year, "word"):
        yield _expr(body, m.start(), m.end(), "season", unit=SEASONS[m.group("season").lower()], year=int(m.group("year")))


def _weekdays(t: _Text) -> Iterator[Expr]:
    body, p, lx = t.body, t.p, t.lx
    for m in t.scan(p.weekday, "weekday"):
        yield _expr(body, m.start(), m.end(), "weekday", weekday=lx.weekdays[m.group("wd").lower()], mod=_mod(m))
    for m in t.scan(p.weekday_set, "weekday"):
        yield _expr(body, m.start("wd"), m.end(), "set", weekday=lx.weekdays[m.group("wd").lower()])
    for m in t.scan(p.every, "word"):
        weekday = lx.weekdays[m.group("wd").lower()] if m.group("wd") else None
        word = (m.group("unit") or "").lower()
        unit = {"morning": "TMO", "night": "TNI"}.get(word, lx.units.get(word))
        yield _expr(body, m.start(), m.end(), "set", weekday=weekday, unit=unit)


# -- relative expressions -------------------------------------------------------------------------

def _relatives(t: _Text) -> Iterator[Expr]:
    body, p, lx = t.body, t.p, t.lx
    for m in t.scan(p.word, "word"):
        yield _expr(body, m.start(), m.end(), "word", mod=m.group("word").lower())
    for m in t.scan(p.relative, "word"):
        mod, unit = m.group("mod").lower(), lx.units[m.group("unit").lower()]
        if mod == "past":  # "over the past week" is a stretch of time, not a calendar week
            yield _expr(body, m.start(), m.end(), "duration", unit=unit, count=1.0)
        else:
            yield _expr(body, m.start(), m.end(), "relative", unit=unit, mod=mod)
    for m in t.scan(p.weekend, "word"):
        det = " ".join(m.group("det").lower().split())
        start = m.start() if det in ("this", "last", "next", "that") else m.start("we")
        yield _expr(body, start, m.end(), "relative", unit="WE", mod=det if det in ("this", "last", "next") else None)
    for m in t.scan(p.next_day, "word"):
        mod = m.group("mod").lower()
        shift = {"next": "later", "following": "later", "previous": "earlier"}.get(mod)
        yield _expr(body, m.start(), m.end(), "shift", unit="D", count=0.0 if mod == "same" else 1.0, signal=shift or "later")
    for m in t.scan(p.part, "word"):
        mod = " ".join(m.group("mod").lower().split())
        if mod == "the" and _word_before(body, m.start()) not in ("in", "during", "by", "until"):
            continue
        yield _expr(body, m.start(), m.end(), "part", mod=mod, unit=m.group("part").lower())


def _counted(t: _Text) -> Iterator[Expr]:
    """"nine months", "five years ago", "a day after", "more than nine months into"."""
    body, p, lx = t.body, t.p, t.lx
    for m in t.scan(p.counted, "word"):
        raw = m.group("num").lower()
        unit = lx.units[m.group("unit").lower()]
        if unit == "S" and raw in ("a", "an") and not m.group("unitw").endswith("s"):
            continue  # "a second term"
        count = lx.numbers[raw] if raw in lx.numbers else float(raw.replace(",", ""))
        if count is not None and (m.group("half") or m.group("half2")):
            count += 0.5
        qual = lx.qualifiers.get(" ".join(m.group("qual").lower().split())) if m.group("qual") else None
        sig = " ".join(m.group("sig").lower().split()) if m.group("sig") else None
        start = m.start("the") if m.group("the") and not m.group("qual") else m.start()
        if _is_shift(body, m.start(), sig, unit, count, qual):
            kind = "ago" if sig in ("ago", "from now") else "shift"
            yield _expr(body, start, m.end(), kind, unit=unit, count=count, signal=sig)
        else:
            end = m.end("half2") if m.group("half2") else m.end("adj") if m.group("adj") else m.end("unitw")
            end = m.end("sig") if sig in ("ago", "later", "earlier", "from now") else end
            yield _expr(body, start, end, "duration", unit=unit, count=count, qualifier=qual,
                        signal=sig if sig in ("into", "since", "after", "before") else None)


def _is_shift(body: str, start: int, sig: str | None, unit: str, count: float | None, qual: str | None) -> bool:
    """A dated point ("five years ago", "two days later", "a day after the vote"), not a stretch.

    "After"/"before" make one only in days or weeks, and never after a range ("six to eight months")."""
    if sig not in ("ago", "later", "earlier", "after", "before", "from now") or count is None or qual is not None:
        return False
    if unit in ("H", "MIN", "S"):
        return False
    ranged = re.search(r"(?:\bto|-|–|\bor)\s*$", body[max(0, start - 6):start])
    return sig not in ("after", "before") or (unit in ("D", "W") and not ranged)


def _vague(t: _Text) -> Iterator[Expr]:
    body, p, lx = t.body, t.p, t.lx
    for m in t.scan(p.vague, "word"):
        word = (m.group("unit") or m.group("unit2")).lower()
        start = m.start("unit") if m.group("unit") else m.start()
        if m.group("pre") and m.group("pre").lower() in ("recent", "past", "the past", "the last", "in recent"):
            start = m.start("pre") if not m.group("pre").lower().startswith("in ") else m.start("pre") + 3
        yield _expr(body, start, m.end(), "duration", unit=lx.units[word.rstrip("s").replace("centurie", "century")])


# -- clock times and ordinals ---------------------------------------------------------------------

def _times(t: _Text) -> Iterator[Expr]:
    body, p = t.body, t.p
    for m in t.scan(p.clock, "digit"):
        hour = int(m.group("h")) % 12 + (12 if m.group("ampm").lower().startswith("p") else 0)
        yield _expr(body, m.start(), m.end(), "time", hour=hour, minute=int(m.group("m") or 0))
    for pat in (p.clock24, p.military):
        for m in t.scan(pat, "digit"):
            if pat is p.clock24 and not m.group("zone") and not _inside(m.start(), m.end(), t.ents):
                continue  # "3:15" alone may be a score or a ratio
            yield _expr(body, m.start(), m.end(), "time", hour=int(m.group("h")), minute=int(m.group("m")), zone=m.group("zone"))
    for m in t.scan(p.noon, "word"):
        word = m.group("word").lower()
        yield _expr(body, m.start("word"), m.end(), "time", hour=0 if word == "midnight" else 12, minute=0)


NOW_BEFORE = re.compile(r"(?i)(?:\b(?:now|currently|still|already)\s+in|\b(?:enter|mark|reach)(?:s|ed|ing)?)\s*$")


def _ordinals(t: _Text) -> Iterator[Expr]:
    body, p, lx = t.body, t.p, t.lx
    for m in t.scan(p.ordinal, "word"):
        raw = m.group("ord").lower()
        n = int(raw[:-2].replace(",", "")) if raw[:1].isdigit() else lx.ordinals[raw]
        now = bool(NOW_BEFORE.search(body[max(0, m.start() - 30):m.start()]))
        yield _expr(body, m.start("ord"), m.end(), "ordinal", count=float(n), unit=lx.units[m.group("unit").lower()], now=now)


_FINDERS = (_dates, _months, _years, _weekdays, _relatives, _counted, _vague, _times, _ordinals)


def with_span(expr: Expr, body: str, start: int, end: int) -> Expr:
    return replace(expr, text=body[start:end], start=start, end=end)
