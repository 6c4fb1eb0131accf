"""How the link stage compares entity names and types across articles."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_PUNCT = re.compile(r"[^\w\s]")
_INITIALS = re.compile(r"\b(\w)\.")


@lru_cache(maxsize=200_000)  # names repeat across articles; linking folds each many times
def fold(name: str) -> str:
    """'the U.N.' -> 'un', 'Khān Yūnis' -> 'khan yunis': no accents, case, dots or leading 'the'."""
    text = _INITIALS.sub(lambda m: m.group(1), unicodedata.normalize("NFKD", name.casefold()))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = " ".join(_PUNCT.sub(lambda m: "" if m.group(0) in "'’" else " ", text).split())
    return text[4:] if text.startswith("the ") else text


def kind_of(type_: str) -> str:
    """Places are one kind whatever spaCy called them; other types are their own kind."""
    return "PLACE" if type_ in ("GPE", "LOC", "FAC", "PLACE") else type_


def new_id(name: str, type_: str) -> str:
    """An id for an entity only the alias file names (the same ``e-`` form extraction uses)."""
    return "e-" + hashlib.sha1(f"alias:{kind_of(type_)}:{fold(name)}".encode()).hexdigest()[:12]
