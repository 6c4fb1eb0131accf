"""Figure series: one count (a death toll, a number displaced) followed across outlets and over time.

Figures of one metric join a series when they belong to one story or storyline, name compatible
subjects and places, are of one order of magnitude and lie within ``WINDOW`` days of each other.
Each series lists its values by ``as_of`` date with the outlets that reported each and who was
first, and flags where sources part:

- a disagreement: two outlets give values for the same as-of date whose ranges do not meet once
  their qualifiers are allowed for ("at least 90" vs "at least 71"; "about 1,200" meets "1,210");
- a revision: a later figure below an earlier "at least" or "more than" one.

Syndicated copies repeat their original: they are listed as reporting the value, never counted
as a second source disagreeing or agreeing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from storyline.resources import word_list

WINDOW = 14  # days: figures farther apart are different counts even on one storyline
SCALE = 3.0  # values further apart than this factor count different things (a strike vs a war)
_LOWER = {"at least", "more than", "over", "above", "exceeding", "upwards of"}
_UPPER = {"nearly", "almost", "up to", "fewer than", "less than", "under", "below", "close to"}
_BAND = 0.1  # what "about 90", "at least 90", "nearly 90" allow around 90
_WORD = re.compile(r"[^\W\d_]+")


class Reader(Protocol):
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class Report:
    """One figure as one article gave it."""

    doc_id: str
    outlet: str | None
    published: str | None
    value: float
    value_max: float | None
    qualifier: str | None
    as_of: str | None
    text: str
    start: int
    end: int
    source: str | None
    subject: str | None
    place: str | None
    unit: str | None = None
    copy_of: str | None = None

    def band(self) -> tuple[float, float]:
        """The values this report allows, its qualifier read generously."""
        q = (self.qualifier or "exact").lower()
        if self.value_max is not None:
            return self.value, self.value_max
        if q in _LOWER:
            return self.value, self.value * (1 + _BAND)
        if q in _UPPER:
            return self.value * (1 - _BAND), self.value
        if q == "exact":
            return self.value, self.value
        return self.value * (1 - _BAND), self.value * (1 + _BAND)


@dataclass
class Point:
    """One value on one as-of date, with every article that reported it (first one first)."""

    as_of: str | None
    value: float
    qualifier: str | None
    reports: list[Report]

    @property
    def first(self) -> Report:
        return self.reports[0]

    @property
    def outlets(self) -> list[str]:
        return sorted({r.outlet for r in self.reports if r.outlet})


@dataclass
class Series:
    id: str
    metric: str
    unit: str | None
    group: str  # the storyline or story it follows
    subject: str | None
    place: str | None
    points: list[Point] = field(default_factory=list)
    disagreements: list[tuple[Report, Report]] = field(default_factory=list)
    revisions: list[tuple[Report, Report]] = field(default_factory=list)


FIGURE_ROWS = (
    "SELECT f.doc_id, f.metric, f.value, f.value_max, f.qualifier, f.unit, f.subject, f.place, f.as_of, "
    "f.source, f.text, f.start, f.\"end\", d.outlet, d.published, d.story, "
    "(SELECT min(l.dst) FROM links l WHERE l.kind = 'copy_of' AND l.src = f.doc_id) AS copy_of "
    "FROM figures f JOIN documents d ON d.id = f.doc_id"
)


def figure_series(store: Reader, *, metric: str | None = None, subject: str | None = None) -> list[Series]:
    """Every series in the store (of one metric, about a subject matching ``subject``, when given)."""
    where, params = ("WHERE f.metric = ?", [metric]) if metric else ("", [])
    rows = store.rows(f"{FIGURE_ROWS} {where} ORDER BY f.doc_id, f.start", params)
    lines = {r["src"]: r["dst"] for r in store.rows("SELECT src, dst FROM links WHERE kind = 'in_storyline'")}
    series = build_series(rows, lines)
    if subject:
        wanted = subject.casefold()
        series = [s for s in series if any(wanted in (r.subject or "").casefold() or wanted in (r.place or "").casefold()
                                           for p in s.points for r in p.reports)]
    return series


def build_series(rows: Iterable[dict[str, Any]], storylines: dict[str, str]) -> list[Series]:
    """Group figure rows (``FIGURE_ROWS``) into series; disagreements and revisions found."""
    groups: dict[tuple[str, str], list[Report]] = {}
    for row in rows:
        group = storylines.get(row["story"] or "") or row["story"] or row["doc_id"]
        groups.setdefault((row["metric"], group), []).append(_report(row))
    out = []
    for (metric, group), reports in sorted(groups.items()):
        out += _split(metric, group, reports)
    return sorted(out, key=lambda s: (s.metric, s.points[0].as_of or "", s.id))


def _report(row: dict[str, Any]) -> Report:
    return Report(row["doc_id"], row["outlet"], row["published"], float(row["value"]), row["value_max"], row["qualifier"],
                  row["as_of"], row["text"], row["start"], row["end"], row["source"], row["subject"], row["place"],
                  row["unit"], row.get("copy_of"))


def _split(metric: str, group: str, reports: list[Report]) -> list[Series]:
    """Series within one group: figures linked when they may count the same thing."""
    parent = list(range(len(reports)))
    for i in range(len(reports)):
        for j in range(i + 1, len(reports)):
            if _same_count(reports[i], reports[j]):
                parent[_root(parent, j)] = _root(parent, i)
    members: dict[int, list[Report]] = {}
    for n, item in enumerate(reports):
        members.setdefault(_root(parent, n), []).append(item)
    return [_series(metric, group, items) for items in members.values()]


def _root(parent: list[int], n: int) -> int:
    while parent[n] != n:
        parent[n] = parent[parent[n]]
        n = parent[n]
    return n


def _same_count(a: Report, b: Report) -> bool:
    """Whether two figures may count the same thing: checked for every pair a flag is raised on."""
    if a.unit and b.unit and a.unit != b.unit:
        return False
    low, high = sorted((max(a.value, 1e-9), max(b.value, 1e-9)))
    return high / low <= SCALE and _near_in_time(a.as_of, b.as_of) and _compatible(a.subject, b.subject) \
        and _compatible(a.place, b.place)


def _near_in_time(a: str | None, b: str | None) -> bool:
    da, db = _date(a), _date(b)
    return da is None or db is None or abs((da - db).days) <= WINDOW


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None


def _compatible(a: str | None, b: str | None) -> bool:
    """Unnamed fits anything; two named subjects must share a word ("Palestinians", "Palestinians in Gaza")."""
    if not a or not b:
        return True
    stop = frozenset(word_list("link_stopwords"))
    words_a = {w.lower() for w in _WORD.findall(a)} - stop
    words_b = {w.lower() for w in _WORD.findall(b)} - stop
    return not words_a or not words_b or bool(words_a & words_b)


def _series(metric: str, group: str, items: list[Report]) -> Series:
    reports = sorted(items, key=_report_order)
    units = [r.unit for r in items if r.unit]
    series = Series(f"{metric}:{group}:{reports[0].doc_id}:{reports[0].start}", metric,
                    max(set(units), key=units.count) if units else None, group,
                    _most_common(r.subject for r in reports), _most_common(r.place for r in reports))
    points: dict[tuple[str | None, float, str | None], Point] = {}
    for report in reports:
        key = (report.as_of, report.value, report.qualifier)
        points.setdefault(key, Point(report.as_of, report.value, report.qualifier, [])).reports.append(report)
    series.points = sorted(points.values(), key=lambda p: (p.as_of is None, p.as_of or "", p.value))
    originals = [r for r in reports if not r.copy_of]
    series.disagreements = [(a, b) for n, a in enumerate(originals) for b in originals[n + 1:] if _disagree(a, b)]
    series.revisions = [(a, b) for a in originals for b in originals if _revised(a, b)]
    return series


def _report_order(r: Report) -> tuple[bool, str, bool, str, int]:
    return (r.published is None, r.published or "", r.copy_of is not None, r.doc_id, r.start)


def _most_common(values: Iterable[str | None]) -> str | None:
    named = [v for v in values if v]
    return max(sorted(set(named)), key=named.count) if named else None


def _disagree(a: Report, b: Report) -> bool:
    """Same as-of date, different outlets, ranges that do not meet."""
    if a.as_of is None or a.as_of != b.as_of or (a.outlet and a.outlet == b.outlet) or not _same_count(a, b):
        return False
    (lo_a, hi_a), (lo_b, hi_b) = a.band(), b.band()
    return hi_a < lo_b or hi_b < lo_a


def _revised(earlier: Report, later: Report) -> bool:
    """A later figure below an earlier lower bound: the count was revised down."""
    first, then = _date(earlier.as_of), _date(later.as_of)
    if first is None or then is None or then <= first or not _same_count(earlier, later):
        return False
    return (earlier.qualifier or "").lower() in _LOWER and later.band()[1] < earlier.value
