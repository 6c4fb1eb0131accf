"""Golden files for the cleaning stage: one short article per boilerplate kind, written by us in the
style of the wire copy it imitates, and its expected cleaning, compared exactly.

Regenerate on purpose with ``pytest tests/test_clean_golden.py --update-golden`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from storyline.clean import clean_html, clean_text
from storyline.model import Cleaned

GOLDEN = Path(__file__).parent / "golden" / "clean"
CASES = sorted(p for p in GOLDEN.iterdir() if p.suffix in (".txt", ".html"))


def _cleaned(source: Path) -> dict[str, Any]:
    raw = source.read_text(encoding="utf-8")
    cleaned: Cleaned = clean_html(raw, origin=source.name) if source.suffix == ".html" else clean_text(raw)
    return json.loads(json.dumps(dataclasses.asdict(cleaned)))  # tuples -> lists, as stored


@pytest.mark.parametrize("source", CASES, ids=lambda p: p.stem)
def test_golden(source: Path, update_golden: bool) -> None:
    expected_file = source.with_suffix(".json")
    got = _cleaned(source)
    if update_golden:
        expected_file.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert got == expected


def test_every_kind_has_a_golden_file() -> None:
    kinds = set()
    for expected in GOLDEN.glob("*.json"):
        kinds.update(b["kind"] for b in json.loads(expected.read_text(encoding="utf-8"))["boilerplate"])
    wanted = {
        "byline", "dateline", "related-link", "agency-code", "signature", "promo", "caption", "credit-line",
        "headline", "notice", "correction", "ticker", "timestamp", "artifact", "separator",
    }
    assert wanted <= kinds, wanted - kinds


@pytest.mark.parametrize("source", CASES, ids=lambda p: p.stem)
def test_removed_text_is_gone_and_the_rest_is_kept(source: Path) -> None:
    cleaned = _cleaned(source)
    body = cleaned["body"]
    for item in cleaned["boilerplate"]:
        assert item["text"] not in body
    if source.suffix == ".txt":
        raw_words = source.read_text(encoding="utf-8").split()
        assert all(word in raw_words for word in body.split())  # nothing invented, nothing reworded
