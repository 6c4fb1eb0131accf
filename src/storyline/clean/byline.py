"""Bylines and writing credits: "By NAME and NAME", "NAME | OUTLET", "*Writing by NAME",
"Reporting by ...; Editing by ...", "X contributed to this report", closing reporter bios.

Each recogniser takes one paragraph and returns a :class:`Signed` (names, and the agencies the line
names) or None. Everyone the copy signs is kept, editors too; names in capitals get normal case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from storyline.clean import lexicon
from storyline.clean.text import normal_case, word_count

_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[a-z]{1,4})"
_BY = re.compile(r"^(?:by|BY|By)[:\s]+(?P<who>.+)$")
_ROLE_BY = re.compile(
    r"(?P<role>writing|reporting|additional reporting|compiled|written|reported|text|editing|edited|translated|"
    r"translation|produced|photos|photography|video)\s+by\s+(?P<who>[^;]+)",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(
    r"^(?P<who>.+?)\s+(?:also\s+)?contributed(?:\s+(?:reporting|to this (?:report|story|article)|this report))?"
    r"(?:\s+(?:from|in|at)\s+[^.]+)?\.?$"
)
_WIRES = re.compile(r"^[-–—]?\s*(?:With|with)\s+(?P<who>.*?)\b(?:wires?|wire services?|agencies|news agencies)\.?$")
_WITH_FILES = re.compile(r"^[-–—]?\s*(?:With|with)\s+(?:files|reporting)\s+from\s+(?P<who>.+?)\.?$")
_BIO = re.compile(
    rf"^(?P<name>[A-Z][\w'’.-]*(?: {_NAME_WORD}){{1,4}}) is (?:a|an|the|(?P<org>[A-Z][\w'’ -]*?)['’]s?)\s[^.]{{0,80}}?\b"
    r"(?:correspondent|reporter|writer|editor|journalist|contributor|producer|columnist|analyst|photographer|"
    r"bureau chief|fellow|author)s?\b"
)
_REPORTED_FROM = re.compile(r"^(?:[A-Z][\w'’-]+ ){1,3}(?:reported|wrote) from [A-Z][^.]*\.\s+(?=\S)")
_SOURCE = re.compile(r"^Sources?:\s*(?P<who>.+?)(?:,?\s+and\s+(?:other\s+)?(?:news\s+)?(?:agencies|wires))?\.?$")
_PLACE_TAIL = re.compile(r"\s+(?:in|at|from|on)\s+(?:the\s+)?[A-Z][^,;]*$")
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*")


@dataclass(frozen=True, slots=True)
class Signed:
    kind: str  # byline or credit-line
    names: tuple[str, ...] = ()
    agencies: tuple[str, ...] = field(default=())  # as written: "The Associated Press"


def signed_line(paragraph: str, *, closing: bool) -> Signed | None:
    """Byline or writing credit in one paragraph; ``closing`` allows the end-of-copy forms (bios)."""
    line = paragraph.strip().lstrip("*_ ").rstrip()
    if word_count(line) > 40:
        return None
    for recognise in (_by_line, _role_by, _pipe_line, _contributed, _wire_line, _source_line):
        signed = recognise(line)
        if signed is not None:
            return signed
    return _bio(line) if closing else None


def role_line(paragraph: str) -> bool:
    """A line that only says whose reporter this is: "Special for USA TODAY", "Staff Writer", "Reuters"."""
    line = paragraph.strip().rstrip(".")
    if word_count(line) > 6:
        return False
    folded = line.casefold()
    if any(folded == r or folded.startswith((r + " ", r + ",")) for r in lexicon.words("clean_roles")):
        return True
    return lexicon.find_agency(line) is not None


def header_line(line: str) -> Signed | None:
    """A byline line over the lead: "Staff Reporter, Hualien/Taipei", "The New Arab Staff & Agencies",
    "Helen Marsh Middle East correspondent", "Gulf Markets Daily | Staff", "From the Associated Press"."""
    if word_count(line) > 10 or line.rstrip()[-1:] in ".!?":
        return None
    pieces = [_header_piece(p.strip(), alone="|" not in line) for p in line.split("|")]
    if not pieces or any(p is None for p in pieces):
        return None
    names = tuple(n for p in pieces if p for n in p.names)
    agencies = tuple(a for p in pieces if p for a in p.agencies)
    return Signed("byline", names, agencies)


def _header_piece(piece: str, *, alone: bool) -> Signed | None:
    piece = re.sub(r"^(?:[Ff]rom|[Bb]y)\s+", "", piece).strip(" ,-–—")
    if lexicon.find_agency(piece):
        return Signed("byline", (), (piece,))
    if role_line(piece):
        return Signed("byline")
    role = next((r for r in _roles_longest_first() if piece.casefold().endswith(" " + r)), None)
    if role:
        who = piece[: len(piece) - len(role)].strip(" ,-–—&")
        return Signed("byline", (normal_case(who),)) if is_name(who) else Signed("byline", (), (who,))
    if not alone and is_name(piece):
        return Signed("byline", (normal_case(piece),))
    return Signed("byline", (), (piece,)) if not alone and _is_outlet(piece) else None


def is_name(text: str) -> bool:
    """A person's name as bylines write it: two to five capitalised words, particles allowed."""
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 50 or re.search(r"\d|[@#/]", text):
        return False
    if not words[0][:1].isupper() or not words[-1][:1].isupper() or words[0].casefold() in ("the", "a", "an"):
        return False
    if _is_outlet(text):
        return False
    particles = lexicon.words("clean_particles")
    roles = lexicon.words("clean_roles")
    return all(
        (w[:1].isupper() and w.casefold() not in roles) or w in particles for w in words
    ) and lexicon.find_agency(text) is None


