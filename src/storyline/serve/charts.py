"""Chart geometry for the web UI, computed server-side so pages need no chart library.

Templates turn these plain shapes into SVG; every label is data and is escaped there.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f3c8d", "#333333")  # Okabe-Ito


@dataclass(frozen=True)
class Box:
    """The plot area inside the SVG, leaving margins for the axes."""

    width: int = 1000
    height: int = 300
    left: int = 64
    right: int = 44
    top: int = 16
    bottom: int = 40

    @property
    def x1(self) -> int:
        return self.width - self.right

    @property
    def y1(self) -> int:
        return self.height - self.bottom


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass
class Mark:
    x: float
    y: float
    item: dict[str, Any]
    label: str


@dataclass
class Line:
    name: str
    colour: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def path(self) -> str:
        return " ".join(f"{m.x:.1f},{m.y:.1f}" for m in self.marks)


@dataclass
class Chart:
    box: Box
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    lines: list[Line]
    undated: list[dict[str, Any]]  # points with no date cannot be placed on a time axis


def day(value: str | None) -> dt.date | None:
    """'2024-07-13', '2024-07' or '2024' as a date (the first day of the period)."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def nice_ticks(high: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Round numbers from 0 up to at least ``high`` (whole numbers only when counting)."""
    if high <= 0:
        return [0.0, 1.0]
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(step, 1.0) if whole else step
    return [i * step for i in range(math.ceil(high / step) + 1)]


def number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def time_ticks(first: dt.date, last: dt.date, count: int = 6) -> list[dt.date]:
    span = (last - first).days
    step = max(1, math.ceil(span / (count - 1)))
    return [first + dt.timedelta(days=d) for d in range(0, span + 1, step)]


def series_chart(points: Sequence[dict[str, Any]], *, by: str = "source", box: Box | None = None,
                 whole: bool = False) -> Chart:
    """One line per ``by`` value (the source), value over date; ``value_max`` draws the top of a range."""
    box = box or Box()
    dated = [p for p in points if day(p.get("date")) is not None]
    undated = [p for p in points if day(p.get("date")) is None]
    if not dated:
        return Chart(box, [], [], [], undated)
    days = [day(p["date"]) for p in dated]
    first, last = min(d for d in days if d), max(d for d in days if d)
    if first == last:
        first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    y_values = nice_ticks(max((p.get("value_max") or p["value"]) for p in dated), whole=whole)
    x = _scale(first.toordinal(), last.toordinal(), box.left + 12, box.x1 - 12)
    y = _scale(0, y_values[-1], box.y1, box.top)
    lines: dict[str, Line] = {}
    for p in sorted(dated, key=lambda p: p["date"]):
        name = p.get(by) or "unknown"
        line = lines.setdefault(name, Line(name, PALETTE[len(lines) % len(PALETTE)]))
        line.marks.append(Mark(x(day(p["date"]).toordinal()), y(p["value"]), p, number(p["value"])))  # type: ignore[union-attr]
    x_ticks = [Tick(x(d.toordinal()), d.isoformat()) for d in time_ticks(first, last)]
    y_ticks = [Tick(y(v), number(v)) for v in y_values]
    return Chart(box, x_ticks, y_ticks, list(lines.values()), undated)


def bars(counts: Sequence[dict[str, Any]], *, value: str = "documents", box: Box | None = None) -> Chart:
    """A bar per dated count (an entity's mentions over time), on a real time axis."""
    box = box or Box(height=170, bottom=34)
    return series_chart([{"date": c["date"], "value": c[value], "source": value, **c} for c in counts], box=box, whole=True)


@dataclass(frozen=True)
class Place:
    x: float
    y: float
    name: str
    id: str
    focus: bool


@dataclass(frozen=True)
class WorldPlot:
    width: int
    height: int
    meridians: list[float]
    parallels: list[float]
    places: list[Place]
    prime_meridian: float
    equator: float


def world_plot(places: Sequence[dict[str, Any]], focus_id: str, *, width: int = 360) -> WorldPlot:
    """Places on an equirectangular grid (no tiles, no network): longitude across, latitude up."""
    height = width // 2
    x = _scale(-180, 180, 0, width)
    y = _scale(-90, 90, height, 0)
    spots = [Place(x(p["lon"]), y(p["lat"]), p["name"], p["id"], p["id"] == focus_id) for p in places]
    spots.sort(key=lambda s: s.focus)  # the focus is drawn last, on top
    return WorldPlot(width, height, [x(lon) for lon in range(-150, 180, 30)], [y(lat) for lat in range(-60, 90, 30)], spots,
                     x(0), y(0))


def _scale(lo: float, hi: float, out_lo: float, out_hi: float) -> Callable[[float], float]:
    span = (hi - lo) or 1.0
    return lambda v: out_lo + (v - lo) / span * (out_hi - out_lo)
