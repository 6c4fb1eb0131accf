"""Roles: what an article calls a person or organisation, so later descriptions find them.

"Hamas leader Ismail Haniyeh" binds the role *leader* (modified by Hamas) to Ismail Haniyeh, as
do "Ismail Haniyeh, the Hamas leader" and "the Hamas leader, Ismail Haniyeh". A later definite
description of the same class whose modifiers the role covers - "the Hamas chief", "the
leader" - is then a mention of him. Requires the dependency parse.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from storyline.annotate.entity_mentions import Mention
from storyline.annotate.entity_names import titles
from storyline.annotate.geocode import fold, gazetteer
from storyline.resources import table, word_list

_PREMODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "npadvmod", "punct", "nummod"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})
_RIGHT_PREPS = frozenset({"of", "for", "at"})
_DEFINITE = frozenset({"the", "this", "that"})


@dataclass(frozen=True, slots=True)
class Role:
    """A position or kind (``cls``: leader, spokesperson, ministry...) and what narrows it."""

    cls: str
    kind: str  # person or org
    modifiers: frozenset[str]


@dataclass(frozen=True, slots=True)
class Description:
    """A definite description in the text ("the Hamas chief") that may name a known entity."""

    mention: Mention
    role: Role
    appositive_of: int | None = None  # token index of the name it stands beside, if any


@cache
def role_words() -> dict[str, tuple[str, str]]:
    return {row["word"]: (row["class"], row["kind"]) for row in table("roles")}


@cache
def fillers() -> frozenset[str]:
    return frozenset(word_list("role_fillers"))


def role_word(doc: Doc, token: Token) -> tuple[str, str, int] | None:
    """(class, kind, first token) of the role noun ending at ``token``; 'secretary-general' counts."""
    i = token.i
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_:
        found = role_words().get(f"{doc[i - 2].lower_}-{token.lower_}")
        if found:
            return found[0], found[1], i - 2
    found = role_words().get(token.lower_)
    return (found[0], found[1], i) if found else None


@cache
def modifier_key(word: str) -> str | None:
    """How a modifier compares: folded, countries and their demonyms alike ('Iranian' = 'Iran')."""
    key = fold(word)
    if not key or key in fillers() or not any(ch.isalnum() for ch in key):
        return None
    place = gazetteer().demonym(word)
    if place is None and word[:1].isupper():
        place = next((p for p in gazetteer().candidates(word) if p.kind == "country"), None)
    return place.key if place else key


def modifiers(tokens: list[Token]) -> frozenset[str]:
    keys = (modifier_key(t.text) for t in tokens if t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "NUM"))
    return frozenset(k for k in keys if k)


def premodifier_role(doc: Doc, m: Mention) -> Role | None:
    """'Hamas leader' in 'Hamas leader Ismail Haniyeh'; 'President' in 'President Pezeshkian'."""
    j = m.first - 1
    chain: list[Token] = []
    while j >= 0 and doc[j].dep_ in _PREMODIFIER_DEPS and m.first <= _head_in_chain(doc[j], m) < m.last:
        chain.insert(0, doc[j])
        j -= 1
    own_title = _title_tokens(doc, m)
    for t in reversed(chain + own_title):
        found = role_word(doc, t)
        if found and found[1] == ("person" if m.label == "PERSON" else "org"):
            rest = [c for c in chain + own_title if not found[2] <= c.i <= t.i]
            return Role(found[0], found[1], modifiers(rest))
    return None


def _title_tokens(doc: Doc, m: Mention) -> list[Token]:
    """Leading titles inside a person's mention: 'President' in a mention 'President Xi Jinping'."""
    out: list[Token] = []
    for t in doc[m.first:m.last - 1]:
        if m.label != "PERSON" or fold(t.text) not in titles():
            break
        out.append(t)
    return out


def _head_in_chain(token: Token, m: Mention) -> int:
    """Where a premodifier's chain of heads first lands at or right of the mention."""
    while token.i < m.first and token.head.i > token.i:
        token = token.head
    return token.i


def own_role(doc: Doc, m: Mention) -> Role | None:
    """An organisation named for its kind: 'Interior Ministry' is a ministry, 'Awami Workers Party' a party."""
    found = role_word(doc, doc[m.last - 1])
    if m.label != "ORG" or not found or found[1] != "org":
        return None
    return Role(found[0], "org", modifiers([t for t in doc[m.first:m.last] if t.i < found[2]]))


def descriptions(doc: Doc, covered: set[int]) -> Iterator[Description]:
    """Definite singular descriptions headed by a role noun, outside every name mention."""
    for token in doc:
        if token.i in covered or token.pos_ not in ("NOUN", "PROPN") or token.tag_ in ("NNS", "NNPS"):
            continue
        found = role_word(doc, token)
        if found is None or _is_premodifier(token):
            continue
        appositive = _appositive_name(token)
        if appositive is None and not _is_definite(token):
            continue
        yield _description(doc, token, found, appositive)


def _is_premodifier(token: Token) -> bool:
    return token.dep_ in ("compound", "amod", "nmod") and token.head.i > token.i


def _is_definite(token: Token) -> bool:
    return any((c.dep_ == "det" and c.lower_ in _DEFINITE) or (c.dep_ == "poss" and c.pos_ == "PROPN")
               for c in token.lefts)


def _appositive_name(token: Token) -> int | None:
    """The name a role noun stands in apposition to: 'X, the Hamas leader,' or 'the Hamas leader, X,'."""
    if token.dep_ == "appos" and token.head.pos_ == "PROPN":
        return token.head.i
    return next((c.i for c in token.rights if c.dep_ == "appos" and c.pos_ == "PROPN"), None)


def _description(doc: Doc, token: Token, found: tuple[str, str, int], appositive: int | None) -> Description:
    lefts = [t for c in token.lefts if c.dep_ != "punct" for t in c.subtree if t.i < found[2]]
    first = min([t.i for t in lefts if t.dep_ != "punct"] + [found[2]])
    last = token.i + 1
    narrowing = [t for t in lefts if t.dep_ in _MODIFIER_DEPS or t.head.dep_ in _MODIFIER_DEPS]
    for prep in (c for c in token.rights if c.dep_ == "prep" and c.lower_ in _RIGHT_PREPS):
        last = prep.right_edge.i + 1
        narrowing += [t for t in prep.subtree if t.i != prep.i]
    while last - 1 > token.i and (doc[last - 1].is_punct or doc[last - 1].is_space):
        last -= 1  # "the leader of Afghanistan's ethnic Hazaras," without its comma
    start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
    mention = Mention(start, end, doc[first:last].text, "ROLE", first, last, kind="role")
    return Description(mention, Role(found[0], found[1], modifiers(narrowing)), appositive)