@dataclass(frozen=True, slots=True)
class _Parts:
    names: list[str]
    agencies: list[str]  # as written
    other: list[str]  # parts that are neither: prose, when there are any


def names_in(text: str) -> _Parts:
    """'Jane Doe in Gaza and John Roe, Reuters' -> names ['Jane Doe', 'John Roe'], agencies ['Reuters']."""
    parts = _Parts([], [], [])
    for raw in _SPLIT_NAMES.split(text.strip().rstrip(".")):
        part = _strip_role(_PLACE_TAIL.sub("", raw.strip(" -–—()")))
        part, affiliation = _split_affiliation(part)
        parts.agencies.extend([affiliation] if affiliation else [])
        if lexicon.find_agency(part) is not None:
            parts.agencies.append(part)
        elif is_name(part):
            parts.names.append(normal_case(part))
        elif part and not _is_role(raw):
            parts.other.append(part)
    return parts


def _split_affiliation(part: str) -> tuple[str, str | None]:
    """'OMAR HADDAD Associated Press' -> ('OMAR HADDAD', 'Associated Press'): a name in capitals, then
    whom the writer works for ('DANIEL MORROW AP Economics' -> ('DANIEL MORROW', 'AP'))."""
    words = part.split()
    caps = 0
    while caps < len(words) and words[caps].isupper() and lexicon.find_agency(words[caps]) is None:
        caps += 1
    if caps < 2 or caps == len(words):
        return part, None
    rest = " ".join(words[caps:])
    agency = next((w for w in (rest, words[caps]) if lexicon.find_agency(w)), None)
    return " ".join(words[:caps]), agency


def _is_role(part: str) -> bool:
    folded = part.strip(" -–—().").casefold()
    return folded in lexicon.words("clean_roles") or _is_outlet(part)


def _is_outlet(text: str) -> bool:
    """'The Jakarta Post', 'Kabul Times': a name built like a news outlet's."""
    return word_count(text) <= 5 and bool(lexicon.phrases("clean_outlet_words", cased=True).search(text))


