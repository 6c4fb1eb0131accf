"""Wire copy as pasted from a site -> :class:`Cleaned`: the article's paragraphs, and what was taken out.

Steps, each on the list of paragraphs: page furniture and signed lines out (links, captions, promos,
bylines, credit lines, codes); the headline block above the lead out; the dateline read off the lead;
inserts cut out of prose (agency codes, tickers, "Updated at ...:"); runs of bare headlines (related
links without a marker) out; then credits to other agencies read from what is left. Paragraphs are
joined with one blank line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.clean import lexicon
from storyline.clean.byline import Signed, header_line, is_name, role_line, signed_line
from storyline.clean.credits import credit_name, find_credits
from storyline.clean.dateline import split_dateline
from storyline.clean.lines import (
    line_kind,
    split_glued_link,
    strip_tickers,
    strip_trailing_code,
    strip_updated_prefix,
    strip_with_agency,
)
from storyline.clean.text import ends_sentence, normal_case, normalise_text, split_paragraphs, unbulleted, word_count
from storyline.model import Boilerplate, Cleaned, Credit, Dateline

__all__ = ["clean_text", "clean_wire", "normalise_text"]

_CLOSING = 3  # bios and sign-offs are looked for in this many last paragraphs
_HEADLINE_WORDS = 40  # longest headline, standfirst or caption without a full stop
_LINK_WORDS = (3, 15)  # words in a bare related-link headline
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")


@dataclass
class _Draft:
    paragraphs: list[str]
    removed: list[Boilerplate] = field(default_factory=list)
    byline: list[str] = field(default_factory=list)
    own: set[str] = field(default_factory=set)  # the copy's own agency or outlet: never a credit
    credited: list[str] = field(default_factory=list)  # agencies named in credit lines, as written
    title: str | None = None
    dateline: Dateline | None = None

    def remove(self, text: str, kind: str) -> None:
        item = Boilerplate(text.strip(), kind)
        if item.text and item not in self.removed:
            self.removed.append(item)

    def sign(self, signed: Signed) -> None:
        self.byline.extend(n for n in signed.names if n not in self.byline)
        if signed.kind == "byline":
            self.own.update(_names(signed.agencies))
        else:
            self.credited.extend(signed.agencies)


def clean_text(text: str, *, title: str | None = None) -> Cleaned:
    """Body, byline, dateline, credits and removed boilerplate of one article's plain text."""
    return clean_wire(text, title=title)


def clean_wire(text: str, *, title: str | None = None, markup: bool = False) -> Cleaned:
    """:func:`clean_text`, told what is known of the page. ``title``: a repeat of it is dropped.
    ``markup``: the text comes from a page's markup, where headings and link lists were told apart
    already, so the guesses for flattened text (unpunctuated lines above the lead are headlines, runs
    of bare headlines are related links) are not made."""
    draft = _Draft(split_paragraphs(normalise_text(text), unwrap=not markup))
    _drop_furniture(draft)
    _drop_header(draft, title, guess=not markup)
    _take_dateline(draft)
    _strip_inserts(draft)
    _drop_link_runs(draft, bare=not markup)
    if draft.dateline and draft.dateline.agency:
        draft.own.update(_names([draft.dateline.agency]))
    credits = find_credits(draft.paragraphs, own=draft.own)
    known = {c.agency for c in credits}
    for name in _names(draft.credited):
        if name not in draft.own and name not in known:
            known.add(name)
            credits.append(_line_credit(name, draft))
    return Cleaned(
        body="\n\n".join(draft.paragraphs),
        boilerplate=tuple(draft.removed),
        byline=tuple(draft.byline),
        dateline=draft.dateline,
        credits=tuple(credits),
        title=draft.title,
    )


def _drop_furniture(draft: _Draft) -> None:
    kept: list[str] = []
    last = len(draft.paragraphs) - _CLOSING
    for i, paragraph in enumerate(draft.paragraphs):
        signed = signed_line(paragraph, closing=i >= last)
        kind = None if signed else line_kind(paragraph)
        glued = None if signed or kind else split_glued_link(paragraph)
        if signed:
            draft.remove(paragraph, signed.kind)
            draft.sign(signed)
        elif kind:
            draft.remove(paragraph, kind)
        elif glued:
            draft.remove(glued[0], "related-link")
            kept.append(glued[1])
        else:
            kept.append(paragraph)
    draft.paragraphs = kept


@dataclass(frozen=True, slots=True)
class _Cut:
    text: str
    kind: str
    signed: Signed | None = None


def _drop_header(draft: _Draft, title: str | None, *, guess: bool) -> None:
    """Headline, standfirst, caption and byline lines above the lead; kept when no lead follows."""
    paragraphs = draft.paragraphs
    cut: list[_Cut] = []
    while len(cut) < len(paragraphs):
        found = _header_cuts(paragraphs, len(cut), title, guess=guess)
        if not found:
            break
        cut.extend(found)
    if len(cut) == len(paragraphs):
        return  # no prose after it: this is not a header
    for c in cut:
        draft.remove(c.text, c.kind)
        if c.signed:
            draft.sign(c.signed)
    headlines = [c.text for c in cut if c.kind == "headline"]
    draft.title = next((h for h in headlines if word_count(h) >= 4), headlines[0] if headlines else None)
    draft.paragraphs = paragraphs[len(cut) :]


