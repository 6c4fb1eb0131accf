"""Wire copy as pasted from a site -> :class:`Cleaned`: the article's paragraphs, and what was taken out.

Steps, each on the list of paragraphs: page furniture and signed lines out (links, captions, promos,
bylines, credit lines, codes); the headline block above the lead out; the dateline read off the lead;
inserts cut out of prose (agency codes, tickers, "Updated at ...:"); runs of bare headlines (related
links without a marker) out; then credits to other agencies read from what is left. Paragraphs are
joined with one blank line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.clean import lexicon
from storyline.clean.byline import Signed, is_name, role_line, signed_line
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
from storyline.clean.text import ends_sentence, normalise_text, split_paragraphs, unbulleted, word_count
from storyline.model import Boilerplate, Cleaned, Credit, Dateline

__all__ = ["clean_text", "clean_wire", "normalise_text"]

_CLOSING = 3  # bios and sign-offs are looked for in this many last paragraphs
_HEADLINE_WORDS = 40  # longest headline, standfirst or caption without a full stop
_LINK_WORDS = (3, 15)  # words in a bare related-link headline


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


def clean_text(text: str) -> Cleaned:
    """Body, byline, dateline, credits and removed boilerplate of one article's plain text."""
    return clean_wire(text)


def clean_wire(text: str, *, title: str | None = None) -> Cleaned:
    """:func:`clean_text`, told the page's title when it is known (an HTML page's), so a repeat of it goes."""
    draft = _Draft(split_paragraphs(normalise_text(text)))
    _drop_furniture(draft)
    _drop_header(draft, title)
    _take_dateline(draft)
    _strip_inserts(draft)
    _drop_link_runs(draft)
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


def _drop_header(draft: _Draft, title: str | None) -> None:
    """Headline, standfirst, caption and byline lines above the lead; kept when no lead follows."""
    paragraphs = draft.paragraphs
    n = 0
    cut: list[tuple[str, str]] = []
    while n < len(paragraphs):
        kind = _header_kind(paragraphs, n, title)
        if kind is None:
            break
        cut.append((paragraphs[n], kind))
        n += 1
    if n == len(paragraphs):
        return  # no prose after it: this is not a header
    for text, kind in cut:
        draft.remove(text, kind)
        if kind == "headline" and draft.title is None:
            draft.title = text
        elif kind == "byline":
            _sign_header_line(draft, text)
    draft.paragraphs = paragraphs[n:]


def _header_kind(paragraphs: list[str], n: int, title: str | None) -> str | None:
    text = paragraphs[n]
    if title and _same_text(text, title):
        return "headline"
    if is_name(text) and n + 1 < len(paragraphs) and role_line(paragraphs[n + 1]):
        return "byline"  # "Traci Watson" over "Special for USA TODAY"
    if role_line(text) and n > 0 and is_name(paragraphs[n - 1]):
        return "byline"
    if ends_sentence(text) or word_count(text) > _HEADLINE_WORDS or split_dateline(text):
        return None
    if text.casefold().startswith(("updated", "last updated", "update:")):
        return "notice"
    return "headline"


def _sign_header_line(draft: _Draft, text: str) -> None:
    if is_name(text):
        draft.sign(Signed("byline", (text,)))
    elif lexicon.find_agency(text.strip(". ")):
        draft.own.update(_names([text.strip(". ")]))
    else:
        outlet = text.split(" ", 2)[-1] if text.casefold().startswith(("special for", "special to")) else ""
        draft.own.update(_names([outlet]) if outlet else ())


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
            draft.remove(updated or "", "notice")
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


def _drop_link_runs(draft: _Draft) -> None:
    """Two or more bare headlines in a row inside the copy: related links whose marker was lost."""
    paragraphs = draft.paragraphs
    bare = [_bare_headline(p) for p in paragraphs]
    drop: set[int] = set()
    i = 1
    while i < len(paragraphs):
        j = i
        while j < len(paragraphs) and bare[j]:
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


def _names(written: list[str] | tuple[str, ...]) -> list[str]:
    return [name for w in written if (name := credit_name(w))]


def _line_credit(name: str, draft: _Draft) -> Credit:
    text = next((b.text for b in draft.removed if b.kind == "credit-line" and _mentions(b.text, name)), name)
    return Credit(agency=name, text=text)


def _mentions(text: str, name: str) -> bool:
    agency = lexicon.find_agency(name) or lexicon.agency_by_alias().get(name)
    aliases = agency.aliases if agency else (name,)
    return any(alias in text for alias in aliases) or name in text


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()).strip(" .") == " ".join(b.casefold().split()).strip(" .")