def _strip_role(part: str) -> str:
    folded = part.casefold()
    for role in _roles_longest_first():
        if folded.startswith(role + " "):
            return part[len(role) + 1 :].strip()
        if folded.endswith(" " + role) or folded == role:
            return part[: len(part) - len(role)].strip()
    return part


@cache
def _roles_longest_first() -> tuple[str, ...]:
    return tuple(sorted(lexicon.words("clean_roles"), key=len, reverse=True))


def _by_line(line: str) -> Signed | None:
    m = _BY.match(line)
    if not m or word_count(line) > 16:
        return None
    parts = names_in(m.group("who"))
    if parts.other or not (parts.names or parts.agencies):
        return None  # "By Tuesday afternoon, the army said..." is prose
    return Signed("byline", tuple(parts.names), tuple(parts.agencies))


def _role_by(line: str) -> Signed | None:
    # "*Writing by Rania Abu Shamala", "(Reporting by A in Gaza; Editing by B)"
    body = line.strip("()- ")
    if not _ROLE_BY.match(body):
        return None
    matches = list(_ROLE_BY.finditer(body))
    names: list[str] = []
    for m in matches:
        parts = names_in(m.group("who"))
        if parts.other:
            return None
        names.extend(parts.names)
    return Signed("byline", tuple(names))


def _pipe_line(line: str) -> Signed | None:
    # "Yaqoota Al Ahmad | Anadolu Agency"
    if line.count("|") != 1:
        return None
    left, right = (s.strip() for s in line.split("|"))
    if is_name(left) and (role_line(right) or _is_outlet(right)):
        return Signed("byline", (normal_case(left),), (right,) if lexicon.find_agency(right) else ())
    return None


def _contributed(line: str) -> Signed | None:
    # AP closes with "Webb reported from Washington. AP writers A and B contributed to this report."
    line = _REPORTED_FROM.sub("", line)
    m = _CONTRIBUTED.match(line)
    if not m:
        return None
    parts = names_in(_strip_org_role(m.group("who")))
    org = _org_of_role(m.group("who"))
    agencies = parts.agencies + ([org] if org else [])
    return Signed("credit-line", tuple(parts.names), tuple(agencies)) if parts.names or agencies else None


def _strip_org_role(who: str) -> str:
    # "Associated Press writers Jane Doe and John Roe" -> "Jane Doe and John Roe"
    m = _org_role().match(who)
    return who[m.end() :] if m else who


def _org_of_role(who: str) -> str | None:
    m = _org_role().match(who)
    return m.group("org") if m else None


@cache
def _org_role() -> re.Pattern[str]:
    roles = "|".join(re.escape(r) for r in _roles_longest_first())
    return re.compile(rf"^(?:(?:the|The)\s+)?(?P<org>{lexicon.agency_pattern()})\s+(?i:{roles})s?\s+")


def _wire_line(line: str) -> Signed | None:
    m = _WIRES.match(line) or _WITH_FILES.match(line)
    if not m:
        return None
    who = m.group("who").strip()
    agencies = [a.strip() for a in _SPLIT_NAMES.split(who) if lexicon.find_agency(a.strip())]
    return Signed("credit-line", (), tuple(agencies)) if word_count(line) <= 12 else None


def _source_line(line: str) -> Signed | None:
    # "Source: Al Jazeera and news agencies": the copy names where it comes from, itself first
    m = _SOURCE.match(line)
    if not m:
        return None
    parts = names_in(m.group("who"))
    return Signed("byline", (), tuple(parts.agencies)) if parts.agencies and not parts.other else None


def _bio(line: str) -> Signed | None:
    m = _BIO.match(line)
    if not m or not is_name(m.group("name")) or word_count(line) > 30:
        return None
    org = m.group("org")
    return Signed("byline", (normal_case(m.group("name")),), (org,) if org else ())
