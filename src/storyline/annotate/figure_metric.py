"""What a number counts: its metric, unit, subject and the words of the claim.

Requires: the parse (dependencies, tags, entities) and an :class:`Amount`. Reads the metric from
the verb, participle, state or noun the counted phrase depends on ("38,600 Palestinians have been
killed" -> killed, "hundreds of demonstrators" -> protesters, "15% tariffs" -> tariff rate).
Word lists: ``data/figure_metrics.txt``, ``figure_people.txt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from storyline.annotate.figure_numbers import Amount, rows, vague_counts
from storyline.resources import word_list

PEOPLE_METRICS = {"killed", "injured", "displaced", "detained", "missing", "abducted", "evacuated", "protesters",
                  "attackers", "hostages", "population", "survivors", "victims", "rescued", "released", "laid off",
                  "deported", "expelled", "sentenced", "infected", "hospitalized", "treated"}
GENERIC = {"people", "persons", "others", "more", "individuals"}
PARTITIVE_HEADS = {"rounds", "pieces", "tonnes", "tons", "barrels", "cases", "bags", "sacks", "truckloads"}
TOTAL_NOUNS = {"number", "total", "tally", "count", "figure"}
_BETWEEN_OK = {"amod", "compound", "nmod", "punct", "advmod", "quantmod", "nummod", "det", "poss", "case"}
_VERB_POS = ("VERB", "AUX")
_PARTICLES = {"down", "off", "out", "up", "away"}
_LOOSE_PREPS = {"between", "about", "around", "over", "nearly", "some", "under", "up"}
MAX_INHERIT = 3


@dataclass(frozen=True)
class Reading:
    """How one amount reads as a figure."""

    metric: str
    anchor: Token  # the word the claim hangs on: its verb, else the counted phrase
    lo: int  # token span of the figure's text
    hi: int
    unit: str | None = None
    subject: str | None = None
    by_verb: bool = False  # the metric came from a verb, participle or state, not from a noun
    verb: Token | None = None
    named: bool = False  # the metric is one of the word lists' (killed, protesters, ...), not a bare noun
    phrase: Token | None = None  # the counted phrase's head
    weak: bool = False  # a fallback name ("share", "value", the bare verb): a figure in a series may name it better


@cache
def metric_words() -> dict[tuple[str, str], str]:
    """(words, role) -> metric."""
    return {(words, role): metric for words, metric, role in rows("figure_metrics")}


@cache
def people_nouns() -> frozenset[str]:
    return frozenset(word_list("figure_people"))


def lookup(words: str, role: str) -> str | None:
    return metric_words().get((words.lower(), role))


def amount_head(doc: Doc, amount: Amount) -> Token:
    """The amount's highest token ("cent" of "85 per cent", "dozen" of "a half-dozen")."""
    inside = range(amount.core_start, amount.end)
    outside = [doc[i] for i in inside if doc[i].head.i not in inside or doc[i].head.i == i]
    return min(outside or [doc[amount.core_end - 1]], key=lambda t: len(list(t.ancestors)))


def counted_noun(doc: Doc, amount: Amount, head: Token) -> Token | None:
    """The noun the number counts: "Palestinians" in "38,600 Palestinians", "people" in "thousands of people"."""
    last = doc[amount.end - 1]
    if amount.value_max is not None and last.dep_ == "nummod" and last.head.i >= amount.end:
        head = last  # "between 60,000 and 80,000 households"
    noun = head.head
    if head.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and noun.i > head.i and noun.pos_ in ("NOUN", "PROPN"):
        inside = range(amount.end, noun.i + 1)  # "11 security and defense force members", not "3,500 but footage"
        if all(doc[i].head.i in inside and (doc[i].dep_ != "cc" or doc[i].head.i != head.i) for i in range(amount.end, noun.i)):
            return noun
    if amount.unit_kind in ("money", "percent", "prefix"):
        return None
    after = doc[amount.end] if amount.end < len(doc) else None
    if after is not None and after.pos_ in ("ADJ", "VERB", "NOUN") and lookup(after.lower_, "noun") in PEOPLE_METRICS:
        return after  # "most of the 126 dead", "81 wounded"
    return of_object(head)


