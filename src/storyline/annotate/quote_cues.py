"""Attributions on the parse: a reporting verb (or "according to"), who is speaking, and what was said.

Requires: the dependency parse. Gives :class:`Attribution` for every cue, whether or not it has a
content clause of its own: "“...,” he said" has none, and quotes.py joins it to the marks around it.
Verb lists live in ``data/reporting_verbs.txt`` and ``data/quote_fragment_verbs.txt``. The small
model misparses the clause around quotes and headings, so the speaker is checked against where it
sits: it must be in the attribution's own clause, not in the content or the line above.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from storyline.resources import word_list

SUBJECT_DEPS = {"nsubj", "csubj"}
INHERIT_DEPS = {"conj", "advcl", "xcomp", "pcomp", "prep", "acl"}  # verbs that share their head's subject
FRAGMENT_DEPS = {"dobj", "oprd", "attr", "ccomp", "acomp"}
FRAGMENT_PREPS = {"as", "for"}
QUOTED_AS = {"quoted", "cited"}  # "X was quoted as saying": X speaks
CLAUSE_BREAKS = {":", ";"}
RELATIVE_TAGS = {"WDT", "WP", "WP$"}
NOUNISH = {"NOUN", "PROPN", "PRON"}
OPENING_MARKS = "“„«\"‘'"
QUOTE_MARKS = "“”„«»\"‘’'"
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
CLAUSE_STARTS = {"PRON", "DET", "NOUN", "PROPN", "NUM"}
MAX_SUBJECT_GAP = 8  # tokens between a cue and the name the parse failed to attach to it
DATELINE_TOKENS = 10  # "NAIROBI, Kenya (AP) —" the cleaning may have left before the content


@dataclass(frozen=True)
class Lexicon:
    reporting: frozenset[str]
    infinitive: frozenset[str]  # forms that also report through "to ..." ("promised to act")
    through_object: frozenset[str]  # forms that report through their object ("accused X of ...")
    object_infinitive: frozenset[str]  # forms that report an appeal: "urged allies to deliver ..."
    takes_object: frozenset[str]  # forms whose object is a listener or a thing: "told reporters"
    particle: dict[str, str]  # forms that report only with a particle: "ruled out"
    claim_prep: dict[str, str]  # forms whose object needs this phrase to be a claim: "accused X of ..."
    fragment: frozenset[str]  # forms that report only through quoted words


@cache
def lexicon() -> Lexicon:
    """The verb lists, read once; each line holds every form of one verb and its flags."""
    reporting: set[str] = set()
    flagged: dict[str, set[str]] = {"+to": set(), "+obj": set(), "+objto": set(), "+np": set()}
    particle: dict[str, str] = {}
    claim_prep: dict[str, str] = {}
    for line in word_list("reporting_verbs"):
        words = line.split()
        forms = [w for w in words if not w.startswith("+")]
        reporting.update(forms)
        for flag in words:
            if flag in flagged:
                flagged[flag].update(forms)
            elif flag.startswith("+obj="):
                flagged["+obj"].update(forms)
                claim_prep.update(dict.fromkeys(forms, flag.split("=", 1)[1]))
            elif flag.startswith("+"):
                particle.update(dict.fromkeys(forms, flag[1:]))
    fragment = {w for line in word_list("quote_fragment_verbs") for w in line.split()}
    return Lexicon(frozenset(reporting), frozenset(flagged["+to"]), frozenset(flagged["+obj"]),
                   frozenset(flagged["+objto"]), frozenset(flagged["+np"]), particle, claim_prep,
                   frozenset(fragment - reporting))


@dataclass(frozen=True)
class Attribution:
    """One cue: ``content`` is a token range [start, end) of what was said, when the parse shows it."""

    cue: Token
    speaker: Token | None  # head of the phrase naming the speaker
    content: tuple[int, int] | None
    fragment_only: bool = False  # reports only the quoted words it governs ("called it “...”")
    according_to: bool = False
    quoted_only: bool = False  # the content counts only when it holds quoted words ("vowed to ...")

    @property
    def cue_text(self) -> str:
        if self.according_to:
            return "according to"
        aux = [t for t in self.cue.children if t.dep_ in ("aux", "auxpass") and t.i < self.cue.i]
        return " ".join([t.text for t in aux] + [self.cue.text])

    @property
    def content_head(self) -> Token | None:
        if self.content is None:
            return None
        start, end = self.content
        heads = [t for t in self.cue.doc[start:end] if not start <= t.head.i < end or t.head.i == t.i]
        return heads[0] if heads else None


def find_attributions(doc: Doc) -> list[Attribution]:
    lex = lexicon()
    found: list[Attribution] = []
    for token in doc:
        word = token.lower_
        if word == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            attribution = _according_to(token)
        elif not token.tag_.startswith("VB"):
            continue
        elif word in lex.reporting and _has_particle(token, lex):
            attribution = _reporting(token, lex)
        elif word in lex.fragment:
            attribution = _fragment(token)
        else:
            continue
        if attribution is not None and not (not found and _credits_the_story(attribution)):
            found.append(attribution)
    return found


def _credits_the_story(a: Attribution) -> bool:
    """"..., Anadolu Agency reports." closing an article's first attribution: an outlet re-reporting
    another credits its source for the whole story in the present tense; that is no quote of its own."""
    doc, cue = a.cue.doc, a.cue
    last = cue.i + 1 >= len(doc) or doc[cue.i + 1].text == "." or "\n" in doc[cue.i + 1].text
    postposed = a.speaker is not None and a.speaker.i < cue.i and a.content is not None and a.content[0] < cue.i
    return cue.tag_ == "VBZ" and last and postposed and a.speaker is not None and a.speaker.ent_type_ == "ORG"


def _has_particle(verb: Token, lex: Lexicon) -> bool:
    """"ruled out any cooperation" reports; "ruled the country" does not."""
    needed = lex.particle.get(verb.lower_)
    return needed is None or any(c.dep_ in ("prt", "prep") and c.lower_ == needed for c in verb.children)


def _reporting(verb: Token, lex: Lexicon) -> Attribution:
    speaker = speaker_of(verb)
    content = content_range(verb, lex, speaker)
    promise = content is not None and verb.lower_ in lex.infinitive and verb.doc[content[0]:content[1]].root.dep_ == "xcomp"
    return Attribution(verb, speaker, content, quoted_only=promise or _is_relative(verb.doc, content))


def _fragment(verb: Token) -> Attribution:
    """"called the move “welcome but insufficient”"; "called the move long overdue" reports even unquoted."""
    deps = {c.dep_ for c in verb.children}
    naming = "oprd" in deps and "dobj" in deps
    return Attribution(verb, speaker_of(verb), _fragment_range(verb), fragment_only=not naming)


def _according_to(according: Token) -> Attribution | None:
    """"..., according to X." and "According to X, ...": X speaks; the clause on the other side is said."""
    to = according.doc[according.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    source = _agent_of(source)
    head = according.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head  # "... has killed X and uprooted Y, according to ...": the whole clause
    phrase = (according.i, max(t.i for t in to.subtree) + 1)
    doc = head.doc
    start = max(head.left_edge.i, _paragraph_start(doc, according.i))
    clause = _trim(doc, start, min(head.right_edge.i + 1, _paragraph_end(doc, according.i, len(doc))))
    if clause is None:
        return None
    before, after = (clause[0], phrase[0]), (phrase[1], clause[1])
    side = after if phrase[0] <= clause[0] + 1 else before
    return Attribution(according, source, _trim(head.doc, *side), according_to=True)


def _agent_of(source: Token) -> Token:
    """"according to figures compiled by Eurostat": Eurostat speaks."""
    for child in source.children:
        if child.dep_ == "acl":
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None:
                return pobj
    return source


# --- who speaks ---------------------------------------------------------------------------------
def speaker_of(verb: Token) -> Token | None:
    """The head of the phrase naming who speaks through ``verb``."""
    found = _parsed_speaker(verb)
    if found is not None:
        found = _local_subject(verb, found)
    named = _appositive_name(verb)
    if named is not None and (found is None or (named.i < found.i < verb.i and not found.ent_type_)):
        return named  # "Helen Park, a former head of ..., said": the parse took a noun inside
    if found is None and _may_lack_subject(verb):
        found = _nearby_name(verb)
    return found


def _appositive_name(verb: Token) -> Token | None:
    """"NAME, a description, said": the name that opens the clause, set off by commas before the cue."""
    doc = verb.doc
    if verb.i < 3 or doc[verb.i - 1].text != ",":
        return None
    start = _paragraph_start(doc, verb.i)
    for token in doc[start:verb.i - 1]:
        if token.tag_ in FINITE_TAGS:
            return None
        if token.ent_iob_ == "B" and token.ent_type_ in ("PERSON", "ORG"):
            end = token.i
            while end + 1 < verb.i and doc[end + 1].ent_iob_ == "I":
                end += 1
            if end + 1 < verb.i - 1 and doc[end + 1].text == ",":
                return doc[token.i:end + 1].root
    return None


def _may_lack_subject(verb: Token) -> bool:
    """Only an active cue has a subject the parse can have lost."""
    return verb.lower_ in lexicon().reporting and verb.tag_ != "VBG" and not any(
        c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _parsed_speaker(verb: Token) -> Token | None:
    """The subject the parse gives, climbing from "adding", "saying", "to confirm" to the verb they hang on."""
    token = verb
    for _ in range(6):
        subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            return _relative_antecedent(subject)
        passive = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            return _passive_speaker(token, passive)
        if token.dep_ == "xcomp":  # "leading him to conclude": the object of the head speaks
            obj = next((c for c in token.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
            return token.head  # "a statement saying ...", "reports revealing ..."
        if token.dep_ == "relcl":
            return token.head
        if token.dep_ not in INHERIT_DEPS or token.head.i == token.i:
            return None
        token = token.head
    return None


def _passive_speaker(verb: Token, passive: Token) -> Token | None:
    """"X was quoted as saying": X; "the channel was told by Y": Y; "X was accused": nobody named."""
    if verb.lower_ in QUOTED_AS:
        return _relative_antecedent(passive)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None


def _relative_antecedent(subject: Token) -> Token:
    """"police who claimed": the speaker is the noun the relative clause hangs on."""
    clause = subject.head
    if subject.tag_ in RELATIVE_TAGS and clause.dep_ in ("relcl", "acl", "ccomp") and clause.head.pos_ in NOUNISH:
        return clause.head
    return subject


def _local_subject(verb: Token, subject: Token) -> Token | None:
    """A subject parsed across a heading line or inside the content belongs to the cue's own clause."""
    doc = verb.doc
    if subject.i >= verb.i:
        return subject
    start = subject.i
    for i in range(verb.i - 1, subject.i, -1):
        if "\n" in doc[i].text or doc[i].text in CLAUSE_BREAKS or (doc[i].text == "," and _is_attribution_gap(doc, i, verb)):
            start = i + 1
            break
    if start == subject.i:
        return subject
    local = [t for t in doc[start:verb.i] if t.pos_ in NOUNISH]
    if not local:
        return None
    inside = {t.i for t in doc[start:verb.i]}
    heads = [t for t in local if t.head.i not in inside]
    return heads[0] if heads else local[-1]


