"""Bad input gets a clear error naming the input; good inputs beside it still get through."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest import read_inputs
from storyline.model import RawInput
from tests.conftest import FIXTURES


def _errors(items: list) -> list[str]:  # type: ignore[type-arg]
    return [str(i) for i in items if isinstance(i, InputError)]


def test_binary_empty_and_bad_encoding_are_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"%PDF-1.4\x00\x01\x02binary")
    (tmp_path / "b.txt").write_text("   \n")
    (tmp_path / "c.txt").write_bytes("Caf\xe9 owners said prices rose.".encode("latin-1"))
    (tmp_path / "d.txt").write_text((FIXTURES / "wire-gaza-toll.txt").read_text())
    items = list(read_inputs([str(tmp_path)]))
    errors = _errors(items)
    assert any("a.txt" in e and "binary" in e for e in errors)
    assert any("b.txt" in e and "empty" in e for e in errors)
    assert any("c.txt" in e and "UTF-8" in e for e in errors)
    assert [i.id for i in items if isinstance(i, RawInput)] == ["d"]


def test_broken_jsonl_lines_are_named_by_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "one", "text": "Officials said on Monday that talks would resume.", "outlet": "Wire"}),
        '{"id": "two", "text": "unterminated',
        json.dumps({"id": "three"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": 4, "html": "<html><body><p>Hello</p></body></html>", "published": "2024-01-02"}),
    ]
    corpus.write_text("\n".join(lines) + "\n")
    items = list(read_inputs([str(corpus)]))
    errors = _errors(items)
    assert any(e.startswith(f"{corpus}:2:") and "JSON" in e for e in errors)
    assert any(e.startswith(f"{corpus}:3:") and "'text' or 'html'" in e for e in errors)
    assert any(e.startswith(f"{corpus}:4:") for e in errors)
    good = [i for i in items if isinstance(i, RawInput)]
    assert [(g.id, g.outlet) for g in good] == [("one", "Wire"), ("4", None)]
    assert good[1].html and good[1].published == "2024-01-02"


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NULs without writing them
    items = list(read_inputs([str(huge)]))
    assert _errors(items) == [f"{huge}: too large for one article (52.4 MB > 20 MB limit)"]


def test_missing_path_is_named() -> None:
    assert _errors(list(read_inputs(["/no/such/file.txt"]))) == ["/no/such/file.txt: no such file or directory"]


def test_html_with_declared_charset_is_decoded(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_bytes('<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9</p></body></html>'.encode("cp1252"))
    (item,) = read_inputs([str(page)])
    assert isinstance(item, RawInput) and item.html and "Café" in item.html