def of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def is_people(noun: Token | None) -> bool:
    if noun is None:
        return False
    return noun.lower_ in people_nouns() or noun.ent_type_ == "NORP" or noun.tag_ == "NNPS"


def governor(np: Token) -> tuple[Token | None, str]:
    """The word the counted phrase depends on, and how: patient, subject, attr, of, with, ..."""
    node = np
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    dep, head = node.dep_, node.head
    if dep in ("npadvmod", "pobj", "dobj") and head.lower_ in ("up", "down") and head.pos_ in ("ADV", "ADP", "PART"):
        return head, "npadvmod"  # "up 10%", "down about 2%"
    if dep == "pobj" and head.lower_ in _LOOSE_PREPS and head.head.pos_ in _VERB_POS:
        verb = head.head  # "Between 60,000 and 80,000 households have fled": the parser hung them on "between"
        return verb, ("patient" if node.i > verb.i or _passive_like(verb) else "subject")
    if dep == "dobj" and (clause := _subjectless_report(node, head)) is not None:
        return clause, "patient" if _passive_like(clause) else "subject"
    if dep == "nsubjpass" or dep == "dobj":
        return head, "patient"
    if dep == "nsubj":
        return head, "patient" if _passive_like(head) else "subject"
    if dep in ("attr", "npadvmod", "oprd", "acomp"):
        return head, dep
    if dep == "pobj":
        return head, "pobj"
    return None, dep


def _subjectless_report(np: Token, verb: Token) -> Token | None:
    """ "said nine of its staff, including doctors, were killed": the parser made the number the
    object of the reporting verb and left the reported clause with no subject; it is that subject."""
    from storyline.annotate.quote_cues import lexicon

    if verb.lower_ not in lexicon().reporting:
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in _VERB_POS and c.i > np.i), None)
    if clause is None or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in clause.children):
        return None
    return clause


def _passive_like(verb: Token) -> bool:
    """ "88,900 injured", "74,787 others injured": a participle with no "have" before it."""
    children = list(verb.children)
    if any(c.dep_ == "auxpass" for c in children):
        return True
    return verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in children)


def verb_phrases(verb: Token) -> list[str]:
    """ "laid off", "took to the streets", "sought refuge" as well as the verb alone."""
    words = [verb.lower_]
    for child in verb.children:
        if child.dep_ == "prt":
            words.insert(0, f"{verb.lower_} {child.lower_}")
        if child.dep_ == "dobj" and child.pos_ == "NOUN":
            words.insert(0, f"{verb.lower_} {child.lower_}")
        if child.dep_ == "xcomp" and child.pos_ == "VERB":
            words.insert(0, f"{verb.lower_} to {child.lower_}")  # "forced to flee"
        if child.dep_ == "prep":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                words.insert(0, f"{verb.lower_} {child.lower_}")  # "crowded into", "sheltering in"
                words.insert(0, f"{verb.lower_} {child.lower_} {obj.lower_}")
                det = " ".join(t.lower_ for t in obj.lefts if t.dep_ == "det")
                words.insert(0, f"{verb.lower_} {child.lower_} {det} {obj.lower_}".replace("  ", " "))
    return words


def verb_metric(verb: Token, role: str) -> str | None:
    """The verb's metric for a phrase in ``role``; "fired or arrested" keeps both verbs."""
    found = _one_verb_metric(verb, role)
    other = conjoined_verb(verb)
    if other is None:
        return found
    also = _one_verb_metric(other, role)
    if found is None and also is None:
        return None
    if found == also:
        return found
    cc = next(c.lower_ for c in verb.children if c.dep_ == "cc")
    return f"{verb.lower_} {cc} {other.lower_}"


def _one_verb_metric(verb: Token, role: str) -> str | None:
    return next((found for words in verb_phrases(verb) if (found := lookup(words, role))), None)


def conjoined_verb(verb: Token) -> Token | None:
    """ "damaged" in "damaged or destroyed": a second verb sharing the first one's arguments."""
    if not any(c.dep_ == "cc" and c.lower_ in ("and", "or") for c in verb.children):
        return None
    other = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i - verb.i <= 3), None)
    if other is None or any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "expl") for c in other.children):
        return None
    return other


