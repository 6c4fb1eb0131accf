"""Who is speaking: the phrase at a cue resolved to the fullest name the article gives.

Requires: the parse, ``doc.ents`` and the entity clusters (used when they know more; the rules
here work without them). Resolves pronouns ("he said") to the nearest compatible main-clause
subject before them, titles and descriptions ("the Hamas leader", "the ministry") to the name
introduced earlier with that role ("Hamas chief Ismail Haniyeh"), surnames and first names to full
names, acronyms to the organisation they abbreviate, "the statement" to whoever issued it, and a
lead's "a spokesman said" to the person named at the next attribution. A pronoun is never a
name: unresolved, the name stays ``None``; a description nobody names stays the description.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from storyline.annotate.entities import EntityIndex
from storyline.annotate.quote_cues import is_cue, speaker_of
from storyline.model import Entity, Span, Speaker
from storyline.resources import table, word_list

NAMED = {"PERSON", "ORG", "GPE", "NORP"}
GROUP_LABELS = {"ORG", "GPE", "NORP"}
PHRASE_CUT = {"relcl", "acl", "appos", "punct", "advcl", "parataxis", "cc", "conj"}
CLAUSE_CUT = {"relcl", "acl", "appos", "advcl", "parataxis"}
DEFINITE = {"the", "this", "that", "these", "those"}
INDEFINITE = {"a", "an", "another"}
QUANTIFIERS = {"one", "some", "many", "several", "most", "all", "each", "both", "two", "three"}
SUBJECTS = {"nsubj", "nsubjpass"}
MAX_SENTENCES_BACK = 6  # a pronoun's antecedent is rarely further back than a few sentences
RECENT_SENTENCES = 2
MAX_MENTION_CHARS = 200  # no entity mention is longer; bounds the search back from a span


@dataclass(frozen=True)
class Nouns:
    person: dict[str, str | None]  # noun -> gender it implies
    group: frozenset[str]
    refers_back: frozenset[str]  # group nouns that point to the organisation just named ("the club")
    statement: frozenset[str]
    pronouns: dict[str, tuple[str, str]]  # form -> (gender, number)
    honorifics: dict[str, str | None]
    titles: dict[str, str]  # abbreviated titles -> the role they stand for ("gov." -> governor)
    name_cues: frozenset[str]
    name_glue: frozenset[str]
    synonyms: dict[str, frozenset[str]]


@cache
def nouns() -> Nouns:
    person: dict[str, str | None] = {}
    for line in word_list("quote_person_nouns"):
        word, *gender = line.split()
        person[word] = gender[0] if gender else None
    synonyms: dict[str, frozenset[str]] = {}
    for line in word_list("quote_role_synonyms"):
        if ">" in line:  # "leader > president ...": only the general word points to the specific ones
            general, specific = line.split(">", 1)
            synonyms[general.strip()] = synonyms.get(general.strip(), frozenset()) | frozenset(specific.split())
            continue
        group = frozenset(line.split())
        for word in group:
            synonyms[word] = synonyms.get(word, frozenset()) | group
    groups = [line.split() for line in word_list("quote_group_nouns")]
    return Nouns(
        person=person,
        group=frozenset(g[0] for g in groups),
        refers_back=frozenset(g[0] for g in groups if "*" in g[1:]),
        statement=frozenset(word_list("quote_statement_nouns")),
        pronouns={r["form"]: (r["gender"], r["number"]) for r in table("quote_pronouns")},
        honorifics={r["form"]: r["gender"] or None for r in table("quote_honorifics")},
        titles={r["form"]: r["role"] for r in table("quote_honorifics") if r["role"]},
        name_cues=frozenset(word_list("quote_name_cues")),
        name_glue=frozenset(word_list("quote_name_glue")),
        synonyms=synonyms,
    )


@dataclass
class Referent:
    """Someone the article has introduced, who a later pronoun or description may point back to."""

    position: int
    name: str
    kind: str  # "person", "group" or "pronoun"
    mention: Span
    entity_id: str | None = None
    roles: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    plural: bool = False
    subject: bool = False  # subject of a main clause or of a cue
    named: bool = True
    gender: str | None = None
    label: str | None = None
    sentence: int = 0
    pronoun: Token | None = None  # a pronoun subject: resolved when a search reaches it
    head: Token | None = None  # a description's head noun: "the club" may name someone further back


@dataclass(frozen=True)
class _Name:
    """A name the model tagged, with its words read once."""

    label: str
    text: str
    words: tuple[str, ...]  # lowercased, without "the", titles and glue words


@dataclass(frozen=True)
class Upcoming:
    """The speakers of the next attributions, and how close they are (for "a spokesman said" in a lead)."""

    heads: tuple[Token, ...]
    in_lead: bool  # the describing attribution is the article's first
    next_sentence: bool


@dataclass
class SpeakerResolver:
    """Built once per article; ``resolve`` names the speaker behind the head of a subject phrase."""

    doc: Doc
    entities: EntityIndex
    referents: list[Referent] = field(default_factory=list)
    _ents: dict[int, SpacySpan] = field(default_factory=dict)
    _names: list[_Name] = field(default_factory=list)
    _mentions: list[tuple[int, int, Entity]] = field(default_factory=list)  # entity mentions by start
    _by_name: dict[str, Entity] = field(default_factory=dict)
    _sentence_starts: list[int] = field(default_factory=list)
    _memo: dict[int, Referent | None] = field(default_factory=dict)
    _fullest: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Doc, entities: EntityIndex, *, quoted: Sequence[tuple[int, int]] = (),
              speaking: Sequence[Token] = ()) -> SpeakerResolver:
        """``quoted``: character ranges inside quotation marks; people named there are not antecedents.
        ``speaking``: the heads of speaker phrases, subjects of their clause whatever the parse says."""
        resolver = cls(doc, entities)
        resolver._mentions = sorted(((m.start, m.end, e) for e in entities.entities for m in e.mentions if e.type in NAMED),
                                    key=lambda t: (t[0], t[1]))
        resolver._by_name = {e.name.casefold(): e for e in reversed(entities.entities)}
        ents = list(doc.ents)
        resolver._ents = {t: ent for ent in ents for t in range(ent.start, ent.end)}
        unique = {(e.label_, _strip_name(e.text)) for e in ents if e.label_ in NAMED}
        resolver._names = [_Name(label, text, tuple(w.lower() for w in _name_words(text))) for label, text in sorted(unique)]
        resolver._sentence_starts = [s.start for s in doc.sents]
        ranges = sorted(quoted)
        referents = [r for r in resolver._collect() if not _within(r.position, ranges)]
        heads = sorted(t.idx for t in speaking)
        for referent in referents:
            i = bisect_right(heads, referent.mention.end - 1) - 1
            referent.subject = referent.subject or (i >= 0 and heads[i] >= referent.mention.start)
        resolver.referents = sorted(referents, key=lambda r: r.position)
        return resolver

    # --- public -------------------------------------------------------------------------
    def resolve(self, head: Token, *, previous: Speaker | None = None, upcoming: Upcoming | None = None) -> Speaker | None:
        """The speaker named by the phrase headed by ``head``; None when it names nobody who can speak.
        ``previous`` is the last speaker before, who "the statement" may belong to."""
        found = self.referent_for(head, previous=previous, upcoming=upcoming)
        if isinstance(found, Speaker):
            return found
        if found is None:
            pronoun = head.lower_ in nouns().pronouns
            return Speaker(None, None, self._token_span(head)) if pronoun else None
        name = found.name if found.named or found.head is None else self._owned_name(found.head, *phrase_range(found.head))
        return Speaker(name, found.entity_id, self._mention(head, found))

    def referent_for(self, head: Token, *, previous: Speaker | None = None,
                     upcoming: Upcoming | None = None) -> Referent | Speaker | None:
        n = nouns()
        if head.lower_ in n.pronouns:
            return self._antecedent(head)
        named = self._named(head)
        if named is not None:
            return named
        if head.lower_ in n.statement:
            return self._statement_owner(head, previous)
        description = self._description(head)
        if description is None:
            return None
        earlier = None
        if _is_definite(head) or (_is_possessed(head) and not _owned_by_pronoun(head)):
            earlier = self._nearest(self._by_role(description, head), self._named_group_nearby(description, head), head)
            if earlier is not None and earlier.named:
                return earlier
        introduced = self._introduced_later(head, description, upcoming)
        return introduced or earlier or description

    # --- referents --------------------------------------------------------------------------
    def _collect(self) -> list[Referent]:
        spans = {id(ent): ent for ent in self._ents.values()}.values()
        found = [self._entity_referent(ent) for ent in sorted(spans, key=lambda e: e.start)
                 if ent.label_ in NAMED and not ent.root.is_lower]  # "the military" tagged ORG is a description
        n = nouns()
        for token in self.doc:
            if token.i in self._ents and not self._ents[token.i].root.is_lower:
                continue
            word = token.lower_
            if word in n.pronouns and token.dep_ in SUBJECTS:
                found.append(Referent(token.idx, token.text, "pronoun", self._token_span(token), named=False,
                                      subject=_main_subject(token), sentence=self._sentence(token), pronoun=token))
            elif token.pos_ == "PROPN" and token.dep_ in SUBJECTS and word not in n.group:
                found.append(self._proper_referent(token))
            elif (word in n.person or word in n.group) and token.dep_ == "appos" and token.head.pos_ == "PROPN" \
                    and token.head.i not in self._ents:
                found.append(self._proper_referent(token.head, roles=_expand(word)))  # "the Orange Alliance, a group"
            elif (word in n.person or word in n.group) and token.dep_ != "poss" and not self._names_someone(token):
                description = self._description(token)
                if description is not None:
                    found.append(description)
        return found

    def _entity_referent(self, ent: SpacySpan) -> Referent:
        root = ent.root
        roles, modifiers = self._roles_of(ent)
        ent = self._whole_name(self._person_by_title(ent, roles))
        kind = "person" if ent.label_ == "PERSON" else "group"
        name = self.fullest(ent.text, ent.label_)
        entity = self._entity(ent.start_char, ent.end_char, name)
        if entity is not None and _fuller(entity.name, name) and _contains(entity.name, name, ent.label_):
            name = entity.name
        if kind == "group":
            roles |= {w.lower() for w in ent.text.split() if w.lower() in nouns().group}
        return Referent(
            position=ent.start_char, name=name, kind=kind, mention=_span(self.doc, ent.start, ent.end),
            entity_id=entity.id if entity else None, roles=frozenset(roles), modifiers=frozenset(modifiers),
            plural=ent.label_ == "NORP" or _has_conj(root),  # "Guterres" is tagged NNPS, yet one man
            subject=_main_subject(root), gender=_gender_before(ent), label=ent.label_, sentence=self._sentence(root),
        )

    def _proper_referent(self, token: Token, roles: frozenset[str] = frozenset()) -> Referent:
        start, end = phrase_range(token)
        referent = self._referent_for_text(self.doc[start:end])
        referent.roles = roles
        referent.subject = _main_subject(token)
        referent.sentence = self._sentence(token)
        return referent

    def _names_someone(self, token: Token) -> bool:
        """A title that stands with a name ("Omar Haddad, the head of ...") is a role, not someone new."""
        if token.dep_ == "appos" and token.head.i in self._ents:
            return True
        return any(c.dep_ in ("appos", "compound") and c.i in self._ents and c.i > token.i for c in token.children) or (
            token.dep_ == "compound" and token.head.i in self._ents)

    def _description(self, head: Token) -> Referent | None:
        """A common-noun phrase that can speak: "a senior security official", "Local media"."""
        n = nouns()
        word = _kind_word(head)
        if word in n.person:
            kind, gender = "person", n.person[word]
        elif word in n.group or word in n.statement or head.pos_ == "PROPN":
            kind, gender = "group", None
        else:
            return None
        start, end = phrase_range(head)
        modifiers = {t.lower_ for t in self.doc[start:head.i] if not t.is_punct and t.lower_ not in DEFINITE | INDEFINITE}
        return Referent(
            position=self.doc[start].idx, name=self.doc[start:end].text.strip(), kind=kind,
            mention=_span(self.doc, start, end), roles=_expand(word), modifiers=frozenset(modifiers),
            plural=head.tag_ in ("NNS", "NNPS") or _has_conj(head) or word != head.lower_,
            subject=_main_subject(head), named=False, gender=gender, sentence=self._sentence(head), head=head,
        )

    def _owned_name(self, head: Token, start: int, end: int) -> str:
        """"his spokesman" -> "Antonio Guterres's spokesman": a possessive pronoun is never part of a name."""
        text = self.doc[start:end].text.strip()
        owner = next((c for c in head.children if c.dep_ == "poss" and c.tag_ == "PRP$"), None)
        if owner is None or owner.lower_ not in nouns().pronouns or owner.i != start:
            return text
        found = self._antecedent(owner)
        if found is None or not found.named:
            return text
        return f"{found.name}'s {self.doc[start + 1:end].text}"

    def _roles_of(self, ent: SpacySpan) -> tuple[set[str], set[str]]:
        """Role words written with a name ("Hamas leader X", "X, the information minister") and their modifiers."""
        n = nouns()
        root = ent.root
        roles: set[str] = set()
        modifiers: set[str] = set()
        for token in self.doc[root.left_edge.i:ent.start]:
            word = n.titles.get(token.lower_, token.lower_)
            if not token.is_punct:
                (roles if word in n.person or word in n.group else modifiers).add(word)
        if root.dep_ == "compound" and (root.head.lower_ in n.person or root.head.lower_ in n.group):
            roles.add(root.head.lower_)  # "The M23 rebel group"
            modifiers |= {t.lower_ for t in root.head.lefts if t.i >= ent.end and not t.is_punct}
        for noun in _appositions(root):
            if noun.lower_ in n.person or noun.lower_ in n.group:
                roles.add(noun.lower_)
                modifiers |= {t.lower_ for t in noun.subtree if t.i < noun.i and not t.is_punct}
        expanded: set[str] = set()
        for role in roles:
            expanded |= _expand(role)
        return expanded, modifiers - DEFINITE - INDEFINITE

    # --- names ------------------------------------------------------------------------------
    def _named(self, head: Token) -> Referent | None:
        """A name in the phrase: the head's own entity, its apposition, a name after a title, or a given name."""
        ent = self._ents.get(head.i)
        if ent is not None and ent.root.is_lower:
            ent = None  # "the military", "the foreign ministry": the model's entity is a description
        if ent is None:
            ent = next((self._ents[c.i] for c in head.children if c.dep_ == "appos" and c.i in self._ents), None)
        word = _kind_word(head)
        known = word in nouns().person or word in nouns().group
        if ent is None and (word in nouns().person or not known):
            ent = self._name_with_title(head)
        if ent is None:
            ent = self._name_given_in(head)
        if ent is not None and ent.label_ in NAMED:
            return self._referent_for_text(self._whole_name(self._person_by_title(ent)))
        # untagged, or tagged as a place or facility: read the name off the words
        proper = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if proper is None and (head.pos_ == "PROPN" or self._known_name_word(head)) and head.lower_ not in nouns().group:
            proper = head
        if proper is not None:
            start, end = phrase_range(proper)
            titles = [t.i for t in self.doc[start:proper.i] if _is_title_word(t)]
            start = titles[-1] + 1 if titles else start  # "Los Angeles Fire Chief Renata Solis": the name after the title
            return self._referent_for_text(self.doc[start:end])
        return None

    def _whole_name(self, ent: SpacySpan) -> SpacySpan:
        """The name as the article writes it in full: "Helen Park" when the model tagged only
        "Park", "North Korea's Foreign Ministry" when it tagged only "Foreign Ministry"."""
        start = ent.start
        if ent.label_ == "PERSON":
            while start > 0 and self._given_name(self.doc[start - 1], ent):
                start -= 1
        else:
            owner = next((c for c in ent.root.children if c.dep_ == "poss" and c.i < ent.start), None)
            if owner is not None and owner.ent_type_ in GROUP_LABELS and owner.right_edge.i + 2 >= ent.start:
                start = owner.left_edge.i
        return ent if start == ent.start else SpacySpan(self.doc, start, ent.end, label=ent.label_)

    def _person_by_title(self, ent: SpacySpan, roles: set[str] | None = None) -> SpacySpan:
        """"Sheriff Marcus Bell", "President Ursula von der Leyen" tagged ORG or GPE: a title says person."""
        if ent.label_ == "PERSON":
            return ent
        roles = self._roles_of(ent)[0] if roles is None else roles
        n = nouns()
        if roles & set(n.person) and not any(t.lower_ in n.group for t in ent):
            return SpacySpan(self.doc, ent.start, ent.end, label="PERSON")
        return ent

    def _given_name(self, token: Token, ent: SpacySpan) -> bool:
        """A word before a person's tagged name that belongs to it: "Nasrat", "Ursula von der"."""
        n = nouns()
        word = token.lower_
        particle = word in n.name_glue and word not in ("of", "the", "and", "for")
        if token.pos_ != "PROPN" or not (token.is_title or particle) or word in n.person or word in n.group \
                or word in n.honorifics:
            return False
        return not token.ent_type_ or (token.dep_ == "compound" and ent.start <= token.head.i < ent.end)

    def _known_name_word(self, token: Token) -> bool:
        """"Brandt concedes ...": a capitalised word the model took for a common noun, known from a name."""
        return token.is_title and any(token.lower_ in name.words for name in self._names if name.label == "PERSON")

    def _name_with_title(self, head: Token) -> SpacySpan | None:
        """"investigator Lena Brandt", "a spokesman, Omar Haddad", "study co-author Helen Park"."""
        _, end = phrase_range(head)
        last = self._ents.get(end - 1)
        if last is not None and last.label_ == "PERSON" and last.start > head.i:
            return last
        for i in range(head.i + 1, min(end + 4, len(self.doc))):
            ent = self._ents.get(i)
            if ent is not None and ent.label_ == "PERSON" and ent.start == i:
                return ent
            token = self.doc[i]
            if i >= end and not (token.text in (",", "-") or token.pos_ in ("NOUN", "PROPN", "ADJ")):
                break
        return None

    def _name_given_in(self, head: Token) -> SpacySpan | None:
        """"a driver ... known only by the surname Duarte"."""
        cues = nouns().name_cues
        for token in head.subtree:
            if token.lower_ in cues and token.i > head.i and token.i + 1 < len(self.doc):
                after = self.doc[token.i + 1]
                if after.pos_ == "PROPN":
                    return self._ents.get(after.i) or self.doc[after.i:after.i + 1]
        return None

    def _referent_for_text(self, span: SpacySpan) -> Referent:
        label = span.label_ if span.label_ in NAMED else self._guess_label(span)
        name = self.fullest(span.text, label)
        entity = self._entity(span.start_char, span.end_char, name)
        if entity is not None and _fuller(entity.name, name) and _contains(entity.name, name, label):
            name = entity.name
        return Referent(span.start_char, name, "person" if label == "PERSON" else "group",
                        _span(self.doc, span.start, span.end), entity_id=entity.id if entity else None,
                        plural=label == "NORP", label=label, roles=frozenset(), sentence=self._sentence(span.root))

    def _guess_label(self, span: SpacySpan) -> str:
        """A name the model did not tag: a person when a tagged person shares its words."""
        words = _words(span.text)
        for name in self._names:
            if name.label == "PERSON" and words and (words <= set(name.words) or set(name.words) <= words):
                return "PERSON"
        titled = [t for t in span if t.is_alpha]
        if len(titled) >= 2 and all(t.is_title for t in titled) and not any(t.lower_ in nouns().group for t in titled):
            return "PERSON"
        return "ORG"

    def fullest(self, text: str, label: str) -> str:
        """The longest name of the same kind in the article that contains ``text``: every word for a
        person ("Haniyeh" -> "Ismail Haniyeh"), the ending or the initials for an organisation."""
        key = (text, label)
        if key not in self._fullest:
            self._fullest[key] = self._find_fullest(text, label)
        return self._fullest[key]

    def _find_fullest(self, text: str, label: str) -> str:
        best = _strip_name(text)
        words = tuple(w.lower() for w in _name_words(best))
        if not words:
            return best
        acronym = len(words) == 1 and best.isupper() and 2 <= len(best) <= 6
        size = len(words)
        for name in self._names:
            if len(name.words) <= size or (name.label != label and not (label in GROUP_LABELS and name.label in GROUP_LABELS)):
                continue
            if _holds(name.words, words, label) or (acronym and _abbreviates(best, name.text)):
                best, size = name.text, len(name.words)
        return best

    def _entity(self, start: int, end: int, name: str) -> Entity | None:
        """The cluster with a mention over [start, end), else the one of that name (an index, not a scan:
        articles can hold thousands of mentions)."""
        i = bisect_right(self._mentions, end - 1, key=lambda t: t[0]) - 1
        while i >= 0 and self._mentions[i][0] >= start - MAX_MENTION_CHARS:
            m_start, m_end, entity = self._mentions[i]
            if m_start < end and start < m_end:
                return entity
            i -= 1
        return self._by_name.get(name.casefold())

    # --- pronouns and descriptions --------------------------------------------------------
    def _antecedent(self, pronoun: Token) -> Referent | None:
        if pronoun.i in self._memo:
            return self._memo[pronoun.i]
        self._memo[pronoun.i] = None  # guards against cycles
        gender, number = nouns().pronouns[pronoun.lower_]
        here = self._sentence(pronoun)
        found = None
        for distance in range(MAX_SENTENCES_BACK):
            candidates = [r for r in self._in_sentence(here - distance) if r.position < pronoun.idx]
            found = self._first_agreeing(candidates, gender, number, subjects_only=True)
            if found is None and number == "pl" and distance < RECENT_SENTENCES:
                found = self._first_agreeing(candidates, gender, number, subjects_only=False, people_only=True)
            if found is not None:
                break
        if found is not None and not found.named and found.head is not None and found.head.i != pronoun.i:
            further = self.referent_for(found.head)  # "the club said ... they" -> the club -> FC Porto
            found = further if isinstance(further, Referent) and further.named else found
        if found is not None and gender in ("m", "f") and found.gender is None:
            found.gender = gender
        self._memo[pronoun.i] = found
        return found

    def _first_agreeing(self, candidates: list[Referent], gender: str, number: str, *, subjects_only: bool,
                        people_only: bool = False) -> Referent | None:
        for referent in reversed(candidates):
            if subjects_only and not referent.subject:
                continue
            candidate = self._antecedent(referent.pronoun) if referent.pronoun is not None else referent
            if candidate is None or (people_only and candidate.kind != "person"):
                continue
            if _agrees(candidate, gender, number):
                return candidate
        return None

    def _in_sentence(self, index: int) -> list[Referent]:
        return [r for r in self.referents if r.sentence == index] if index >= 0 else []

    def _by_role(self, description: Referent, head: Token) -> Referent | None:
        """"the Hamas leader" -> the last referent introduced with the role "leader", best with "Hamas";
        never one whose names contradict the description's ("the Russian council" is not "Moscow city council")."""
        proper = {t.lower_ for t in head.lefts if t.pos_ == "PROPN" or t.ent_type_ in NAMED}
        best: Referent | None = None
        best_score = -1
        for referent in reversed(self.referents):
            if referent.position >= description.position or referent.pronoun is not None:
                continue
            if not description.roles & referent.roles or referent.kind != description.kind:
                continue
            words = referent.modifiers | referent.roles | _words(referent.name)
            if proper and not any(_same_stem(p, w) for p in proper for w in words):
                continue
            score = sum(any(_same_stem(m, w) for w in words) for m in description.modifiers)
            if score > best_score:
                best, best_score = referent, score
        return best

    def _nearest(self, by_role: Referent | None, nearby: Referent | None, head: Token) -> Referent | None:
        """The role match, unless it lies further back than an organisation named just before."""
        if by_role is None or nearby is None:
            return by_role or nearby
        if by_role.sentence < self._sentence(head) - RECENT_SENTENCES and nearby.position > by_role.position:
            return nearby
        return by_role

    def _named_group_nearby(self, description: Referent, head: Token) -> Referent | None:
        """"the club said" right after "FC Porto did not travel", "the ratings agency" after "Moody's
        Investors Service": the organisation just named, a subject, or one whose name the description repeats."""
        if description.kind != "group" or description.plural or head.lower_ not in nouns().refers_back:
            return None
        here = self._sentence(head)
        for referent in reversed(self.referents):
            if referent.sentence < here - RECENT_SENTENCES or referent.position >= description.position:
                continue
            if referent.label != "ORG" or referent.plural:
                continue
            echoed = any(_same_stem(m, w) for m in description.modifiers for w in _words(referent.name))
            if echoed or (referent.subject and not description.modifiers):
                return referent  # a description with words of its own ("the Russian council") must echo the name
        return None

    def _introduced_later(self, head: Token, description: Referent, upcoming: Upcoming | None) -> Referent | None:
        """"..., a US forces spokesman said." then "..., said Colonel Ana Duarte": the same speaker."""
        if upcoming is None or (description.plural and description.kind == "person"):
            return None
        indefinite = any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in head.children)
        possessed = any(c.dep_ == "poss" for c in head.children)
        if (indefinite or possessed) and upcoming.in_lead:
            heads = upcoming.heads
        elif possessed and upcoming.next_sentence:
            heads = upcoming.heads[:1]
        else:
            return None
        upcoming_head = next((h for h in heads if self._named(h) is not None or self._description(h)), None)
        named = self._named(upcoming_head) if upcoming_head is not None else None
        if upcoming_head is None or named is None or named.kind != description.kind:
            return None  # the next speaker is described, not named: someone else
        if any(r.named and r.name == named.name and r.position < description.position for r in self.referents):
            return None  # introduced before the description: someone else
        own = {a.lower_ for a in _appositions(upcoming_head)} & (set(nouns().person) | nouns().group)
        return named if not own or own & description.roles else None

    def _statement_owner(self, head: Token, previous: Speaker | None) -> Referent | Speaker | None:
        """"the North's statement" -> the North; "claimed ... in a statement that said" -> the claimer."""
        owner = next((c for c in head.children if c.dep_ == "poss" or (c.dep_ == "compound" and c.ent_type_ == "ORG")), None)
        if owner is not None:
            return self.referent_for(owner)  # "the North's statement", "a Reuters poll"
        verb = head.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and verb.dep_ in ("pobj", "prep", "dobj"):
            verb = verb.head
        if verb.i != head.i and verb.pos_ in ("VERB", "AUX") and verb.lower_ != "according":
            subject = speaker_of(verb)
            if subject is not None and subject.i != head.i and subject.lower_ not in nouns().statement:
                owner_found = self.referent_for(subject)
                if owner_found is not None:
                    return owner_found
        if _is_definite(head) and previous is not None and previous.name:
            return previous
        return self._description(head)

    # --- spans ----------------------------------------------------------------------------
    def _mention(self, head: Token, found: Referent) -> Span:
        if head.lower_ in nouns().pronouns:
            return self._token_span(head)
        if found.mention.start <= head.idx < found.mention.end:
            return found.mention
        if head.left_edge.idx <= found.mention.start and found.mention.end <= head.right_edge.idx + len(head.right_edge):
            return found.mention  # "the police chief, Omar Haddad": the name in the phrase
        start, end = phrase_range(head)
        return _span(self.doc, start, end)

    def _token_span(self, token: Token) -> Span:
        return _span(self.doc, token.i, token.i + 1)

    def _sentence(self, token: Token) -> int:
        return bisect_right(self._sentence_starts, token.i) - 1


