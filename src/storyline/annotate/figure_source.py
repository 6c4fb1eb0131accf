"""Who the article credits for a figure: "according to X", "X said", "X told reporters", a quote's speaker.

Requires: the parse (dependencies, sentences, entities) and the entity clusters. Gives the credited
party's name as the article words it (a person's fullest name from its cluster), or None when
nobody is credited: a source is never guessed. Word list: ``data/figure_source_cues.txt``.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

from spacy.tokens import Doc, Span, Token

from storyline.annotate.entities import EntityIndex
from storyline.annotate.figure_numbers import rows

PRONOUNS = {"he", "she", "they", "it", "him", "her", "them"}
_LEFT_OUT = {"relcl", "acl", "appos", "advcl", "parataxis", "punct"}
_NAME_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
LOOK_BACK = 3  # sentences searched for the party a pronoun ("he said") stands for


@cache
def cues() -> dict[str, str]:
    return {word: how for word, how in rows("figure_source_cues")}


class Sentences:
    """The article's sentences, found once: ``Token.sent`` walks the whole parse on every call."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc.text  # Doc.text joins every token on each call
        self.spans = list(doc.sents)
        self.starts = [s.start for s in self.spans]

    def starts_paragraph(self, sent: Span) -> bool:
        return self.text[max(0, sent.start_char - 1):sent.start_char] == "\n" or sent.text[:1] == "\n"

    def index(self, i: int) -> int:
        return max(0, bisect_right(self.starts, i) - 1)

    def of(self, i: int) -> Span:
        return self.spans[self.index(i)]


def source_of(doc: Doc, anchor: Token, entities: EntityIndex, sents: Sentences, *,
              skip: Token | None = None) -> str | None:
    """The party credited with the claim that hangs on ``anchor`` (``skip``: the figure's own verb).

    The nearest credit up the parse wins: "X said ..., according to Y" credits X for what X said.
    """
    path: list[Token] = []
    for node in (anchor, *anchor.ancestors):
        if (skip is None or node.i != skip.i) and _reports(node, path) and (subject := _subject(node)) is not None:
            return name_of(doc, subject, entities, sents)
        if (credited := _according_child(node)) is not None:
            return name_of(doc, credited, entities, sents)
        path.append(node)
    verb = _trailing_reporter(anchor)
    if verb is not None and (subject := _subject(verb)) is not None:
        return name_of(doc, subject, entities, sents)
    return _quote_speaker(doc, anchor, entities, sents)


def _is_cue_verb(token: Token) -> bool:
    return cues().get(token.lower_) == "verb" and token.pos_ in ("VERB", "AUX")


def _reports(verb: Token, path: list[Token]) -> bool:
    """The claim is what the verb reports: its clause or object ("cited reports that ..."), not an
    adjunct ("report progress following 13 rounds", "claimed responsibility for the attack, when ...")."""
    if not _is_cue_verb(verb):
        return False
    if not path or path[-1].dep_ in ("ccomp", "parataxis", "xcomp", "conj"):
        return True
    return path[-1].dep_ == "dobj" and (len(path) == 1 or path[-2].dep_ in ("acl", "ccomp"))