def state_metric(verb: Token) -> str | None:
    """ "among the dead", "in custody", "in a serious condition", "left ... dead", "into displacement"."""
    for child in verb.children:
        if child.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and (found := lookup(child.lower_, "oprd")):
            return found  # "left 300 people dead"
        if child.dep_ in ("oprd", "xcomp") and child.tag_ == "VBN" and (found := lookup(child.lower_, "patient")):
            return found  # "were believed trapped"
        if child.dep_ != "prep":
            continue
        for obj in (c for c in child.children if c.dep_ == "pobj"):
            adjectives = [a.lower_ for a in obj.children if a.dep_ in ("amod", "compound")]
            for words in [*(f"{a} {obj.lower_}" for a in adjectives), obj.lower_]:
                if found := lookup(words, "state"):
                    return found
    return None


def modifier_metric(np: Token) -> tuple[str, Token] | None:
    """ "7 lives sacrificed", "1,200 protestors arrested", "people who thronged the streets"."""
    for child in np.children:
        if child.dep_ in ("acl", "amod") and child.i > np.i and (found := lookup(child.lower_, "patient")):
            return found, child
        if child.dep_ == "acl" and child.i > np.i:
            for grand in child.children:  # "78 people believed trapped", "12 feared dead"
                if grand.dep_ in ("xcomp", "oprd", "acomp") and (found := lookup(grand.lower_, "patient") or
                                                               lookup(grand.lower_, "oprd")):
                    return found, grand
        if child.dep_ == "relcl" and child.pos_ in _VERB_POS:
            role = "patient" if _passive_like(child) else "subject"
            found = verb_metric(child, role) or state_metric(child)
            if found:
                return found, child
    if np.head.pos_ in _VERB_POS and np.head.tag_ == "VBN" and np.head.i > np.i:
        found = lookup(np.head.lower_, "patient")  # "five soldiers - injured"
        if found:
            return found, np.head
    return None


def noun_text(noun: Token) -> str:
    """The noun with its noun compounds: "security forces", "rounds of talks"."""
    words = [t.text for t in noun.lefts if t.dep_ == "compound" and t.pos_ == "NOUN" and t.i == noun.i - 1
             and t.is_alpha and t.is_lower and (t.i == 0 or t.doc[t.i - 1].text != "-")]
    words.append(noun.lower_)
    if noun.lower_ in PARTITIVE_HEADS and (obj := of_object(noun)) is not None:
        words += ["of", obj.lower_]
    return " ".join(words)


def level_metric(verb: Token, *, named: bool = False) -> str | None:
    """ "the protesters numbered 3,500", "the number of detentions reached 1,373": the subject names it.

    ``named``: only when the subject is a metric word ("the death toll is 50", not "its withdrawal is one of five").
    """
    has_object = any(c.dep_ == "dobj" for c in verb.children)
    by_object = has_object and not lookup(verb.lower_, "change")  # "slumped to 16.4%, their worst result" is no object
    named_by = "dobj" if by_object and any(c.dep_ == "prep" and c.lower_ in ("at", "to") for c in verb.children) else "nsubj"
    subject = next((c for c in verb.children if c.dep_ == named_by), None)  # "police put the crowd at 200,000"
    if subject is None or not _common_noun(subject):
        return None  # "Scholz's Social Democrats slumped to 16.4%" names a party, not a metric
    if subject.lower_ in TOTAL_NOUNS and (obj := of_object(subject)) is not None:
        subject = obj
    found = lookup(noun_text(subject), "noun") or lookup(subject.lower_, "noun") or lookup(noun_text(subject), "of") \
        or lookup(subject.lower_, "of")
    return found or (None if named else phrase_name(subject))


def _common_noun(token: Token) -> bool:
    """A noun, or a capitalised first word the tagger took for a name ("Turnout was 82.5%")."""
    return token.pos_ == "NOUN" or (token.pos_ == "PROPN" and bool(token.is_sent_start) and not token.ent_type_)


