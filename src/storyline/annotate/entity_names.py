"""How names compare: folded keys, titles stripped, surnames, acronyms and their expansions."""

from __future__ import annotations

import hashlib
import re
from functools import cache

from storyline.annotate.geocode import fold
from storyline.resources import table, word_list

# words an acronym skips ("Democratic People's Republic of Korea" -> DPRK)
_SKIPPED_IN_ACRONYMS = frozenset({"of", "and", "for", "the", "de", "e", "i", "la", "du", "des", "on", "in", "al", "el"})
_ORG_SUFFIXES = frozenset({"co", "corp", "corporation", "inc", "ltd", "llc", "plc", "sa", "ag", "gmbh", "group"})
_AGENCY_WORDS = frozenset({"news", "agency", "newspaper", "daily", "broadcaster", "television", "tv"})
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z0-9&]{1,7}$")


def entity_id(name_key: str, kind: str) -> str:
    """``kind`` is PERSON, ORG, PLACE, NORP, ...; the same key and kind give the same id everywhere."""
    return "e-" + hashlib.sha1(f"{kind}:{name_key}".encode()).hexdigest()[:12]


def id_kind(label: str) -> str:
    """The coarse kind ids are built from: places share one kind whatever spaCy called them."""
    return "PLACE" if label in ("GPE", "LOC", "FAC") else label


@cache
def titles() -> frozenset[str]:
    return frozenset(word_list("titles"))


@cache
def acronym_table() -> dict[str, str]:
    """'UN' -> 'United Nations': acronyms whose expansion the initials alone do not give."""
    return {fold(row["acronym"]): row["name"] for row in table("org_acronyms")}


@cache
def _known_orgs() -> frozenset[str]:
    return frozenset(acronym_table()) | frozenset(fold(name) for name in acronym_table().values())


def is_known_org(text: str) -> bool:
    """An organisation our acronym table names: 'UN', 'the United Nations', 'IAEA'."""
    return fold(text) in _known_orgs()


def words(name: str) -> list[str]:
    """Folded words of a name: 'Kim Jong-un' -> ['kim', 'jong', 'un']."""
    return fold(name).split()


def strip_titles(name: str) -> str:
    """'Ayatollah Ali Khamenei' -> 'Ali Khamenei'; a name that is only a title stays as it is."""
    parts = name.split()
    while len(parts) > 1 and fold(parts[0]) in titles():
        parts = parts[1:]
    return " ".join(parts)


def person_key(name: str) -> str:
    return " ".join(words(strip_titles(name)))


def org_key(name: str) -> str:
    """'the Boeing Co.' and 'Boeing' share a key; a known acronym keys as its expansion."""
    parts = fold(name).split()
    if len(parts) > 1 and parts[0] in acronym_table() and set(parts[1:]) <= _AGENCY_WORDS:
        parts = parts[:1]  # "AFP news agency" is AFP
    expansion = acronym_table().get(" ".join(parts))
    if expansion:
        parts = fold(expansion).split()
    while len(parts) > 1 and parts[-1] in _ORG_SUFFIXES:
        parts = parts[:-1]
    return " ".join(parts)


def is_acronym(text: str) -> bool:
    """'UN', 'U.N.', 'DPRK', 'NASA': capitals, with or without dots."""
    return bool(_ACRONYM.match(text.strip()))


def acronym_letters(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9&]", "", text).upper()


def initials(name: str) -> set[str]:
    """Acronyms a name can go by: 'Pashtun Tahaffuz Movement' -> {'PTM'}; hyphenated parts count."""
    parts = [p for p in re.split(r"[\s\-]+", name.replace("’", "'")) if p]
    parts = [p for p in parts if p.lower() not in ("the",)]
    content = [p for p in parts if p.lower() not in _SKIPPED_IN_ACRONYMS and p[:1].isalpha()]
    found = {"".join(p[0] for p in content).upper()}
    found.add("".join(p[0] for p in parts if p[:1].isalpha()).upper())
    return {f for f in found if len(f) >= 2}


def expands(acronym: str, name: str) -> bool:
    """Whether ``name`` spells out ``acronym`` ('the United Nations' spells out 'U.N.')."""
    letters = acronym_letters(acronym)
    if letters in initials(name):
        return True
    expansion = acronym_table().get(fold(acronym))
    return expansion is not None and fold(expansion) == fold(name)