def _is_attribution_gap(doc: Doc, comma: int, verb: Token) -> bool:
    """", officials and state media said": the comma opens a short clause that ends in the cue."""
    between = doc[comma + 1:verb.i]
    return 0 < len(between) <= MAX_SUBJECT_GAP and not any(t.text == "," for t in between) and any(
        t.pos_ in NOUNISH for t in between) and not any(t.pos_ in ("VERB",) for t in between)


def _nearby_name(verb: Token) -> Token | None:
    """"..., said senator Ana Duarte." or "“...,” a council member, Omar Haddad, said."
    when the parse attached the name elsewhere: the noun run right after or right before the cue."""
    doc = verb.doc
    after = _noun_run(doc[verb.i + 1:verb.i + 1 + MAX_SUBJECT_GAP])
    if after:
        return after
    before = list(reversed(doc[max(0, verb.i - MAX_SUBJECT_GAP):verb.i]))
    while before and (before[0].text == "," or before[0].dep_ in ("aux", "neg", "advmod")):
        before = before[1:]
    if before and before[0].pos_ == "PRON" and before[0].lower_ not in ("this", "that"):
        return before[0]  # "... He stressed that ..." with the pronoun left out of the parse
    return _noun_run(before)


def _noun_run(tokens: Iterable[Token]) -> Token | None:
    """The rightmost noun of the noun phrase the tokens start with ("veteran opposition senator Ana Duarte")."""
    nouns = []
    for token in tokens:
        if token.pos_ in ("NOUN", "PROPN"):
            nouns.append(token)
        elif not (token.pos_ in ("ADJ", "DET", "NUM") or token.text == "-"):
            break
    return max(nouns, key=lambda t: t.i) if nouns else None