def read(doc: Doc, amount: Amount, depth: int = 0) -> Reading | None:
    """The figure an amount states, or None when nothing says what it counts."""
    head = amount_head(doc, amount)
    counted = counted_noun(doc, amount, head)
    np = counted if counted is not None and counted.i == head.head.i else head  # "Five of the passengers": five
    found = _metric(doc, amount, head, counted, np, depth)
    if found is None:
        return None
    metric, verb, by_verb = found
    anchor = verb if verb is not None else clause_verb(np)
    lo, hi = _extent(doc, amount, head, counted, verb)
    weak = amount.unit_kind in ("prefix", "money", "percent") and (
        metric in ("share", "value") or (verb is not None and not by_verb and metric == verb.lower_))
    return Reading(metric, anchor, lo, hi, _unit(amount, counted, metric), _subject(doc, amount, head, counted),
                   by_verb, verb, metric in _table_metrics(), np, weak)


def read_elliptic(doc: Doc, amount: Amount, before: Reading) -> Reading | None:
    """ "killed 63 people and wounded 182", "the CDU 208 seats, the AfD 152": a bare number after a figure
    counts what that figure counts."""
    head = amount_head(doc, amount)
    counted = counted_noun(doc, amount, head)
    if (amount.value == 1 or head.head.lower_ == "of"
            or (counted is not None and counted.lower_ not in GENERIC and counted.pos_ != "PRON")):
        return None
    anchor = clause_verb(head)
    lo, hi = _extent(doc, amount, head, counted, None)
    tail = [t for t in head.subtree if t.i >= hi and not t.is_punct]
    if tail and tail[0].i == hi and tail[0].dep_ == "acl":  # "down from four projected in September"
        hi = max(t.i for t in tail[0].subtree) + 1
    return Reading(before.metric, anchor, lo, hi, amount.unit or before.unit, before.subject, False, None, before.named)


def clause_verb(token: Token) -> Token:
    """The verb of the token's clause (the token itself when it has none)."""
    return next((a for a in (token, *token.ancestors) if a.pos_ in _VERB_POS), token)


@cache
def _table_metrics() -> frozenset[str]:
    return frozenset(metric_words().values()) - {"-"}


def _metric(doc: Doc, amount: Amount, head: Token, counted: Token | None, np: Token,
            depth: int) -> tuple[str, Token | None, bool] | None:
    """(metric, verb it came from, whether a verb or state said it)."""
    if amount.tally and (nominal := _nominal(np)) is not None:
        return nominal.lower_.rstrip("s") + "s", None, False  # "a vote of 44 to 40": votes
    for phrase in dict.fromkeys(t for t in (np, counted) if t is not None):
        if (mod := modifier_metric(phrase)) is not None:
            return mod[0], mod[1], True
    if amount.unit_kind in ("prefix", "money") and (what := _money_in(head)) is not None:
        return what, None, False  # "pay out a record £53.5m in prize money", "$2 billion in aid"
    gov, role = governor(np)
    before = doc[amount.start - 1] if amount.start > 0 else None
    if counted is None and role in ("nummod", "quantmod", "compound") and before is not None and before.pos_ == "VERB":
        gov, role = before, "patient"  # the parser hung the number on a later noun
    if gov is not None and (by_gov := _governor_metric(doc, amount, gov, role, depth)) is not None:
        return by_gov
    return _noun_metric(amount, head, counted, gov, role)


def _governor_metric(doc: Doc, amount: Amount, gov: Token, role: str,
                     depth: int) -> tuple[str, Token | None, bool] | None:
    money, percent = amount.unit_kind in ("prefix", "money"), amount.unit_kind == "percent"
    if role == "pobj":
        return _prep_metric(doc, amount, gov, depth)
    if gov.pos_ == "ADJ" and role == "subject" and (found := lookup(gov.lower_, "oprd")):
        return found, gov, True  # "set hundreds of homes ablaze"
    if gov.pos_ not in _VERB_POS and (found := lookup(gov.lower_, "change")):
        return found, None, False  # "first-round losers receive £66,000, up 10%"
    if gov.pos_ not in _VERB_POS:
        return None
    agent = (role == "subject" and lookup(gov.lower_, "patient") is not None
             and any(c.dep_ == "dobj" for c in gov.children))  # "three gunmen killed a guard"
    if role in ("patient", "subject") and not agent and (found := verb_metric(gov, role)):
        return found, gov, True
    if role in ("subject", "patient", "attr") and not agent and (found := state_metric(gov)):
        return found, gov, True
    if money and (found := verb_metric(gov, "money")):
        return found, gov, True
    if (percent or money or role == "npadvmod") and (found := _change_metric(gov, amount.start)):
        return _what_changed(gov, found), gov, True
    if role == "patient" and lookup(gov.lower_, "level"):
        found = level_metric(gov)
        return (found, gov, False) if found and found not in ("there", "it") else None
    if role == "attr" and (found := level_metric(gov, named=not (money or percent))):
        return found, gov, False  # "the death toll is 50", "turnout was 65%"
    return None


