"""The words of time, read once from ``data/time_*.txt``: months, weekdays, numbers, units."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from storyline.resources import word_list


def _rows(name: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("|")] for line in word_list(name)]


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]  # "oct." -> 10
    word_months: frozenset[str]  # names that are also common words: "may", "march", "jan"
    weekdays: dict[str, int]  # "sunday" -> 7
    numbers: dict[str, float | None]  # "nine" -> 9, "several" -> None
    ordinals: dict[str, int]
    units: dict[str, str]  # "month" -> "M"
    qualifiers: dict[str, str]  # "over" -> "more than"
    future_cues: frozenset[str]
    start_verbs: frozenset[str]
    report_verbs: frozenset[str]
    timetable_verbs: frozenset[str]
    zones: frozenset[str]

    def alternation(self, words: object) -> str:
        """A regex alternation of the given words, longest first, escaped."""
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


@cache
def lexicon() -> Lexicon:
    months = {r[0]: int(r[1]) for r in _rows("time_months")}
    numbers = {r[0]: (None if r[1] == "X" else float(r[1])) for r in _rows("time_numbers")}
    return Lexicon(
        months=months,
        word_months=frozenset(r[0] for r in _rows("time_months") if len(r) > 2 and r[2] == "word"),
        weekdays={r[0]: int(r[1]) for r in _rows("time_weekdays")},
        numbers=numbers,
        ordinals={r[0]: int(r[1]) for r in _rows("time_ordinals")},
        units={r[0]: r[1] for r in _rows("time_units")},
        qualifiers={r[0]: r[1] for r in _rows("time_qualifiers")},
        future_cues=frozenset(word_list("time_future_cues")),
        start_verbs=frozenset(word_list("time_start_verbs")),
        report_verbs=frozenset(word_list("time_report_verbs")),
        timetable_verbs=frozenset(word_list("time_timetable_verbs")),
        zones=frozenset(word_list("time_zones")),
    )