# --- what was said -------------------------------------------------------------------------------
def content_range(verb: Token, lex: Lexicon, speaker: Token | None = None) -> tuple[int, int] | None:
    """Token range of what ``verb`` reports, trimmed of "that", edge punctuation and trailing cues."""
    doc = verb.doc
    clause = _clause_child(verb, lex)
    if clause is not None and not _same_paragraph(doc, clause.left_edge.i, verb.i):
        clause = None  # the parse ran across a paragraph break
    if clause is not None:
        start, end = clause.left_edge.i, clause.right_edge.i + 1
        if clause.dep_ == "ccomp" and clause.tag_ != "VBG" and not _has_subject(clause):
            subject = _object_before(verb, clause)  # "said six of its nurses were hurt": the parse's object
            if subject is None:
                return None  # "what the army said was a drone"
            start = subject.left_edge.i
        if clause.i > verb.i:
            return _trim(doc, max(start, verb.i + 1), _with_conjoined_clauses(verb, end), verb)
        end = min(end, verb.i)
        if any(t.text in CLAUSE_BREAKS for t in doc[end:verb.i]):
            return _after_cue(verb)  # "The toll may rise: the BBC reports 30 more are hurt"
        return _trim(doc, start, _before_speaker(doc, end, verb, speaker), verb)
    if verb.dep_ == "parataxis" or (verb.dep_ == "advcl" and any(c.lower_ == "as" and c.dep_ == "mark" for c in verb.children)):
        return _around(verb)
    return _object_content(verb, lex) or _surface_content(verb, speaker, lex)