def _what_changed(verb: Token, change: str) -> str:
    """ "exports grew 5.9%" -> "export growth"; "rose 4%" alone -> "increase"."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ != "NOUN" or subject.lower_ in TOTAL_NOUNS:
        return change
    noun = subject.lower_
    noun = noun[:-1] if noun.endswith("s") and not noun.endswith(("ss", "es", "us")) and len(noun) > 4 else noun
    return f"{noun} {'growth' if change == 'increase' else change}"


def _change_metric(verb: Token, start: int) -> str | None:
    """ "tumbled 26.4%", "trading up about 4%" (an "up" just before the amount, not one of another)."""
    for node in (verb, *verb.children):
        if (node.i == verb.i or node.dep_ == "prt" or node.i == start - 1) and (found := lookup(node.lower_, "change")):
            return found
    return None


def _prep_metric(doc: Doc, amount: Amount, prep: Token, depth: int) -> tuple[str, Token | None, bool] | None:
    """ "along with five others", "including 100 journalists", "a toll of 50", "rose to 50"."""
    word, above = prep.lower_, prep.head
    if word == "with" and above.lower_ in ("along", "together"):
        target = above.head
        found = verb_metric(target, "patient") or verb_metric(target, "subject") if target.pos_ in _VERB_POS else None
        return (found, target, True) if found else None
    if word == "including" and depth < MAX_INHERIT:
        return _inherited(doc, amount, above, depth)
    if word in ("of", "to"):
        found = lookup(noun_text(above), "of") or lookup(above.lower_, "of")
        if found:
            return found, None, False
    if word in ("to", "at") and above.pos_ in _VERB_POS and (lookup(above.lower_, "level") or lookup(above.lower_, "change")
                                                            or _names_total(above)):
        found = level_metric(above)
        return (found, above, False) if found else None
    return None


def _names_total(verb: Token) -> bool:
    """ "revised the death toll to 3,958", "raised the number of dead to 50"."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return obj is not None and (obj.lower_ in TOTAL_NOUNS or lookup(obj.lower_, "of") is not None)


def _inherited(doc: Doc, amount: Amount, parent: Token, depth: int) -> tuple[str, Token | None, bool] | None:
    """ "105 passengers, including five children": the part counts what the whole counts."""
    if parent.pos_ in _VERB_POS:
        found = verb_metric(parent, "patient") or verb_metric(parent, "subject")
        return (found, parent, True) if found else None
    whole = next((a for a in _amounts_on(doc, parent)), None)
    reading = read(doc, whole, depth + 1) if whole is not None else None
    if reading is not None:
        return reading.metric, reading.verb, reading.by_verb
    gov, role = governor(parent)
    if gov is not None and gov.pos_ in _VERB_POS:
        found = verb_metric(gov, role) or state_metric(gov)
        return (found, gov, True) if found else None
    return None


def _amounts_on(doc: Doc, noun: Token) -> list[Amount]:
    from storyline.annotate.figure_numbers import find_amounts

    lo = noun.left_edge.i
    return [a for a in find_amounts(doc, lo, noun.i + 1) if amount_head(doc, a).head == noun]


def _nominal(np: Token) -> Token | None:
    """X in "a crowd of 5,000" (not "thousands" in "thousands of people")."""
    above = np.head.head
    if (np.dep_ == "pobj" and np.head.lower_ == "of" and above.pos_ == "NOUN" and not above.like_num
            and above.lower_ not in vague_counts()):
        return above
    return None


