"""Wire copy as pasted from a site -> :class:`Cleaned` (first version: whitespace only)."""

from __future__ import annotations

import re

from storyline.model import Cleaned

_BLANKS = re.compile(r"\n[ \t]*\n(\s*\n)*")


def normalise_text(text: str) -> str:
    """Unix newlines, no trailing spaces, paragraphs separated by one blank line at most."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip()


def clean_text(text: str) -> Cleaned:
    return Cleaned(body=normalise_text(text))
