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
from storyline.resources import table

PRONOUNS = {"he", "she", "they", "it", "him", "her", "them"}
_LEFT_OUT = {"relcl", "acl", "appos", "advcl", "parataxis", "punct"}
_NAME_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
LOOK_BACK = 3  # sentences searched for the party a pronoun ("he said") stands for


@cache
def cues(how: str = "verb") -> frozenset[str]:
    """Words of one kind in ``figure_source_cues``: verb, prep, data, again."""
    return frozenset(word for word, kind in rows("figure_source_cues") if kind == how)


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
              skip: Token | None = None, phrase: Token | None = None) -> str | None:
    """The party credited with the claim that hangs on ``anchor`` (``skip``: the figure's own verb).

    The nearest credit up the parse wins ("X said ..., according to Y" credits X), except that
    "according to Y" beats a verb whose object the figure is ("X reported 50 cases, according to Y").
    A credit never reaches across a paragraph break.
    """
    if phrase is not None and (credited := _relative_credit(phrase, sents)) is not None:
        return name_of(doc, credited, entities, sents)  # "the 2.1% they forecast"
    path: list[Token] = []
    held: Token | None = None  # a weaker credit: "X reported 50 cases", or a pronoun ("he said")
    at = phrase.idx if phrase is not None else anchor.idx
    for node in (anchor, *anchor.ancestors):
        if "\n" in sents.text[min(at, node.idx):max(at, node.idx)]:
            break
        how = _reports(node, path, phrase) if skip is None or node.i != skip.i else None
        subject = _subject(node) if how else None
        if subject is not None and _credit_line(node, subject, sents):
            subject = None
        if subject is not None and how == "clause" and subject.lower_ not in PRONOUNS:
            return name_of(doc, subject, entities, sents)
        if (credited := _according_child(node)) is not None:
            return name_of(doc, credited, entities, sents)
        held = held or subject
        path.append(node)
    if held is not None:
        return name_of(doc, held, entities, sents)
    verb = _trailing_reporter(anchor)
    if verb is not None and "\n" not in sents.text[at:verb.idx] and (subject := _subject(verb)) is not None:
        return name_of(doc, subject, entities, sents)
    return _quote_speaker(doc, anchor, entities, sents)


def _relative_credit(phrase: Token, sents: Sentences) -> Token | None:
    for node in phrase.children:
        if node.dep_ == "relcl" and _is_cue_verb(node) and "\n" not in sents.text[phrase.idx:node.idx]:
            return _subject(node)
    return None


def _is_cue_verb(token: Token) -> bool:
    """A reporting verb in the active voice ("is expected to" reports nothing)."""
    return (token.lower_ in cues("verb") and token.pos_ in ("VERB", "AUX")
            and not any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children))


def _reports(verb: Token, path: list[Token], phrase: Token | None = None) -> str | None:
    """How the verb reports the claim: "clause" (its clause: "X said ...") or "object" ("X reported
    50 cases", "cited reports that ..."); None for an adjunct ("report progress following 13 rounds",
    "claimed responsibility for the attack, when ...")."""
    if not _is_cue_verb(verb):
        return None
    if not path:  # the claim hangs on the verb itself
        return "object" if phrase is not None and _object_of(phrase, verb) else "clause"
    below = path[-1]
    if below.dep_ in ("ccomp", "parataxis", "xcomp"):
        return "clause"
    if below.dep_ == "conj" and any(c.dep_ == "mark" and c.lower_ == "that" for c in below.children):
        return "clause"  # "said Russia launched 103 drones and that air defences shot down 61"
    if below.dep_ == "dobj" and (len(path) == 1 or path[-2].dep_ in ("acl", "ccomp", "conj")):
        return "object"
    return None


def _object_of(phrase: Token, verb: Token) -> bool:
    node = phrase
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head  # "15,600 cases and 537 deaths"
    return node.dep_ == "dobj" and node.head.i == verb.i


@cache
def _agency_names() -> frozenset[str]:
    """News agencies (``data/agencies.tsv``): "..., Anadolu Agency reports" credits the copy, not a figure."""
    names: set[str] = set()
    for row in table("agencies"):
        if row.get("kind") in ("wire", "state"):
            names.update(n.strip().lower() for n in (row.get("aliases") or "").split("|") if n.strip())
            names.add((row.get("name") or "").lower())
    return frozenset(names - {""})


def _credit_line(verb: Token, subject: Token, sents: Sentences) -> bool:
    """ "Israeli strikes killed 23 Palestinians, Anadolu Agency reports": the lede's carry credit."""
    if verb.lower_ not in ("reports", "reported", "report") or sents.index(verb.i) != 0:
        return False
    name = " ".join(t.text for t in subject.subtree).lower()
    return name.removeprefix("the ") in _agency_names()