def _noun_metric(amount: Amount, head: Token, counted: Token | None,
                 gov: Token | None, role: str = "") -> tuple[str, Token | None, bool] | None:
    if amount.unit_kind in ("prefix", "money", "percent"):
        return _value_metric(amount, head, counted, gov)
    if amount.unit_kind == "measure":  # "burned nearly 17,000 acres"
        return (gov.lower_, gov, False) if gov is not None and gov.pos_ == "VERB" else (amount.unit or "amount", None, False)
    if counted is not None and counted.pos_ == "PRON":
        return None  # "11 of them": counts what the figure before counts
    if counted is not None:
        described = [a.lower_ for a in counted.lefts if a.dep_ == "amod"]  # "tens of thousands of displaced people"
        found = lookup(noun_text(counted), "noun") or lookup(counted.lower_, "noun") or next(
            (m for a in described if (m := lookup(a, "noun")) in PEOPLE_METRICS), None)
        if found:
            return found, None, False
        if counted.lower_ not in GENERIC:
            done = _done_to(counted, gov if role == "patient" else None)
            return (f"{noun_text(counted)} {done[0]}", done[1], False) if done else (noun_text(counted), None, False)
    if (nominal := _nominal(counted or head)) is not None:
        return noun_text(nominal), None, False  # "a crowd of 5,000"
    if gov is not None and gov.pos_ == "VERB" and (counted is not None or amount.vague):
        return gov.lower_, gov, False  # "5,000 people attended"
    return None


def _done_to(noun: Token, verb: Token | None) -> tuple[str, Token] | None:
    """What happened to counted things: "drones shot down", "fixtures postponed", "missiles fired".
    Light verbs ("carried out 30 attacks", "included 43 ships") add nothing."""
    participle = next((c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN" and c.i > noun.i), None)
    verb = participle or verb
    if verb is None or verb.tag_ not in ("VBD", "VBN") or lookup(verb.lower_, "light") or noun.lower_ in people_nouns():
        return None
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in _PARTICLES)), None)
    return (f"{verb.lower_} {particle}" if particle else verb.lower_), verb


def _value_metric(amount: Amount, head: Token, counted: Token | None,
                  gov: Token | None) -> tuple[str, Token | None, bool] | None:
    """Money and percentages: "$125 billion of Chinese imports", "15% tariffs", "a 5% share"."""
    percent = amount.unit_kind == "percent"
    if counted is not None:
        if percent:
            return counted.lower_.removesuffix("s") + " rate", None, False
        return ("value" if counted.pos_ == "PROPN" else noun_text(counted)), None, False
    obj = of_object(head)
    if obj is not None and percent and (found := lookup(obj.lower_, "share")):
        return found, None, True  # "28.5% of the vote"
    if obj is not None and not percent:
        return noun_text(obj), None, False
    if (nominal := _nominal(head)) is not None:  # "a minimum wage of 16,000 euros"
        words = [t.lower_ for t in nominal.lefts if t.dep_ in ("amod", "compound")] + [nominal.lower_]
        return " ".join(words), None, False
    if gov is not None and gov.pos_ == "VERB":
        return gov.lower_, gov, False
    return ("share" if percent else "value"), None, False


def _money_in(head: Token) -> str | None:
    """ "£53.5m in prize money": what an amount of money is, named after "in" with no article."""
    holders = [head, head.head] if head.dep_ in ("appos", "compound", "nummod") else [head]
    for holder in holders:
        for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ == "in" and c.i > head.i):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if (obj is not None and obj.pos_ == "NOUN" and obj.is_lower
                    and not any(c.dep_ in ("det", "poss", "nummod") for c in obj.children)):
                return phrase_name(obj)
    return None


def phrase_name(noun: Token) -> str:
    """The noun with the modifiers that classify it, lowercased: "net income", "trade surplus", "prize money"."""
    words: list[str] = [noun.lower_]
    for token in reversed(list(noun.lefts)):
        lower = token.is_lower or (token.is_sent_start and token.is_title)
        if token.i != noun.i - len(words) or token.dep_ not in ("amod", "compound") or not token.is_alpha \
                or not lower or token.lower_ in _vague_modifiers():
            break
        words.insert(0, token.lower_)
    return " ".join(words)