def phrase_range(head: Token) -> tuple[int, int]:
    """Token range of the phrase headed by ``head``, without relative clauses, appositions or
    anything past a comma ("A spokesman for the rebel alliance, which is fighting ...")."""
    doc = head.doc
    left = head.left_edge.i
    for i in range(head.i - 1, left - 1, -1):
        if "\n" in doc[i].text:  # a heading the parse ran into the sentence
            left = i + 1
            break
    right = head.i
    for child in head.rights:
        if child.dep_ in PHRASE_CUT and not (child.dep_ in ("cc", "conj") and _coordinated_speakers(head)):
            break
        if child.dep_ == "prep" and any(c.dep_ == "pcomp" for c in child.children):
            break  # "the rebels of shelling the hospital": what they did, not who they are
        stop = next((t.i for t in child.subtree if t.dep_ in CLAUSE_CUT or t.text == ","), None)
        if stop is not None:
            right = max(right, stop - 1)
            break
        right = child.right_edge.i
    while left < head.i and (doc[left].is_punct or doc[left].tag_ in ("WP", "WDT")):
        left += 1
    while right > head.i and doc[right].is_punct:
        right -= 1
    return left, right + 1


def _coordinated_speakers(head: Token) -> bool:
    """"officials and state media said": both speak."""
    return any(c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") for c in head.children)


def _appositions(root: Token) -> list[Token]:
    return [c for c in root.children if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])


