"""Datelines that open wire copy: "ISTANBUL (AA) –", "Tehran, MINA –", "GAZA CITY, July 14 (Reuters) -",
"WASHINGTON (AP) —", "CAIRO:", "Jerusalem, 12 July 2024 (WAFA) -", "Islamabad, Pakistan -".

The place comes back in normal case ("Istanbul"), the agency as its dateline code ("AA") when it is
a known one, and the date as written. The rest of the paragraph stays article text.
"""

from __future__ import annotations

import re
from functools import cache

from storyline.clean import lexicon
from storyline.clean.text import normal_case
from storyline.model import Dateline

_DASH = r"\s*(?:-{1,2}|–|—)\s*"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?P<date>{_MONTH} \d{{1,2}}(?:,? \d{{4}})?|\d{{1,2}} {_MONTH}(?:,? \d{{4}})?)"
_CAPS = r"[A-Z][A-Z.'’-]*(?:[ /-][A-Z][A-Z.'’-]*){0,4}"
_MIXED = r"[A-Z][a-z][\w.'’-]*(?:[ /-](?:[A-Z][\w.'’-]*|al|el|es|de|la|of)){0,3}"
_REGION = r"[A-Z][\w.'’-]*(?: (?:(?:of|the|and|de|del|la|du) )*[A-Z][\w.'’-]*){0,4}"
_IN_PARENS = r"\((?P<agency>[A-Z][\w'’.&/-]*(?: [\w'’.&/-]+){0,3})\)"
_TAIL = rf"(?:, (?P<region>{_REGION}))?(?:,? {_DATE})?,?"


@cache
def _forms() -> tuple[re.Pattern[str], ...]:
    codes = lexicon.agency_pattern()
    return (
        re.compile(rf"^(?P<place>{_CAPS}|{_MIXED}){_TAIL}\s*{_IN_PARENS}{_DASH}"),  # KABUL, Afghanistan (AP) —
        re.compile(rf"^(?P<place>{_CAPS}|{_MIXED}){_TAIL}, (?P<agency>{codes}){_DASH}"),  # Tehran, MINA –
        re.compile(rf"^(?P<place>{_CAPS}){_TAIL}(?:{_DASH}|:\s+)"),  # WASHINGTON —, CAIRO:
        re.compile(rf"^(?P<place>{_MIXED}), (?P<region>{_REGION})(?:,? {_DATE})?\s+[-–—]{{1,2}}\s+"),  # Islamabad, Pakistan -
        re.compile(rf"^(?P<place>){_DATE}\s*{_IN_PARENS}{_DASH}"),  # Nov 20 (Reuters) - : no place
    )


def split_dateline(paragraph: str) -> tuple[Dateline, str] | None:
    """The dateline opening a paragraph, and the paragraph's text after it; None when there is none."""
    for form in _forms():
        m = form.match(paragraph)
        if m and _plausible(m, paragraph):
            return _dateline(m), paragraph[m.end() :]
    return None


def _plausible(m: re.Match[str], paragraph: str) -> bool:
    place = m.group("place")
    if not place:
        return bool(m.group("agency"))
    if place.upper() in lexicon.words("clean_kickers") or place.casefold() in lexicon.words("clean_kickers"):
        return False
    if sum(c.isalpha() for c in place) < 3:
        return False
    rest = paragraph[m.end() :]
    return len(rest.split()) >= 4 and not rest[:1].islower()


def _dateline(m: re.Match[str]) -> Dateline:
    place: str | None = normal_case(m.group("place")) or None
    region = m.groupdict().get("region")
    if region:
        place = f"{place}, {normal_case(region)}"
    agency = m.groupdict().get("agency")
    if agency:
        known = lexicon.find_agency(agency)
        agency = known.code if known else agency
    return Dateline(text=m.group(0).strip(), place=place, agency=agency, date=m.group("date"))
