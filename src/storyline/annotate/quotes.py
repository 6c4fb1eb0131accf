"""Direct, indirect and mixed quotes, each with its speaker.

Requires: the parse, ``doc.ents`` and the entity clusters. Quotation marks are paired on the
characters first (quote_marks.py), cues are found on the parse (quote_cues.py), then each quoted
region is joined to the cue that governs it or stands next to it; a region with no cue of its
own continues the quote before it. Cues whose content clause holds no quoted words give indirect
quotes; quoted words inside a reported clause give mixed quotes (the text is the quoted words).
Speakers are resolved by speakers.py.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from storyline.annotate.entities import EntityIndex
from storyline.annotate.parsed import ParsedArticle
from storyline.annotate.quote_cues import Attribution, find_attributions, lexicon
from storyline.annotate.quote_marks import Marked, find_marked
from storyline.annotate.speakers import SpeakerResolver, Upcoming
from storyline.model import Quote, QuoteKind, Speaker

SCARE_DEPS = {"compound", "amod", "nmod", "nummod", "poss", "det"}
NEAR_CHARS = 120  # an attribution next to a quote sits within a short clause of its marks
LEAD_IN_CHARS = 25  # "Still, “...”": a short lead-in still leaves a quote standing alone
LEAD_PARAGRAPHS, LEAD_WORDS = 2, 8  # the lead: the first two paragraphs of real prose
MIN_CONTENT_WORDS = 2
JOINED_CHARS = 12  # "they are fighting for X and “for those who ...”": the quote completes the clause


@dataclass
class _Found:
    region: Marked
    attribution: Attribution | None
    continued: bool = False


def extract_quotes(article: ParsedArticle, *, entities: EntityIndex) -> list[Quote]:
    """Every quote of the article in body order, each with ``body[start:end] == text``."""
    doc = article.doc
    body = article.body
    regions = [r for r in find_marked(body) if not _is_heading(body, r)]
    quoted = [(r.open, r.close + 1) for r in regions]
    attributions = [a for a in find_attributions(doc) if not _inside(a.cue.idx, quoted)]
    speech = [r for r in regions if not _is_scare_quote(doc, r)]
    found = _join(body, doc, speech, attributions)
    speaking = [a.speaker for a in attributions if a.speaker is not None]
    resolver = SpeakerResolver.build(doc, entities, quoted=quoted, speaking=speaking)
    speakers = _resolve_all(body, resolver, attributions)
    quotes = _direct_quotes(body, found, speakers)
    quotes += _indirect_quotes(body, doc, attributions, speech, found, speakers)
    blocks = _block_quotes(body, attributions, speakers)
    quotes = [q for q in quotes if not any(b.start <= q.start < b.end for b in blocks)]
    return _dedupe(quotes + blocks)


# --- joining quoted regions to cues -----------------------------------------------------------
def _join(body: str, doc: Doc, regions: list[Marked], attributions: list[Attribution]) -> list[_Found]:
    found: list[_Found] = []
    for region in regions:
        if region.continued and found and found[-1].attribution is not None:
            found.append(_Found(region, found[-1].attribution, continued=True))
            continue
        attribution = _governing(doc, region, attributions) or _after(body, region, attributions) \
            or _before(body, region, attributions)
        if attribution is not None:
            found.append(_Found(region, attribution))
            continue
        previous = _previous_speech(found, attributions, region)
        if previous is not None and _stands_alone(body, region) and _continues(body, previous[0], region):
            found.append(_Found(region, previous[1], continued=True))
    return found


def _previous_speech(found: list[_Found], attributions: list[Attribution], region: Marked) -> tuple[int, Attribution] | None:
    """The last quote or attribution before the region: who a quote standing alone goes on quoting."""
    best = (found[-1].region.close, found[-1].attribution) if found and found[-1].attribution else None
    for a in attributions:
        if a.speaker is None or a.fragment_only or a.cue.idx >= region.open:
            continue
        if best is None or a.cue.idx > best[0]:
            best = (a.cue.idx, a)
    return best


def _governing(doc: Doc, region: Marked, attributions: list[Attribution]) -> Attribution | None:
    """The cue whose content holds the quoted words: the outermost one ("Park said the envoy told
    Rossi ... “so that ...”" is Park's wording), unless a verb like "denounced ... as" takes
    the quoted words as its own object."""
    words = [t.i for t in _tokens(doc, region.start, region.end) if not t.is_punct]
    if not words:
        return None
    first, last = words[0], words[-1]
    holding = [a for a in attributions if a.content is not None and not a.according_to
               and a.content[0] <= last and first < a.content[1] and _share(a, words) >= 0.5]
    if not holding:
        return None
    own = [a for a in holding if a.fragment_only and a.cue.tag_ != "VBG"]
    pool = own or [a for a in holding if not a.fragment_only] or holding
    return max(pool, key=lambda a: a.content[1] - a.content[0] if a.content else 0)


def _share(a: Attribution, words: list[int]) -> float:
    assert a.content is not None
    start, end = a.content
    return sum(start <= i < end for i in words) / len(words)


def _after(body: str, region: Marked, attributions: list[Attribution]) -> Attribution | None:
    """"“...,” said Juan Carlos Ortega" and "“...” Ms. Okafor said": a cue just after the marks."""
    for a in attributions:
        if a.fragment_only or a.according_to or a.cue.idx <= region.close:
            continue
        between = body[region.close + 1:a.cue.idx]
        if len(between) > NEAR_CHARS or _breaks(between):
            return None
        return a if a.content is None or _overlaps(a.cue.doc, *a.content, region) else None
    return None


def _before(body: str, region: Marked, attributions: list[Attribution]) -> Attribution | None:
    """"Lena Brandt, said: “...”" and "the ministry said on its website, “...”": a cue just before."""
    best = None
    for a in attributions:
        if a.fragment_only or a.according_to or a.cue.idx >= region.open:
            continue
        between = body[a.cue.idx + len(a.cue.text):region.open]
        colon_block = between.rstrip().endswith(":") and "\n" in between and not _breaks(between.rstrip()[:-1])
        if len(between) <= NEAR_CHARS and (not _breaks(between) or colon_block):
            best = a
    return best


def _breaks(text: str) -> bool:
    """Text between a cue and its quote may not end a sentence or hold another quote ("Mr." does not end one)."""
    if any(c in text for c in "!?\n“”\"«»"):
        return True
    return any(word.endswith(".") and not _abbreviation(word) for word in text.split())


def _abbreviation(word: str) -> bool:
    """"Mr.", "U.S.", "Gen.": a short or dotted word ends with a dot without ending the sentence."""
    core = word.rstrip(".")
    return (len(core) <= 3 and core[:1].isupper()) or "." in core


def _stands_alone(body: str, region: Marked) -> bool:
    """A quote that is a sentence of its own, not words inside someone else's sentence."""
    line_start = body.rfind("\n", 0, region.open) + 1
    lead = body[line_start:region.open]
    stop = max(lead.rfind(". "), lead.rfind("? "), lead.rfind("! "), lead.rfind("” "), lead.rfind('" '))
    lead = lead[stop + 2:] if stop >= 0 else lead
    if len(lead.strip()) > LEAD_IN_CHARS or (lead.strip() and not lead.strip().endswith(",")):
        return False
    if body[region.start:region.end].rstrip("”’\"' ")[-1:] in ".!?":
        return True  # the quote ends its own sentence; whatever follows is another one
    line_end = body.find("\n", region.close)
    tail = body[region.close + 1:line_end if line_end >= 0 else len(body)]
    next_stop = min((i for i in (tail.find(". "), tail.find("“"), tail.find('"')) if i >= 0), default=len(tail))
    return not any(c.isalnum() for c in tail[:next_stop])


def _continues(body: str, before: int, region: Marked) -> bool:
    """The speech before ends in the same paragraph or the one just before."""
    lines = [line for line in body[before:region.open].split("\n") if line.strip()]
    return len(lines) <= 1


def _is_heading(body: str, region: Marked) -> bool:
    """“FIVE DEMANDS, NOT ONE MISSING”: a crosshead in capitals, not speech."""
    letters = [c for c in body[region.start:region.end] if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def _is_scare_quote(doc: Doc, region: Marked) -> bool:
    """A “Phase 1” deal, the “yes” vote: quoted words that modify a noun outside the marks."""
    tokens = [t for t in _tokens(doc, region.start, region.end) if not t.is_punct]
    if not tokens:
        return True
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside]
    before = doc[tokens[0].i - 2].lower_ if tokens[0].i >= 2 else ""
    if before == "so-called" or (tokens[0].i >= 3 and doc[tokens[0].i - 3].lower_ == "so" and before == "called"):
        return True
    head = roots[0].head if len(roots) == 1 else None
    return head is not None and roots[0].dep_ in SCARE_DEPS and head.pos_ in ("NOUN", "PROPN") and not head.is_punct \
        and head.text not in "“”«»\"‘’'"  # "«unacceptable»" may hang on its own closing mark


# --- speakers -----------------------------------------------------------------------------------
def _resolve_all(body: str, resolver: SpeakerResolver, attributions: list[Attribution]) -> dict[int, Speaker]:
    """Speakers in reading order: "the statement said" speaks for the speaker before it."""
    speakers: dict[int, Speaker] = {}
    previous: Speaker | None = None
    ordered = [a for a in sorted(attributions, key=lambda a: a.cue.i) if a.speaker is not None]
    lead_end = _lead_end(body)
    for index, a in enumerate(ordered):
        assert a.speaker is not None
        speaker = resolver.resolve(a.speaker, previous=previous, upcoming=_upcoming(body, ordered, index, lead_end))
        if speaker is not None:
            speakers[a.cue.i] = speaker
            previous = speaker if speaker.name else previous
    return speakers


def _lead_end(body: str) -> int:
    """Where the article's first two prose paragraphs end; headlines and captions before them don't count."""
    seen, offset = 0, 0
    for line in body.split("\n"):
        offset += len(line) + 1
        text = line.strip().rstrip("”’\"'")
        if len(text.split()) >= LEAD_WORDS and text[-1:] in ".!?":
            seen += 1
            if seen == LEAD_PARAGRAPHS:
                return offset
    return len(body)


def _upcoming(body: str, ordered: list[Attribution], index: int, lead_end: int) -> Upcoming | None:
    """The next attribution with a speaker of its own, for a lead's "a spokesman said"."""
    a = ordered[index]
    sent = a.cue.sent
    later = [b for b in ordered[index + 1:index + 4] if b.speaker is not None and b.cue.i >= sent.end]
    if not later:
        return None
    in_lead = a.cue.idx < lead_end and later[0].cue.idx < lead_end + NEAR_CHARS * 4
    heads = tuple(b.speaker for b in later if b.speaker is not None)
    return Upcoming(heads, in_lead=in_lead, next_sentence=later[0].cue.sent.start == sent.end)


# --- building quotes ------------------------------------------------------------------------------
def _direct_quotes(body: str, found: list[_Found], speakers: dict[int, Speaker]) -> list[Quote]:
    quotes = []
    for f in found:
        if f.attribution is None or f.attribution.cue.i not in speakers:
            continue
        region = f.region
        quotes.append(Quote(
            text=body[region.start:region.end], start=region.start, end=region.end, kind=_mark_kind(body, region),
            speaker=speakers[f.attribution.cue.i], cue=None if f.continued else f.attribution.cue_text,
        ))
    return quotes


def _mark_kind(body: str, region: Marked) -> QuoteKind:
    before = body[:region.open].rstrip(" \t")
    return "mixed" if before and (before[-1].isalnum() or before[-1] in "’'") else "direct"


def _indirect_quotes(body: str, doc: Doc, attributions: list[Attribution], regions: list[Marked],
                     found: list[_Found], speakers: dict[int, Speaker]) -> list[Quote]:
    quotes = []
    # an inner cue speaks only when it reports something itself: "said it will recall 480,000 cars" is a recall
    cues = {a.cue.i for a in attributions if a.speaker is not None and a.content is not None
            and a.cue.lower_ not in lexicon().infinitive}
    joined = {id(f.region): f.attribution for f in found}
    for a in attributions:
        if a.content is None or a.fragment_only or a.quoted_only or a.cue.i not in speakers:
            continue
        if a.cue.lower_ in lexicon().infinitive and _within_content(a, attributions):
            continue  # "X said the Taliban promised it would reduce violence": X's claim, not a promise
        head = a.content_head
        if head is not None and head.i in cues and head.i != a.cue.i:
            continue  # "CNBC reported [Gao said ...]": the inner attribution speaks
        if a.according_to and _attributed_otherwise(a, attributions, found):
            continue
        for start, end in _unquoted_parts(body, doc, a, regions, joined):
            quotes.append(_indirect(doc, a, start, end, speakers[a.cue.i]))
    return quotes


def _unquoted_parts(body: str, doc: Doc, a: Attribution, regions: list[Marked],
                    joined: dict[int, Attribution | None]) -> list[tuple[int, int]]:
    """The content, or, when it holds quoted words, its coordinated clauses that hold none
    ("he hopes ..., and that the members won a “hard-fought deal”")."""
    assert a.content is not None
    start, end = a.content
    first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1]) + JOINED_CHARS
    near = regions[bisect_left(regions, first, key=lambda r: r.end):bisect_right(regions, last, key=lambda r: r.open)]
    inside = [r for r in near if id(r) in joined
              and (_overlaps(doc, start, end, r) or _completes(body, doc, end, r, joined[id(r)] is a))]
    if not inside:
        return [(start, end)] if _words(doc, start, end) >= MIN_CONTENT_WORDS else []
    parts = _clauses(doc, start, end, inside)
    return [(s, e) for s, e in parts if _words(doc, s, e) >= 3 and not any(_overlaps(doc, s, e, r) for r in inside)]