def _according_child(node: Token) -> Token | None:
    """X in "according to X" or "citing X" hanging on ``node``."""
    for child in node.children:
        word = child.lower_
        if word == "according":
            to = next((c for c in child.children if c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if obj is not None:
                return obj
        if cues().get(word) == "prep" and (obj := next((c for c in child.children if c.dep_ in ("pobj", "dobj")), None)):
            return obj
    return None


def _trailing_reporter(anchor: Token) -> Token | None:
    """ "..., killing 32 people, officials said" parsed with "said" below the main verb."""
    for node in (anchor, *anchor.ancestors):
        for child in node.children:
            if (child.dep_ in ("parataxis", "ccomp", "advcl") and child.i > anchor.i and _is_cue_verb(child)
                    and anchor not in list(child.subtree) and _subject(child) is not None):
                return child
    return None


def _subject(verb: Token) -> Token | None:
    node = verb
    while True:
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in ("that", "which", "who"):
                return _past_counted(child)
        if node.dep_ not in ("conj", "xcomp") or node.head.i == node.i:
            return None
        node = node.head


def _past_counted(subject: Token) -> Token:
    """ "there were only three survivors, officials and state media said": the parser took the count
    for the sayer; the sayer is then its conjunct."""
    counted = any(c.dep_ == "nummod" for c in subject.children)
    conj = next((c for c in subject.children if c.dep_ == "conj"), None)
    return conj if counted and conj is not None else subject


def name_of(doc: Doc, head: Token, entities: EntityIndex, sents: Sentences) -> str | None:
    """How the article names the party whose phrase is headed by ``head``."""
    if head.lower_ in PRONOUNS:
        return _antecedent(doc, head, entities, sents)
    phrase = _phrase(head)
    person = _person_in(doc, head, phrase)
    if person is not None:
        entity = entities.at(person.start_char, person.end_char)
        return entity.name if entity is not None and entity.type == "PERSON" else person.text
    text = phrase.text
    if head.ent_type_ in _NAME_TYPES and len(phrase) <= 3:
        entity = entities.at(head.idx, head.idx + len(head))
        text = entity.name if entity is not None and len(entity.name) >= len(head.text) else text
    return expand_acronym(doc, text)


def _phrase(head: Token) -> Span:
    """The head's phrase without relative clauses, appositions and trailing punctuation."""
    keep = set(t.i for t in head.subtree)
    for child in head.children:
        if child.dep_ in _LEFT_OUT:
            keep -= set(t.i for t in child.subtree)
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    return head.doc[lo:hi + 1]


def _person_in(doc: Doc, head: Token, phrase: Span) -> Span | None:
    """A named person in the phrase or its apposition ("a council member, Safiullah Amiri,")."""
    places = list(phrase) + [t for c in head.children if c.dep_ == "appos" for t in c.subtree]
    for token in places:
        if token.ent_type_ == "PERSON":
            for ent in doc.ents:
                if ent.start <= token.i < ent.end:
                    return ent
    return None


def expand_acronym(doc: Doc, text: str) -> str:
    """ "IOC" -> "International Olympic Committee" when the article spells the name out."""
    bare = text.split()[-1] if text.split() else text
    if not (2 <= len(bare) <= 6 and bare.isupper() and bare.isalpha()):
        return text
    for ent in doc.ents:
        words = [w for w in ent.text.split() if w[:1].isupper() and w.lower() not in ("of", "the", "and", "for")]
        if ent.label_ == "ORG" and len(words) == len(bare) and "".join(w[0] for w in words) == bare:
            return ent.text
    return text


def _antecedent(doc: Doc, pronoun: Token, entities: EntityIndex, sents: Sentences) -> str | None:
    """ "..., he said": the last party credited in the sentences just before."""
    index = sents.index(pronoun.i)
    for sent in reversed(sents.spans[max(0, index - LOOK_BACK):index]):
        for token in reversed(list(sent)):
            subject = _subject(token) if _is_cue_verb(token) else None
            if subject is not None and subject.lower_ not in PRONOUNS:
                return name_of(doc, subject, entities, sents)
    return None


def _quote_speaker(doc: Doc, anchor: Token, entities: EntityIndex, sents: Sentences) -> str | None:
    """Inside quotation marks: the speaker named beside the quote, or by the paragraph that opens it."""
    bounds = _quote_bounds(sents.text, anchor.idx)
    if bounds is None:
        return None
    opening, closing = bounds
    for token in _near_quote(doc, opening, closing, sents):
        if not _is_cue_verb(token) or opening <= token.idx < closing:
            continue
        subject = _subject(token)
        if subject is not None and not (opening <= subject.idx < closing):
            return name_of(doc, subject, entities, sents)
        if token.idx > closing and (named := _named_between(doc, closing, token, entities)):
            return named  # '..., killing 10," a council member, Safiullah Amiri, said.'
    return None


def _named_between(doc: Doc, closing: int, verb: Token, entities: EntityIndex) -> str | None:
    span = doc.char_span(closing + 1, verb.idx, alignment_mode="contract")
    if span is None:
        return None
    person = next((e for e in doc.ents if e.label_ == "PERSON" and span.start <= e.start and e.end <= span.end), None)
    if person is None:
        return None
    entity = entities.at(person.start_char, person.end_char)
    return entity.name if entity is not None and entity.type == "PERSON" else person.text


def _quote_bounds(text: str, at: int) -> tuple[int, int] | None:
    """Character bounds of the quotation holding ``at``, within its paragraph."""
    para_start = text.rfind("\n", 0, at) + 1
    para_end = text.find("\n", at)
    para_end = len(text) if para_end < 0 else para_end
    opening = _last_open(text, para_start, at)
    if opening is None:
        return None
    closing = _first_close(text, at, para_end)
    return opening, para_end if closing is None else closing


def _last_open(text: str, lo: int, at: int) -> int | None:
    depth, last = 0, None
    for n in range(lo, at):
        ch = text[n]
        if ch == "“" or (ch == '"' and depth == 0):
            depth, last = 1, n
        elif ch == "”" or (ch == '"' and depth == 1):
            depth = 0
    return last if depth == 1 else None


def _first_close(text: str, at: int, hi: int) -> int | None:
    for n in range(at, hi):
        if text[n] in "”\"":
            return n
    return None


def _near_quote(doc: Doc, opening: int, closing: int, sents: Sentences) -> list[Token]:
    """Tokens of the sentences where the quote opens and closes, and of the paragraph before it."""
    first = doc.char_span(opening, opening + 1, alignment_mode="expand")
    last = doc.char_span(max(opening, closing - 1), closing, alignment_mode="expand")
    tokens: list[Token] = []
    for span in (last, first):
        if span is not None and len(span):
            tokens.extend(sents.of(span[0].i))
    if first is not None and len(first) and _starts_paragraph(sents.text, opening):
        before = _paragraph_before(doc, sents.text, opening)
        if (before and before[-1].text in (":", "”", '"')) or (len(before) > 1 and before[-2].text in ("”", '"', ":")):
            tokens.extend(before)  # 'As X reported, "...". / "Turkey remains ...'
    return tokens


def _starts_paragraph(text: str, at: int) -> bool:
    return text[text.rfind("\n", 0, at) + 1:at].strip() == ""


def _paragraph_before(doc: Doc, text: str, at: int) -> list[Token]:
    before = text[:at].rstrip()
    start = before.rfind("\n") + 1
    span = doc.char_span(start, len(before), alignment_mode="contract")
    return list(span) if span is not None else []