def _kind_word(head: Token) -> str:
    """"one of the women's relatives": the noun after "of" says what kind of speaker it is."""
    if head.lower_ in QUANTIFIERS:
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        noun = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if noun is not None:
            return noun.lower_
    return head.lower_


def _main_subject(token: Token) -> bool:
    """Subject of a main clause or of a cue, or the source in "according to X": not someone reported on."""
    while token.dep_ in ("conj", "appos") and token.head.i != token.i:
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lower_ == "according":
        return True
    if token.dep_ not in SUBJECTS:
        return False
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT" or is_cue(verb)


def _is_title_word(token: Token) -> bool:
    n = nouns()
    word = token.lower_
    return word in n.person or word in n.group or word in n.honorifics or word in n.titles


def _within(position: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``position`` lies in one of the sorted, non-overlapping ``ranges``."""
    i = bisect_right(ranges, (position, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= position < ranges[i][1]


def _has_conj(token: Token) -> bool:
    return any(c.dep_ == "conj" for c in token.children)


def _is_possessed(head: Token) -> bool:
    return any(c.dep_ == "poss" for c in head.children)


def _owned_by_pronoun(head: Token) -> bool:
    """"his spokeswoman" is not the spokesman named before: someone else's, maybe."""
    return any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in head.children)


def _is_definite(head: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in head.children)