def _overlaps(doc: Doc, start: int, end: int, region: Marked) -> bool:
    return doc[start].idx < region.end and region.start < doc[end - 1].idx + len(doc[end - 1])


def _completes(body: str, doc: Doc, end: int, region: Marked, same_cue: bool) -> bool:
    """"they are fighting for X and “for those who ...”": the quote completes the content (not after a colon)."""
    after = doc[end - 1].idx + len(doc[end - 1])
    gap = body[after:region.open]
    return same_cue and len(gap) <= JOINED_CHARS and ":" not in gap


def _clauses(doc: Doc, start: int, end: int, regions: list[Marked]) -> list[tuple[int, int]]:
    """Coordinated clauses with subjects of their own, split where each begins outside the quotes."""
    cuts = sorted({t.left_edge.i for t in doc[start:end] if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX")
                   and any(g.dep_ in ("nsubj", "nsubjpass") for g in t.children) and t.left_edge.i > start
                   and not any(r.open <= t.left_edge.idx <= r.end for r in regions)})
    parts = []
    for s, e in zip([start, *cuts], [*cuts, end], strict=True):
        while s < e and (doc[s].is_punct or doc[s].dep_ in ("cc", "mark")):
            s += 1
        while e > s and (doc[e - 1].is_punct or doc[e - 1].dep_ == "cc"):
            e -= 1
        if e > s:
            parts.append((s, e))
    return parts if len(parts) > 1 else []