@cache
def _vague_modifiers() -> frozenset[str]:
    return frozenset(word_list("figure_vague_modifiers"))


def _unit(amount: Amount, counted: Token | None, metric: str) -> str | None:
    if amount.unit:
        return amount.unit
    if is_people(counted) or (metric in PEOPLE_METRICS and (counted is None or counted.lower_ in GENERIC)):
        return "people"
    return counted.lower_ if counted is not None else None


def _extent(doc: Doc, amount: Amount, head: Token, counted: Token | None, verb: Token | None) -> tuple[int, int]:
    """Tokens of the claim: qualifier, number, counted phrase, and its verb when it stands beside them."""
    lo, hi = amount.start, amount.end
    if lo > 0 and doc[lo - 1].lower_ in ("all", "only"):
        lo -= 1
    lefts = [t.i for t in head.lefts if t.dep_ in ("det", "amod") and t.i < lo and lo - t.i <= 2]
    lo = min([lo, *lefts])  # "a record $75m"
    np = counted if counted is not None and counted.i == head.head.i else head
    if counted is not None:
        hi = max(hi, counted.i + 1)
        if (obj := of_object(counted)) is not None:
            hi = max(hi, _plain_subtree(obj)[-1].i + 1)  # "four victims of the crash"
    elif amount.unit_kind in ("prefix", "money", "percent") and (obj := of_object(head)) is not None:
        hi = max(hi, obj.i + 1)
    nominal = np.head.head if np.dep_ == "pobj" and np.head.lower_ in ("of", "to") else None
    if (nominal is not None and amount.start - 6 <= nominal.i < amount.start and not nominal.like_num
            and (counted is None or lookup(nominal.lower_, "of"))):
        lo = min(lo, nominal.left_edge.i)  # "a minimum wage of 16,000 euros", "a vote of 44 to 40"
    if (verb is None and np.dep_ == "pobj" and np.head.dep_ == "prep" and np.head.lower_ in ("to", "at", "by", "with")
            and np.head.head.pos_ == "VERB" and 0 < lo - np.head.head.i <= 4):
        verb = np.head.head  # "slumped to 16.4%", "risen by 160%", "came second with 20.8%"
    if verb is not None:
        last = conjoined_verb(verb) or verb
        if verb.i >= hi and all(t.dep_ in ("aux", "auxpass", "neg", "advmod") for t in doc[hi:verb.i]):
            hi = last.i + 1 + sum(1 for c in last.children if c.dep_ == "prt" and c.i == last.i + 1)
        if verb.i < lo and all(t.dep_ in ("advmod", "prt", "prep", "npadvmod", "dobj", "det", "acomp")
                               or t.head.i == verb.i for t in doc[verb.i + 1:lo]):
            lo = verb.i
    return lo, hi


def _subject(doc: Doc, amount: Amount, head: Token, counted: Token | None) -> str | None:
    """What is counted, in the article's words: "Palestinians", "Gaza's population"."""
    target = counted
    if amount.unit_kind in ("prefix", "money", "percent"):
        target = of_object(head) or counted
    if target is None or target.lower_ in GENERIC:
        return None
    words = [t for t in _plain_subtree(target) if not amount.start <= t.i < amount.end]
    while words and (words[0].dep_ in ("det", "prep", "case", "punct") or words[0].lower_ in ("of", "all")):
        words = words[1:]
    return doc[words[0].i:words[-1].i + 1].text if words else None


def _plain_subtree(token: Token) -> list[Token]:
    """The token's phrase up to relative clauses, appositions and quotation marks, without edge punctuation."""
    left_out: set[int] = set()
    for node in token.subtree:
        if node.dep_ in ("relcl", "acl", "appos", "advcl") and node.i > token.i:
            left_out |= {t.i for t in node.subtree}
        if node.is_quote:
            left_out.add(node.i)
    kept = {t.i for t in token.subtree} - left_out
    lo = hi = token.i
    while lo - 1 in kept:
        lo -= 1
    while hi + 1 in kept:
        hi += 1
    run = list(token.doc[lo:hi + 1])
    while run and run[-1].is_punct:
        run.pop()
    return run