def _agrees(referent: Referent, gender: str, number: str) -> bool:
    if gender in ("m", "f"):
        return referent.kind == "person" and not referent.plural and referent.gender in (None, gender)
    if gender == "n":
        return referent.kind == "group" and not referent.plural
    return referent.plural or referent.kind == "group"


def _same_stem(a: str, b: str) -> bool:
    """"finance" and "financial", "Iran" and "Iranian": the same word for matching roles."""
    n = min(5, len(a), len(b))
    return a == b or (n >= 4 and a[:n] == b[:n])


def _expand(role: str) -> frozenset[str]:
    return nouns().synonyms.get(role, frozenset()) | {role}


def _gender_before(ent: SpacySpan) -> str | None:
    if ent.start == 0:
        return None
    return nouns().honorifics.get(ent.doc[ent.start - 1].lower_)


def _name_words(text: str) -> list[str]:
    words = [w.strip(".,") for w in _strip_name(text).replace("’", "'").split()]
    glue = nouns().name_glue
    return [w[:-2] if w.endswith("'s") else w for w in words if w and w.lower() not in glue]


def _strip_name(text: str) -> str:
    """Drop a leading "the", titles like "Mr." and a trailing possessive from a name."""
    words = text.split()
    honorifics = nouns().honorifics
    while len(words) > 1 and (words[0].lower() in honorifics or words[0].lower() == "the"):
        words = words[1:]
    out = " ".join(words)
    for suffix in ("'s", "’s"):
        out = out.removesuffix(suffix)
    last = out.rsplit(" ", 1)[-1]
    if last.endswith(".") and len(last) > 2 and "." not in last[:-1]:
        out = out[:-1]
    return out