def _object_before(verb: Token, clause: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < clause.i), None)


def _same_paragraph(doc: Doc, start: int, end: int) -> bool:
    return "\n" not in doc[min(start, end):max(start, end) + 1].text


def _before_speaker(doc: Doc, end: int, verb: Token, speaker: Token | None) -> int:
    """"..., but a delay could not be ruled out, said study co-author Lena Brandt": what precedes
    the attribution clause is all content, though the parse may have closed the clause early."""
    if speaker is None:
        return end
    first = min(speaker.left_edge.i, verb.i)
    comma = first - 1
    if comma > end and doc[comma].text == "," and _same_paragraph(doc, end, comma):
        return comma
    return end


def _surface_content(verb: Token, speaker: Token | None, lex: Lexicon) -> tuple[int, int] | None:
    """When the parse gives no clause: "told Reuters that ..." or ", officials said." read off the words."""
    doc = verb.doc
    sent = verb.sent
    for i in range(verb.i + 1, min(verb.i + 6, sent.end)):
        if doc[i].lower_ == "that" and doc[i].tag_ == "IN":
            return _trim(doc, i + 1, _paragraph_end(doc, i, sent.end), verb)
        if doc[i].is_punct or doc[i].pos_ in ("VERB", "AUX"):
            break
    clause = _clause_after(verb, lex)
    if clause is not None:
        return clause
    rest = doc[verb.i + 1:_paragraph_end(doc, verb.i, sent.end)]
    comma = next((t.i for t in rest if t.text == ","), None)
    rest = rest[:comma - rest.start] if comma is not None else rest  # ", clearing the way for a vote"
    if speaker is not None and speaker.i < verb.i and len(rest) <= 10 and not any(t.pos_ == "VERB" for t in rest):
        comma = speaker.left_edge.i - 1
        start = max(sent.start, _paragraph_start(doc, comma))
        if comma > start + 3 and doc[comma].text == ",":
            return _trim(doc, start, comma, verb)
    return None


def _clause_after(verb: Token, lex: Lexicon) -> tuple[int, int] | None:
    """"have said the group has been weakened ...": a clause starts right after the cue though the parse missed it."""
    doc = verb.doc
    if verb.i + 1 >= len(doc):
        return None
    first = doc[verb.i + 1]
    starts = first.pos_ in CLAUSE_STARTS | {"ADV", "ADJ"} or first.tag_ == "VBG" or first.head.i != verb.i
    if not starts or first.is_punct or first.lower_ in ("that", "this"):
        return None
    if first.ent_type_ in ("DATE", "TIME") or (first.pos_ in ("ADV", "ADJ") and first.head.i == verb.i):
        return None  # "said Monday, but ...", "said later"
    top = first
    while top.head.i not in (verb.i, top.i):
        top = top.head
    takes_object = verb.lower_ in lex.through_object | lex.object_infinitive | lex.takes_object
    allowed = {"ccomp"} if takes_object else {"ccomp", "dobj", "npadvmod", "advmod"}
    if top.head.i == verb.i and top.dep_ not in allowed:
        return None  # the cue's own object, subject or adverb ("announcing the plan", "said a woman ...")
    if top.head.i == verb.i and top.dep_ != "ccomp" and not _followed_by_verb(top):
        return None  # "declared martial law and sent troops": an object, not the subject of what was said
    end = _paragraph_end(doc, verb.i, verb.sent.end)
    if not any(t.tag_ in FINITE_TAGS for t in doc[verb.i + 2:end]):
        return None
    return _trim(doc, verb.i + 1, end, verb)


