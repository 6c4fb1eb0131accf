"""The cleaning stage's word lists (``storyline/data/clean_*``, ``agencies.tsv``), compiled once on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from storyline.resources import table, word_list


@dataclass(frozen=True, slots=True)
class Agency:
    code: str  # as in a dateline: "AA", "AP", "Reuters"
    name: str  # as reported in credits: "Anadolu Agency"
    aliases: tuple[str, ...]
    kind: str  # wire, state, broadcaster, newspaper, photo


@dataclass(frozen=True, slots=True)
class LineRule:
    kind: str
    pattern: re.Pattern[str]  # every phrase of one kind and one way of matching, as one regex


@cache
def agencies() -> tuple[Agency, ...]:
    return tuple(
        Agency(row["code"], row["name"], tuple(a for a in row["aliases"].split("|") if a), row["kind"])
        for row in table("agencies")
    )


@cache
def agency_by_alias() -> dict[str, Agency]:
    """Every alias and code, as written (case matters: "AP" is an agency, "ap" is not)."""
    found: dict[str, Agency] = {}
    for agency in agencies():
        for alias in (*agency.aliases, agency.code):
            found.setdefault(alias, agency)
    return found


@cache
def agency_pattern() -> str:
    """A regex alternation of every alias, longest first so "Associated Press" beats "AP"."""
    return "|".join(re.escape(a) for a in _aliases_longest_first())


_TOKEN = re.compile(r"[\w'’-]+")


def aliases_in(text: str) -> tuple[str, ...]:
    """The aliases written in ``text``, longest first: a cheap first pass, by each alias's first word."""
    by_first = _aliases_by_first_word()
    found = {a for word in set(_TOKEN.findall(text)) for a in by_first.get(word, ()) if a in text}
    return tuple(sorted(found, key=len, reverse=True))


@cache
def _aliases_by_first_word() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for alias in agency_by_alias():
        grouped.setdefault(_TOKEN.findall(alias)[0], []).append(alias)
    return {word: tuple(aliases) for word, aliases in grouped.items()}


@cache
def _aliases_longest_first() -> tuple[str, ...]:
    return tuple(sorted(agency_by_alias(), key=len, reverse=True))


def find_agency(name: str) -> Agency | None:
    """The agency a written name stands for: "the Associated Press" -> AP; "Mi’raj News Agency (MINA)" -> MINA."""
    name = re.sub(r"^(?:the|The)\s+", "", name.strip())
    return agency_by_alias().get(name) or agency_by_alias().get(re.sub(r"\s*\([^)]*\)$", "", name))


# a phrase ending in a letter must end a word there: "Updated at" is not "Updated attendance"
_SHAPES = {"exact": r"^(?:{})[\s:|-]*$", "prefix": r"^(?:{})(?:(?<=\W)|(?!\w))", "contains": r"(?:{})", "suffix": r"(?:{})$"}


@cache
def line_rules() -> tuple[LineRule, ...]:
    """clean_lines.tsv as one case-insensitive regex per (kind, match), in the file's order."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for row in table("clean_lines"):
        grouped.setdefault((row["kind"], row["match"]), []).append(re.escape(row["text"].strip()))
    return tuple(
        LineRule(kind, re.compile(_SHAPES[match].format("|".join(texts)), re.IGNORECASE))
        for (kind, match), texts in grouped.items()
    )


@cache
def words(name: str) -> frozenset[str]:
    """A clean_*.txt list, case-folded, for membership tests."""
    return frozenset(w.casefold() for w in word_list(name))


@cache
def phrases(name: str, *, cased: bool = False) -> re.Pattern[str]:
    """A clean_*.txt list as one whole-word regex, case-insensitive unless ``cased``."""
    alternatives = sorted(word_list(name), key=len, reverse=True)
    pattern = r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)"
    return re.compile(pattern, 0 if cased else re.IGNORECASE)


def phrases_in(text: str, name: str) -> set[str]:
    """The phrases of a clean_*.txt list that ``text`` holds as whole words, case-folded."""
    folded = text.casefold()
    return {p for p in words(name) if p in folded and _whole_word(p).search(folded)}


@cache
def _whole_word(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
