"""Read every input a user can name: .txt, .html, .jsonl, directories (recursively), ``-``.

Yields one :class:`RawInput` per article or one :class:`InputError` per bad input, so that
a bad file or line is reported by name while the others are still processed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from storyline.errors import InputError
from storyline.ingest.decode import decode_bytes, looks_binary
from storyline.model import RawInput

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
FIELDS = ("id", "url", "published", "outlet", "title")

Item = RawInput | InputError


def read_inputs(names: list[str], *, max_bytes: int = 20_000_000) -> Iterator[Item]:
    """Every article in ``names`` (paths, directories, or ``-`` for stdin), in order."""
    for name in names:
        if name == "-":
            yield from _read_stream(sys.stdin.buffer, "<stdin>", max_bytes)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES)
            if not files:
                yield InputError(name, "directory holds no .txt, .html or .jsonl files")
            for file in files:
                yield from read_file(file, max_bytes=max_bytes)
        elif path.is_file():
            yield from read_file(path, max_bytes=max_bytes)
        else:
            yield InputError(name, "no such file or directory")


def read_file(path: Path, *, max_bytes: int) -> Iterator[Item]:
    origin = str(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        with path.open("rb") as fh:
            yield from _read_jsonl(fh, origin, max_bytes)
        return
    size = path.stat().st_size
    if size > max_bytes:
        yield InputError(origin, f"too large for one article ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit)")
        return
    try:
        yield _raw_from_bytes(path.read_bytes(), origin, html=suffix in HTML_SUFFIXES, stem=path.stem)
    except InputError as err:
        yield err


def _read_stream(stream: BinaryIO, origin: str, max_bytes: int) -> Iterator[Item]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield InputError(origin, f"too large for one article (over {max_bytes / 1e6:.0f} MB)")
        return
    stripped = data.lstrip()
    if stripped.startswith(b"{"):
        yield from _read_jsonl(iter(data.splitlines(keepends=True)), origin, max_bytes)
        return
    try:
        yield _raw_from_bytes(data, origin, html=stripped[:1] == b"<", stem=None)
    except InputError as err:
        yield err


def _raw_from_bytes(data: bytes, origin: str, *, html: bool, stem: str | None) -> RawInput:
    text = decode_bytes(data, origin, html=html)
    if not text.strip():
        raise InputError(origin, "empty input")
    if html:
        return RawInput(origin=origin, html=text, id=stem)
    return RawInput(origin=origin, text=text, id=stem)


def _read_jsonl(lines: BinaryIO | Iterator[bytes], origin: str, max_bytes: int) -> Iterator[Item]:
    seen_any = False
    for number, line in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        if not line.strip():
            continue
        seen_any = True
        if len(line) > max_bytes:
            yield InputError(where, f"line too large ({len(line) / 1e6:.1f} MB)")
            continue
        try:
            yield _raw_from_record(line, where)
        except InputError as err:
            yield err
    if not seen_any:
        yield InputError(origin, "empty input")


def _raw_from_record(line: bytes, where: str) -> RawInput:
    if looks_binary(line):
        raise InputError(where, "binary data, not a JSON line")
    try:
        record = json.loads(decode_bytes(line, where))
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise InputError(where, "a JSONL line must be an object with 'text' or 'html'")
    text, html = record.get("text"), record.get("html")
    content = text if isinstance(text, str) and text.strip() else html
    if not isinstance(content, str) or not content.strip():
        raise InputError(where, "line has no 'text' or 'html' (or it is empty)")
    meta = {k: _field(record, k, where) for k in FIELDS}
    if content is text:
        return RawInput(origin=where, text=text, **meta)
    return RawInput(origin=where, html=html, **meta)


def _field(record: dict[str, object], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, (int, float)) and key == "id":
        return str(value)
    raise InputError(where, f"field '{key}' must be a string, not {type(value).__name__}")
