"""Numbers that are not figures: dates, times, durations, distances, years, ages, identifiers,
asides in parentheses, negated counts ("no attacks on 34 provincial capitals").

Requires: the parse, its entities and the article's time expressions. Word lists:
``data/figure_units.txt`` (skipped units), ``figure_calendar.txt``, ``figure_not_counted.txt``.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Token

from storyline.annotate.figure_metric import Reading
from storyline.annotate.figure_numbers import EXACT, Amount, rows, units
from storyline.model import Timex
from storyline.resources import word_list

_NAME_LABELS = {"PERSON", "ORG", "PRODUCT", "FAC", "WORK_OF_ART", "LAW", "EVENT", "GPE", "LOC"}
_CLOCK_OR_YEAR = re.compile(r"\d:\d|\b(1[89]\d\d|20\d\d)\b|\b\d{1,2}(st|nd|rd|th)\b")
_TIME_WORDS = {"ago", "yesterday", "today", "tonight", "morning", "afternoon", "evening", "noon", "midnight",
               "weekend", "a.m.", "p.m.", "earlier", "later"}
_TIME_UNITS = {"seconds", "minutes", "hours", "days", "nights", "weeks", "months", "years", "decades", "centuries",
               "time", "age"}
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NEGATIONS = {"no", "not", "zero", "none", "never"}
_IDENTIFIER_CUES = {"no.", "no", "number", "#", "nos.", "aged", "age"}
FEW = 10  # "the two governments", "the three sides": a reference to known parties, not a count


@cache
def _date_words() -> frozenset[str]:
    calendar = {word for word, _kind, _n in rows("figure_calendar")}
    timey = {words[0] for words, unit, _kind in units() if unit in _TIME_UNITS}
    return frozenset(calendar | timey | _TIME_WORDS)


@cache
def _not_counted() -> frozenset[str]:
    return frozenset(word_list("figure_not_counted"))


def date_tokens(doc: Doc, timexes: list[Timex]) -> set[int]:
    """Tokens of time expressions that really are about time ("Oct. 7", "nine months", "1608 GMT")."""
    spans = [(t.start, t.end, t.text, t.value) for t in timexes]
    spans += [(e.start_char, e.end_char, e.text, None) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    found: set[int] = set()
    for start, end, text, value in spans:
        if not (_looks_like_time(text) or (value and _DAY_VALUE.match(value))):
            continue  # the parser's DATE on "a vote of 44 to 40", "Castro, 86"; "30" of "January 26 and 30" is a day
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            found.update(range(span.start, span.end))
    return found


def _looks_like_time(text: str) -> bool:
    words = set(re.findall(r"[a-z.]+", text.lower()))
    words |= {w.rstrip(".") for w in words}
    return bool(words & _date_words()) or bool(_CLOCK_OR_YEAR.search(text))


def not_a_figure(doc: Doc, amount: Amount, dates: set[int], sent_start: int) -> str | None:
    """Why the amount is no figure, or None when it may be one."""
    checks = (
        ("measure", amount.unit_kind in ("skip", "compound")),
        ("date", any(i in dates for i in range(amount.core_start, amount.core_end))),
        ("year", _is_year(doc, amount)),
        ("aside", _in_parentheses(doc, amount, sent_start)),
        ("negated", _negated(doc, amount)),
        ("identifier", _is_identifier(doc, amount)),
        ("name", _in_name(doc, amount)),
        ("scale", _is_scale(doc, amount)),
        ("age", _is_age_bound(doc, amount)),
    )
    return next((why for why, hit in checks if hit), None)


def not_a_claim(doc: Doc, amount: Amount, reading: Reading, counted: Token | None) -> str | None:
    """Why a readable amount still states nothing: "five demands", "the two sides", "one of the vessels"."""
    if (counted is not None and counted.lower_ in _not_counted()) or reading.metric in _not_counted():
        return "not counted"
    before = doc[amount.start - 1] if amount.start > 0 else None
    after = doc[amount.end] if amount.end < len(doc) else None
    if (amount.value < FEW and amount.qualifier == EXACT and amount.unit is None and before is not None
            and before.lower_ in ("the", "these", "those") and not reading.named):
        return "reference"  # "the two governments", "the two leaders"
    if amount.value == 1 and amount.qualifier == EXACT and (not reading.by_verb or (after and after.lower_ == "of")):
        return "one"  # "one of the vessels", "one important condition"
    return None


def _is_scale(doc: Doc, amount: Amount) -> bool:
    """ "a 6.4 quake", "a magnitude 5.1 aftershock": a reading on a scale, not a count."""
    before = {t.lower_ for t in doc[max(0, amount.start - 2):amount.start]}
    after = doc[amount.end].lower_ if amount.end < len(doc) else ""
    words = _scale_words()
    decimal = "." in doc[amount.core_start].text
    return bool(before & {"magnitude", "richter"}) or (decimal and amount.unit is None and after.lstrip("-") in words)


def _is_age_bound(doc: Doc, amount: Amount) -> bool:
    """ "children under five", "adults over 65": an age that bounds a group, not a count."""
    if amount.start < 2 or amount.unit is not None or amount.qualifier != EXACT:
        return False
    bound, group = doc[amount.start - 1], doc[amount.start - 2]
    after = doc[amount.end] if amount.end < len(doc) else None
    return (bound.lower_ in ("under", "over", "aged") and group.tag_ == "NNS"
            and (after is None or after.pos_ not in ("NOUN", "PROPN")))


@cache
def _scale_words() -> frozenset[str]:
    return frozenset(word_list("figure_scale_words"))


def _in_name(doc: Doc, amount: Amount) -> bool:
    """ "G20", "Apollo 11": a number inside a name (the parser's FAC on a bare "288" is no name)."""
    token = doc[amount.core_start]
    if token.ent_type_ not in _NAME_LABELS:
        return False
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return ent is not None and any(t.is_alpha and t.text[:1].isupper() for t in ent)


def _is_year(doc: Doc, amount: Amount) -> bool:
    text = doc[amount.core_start].text
    return (amount.core_end - amount.core_start == 1 and text.isdigit() and 1800 <= int(text) <= 2100
            and amount.unit is None and amount.qualifier == EXACT)


def _in_parentheses(doc: Doc, amount: Amount, sent_start: int) -> bool:
    for token in reversed(doc[sent_start:amount.start]):
        if token.text in (")", "]"):
            return False
        if token.text in ("(", "["):
            return True
    return False


def _negated(doc: Doc, amount: Amount) -> bool:
    """ "not one missing", "there is no attacks on 34 provincial capitals"."""
    if amount.start > 0 and doc[amount.start - 1].lower_ in _NEGATIONS:
        return True
    for node in doc[amount.core_end - 1].ancestors:
        if any(c.dep_ == "det" and c.lower_ == "no" for c in node.children):
            return True
        if node.pos_ in ("VERB", "AUX"):
            return False
    return False


def _is_identifier(doc: Doc, amount: Amount) -> bool:
    """ "Boeing 737", "paragraph 22", "Castro, 86", "No. 10", "10 Downing Street"."""
    if amount.start > 0 and doc[amount.start - 1].lower_ in _IDENTIFIER_CUES and amount.unit is None:
        return True
    last = doc[amount.core_end - 1]
    head = last.head
    if head.i < amount.start and head.tag_ in ("NN", "NNP") and last.dep_ in ("nummod", "appos", "npadvmod", "compound"):
        return amount.unit is None
    return head.i >= amount.end and head.tag_ == "NNP" and head.ent_type_ in _NAME_LABELS - {"ORG", "PERSON"}