def _contains(candidate: str, name: str, label: str, *, acronym: bool = False) -> bool:
    """Whether ``candidate`` is a fuller form of ``name``: all its words for a person ("Ismail
    Haniyeh" for "Haniyeh"), its ending or initials for an organisation ("The New York Times" for
    "the Times", not "UN Security Council" for "UN")."""
    words = tuple(w.lower() for w in _name_words(name))
    cwords = tuple(w.lower() for w in _name_words(candidate))
    return _holds(cwords, words, label) or (acronym and _abbreviates(name, candidate))


def _abbreviates(acronym: str, name: str) -> bool:
    """"RSF" for "Sudan's Rapid Support Forces": the initials of the name or of its ending."""
    words = _name_words(name)
    return any(_initials(words[i:]) == acronym for i in range(len(words)))


def _holds(cwords: tuple[str, ...], words: tuple[str, ...], label: str) -> bool:
    if not words:
        return False
    if label == "PERSON":
        return set(words) <= set(cwords)
    return cwords[-len(words):] == words


def _initials(words: list[str]) -> str:
    """"U.S. Geological Survey" -> "USGS"."""
    return "".join(part[0] for w in words for part in w.split(".") if part[:1].isupper())


def _fuller(candidate: str, name: str) -> bool:
    return len(candidate) > len(name) and _words(name) <= _words(candidate)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _name_words(text)}


def _span(doc: Doc, start: int, end: int) -> Span:
    piece = doc[start:end]
    text, last = piece.text, piece[-1].text if len(piece) else ""
    if last.endswith(".") and len(last) > 2 and "." not in last[:-1]:
        text = text[:-1]  # "said senator Ana Duarte." tokenizes the full stop with the name
    return Span(text, piece.start_char, piece.start_char + len(text))
