"""Mentions spaCy does not give on their own.

A known place name the model left untagged ("Gwadar", "U.S." in "U.S.-based"); the place that
opens an organisation's name ("Russian" in "Russian Navy", "Moscow" in "Moscow City Duma" when
the article names Moscow itself); a titled name the model missed ("Fire Chief Renata Solis").
Requires the parse (part-of-speech tags).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc

from storyline.annotate.entity_mentions import PLACE_LABELS, Mention
from storyline.annotate.entity_names import titles, words
from storyline.annotate.geocode import fold, gazetteer

UNTAGGED_CITY_POPULATION = 50_000  # an untagged name is taken for a city only this big
_NESTING_LABELS = frozenset({"ORG", "FAC", "EVENT"})
_HYPHENATED = re.compile(r"(?<![\w.-])([A-Z][\w.]+)-\w")


def untagged_places(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Runs of proper nouns that are exactly a known place name and that no mention covers."""
    covered = {i for m in mentions for i in range(m.first, m.last)}
    person_words = {w for m in mentions if m.label == "PERSON" for w in words(m.name)}
    found = []
    for first, last in _proper_runs(doc):
        text = doc[first:last].text
        if covered.intersection(range(first, last)) or len(text) < 3 or set(words(text)) <= person_words:
            continue
        if gazetteer().is_place(text, min_population=UNTAGGED_CITY_POPULATION):
            found.append(Mention(doc[first].idx, doc[first].idx + len(text), text, "GPE", first, last))
    return found + list(_hyphen_prefixes(doc, covered))


def _hyphen_prefixes(doc: Doc, covered: set[int]) -> Iterator[Mention]:
    """'U.S.' in the one token 'U.S.-based', 'Iranian' in 'Iranian-backed'."""
    for m in _HYPHENATED.finditer(doc.text):  # the text once, not every token
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is None or len(span) != 1 or span[0].i in covered or span[0].idx != m.start(1):
            continue
        kind = _place_kind(m.group(1), set())
        if kind:
            yield Mention(m.start(1), m.end(1), m.group(1), "GPE", span[0].i, span[0].i + 1, kind=kind)


def _proper_runs(doc: Doc) -> Iterator[tuple[int, int]]:
    first = None
    for token in doc:
        if token.pos_ == "PROPN" and not token.is_punct:
            first = token.i if first is None else first
            continue
        if first is not None:
            yield first, token.i
        first = None
    if first is not None:
        yield first, len(doc)


def leading_places(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The place or demonym opening a multi-word organisation name, as a mention of its own.

    Taken when it is a demonym ("Afghan National Army"), a country ("U.S. State Department"),
    or a place the article names on its own elsewhere ("Balochistan Liberation Army").
    """
    named = {fold(m.text) for m in mentions if m.label in PLACE_LABELS}
    found: list[Mention] = []
    for m in mentions:
        if m.label in _NESTING_LABELS and m.last - m.first > 1:
            found.extend(_leading(doc, m, named))
    return found


def _leading(doc: Doc, m: Mention, named: set[str]) -> Iterator[Mention]:
    """Places at the head of the name, one after another ('China-Pakistan Economic Corridor')."""
    first = m.first
    while first < m.last - 1:
        found = None
        for last in range(min(first + 3, m.last - 1), first, -1):  # longest first: "Hong Kong"
            found = _as_place(doc, first, last, named)
            if found:
                break
        if found is None:
            return
        yield found
        first = found.last + (1 if found.last < m.last and doc[found.last].text == "-" else 0)


def _as_place(doc: Doc, first: int, last: int, named: set[str]) -> Mention | None:
    if doc[last - 1].is_punct:
        return None
    text = doc[first:last].text
    kind = _place_kind(text, named)
    return Mention(doc[first].idx, doc[first].idx + len(text), text, "GPE", first, last, kind=kind) if kind else None


def _place_kind(text: str, named: set[str]) -> str | None:
    if gazetteer().demonym(text) and not text.endswith("s"):
        return "demonym"
    if fold(text) in named or any(p.kind == "country" for p in gazetteer().candidates(text)):
        return "name"
    return None


def untagged_people(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Two or more proper nouns right after a capitalised title: 'Fire Chief Renata Solis told'."""
    covered = {i for m in mentions for i in range(m.first, m.last)}
    found = []
    for start, last in _proper_runs(doc):
        titled = [i for i in range(start, last - 2) if fold(doc[i].text) in titles()]  # "Fire Chief" in the run
        first = titled[-1] + 1 if titled else last
        text = doc[first:last].text
        if last - first >= 2 and not covered.intersection(range(first, last)) and text.replace(" ", "").isalpha():
            found.append(Mention(doc[first].idx, doc[first].idx + len(text), text, "PERSON", first, last))
    return found