def _header_cuts(paragraphs: list[str], n: int, title: str | None, *, guess: bool) -> list[_Cut]:
    """What paragraph ``n`` of the header is (with the next one, when they go together); [] for prose."""
    text = paragraphs[n]
    after = paragraphs[n + 1] if n + 1 < len(paragraphs) else ""
    if title and _is_title(text, title):
        return [_Cut(text, "headline")]
    signed = header_line(text)
    if signed:
        return [_Cut(text, "byline", signed)]
    if is_name(text) and after and (role_line(after) or (guess and _place_line(after, paragraphs, n + 1))):
        # "Traci Watson" over "Special for USA TODAY"; "Tariq Soliman" over "Abu Dhabi"
        return [_Cut(text, "byline", Signed("byline", (normal_case(text),))), _Cut(after, "byline", header_line(after))]
    if not guess or ends_sentence(text) or word_count(text) > _HEADLINE_WORDS or _opens_lead(text, after):
        return []
    if n > 0 and is_name(text):
        return [_Cut(text, "byline", Signed("byline", (normal_case(text),)))]  # a name alone under the headline
    return [_Cut(text, "timestamp" if line_kind(text) == "timestamp" else "headline")]


def _opens_lead(text: str, after: str) -> bool:
    """A dateline, alone on its line ("ISTANBUL (AA) –") or opening the paragraph."""
    if split_dateline(text):
        return True
    found = split_dateline(f"{text} {after}") if after and word_count(text) <= 8 else None
    return found is not None and len(found[1]) <= len(after)


def _place_line(text: str, paragraphs: list[str], n: int) -> bool:
    # a byline's place under the name: short, capitalised, not prose, and prose follows
    return word_count(text) <= 3 and is_name(text) and n + 1 < len(paragraphs) and ends_sentence(paragraphs[n + 1])


def _take_dateline(draft: _Draft) -> None:
    if not draft.paragraphs:
        return
    found = split_dateline(draft.paragraphs[0])
    if found is None and len(draft.paragraphs) > 1 and word_count(draft.paragraphs[0]) <= 8:
        # a dateline on a line of its own: "ISTANBUL (AA) –" then the lead
        joined = f"{draft.paragraphs[0]} {draft.paragraphs[1]}"
        found = split_dateline(joined)
        if found and len(found[1]) <= len(draft.paragraphs[1]):
            draft.paragraphs[0:2] = [joined]
        else:
            found = None
    if found:
        draft.dateline, draft.paragraphs[0] = found[0], found[1]
        draft.remove(found[0].text, "dateline")


def _strip_inserts(draft: _Draft) -> None:
    kept: list[str] = []
    for i, paragraph in enumerate(draft.paragraphs):
        if i == 0:
            paragraph, updated = strip_updated_prefix(paragraph)
            draft.remove(updated or "", "timestamp")
        paragraph, code = strip_trailing_code(paragraph)
        draft.remove(code or "", "agency-code")
        paragraph, tickers = strip_tickers(paragraph)
        for ticker in tickers:
            draft.remove(ticker, "ticker")
        paragraph = _strip_closing_credit(draft, paragraph)
        kept.append(paragraph.strip())
    draft.paragraphs = [p for p in kept if p]


def _strip_closing_credit(draft: _Draft, paragraph: str) -> str:
    # "... on Monday. (with AFP)": only when an agency or the wires are what it names
    stripped, insert, who = strip_with_agency(paragraph)
    if not insert or not who:
        return paragraph
    agencies = [a.strip() for a in who.replace(" and ", ",").split(",") if lexicon.find_agency(a.strip())]
    if not agencies and "wire" not in who.casefold():
        return paragraph
    draft.remove(insert, "credit-line")
    draft.credited.extend(agencies)
    return stripped


def _drop_link_runs(draft: _Draft, *, bare: bool) -> None:
    """Two or more link-like lines in a row inside the copy: "Section | Headline" lines, and (``bare``)
    plain headlines, related links whose marker was lost when the page was flattened to text."""
    paragraphs = draft.paragraphs
    linky = [_sectioned_headline(p) or (bare and _bare_headline(p)) for p in paragraphs]
    drop: set[int] = set()
    i = 1
    while i < len(paragraphs):
        j = i
        while j < len(paragraphs) and linky[j]:
            j += 1
        if j - i >= 2 and paragraphs[i - 1].rstrip()[-1:] != ":":
            drop.update(range(i, j))
        i = j + 1
    for k in sorted(drop):
        draft.remove(paragraphs[k], "related-link")
    draft.paragraphs = [p for k, p in enumerate(paragraphs) if k not in drop]


def _bare_headline(paragraph: str) -> bool:
    low, high = _LINK_WORDS
    return (
        paragraph == unbulleted(paragraph)
        and paragraph[:1].isupper()
        and not ends_sentence(paragraph)
        and low <= word_count(paragraph) <= high
    )


def _sectioned_headline(paragraph: str) -> bool:
    # "Milan Design Week 2018 | FLOS pays tribute to Achille Castiglioni"
    return " | " in paragraph and not ends_sentence(paragraph) and word_count(paragraph) <= 25


def _names(written: list[str] | tuple[str, ...]) -> list[str]:
    return [name for w in written if (name := credit_name(w))]


def _line_credit(name: str, draft: _Draft) -> Credit:
    text = next((b.text for b in draft.removed if b.kind == "credit-line" and _mentions(b.text, name)), name)
    return Credit(agency=name, text=text)


def _mentions(text: str, name: str) -> bool:
    agency = lexicon.find_agency(name) or lexicon.agency_by_alias().get(name)
    aliases = agency.aliases if agency else (name,)
    return any(alias in text for alias in aliases) or name in text


def _is_title(text: str, title: str) -> bool:
    """The page title, or the part of it that is not the section or site ("Opinion | X", "X - Site")."""
    parts = [title, *(p for p in _TITLE_SEPARATOR.split(title) if word_count(p) >= 3)]
    return any(_same_text(text, part) for part in parts)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()).strip(" .") == " ".join(b.casefold().split()).strip(" .")
