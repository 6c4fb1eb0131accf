"""Quotation marks paired on the characters, before any parse: the parser splits badly around them.

Gives :class:`Marked` regions for every quotation style (“ ” " " « » „ and top-level ‘ ’ or ' ').
A double quote left open at a paragraph end continues when the next paragraph opens with a mark
(the wire convention for quotes over several paragraphs): each paragraph gives one piece, the
later ones marked ``continued``; otherwise it ends with its paragraph.
Single quotes inside double ones are part of the quoted words, not quotes of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'
DOUBLE = OPENERS + CLOSERS + STRAIGHT + "‟"
_PARAGRAPH = re.compile(r"[^\n]+")
_SINGLE = re.compile(r"(?:^|(?<=[\s(\[—–-]))[‘'](?=\w)((?:[^‘’'\n]|[’'](?=\w))*?[\w.,!?])[’'](?!\w)", re.M)


@dataclass(frozen=True, slots=True)
class Marked:
    """Quoted words: ``body[start:end]``, between the marks at ``open`` and ``close`` (exclusive)."""

    open: int
    close: int
    start: int
    end: int
    closed: bool = True
    continued: bool = False  # goes on from the piece before, a paragraph up


def find_marked(body: str) -> list[Marked]:
    """Every quoted region of the body, in order."""
    regions: list[Marked] = []
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(body) if m.group().strip()]
    carried = False  # this paragraph's first mark reopens a quote left open above
    for index, (start, end) in enumerate(paragraphs):
        found, left_open = _pair_double(body, start, end, carried)
        regions.extend(found)
        if left_open is not None:
            regions.append(left_open)
        carried = left_open is not None and _opens_with_mark(body, paragraphs, index + 1)
    for start, end in paragraphs:
        regions.extend(_singles(body, start, end, regions))
    kept = [r for r in regions if r.end - r.start >= 2 and any(c.isalnum() for c in body[r.start:r.end])]
    return sorted(kept, key=lambda r: r.open)


def _pair_double(body: str, start: int, end: int, carried: bool) -> tuple[list[Marked], Marked | None]:
    """Pair the double marks of one paragraph; the last return is a quote still open at its end."""
    found: list[Marked] = []
    opened: int | None = None
    continued = False
    for i in range(start, end):
        char = body[i]
        if char not in DOUBLE:
            continue
        if opened is None and _is_opening(body, i, char):
            opened, continued = i, carried and not found
        elif opened is not None and _is_closing(body, i, char):
            found.append(_region(body, opened, i, continued=continued))
            opened = None
        elif opened is not None and char in OPENERS:
            opened = i  # a stray opener: the quote before it never closed; restart here
    left_open = _region(body, opened, end, closed=False, continued=continued) if opened is not None else None
    return found, left_open


def _is_opening(body: str, i: int, char: str) -> bool:
    if char in OPENERS or char == "‟":
        return True
    if char in CLOSERS:
        return False
    following = body[i + 1:i + 2]
    return bool(following) and not following.isspace()


def _is_closing(body: str, i: int, char: str) -> bool:
    return char in CLOSERS or char == STRAIGHT or char == "‟"


def _opens_with_mark(body: str, paragraphs: list[tuple[int, int]], index: int) -> bool:
    if index >= len(paragraphs):
        return False
    start, end = paragraphs[index]
    text = body[start:end].lstrip()
    return bool(text) and (text[0] in OPENERS or text[0] == STRAIGHT)


def _singles(body: str, start: int, end: int, doubles: list[Marked]) -> list[Marked]:
    """British-style ‘single’ quotes, only where no double quote encloses them."""
    found = []
    for m in _SINGLE.finditer(body, start, end):
        if any(r.open <= m.start() <= r.close for r in doubles):
            continue
        found.append(_region(body, m.start(), m.end() - 1))
    return found


def _region(body: str, opened: int, closed_at: int, *, closed: bool = True, continued: bool = False) -> Marked:
    start, end = opened + 1, closed_at
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return Marked(opened, closed_at if closed else end, start, end, closed=closed, continued=continued)
