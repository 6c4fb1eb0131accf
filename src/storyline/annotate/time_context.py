"""What the parse says about a time expression: the tense of its clause and whether it starts a period.

Requires: ``doc`` with ``tag_``, ``dep_`` and sentences (the shared parse). The resolver reads
:class:`Context` to pick the past or the future occurrence of "Tuesday" or "Oct. 7".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Token

from storyline.annotate.time_lexicon import lexicon

Tense = Literal["past", "future", "unknown"]

FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "wo", "would"})
MODAL_AUX = frozenset({"may", "might", "could", "can", "should", "must"})  # "could meet in May": ahead, unless "could have"
PERFECT_OR_PAST_AUX = frozenset({"has", "have", "had", "'s", "’s", "'ve", "’ve", "was", "were", "did"})
PROGRESSIVE_PRESENT_AUX = frozenset({"is", "are", "am", "'s", "’s", "'re", "’re"})
CONDITIONAL_MARKS = frozenset({"unless", "if", "until", "once"})
TIME_NOUNS = frozenset({"a.m.", "p.m.", "am", "pm", "gmt", "utc", "time", "morning", "afternoon", "evening", "night"})


@dataclass(frozen=True, slots=True)
class Context:
    tense: Tense = "unknown"  # of the clause's verb
    cue: bool = False  # a future word on the way to the verb: "will", "due to", "ahead of", "upcoming"
    nominal: bool = False  # the expression modifies a noun: "the Sept. 8 vote", "Saturday's protest"
    start: bool = False  # the expression starts a period: "since Oct. 7", "the war began on Oct. 7"
    since: bool = False  # "since Oct. 7": a start that is always in the past
    report: bool = False  # the date of a report ("officials said Monday"), not of the events reported
    sentence: tuple[int, int] = (0, 0)  # character bounds of its sentence


def context_of(doc: Doc, start: int, end: int) -> Context:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Context()
    sent = span[0].sent
    path = _path_to_verb(span.root, span.start, span.end)
    verb = path[-1] if path and path[-1].pos_ in ("VERB", "AUX") else None
    before = {t.lower_ for t in doc[max(sent.start, span.start - 2):span.start]}
    words = {t.lower_ for t in path if t is not verb} | before
    nominal = bool(path) and path[0].pos_ in ("NOUN", "PROPN") and path[0].lower_ not in TIME_NOUNS
    since = "since" in words
    starts = since or (verb is not None and verb.lower_ in lexicon().start_verbs)
    tense = _tense(verb) if verb is not None else "unknown"
    cue = bool(words & lexicon().future_cues) or (verb is not None and _intends(verb))
    return Context(tense=tense, cue=cue, nominal=nominal, start=starts, since=since,
                   report=verb is not None and verb.lower_ in lexicon().report_verbs,
                   sentence=(sent.start_char, sent.end_char))


def _path_to_verb(root: Token, first: int, last: int) -> list[Token]:
    """Heads from the expression up to (and including) the first finite verb outside it.

    Infinitives ("hoped to attend the summit in May") are passed through: their time is set by
    the verb above them. Participles ("tariffs imposed in September") are not."""
    path: list[Token] = []
    token = root
    while token.head.i != token.i and len(path) < 16:
        token = token.head
        if first <= token.i < last:
            continue
        path.append(token)
        if token.pos_ in ("VERB", "AUX") and _finite(token):
            break
    return path


def _finite(verb: Token) -> bool:
    """False for an infinitive ("to attend") and a bare verb joined to one ("to do so and strike")."""
    if verb.tag_ != "VB" or verb.dep_ not in ("xcomp", "conj", "advcl"):
        return True
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(aux - {"to"}) or (verb.dep_ == "conj" and verb.head.tag_ != "VB")


def _intends(verb: Token) -> bool:
    """A verb of intent or forecast, not in the past perfect ("had planned" looks back)."""
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.lower_ in lexicon().future_cues and "had" not in aux


def _tense(verb: Token) -> Tense:
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & FUTURE_AUX or (aux & MODAL_AUX and "have" not in aux):
        return "future"
    marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
    if marks & CONDITIONAL_MARKS and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
        return _tense(verb.head)  # "would push into Rafah unless they were freed by March 10"
    if verb.dep_ == "conj" and not aux and verb.tag_ in ("VB", "VBN", "VBG") and verb.head.pos_ in ("VERB", "AUX"):
        return _tense(verb.head)  # "planned to do so and strike on Saturday"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN":
        return "past" if aux & PERFECT_OR_PAST_AUX else "unknown"
    if verb.tag_ == "VBG":
        return "future" if aux & PROGRESSIVE_PRESENT_AUX else "past" if aux & {"was", "were"} else "unknown"
    if verb.tag_ in ("VBZ", "VBP") and verb.lower_ in lexicon().timetable_verbs:
        return "future"  # the news present of a timetable: "schools reopen Monday", "the summit ends Thursday"
    return "unknown"