def _according_child(node: Token) -> Token | None:
    """X in "according to X" or "citing X" hanging on ``node`` or on a verb joined to it after it."""
    joined = [c for c in node.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    for holder in (node, *joined):
        for child in holder.children:
            if child.lower_ == "according":
                to = next((c for c in child.children if c.lower_ == "to"), None)
                obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
                if obj is not None:
                    return obj
            if child.lower_ in cues("prep") and (obj := next((c for c in child.children if c.dep_ in ("pobj", "dobj")), None)):
                return obj
    return None


def _trailing_reporter(anchor: Token) -> Token | None:
    """ "..., killing 32 people, officials said" parsed with "said" below the main verb."""
    for node in (anchor, *anchor.ancestors):
        for child in node.children:
            trailing = child.dep_ in ("parataxis", "ccomp", "advcl") or (child.dep_ == "conj" and _after_comma(child))
            if (trailing and child.i > anchor.i and _is_cue_verb(child)
                    and anchor not in list(child.subtree) and _subject(child) is not None):
                return child
    return None


def _after_comma(verb: Token) -> bool:
    """ "..., an armed group and a rescue worker said": the sayer follows a comma."""
    first = min(t.i for t in verb.subtree)
    return first > 0 and verb.doc[first - 1].text == ","


def _subject(verb: Token) -> Token | None:
    node = verb
    while True:
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in ("that", "which", "who"):
                return _past_counted(child)
        participle = node.dep_ == "advcl" and node.tag_ == "VBG"  # "..., saying mpox had been detected"
        if (node.dep_ not in ("conj", "xcomp") and not participle) or node.head.i == node.i:
            return _stranded_subject(verb)
        node = node.head


def _stranded_subject(verb: Token) -> Token | None:
    """ "killed 900 people, officials and state media said": the parser joined the sayers to the count."""
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is None or before.dep_ != "conj" or before.pos_ not in ("NOUN", "PROPN"):
        return None
    first = before
    while first.dep_ == "conj" and first.head.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    comma = first.doc[first.i - 1] if first.i > 0 else None
    return first if comma is not None and comma.text == "," else None


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
    if head.lower_ in cues("data") and (party := _data_party(head)) is not None:
        return name_of(doc, party, entities, sents)  # "results published by the returning officer"
    if head.lower_ in cues("again") and head.pos_ == "NOUN" and [c.lower_ for c in head.lefts] == ["the"]:
        named = _named_before(doc, head, entities, sents)  # "the agency said"
        if named is not None:
            return named
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


def _data_party(data: Token) -> Token | None:
    """The party behind "data compiled by LSEG", "results from the electoral commission", "WHO figures"."""
    for child in data.children:
        if child.dep_ == "acl":
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if obj is not None:
                return obj
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "NOUN"):
                return obj
        if child.dep_ in ("compound", "poss") and child.ent_type_ in ("ORG", "GPE", "PERSON"):
            return child
    return None


def _named_before(doc: Doc, head: Token, entities: EntityIndex, sents: Sentences) -> str | None:
    """ "The agency estimates ...": the party last credited before, when it is an organisation or
    is called by the same noun ("Congo's health ministry said ... the ministry said")."""
    index = sents.index(head.i)
    for sent in reversed(sents.spans[max(0, index - LOOK_BACK):index + 1]):
        credited = [t for t in sent if t.i < head.i and _credits(t)]
        for party in reversed(credited):
            if party.ent_type_ == "ORG" or (party.lower_ == head.lower_ and party.i != head.i):
                return name_of(doc, party, entities, sents)
    return None


def _credits(token: Token) -> bool:
    """The token heads a party credited in its sentence: a reporting verb's subject, "according to" X."""
    if token.dep_ == "nsubj" and (_is_cue_verb(token.head) or any(_is_cue_verb(c) and c.dep_ == "advcl"
                                                                 for c in token.head.children)):
        return True  # "X said", "X declared an emergency, saying ..."
    return token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lower_ == "according"


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
    """The named person the phrase stands for: itself, its apposition ("a council member, Safiullah
    Amiri,"), or a name inside it that is not a possessor ("Valencia's emergency director")."""
    appositions = [c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
    for token in [head, *appositions, *phrase]:
        if token.ent_type_ == "PERSON" and not _possessor(token):
            return next((e for e in doc.ents if e.start <= token.i < e.end), None)
    return None


def _possessor(token: Token) -> bool:
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.dep_ == "poss" or (after is not None and after.lower_ in ("'s", "’s"))


def expand_acronym(doc: Doc, text: str) -> str:
    """ "IOC" -> "International Olympic Committee", "USGS" -> "U.S. Geological Survey" when the article spells it out."""
    bare = text.split()[-1] if text.split() else text
    if not (2 <= len(bare) <= 6 and bare.isupper() and bare.isalpha()):
        return text
    for ent in doc.ents:
        words = [w for part in ent.text.split() for w in part.split(".") if w[:1].isupper()]
        if ent.label_ == "ORG" and "".join(w[0] for w in words) == bare:
            return ent.text
    return text


def _antecedent(doc: Doc, pronoun: Token, entities: EntityIndex, sents: Sentences) -> str | None:
    """ "..., he said": the last party credited in the sentences just before."""
    index = sents.index(pronoun.i)
    for token in reversed(sents.spans[index][:pronoun.i - sents.starts[index]]):
        if token.dep_ == "nsubj" and token.tag_ in ("NNS", "NNPS") and pronoun.lower_ == "they":
            return name_of(doc, token, entities, sents)  # "Policymakers see ..., up from the 2.1% they forecast"
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
    """Tokens around the quote in its paragraph, nearest first; then the paragraph that opens it."""
    text = sents.text
    para_start = text.rfind("\n", 0, opening) + 1
    para_end = text.find("\n", closing)
    span = doc.char_span(para_start, len(text) if para_end < 0 else para_end, alignment_mode="contract")
    tokens = sorted((t for t in span or () if not opening <= t.idx < closing),
                    key=lambda t: min(abs(t.idx - opening), abs(t.idx - closing)))
    if _starts_paragraph(text, opening):
        before = _paragraph_before(doc, text, opening)
        if any(t.text in (":", "”", '"') for t in before[-2:]):
            tokens.extend(before)  # 'As X reported, "...". / "Turkey remains ...'
    return tokens


def _starts_paragraph(text: str, at: int) -> bool:
    return text[text.rfind("\n", 0, at) + 1:at].strip() == ""


def _paragraph_before(doc: Doc, text: str, at: int) -> list[Token]:
    before = text[:at].rstrip()
    start = before.rfind("\n") + 1
    span = doc.char_span(start, len(before), alignment_mode="contract")
    return list(span) if span is not None else []
