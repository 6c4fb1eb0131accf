"""Plain-text helpers of the cleaning stage: newlines, paragraphs, and what a line looks like."""

from __future__ import annotations

import re

from storyline.clean import lexicon

_BLANKS = re.compile(r"\n[ \t]*\n(\s*\n)*")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
# zero-width marks, soft hyphens and control characters (a NUL cannot even be stored in PostgreSQL)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1b\x1f\x7f]")
_LINE_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028]")  # what str.splitlines also breaks at
_PARAGRAPH_BREAK = "\u2029"
_CLOSERS = "\"'”’»)]}*"
_TERMINAL = ".!?…:;"
_WORD = re.compile(r"\w+")
_BULLET = re.compile(r"^(?:[-–—•*·▪►]+|\d{1,2}[.)])\s+")


def normalise_text(text: str) -> str:
    """Unix newlines, single spaces, no invisible characters, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace(_PARAGRAPH_BREAK, "\n\n")
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip()


def split_paragraphs(text: str, *, unwrap: bool = True) -> list[str]:
    """Paragraphs of normalised text: blank-line blocks, then lines, re-joining hard-wrapped lines
    unless told the lines are paragraphs already (``unwrap=False``, text from a page's markup)."""
    paragraphs: list[str] = []
    for block in text.split("\n\n"):
        lines = [line for line in block.split("\n") if line]
        paragraphs.extend(_unwrap(lines) if unwrap else lines)
    return paragraphs


def _unwrap(lines: list[str]) -> list[str]:
    # a line cut mid-sentence (no end punctuation, next starts lower-case) is one paragraph wrapped
    out: list[str] = []
    for line in lines:
        if out and not ends_sentence(out[-1]) and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def ends_sentence(text: str) -> bool:
    """Does the text end like prose (full stop, question, colon...), closing quotes aside?"""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def unbulleted(text: str) -> str:
    """The line without a leading list marker ("- Order Reprints" -> "Order Reprints")."""
    return _BULLET.sub("", text, count=1)


def normal_case(name: str) -> str:
    """'GAZA CITY' -> 'Gaza City', 'HANA EL-SAYED' -> 'Hana El-Sayed'; mixed case is kept as written."""
    if not name.isupper():
        return name
    particles = lexicon.words("clean_particles")
    out: list[str] = []
    for i, piece in enumerate(re.split(r"([ /-])", name)):
        if piece.casefold() in particles and i > 0:
            out.append(piece.casefold())
        elif re.fullmatch(r"(?:[A-Z]\.)+", piece):
            out.append(piece)  # "U.S." stays
        else:
            out.append(re.sub(r"(?<=['’])[a-z]", lambda c: c.group(0).upper(), piece.capitalize()))
    return "".join(out)