def _within_content(a: Attribution, attributions: list[Attribution]) -> bool:
    return any(b is not a and b.content is not None and b.content[0] <= a.cue.i < b.content[1] for b in attributions)


def _attributed_otherwise(a: Attribution, attributions: list[Attribution], found: list[_Found]) -> bool:
    """"X said ..., according to the statement": the sentence already names its speaker."""
    sent = a.cue.sent
    body = a.cue.doc[sent.start:sent.end].text
    offset = sent.start_char
    start = offset + body.rfind("\n", 0, a.cue.idx - offset) + 1  # the parse may run a sentence over a paragraph
    end = body.find("\n", a.cue.idx - offset)
    end = sent.end_char if end < 0 else offset + end
    if any(b is not a and b.speaker is not None and not b.according_to and b.content is not None
           and start <= b.cue.idx < end for b in attributions):
        return True
    return any(f.attribution is not a and start <= f.region.start < end for f in found)


def _indirect(doc: Doc, a: Attribution, start: int, end: int, speaker: Speaker) -> Quote:
    piece = doc[start:end]
    return Quote(text=piece.text, start=piece.start_char, end=piece.end_char, kind="indirect", speaker=speaker,
                 cue=a.cue_text)


def _block_quotes(body: str, attributions: list[Attribution], speakers: dict[int, Speaker]) -> list[Quote]:
    """"As the Times reports:" then a paragraph without marks: the paragraph is what it reports."""
    out = []
    for a in attributions:
        line_end = body.find("\n", a.cue.idx)
        rest = body[a.cue.idx:line_end].rstrip() if line_end >= 0 else ""
        if a.cue.i not in speakers or not rest.endswith(":") or _breaks(rest[:-1]):
            continue
        start = line_end
        while start < len(body) and body[start].isspace():
            start += 1
        end = body.find("\n", start)
        text = body[start:len(body) if end < 0 else end].rstrip()
        if text and text[0] not in "“\"«‘'":
            out.append(Quote(text=text, start=start, end=start + len(text), kind="indirect",
                             speaker=speakers[a.cue.i], cue=a.cue_text))
    return out


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    kept: dict[tuple[int, int], Quote] = {}
    for q in sorted(quotes, key=lambda q: (q.start, -q.end)):
        kept.setdefault((q.start, q.end), q)
    return list(kept.values())


# --- small helpers -------------------------------------------------------------------------------
def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _words(doc: Doc, start: int, end: int) -> int:
    return sum(1 for t in doc[start:end] if not t.is_punct)


def _inside(position: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``position`` lies in one of the sorted, non-overlapping ``ranges``."""
    i = bisect_right(ranges, position, key=lambda r: r[0]) - 1
    return i >= 0 and position < ranges[i][1]
