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
PERFECT_OR_PAST_AUX = frozenset({"has", "have", "had", "'s", "’s", "'ve", "’ve", "was", "were", "did"})
PROGRESSIVE_PRESENT_AUX = frozenset({"is", "are", "am", "'s", "’s", "'re", "’re"})
TIME_NOUNS = frozenset({"a.m.", "p.m.", "am", "pm", "gmt", "utc", "time", "morning", "afternoon", "evening", "night"})


@dataclass(frozen=True, slots=True)
class Context:
    tense: Tense = "unknown"  # of the clause's verb
    cue: bool = False  # a future word on the way to the verb: "will", "due to", "ahead of", "upcoming"
    nominal: bool = False  # the expression modifies a noun: "the Sept. 8 vote", "Saturday's protest"
    start: bool = False  # the expression starts a period: "since Oct. 7", "the war began on Oct. 7"
    since: bool = False  # "since Oct. 7": a start that is always in the past
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
    cue = bool(words & lexicon().future_cues)
    return Context(tense=tense, cue=cue, nominal=nominal, start=starts, since=since, sentence=(sent.start_char, sent.end_char))


def _path_to_verb(root: Token, first: int, last: int) -> list[Token]:
    """Heads from the expression up to (and including) the first verb outside it."""
    path: list[Token] = []
    token = root
    while token.head.i != token.i and len(path) < 12:
        token = token.head
        if first <= token.i < last:
            continue
        path.append(token)
        if token.pos_ in ("VERB", "AUX"):
            break
    return path


def _tense(verb: Token) -> Tense:
    if verb.dep_ == "conj" and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
        return _tense(verb.head)  # "planned to do so and strike on Saturday"
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & FUTURE_AUX:
        return "future"
    if verb.lower_ in lexicon().future_cues:  # "the vote is scheduled for", "has set the vote for"
        return "unknown" if verb.tag_ == "VBD" or aux & {"was", "were"} else "future"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN":
        return "past" if aux & PERFECT_OR_PAST_AUX else "unknown"
    if verb.tag_ == "VBG":
        return "future" if aux & PROGRESSIVE_PRESENT_AUX else "past" if aux & {"was", "were"} else "unknown"
    if verb.tag_ == "VB" and "to" in aux and verb.head.lower_ in lexicon().future_cues:
        return "future"  # "is due to begin", "plans to meet"
    if verb.tag_ in ("VBZ", "VBP") and any(c.lower_ in lexicon().future_cues for c in verb.children):
        return "future"  # "the vote is set for Oct. 5"
    return "unknown"