def _followed_by_verb(phrase: Token) -> bool:
    """"said six of its nurses were hurt": the phrase is the subject of the next verb."""
    doc = phrase.doc
    for token in doc[phrase.right_edge.i + 1:phrase.right_edge.i + 3]:
        if token.is_punct:
            continue
        return token.tag_ in FINITE_TAGS
    return False


def _paragraph_end(doc: Doc, start: int, end: int) -> int:
    return next((t.i for t in doc[start:end] if "\n" in t.text), end)


def _paragraph_start(doc: Doc, end: int) -> int:
    return next((t.i + 1 for t in reversed(doc[:max(end, 0)]) if "\n" in t.text), 0)


def _clause_child(verb: Token, lex: Lexicon) -> Token | None:
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child
    if verb.lower_ in lex.infinitive:
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if xcomp is not None:
            return xcomp
    return _that_clause_below(verb)


def _that_clause_below(verb: Token) -> Token | None:
    """"cited reports that ...", "said in televised remarks that ...": a that-clause on the cue's noun."""
    frontier = [c for c in verb.rights if c.dep_ in ("dobj", "prep", "npadvmod")]
    for _ in range(2):
        nouns = [n for t in frontier for n in ([t] if t.dep_ != "prep" else [c for c in t.children if c.dep_ == "pobj"])]
        for noun in nouns:
            clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and _is_that_clause(c)), None)
            if clause is not None:
                return clause
        frontier = [c for n in nouns for c in n.rights if c.dep_ == "prep"]
    return None


def _object_content(verb: Token, lex: Lexicon) -> tuple[int, int] | None:
    """"accused Israel of stalling the talks", "urged allies to deliver ...", "denied targeting
    civilians", "ruled out any cooperation with X": the object and what completes it."""
    word = verb.lower_
    if word not in lex.through_object and word not in lex.object_infinitive:
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "xcomp", "pcomp")), None)
    if obj is None:
        return None
    tail = [c for c in verb.rights
            if c.i > obj.i and (c.dep_ in ("prep", "xcomp", "ccomp") or (c.dep_ == "advcl" and c.tag_ == "VB"))]
    if word in lex.object_infinitive and not (tail or obj.dep_ == "ccomp"):
        return None
    if word in lex.through_object and not _names_a_claim(obj, tail, word in lex.particle, lex.claim_prep.get(word)):
        return None  # "denied the allegations", "denied responsibility for the attacks" name no claim
    end = max([obj.right_edge.i, *(c.right_edge.i for c in tail)]) + 1
    return _trim(verb.doc, obj.left_edge.i, end, verb)


def _names_a_claim(obj: Token, tail: list[Token], particle: bool, prep: str | None) -> bool:
    """"denied targeting civilians", "ruled out any cooperation", "accused X of ...", "blamed X for ..."."""
    if prep is None:
        return obj.tag_ == "VBG" or particle
    preps = [c for c in [*tail, *obj.children] if c.dep_ == "prep"]
    return obj.dep_ == "dobj" and any(p.lower_ == prep for p in preps)


def _is_that_clause(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)


def _has_subject(clause: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in clause.children) or clause.dep_ == "xcomp"


def _is_relative(doc: Doc, content: tuple[int, int] | None) -> bool:
    """"declared a period of mourning, during which ...": a relative clause is not what was said."""
    if content is None:
        return False
    return any(t.tag_ in RELATIVE_TAGS and t.lower_ != "what" for t in doc[content[0]:min(content[0] + 2, content[1])])


