"""Turn bytes into text, refusing binary data and undeclared non-UTF-8 encodings by name."""

from __future__ import annotations

import codecs
import re

from storyline.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def looks_binary(data: bytes) -> bool:
    """NUL bytes never occur in text; a few control bytes in the first 8 KB mean binary too."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.05


def decode_bytes(data: bytes, origin: str, *, html: bool = False) -> str:
    """UTF-8 (with or without BOM); an HTML page may declare another charset in a meta tag."""
    if looks_binary(data):
        raise InputError(origin, "binary data, not text (is this a PDF, image or archive?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _declared_charset(data) if html else None
        if declared:
            return data.decode(declared, errors="replace")
        raise InputError(
            origin,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-encode it as UTF-8, e.g. iconv -f windows-1252 -t utf-8",
        ) from exc


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
