"""Name mentions read off spaCy's entities: trimmed, their types corrected, demonyms told apart.

Requires: ``doc.ents`` (with the gazetteer ruler's places), the parse for demonyms. Gives:
:class:`Mention` records in text order, each with a type the article as a whole supports.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Token

from storyline.annotate.entity_names import is_acronym, is_known_org, strip_titles, words
from storyline.annotate.geocode import gazetteer
from storyline.resources import table

KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
RETYPED_CITY_POPULATION = 100_000  # a PERSON/ORG named like a city this big is taken for the city
_DETERMINERS = frozenset({"the", "a", "an"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.)+$|\b(?:Co|Corp|Inc|Ltd|Jr|Sr|St|Bros)\.$")


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of the body naming an entity. ``first``/``last`` are token indices, end exclusive."""

    start: int
    end: int
    text: str
    label: str
    first: int
    last: int
    kind: str = "name"  # name, demonym (a country named by its adjective), role (a description)

    @property
    def name(self) -> str:
        return strip_titles(self.text) if self.label == "PERSON" else self.text


def read_mentions(doc: Doc) -> list[Mention]:
    """Every kept entity of ``doc`` as trimmed mentions, with types made consistent."""
    raw = [m for ent in doc.ents if ent.label_ in KEPT_LABELS
           for first, last in _lines(doc, ent.start, ent.end) if (m := _trimmed(doc, first, last, ent.label_))]
    return _retyped(doc, raw)


def _lines(doc: Doc, first: int, last: int) -> list[tuple[int, int]]:
    """An entity the model ran across a line break ("Reuters\n\nSiegfried Hecker") in its lines."""
    parts, start = [], first
    for i in range(first, last):
        if doc[i].is_space and "\n" in doc[i].text:
            parts.append((start, i))
            start = i + 1
        elif "\n" in doc[i].whitespace_:
            parts.append((start, i + 1))
            start = i + 1
    parts.append((start, last))
    return [(a, b) for a, b in parts if a < b]


def _trimmed(doc: Doc, first: int, last: int, label: str) -> Mention | None:
    """Without a leading 'the' or a trailing possessive."""
    while first < last and doc[first].lower_ in _DETERMINERS:
        first += 1
    while first < last and (doc[last - 1].text in _POSSESSIVE or (doc[last - 1].is_punct and doc[last - 1].text != ".")):
        last -= 1
    if first >= last:
        return None
    if _cut_at_hyphen(doc, first, last, label):
        last += 2  # the model stops at a hyphen: "Moon Jae" of "Moon Jae-in", "Punggye" of "Punggye-ri"
    start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
    text = doc[first:last].text  # not doc.text: that joins the whole article on every call
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text, end = text[:-1], end - 1
    if "/" in text or len(text) < 2 or not any(ch.isalpha() for ch in text):
        return None
    return Mention(start, end, text, label, first, last)


def _cut_at_hyphen(doc: Doc, first: int, last: int, label: str) -> bool:
    """Whether the name goes on past a hyphen: a given-name syllable, or a place's full name."""
    if last + 1 >= len(doc) or doc[last - 1].whitespace_ or doc[last].text != "-" or doc[last].whitespace_:
        return False
    rest = doc[last + 1].text
    if label == "PERSON" and rest.isalpha() and rest.islower() and len(rest) <= 4 and not rest.endswith("ed"):
        return True
    return gazetteer().is_place(doc[first:last + 2].text)


def _retyped(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Known places are places, surnames of the article's people are people, demonyms told apart."""
    placelike = {m.start for m in mentions if m.label in ("PERSON", "ORG", "NORP") and _names_a_place(m.text)}
    person_words = _person_words(m for m in mentions if m.start not in placelike)
    out = []
    for m in mentions:
        if m.label in ("ORG", "PERSON", "GPE", "NORP") and _is_part_of_person(m, person_words):
            m = replace(m, label="PERSON")
        elif m.label in ("NORP", "PERSON", "ORG") and gazetteer().demonym(m.text):
            m = replace(m, label="GPE", kind="demonym") if is_modifier(doc[m.last - 1]) else replace(m, label="NORP")
        elif m.start in placelike:
            m = replace(m, label="GPE")
        elif m.label in ("FAC", "GPE", "LOC") and (is_known_org(m.text) or _names_an_organisation(doc, m)):
            m = replace(m, label="ORG")  # "the United Nations", which the model calls a building
        out.append(m)
    return _majority_labels(out)


def _person_words(mentions: Iterable[Mention]) -> set[str]:
    found: set[str] = set()
    for m in mentions:
        name_words = words(m.name)
        if m.label == "PERSON" and len(name_words) > 1:
            found.update(name_words)
    return found


def _is_part_of_person(m: Mention, person_words: set[str]) -> bool:
    """'Trump' (tagged ORG) in an article about 'Donald Trump'; not a place or an acronym."""
    name_words = words(m.name)
    if not name_words or not set(name_words) <= person_words or is_acronym(m.text):
        return False
    return m.label == "PERSON" or not (m.label == "GPE" and gazetteer().candidates(m.text))


def _names_a_place(text: str) -> bool:
    if is_acronym(text):
        return any(p.key.startswith(("tb:", "cc:")) for p in gazetteer().candidates(text))
    return gazetteer().is_place(text, min_population=RETYPED_CITY_POPULATION)


@cache
def _organisation_nouns() -> frozenset[str]:
    return frozenset(row["word"] for row in table("roles") if row["kind"] == "org")


def _names_an_organisation(doc: Doc, m: Mention) -> bool:
    """'M23' in 'the M23 rebel group': no place by that name, and it names a group's kind."""
    head = doc[m.last - 1].head
    return head.i >= m.last and head.lower_ in _organisation_nouns() and not gazetteer().lookup(m.text).places


def is_modifier(token: Token) -> bool:
    """'Iranian' in 'Iranian officials' (the country), not in 'the Iranians said' (the people)."""
    if token.tag_ in ("NNS", "NNPS") or (token.lower_.endswith("s") and token.lower_ != "swiss"):
        return False
    if token.i + 1 < len(token.doc) and token.nbor().text == "-" and not token.whitespace_:
        return True  # "Chinese-ruled"
    while token.dep_ == "conj" and token.head.i < token.i:  # "the French and Egyptian leaders"
        token = token.head
    return token.head.i > token.i and token.head.pos_ in ("NOUN", "PROPN", "ADJ", "NUM")


def _majority_labels(mentions: list[Mention]) -> list[Mention]:
    """One text, one type: the label most of its mentions carry (ties go to people, then places)."""
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.kind == "name":
            votes.setdefault(m.text.casefold(), Counter())[m.label] += 1
    priority = {"PERSON": 4, "GPE": 3, "LOC": 3, "ORG": 2, "FAC": 1}
    best = {text: max(c, key=lambda label: (c[label], priority.get(label, 0))) for text, c in votes.items()}
    return [replace(m, label=best[m.text.casefold()]) if m.kind == "name" else m for m in mentions]