def _with_conjoined_clauses(verb: Token, end: int) -> int:
    """"told AFP only two trucks had arrived and it was too soon ...": the parse hangs the second
    clause on the cue; it is still what was said when it has a subject of its own."""
    for conj in verb.rights:
        if conj.dep_ == "conj" and conj.i >= end and conj.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in conj.children) and not is_cue(conj):
            end = conj.right_edge.i + 1
    return end


def is_cue(token: Token) -> bool:
    """A reporting or fragment verb form."""
    lex = lexicon()
    return token.tag_.startswith("VB") and (token.lower_ in lex.reporting or token.lower_ in lex.fragment)


def _after_cue(verb: Token) -> tuple[int, int] | None:
    end = verb.sent.end
    return _trim(verb.doc, verb.i + 1, end, verb) if end - verb.i > 3 else None


def _around(verb: Token) -> tuple[int, int] | None:
    """"In the end, Park says, the league gave ..." and "As X told Y, ...": the clause around the cue."""
    head = verb.head
    start, end = head.left_edge.i, head.right_edge.i + 1
    inner_start, inner_end = verb.left_edge.i, verb.right_edge.i + 1
    if verb.dep_ == "advcl":  # "As X told Y, ..." may swallow the clause's subject: cut at the comma
        comma = next((t.i for t in verb.doc[verb.i:end] if t.text == ","), None)
        inner_end = comma + 1 if comma is not None else inner_end
    before, after = (start, inner_start), (inner_end, end)
    if any(t.head.i == head.i and t.dep_ in ("nsubj", "nsubjpass") for t in verb.doc[start:inner_start]):
        return _trim(verb.doc, start, end)  # "The plan, he said, would cut ...": the cue sits inside what was said
    side = after if after[1] - after[0] >= before[1] - before[0] else before
    return _trim(verb.doc, *side)


def _fragment_range(verb: Token) -> tuple[int, int] | None:
    """Where quoted words count for a fragment verb: its object, its complement, its "as"/"for" phrase."""
    parts = [c for c in verb.children if c.dep_ in FRAGMENT_DEPS or (c.dep_ == "prep" and c.lower_ in FRAGMENT_PREPS)]
    if not parts:
        return None
    return min(p.left_edge.i for p in parts), max(p.right_edge.i for p in parts) + 1


def _trim(doc: Doc, start: int, end: int, verb: Token | None = None) -> tuple[int, int] | None:
    end = _cut_trailing(doc, start, end, verb)
    start = _after_dateline(doc, start, end)
    while start < end and (doc[start].is_punct or doc[start].is_space or _complementizer(doc[start])):
        start += 1
    while end > start and ((doc[end - 1].is_punct and doc[end - 1].text not in ".!?") or doc[end - 1].is_space):
        end -= 1
    return (start, end) if end > start else None


def _after_dateline(doc: Doc, start: int, end: int) -> int:
    """"NAIROBI, Kenya (AP) — Floods swept ...": a dateline the cleaning left is not what was said."""
    for i in range(start, min(start + DATELINE_TOKENS, end)):
        if doc[i].text in ("—", "–", "-") and i > start:
            head = doc[start:i]
            if head[0].is_upper and all(t.is_punct or t.is_title or t.is_upper for t in head):
                return i + 1
            return start
    return start


def _complementizer(token: Token) -> bool:
    """The "that" of "said that ...", not the pronoun of "said that would take weeks ..."."""
    return token.lower_ == "that" and token.dep_ != "nsubj"


def _cut_trailing(doc: Doc, start: int, end: int, verb: Token | None) -> int:
    """End before ", adding that ...", ", according to ...", ", which ..." or a colon that opens a quote."""
    for i in range(start + 1, end):
        token, prev = doc[i], doc[i - 1]
        if prev.text in (",", ";", "—", "–") and _opens_trailing_clause(token, end):
            return i - 1
        if token.text == ":" and i + 1 < end and doc[i + 1].text[:1] in OPENING_MARKS:
            return i
        if verb is not None and token.i == verb.i:
            return i
    return end


def _opens_trailing_clause(token: Token, end: int) -> bool:
    if token.lower_ == "according":
        return True
    if token.tag_ == "VBG" and token.dep_ in ("advcl", "xcomp", "conj") and any(
            is_cue(t) or t.text in QUOTE_MARKS for t in token.subtree):
        return True  # ", adding that ...", ", leading him to conclude that “...”"
    return token.tag_ in RELATIVE_TAGS and token.lower_ in ("which", "who") and token.head.right_edge.i >= end - 2
