"""Shared fixtures. Tests that read ../shared skip cleanly when it is absent."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCHEMA = SHARED / "contract" / "document.schema.json"
DEV_GOLD = SHARED / "data" / "dev-gold"
SEEDS = SHARED / "data" / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"
TEAM_GOLD = Path(__file__).parent / "gold" / "articles"


def load_module(path: Path, name: str) -> ModuleType:
    """A script from ../shared as a fresh module (callers may set its globals, as --undated does)."""
    spec = importlib.util.spec_from_file_location(name, need(path))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_scorer(name: str = "storyline_score") -> Any:
    return load_module(SHARED / "eval" / "score.py", name)


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is optional)")
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ expected files from the code")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    from storyline.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads(need(SCHEMA).read_text(encoding="utf-8"))


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    from storyline.store import open_store

    s = open_store(str(tmp_path / "test.db"))
    yield s
    s.close()


def read_golds(gold_dir: Path) -> list[dict[str, Any]]:
    """The gold files of a directory that carry an article's raw text, in name order."""
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]
    return [g for g in golds if "raw_text" in g]


def extract_golds(pipeline: Any, golds: list[dict[str, Any]], *, dated: bool = True) -> dict[str, Any]:
    """Document per gold id, through the whole pipeline (``dated``: with the gold's publication date)."""
    from storyline.model import RawInput

    raws = [RawInput(origin=g["id"], text=g["raw_text"], id=g["id"], published=g.get("published") if dated else None)
            for g in golds]
    return {d.id: d for d in pipeline.run(raws)}


def assert_spans(doc: dict) -> None:
    """The evidence property: every span's text is exactly what the body holds there."""
    body = doc["body"]
    items = list(doc["timexes"]) + list(doc["quotes"]) + list(doc["figures"]) + list(doc.get("events") or [])
    items += [m for e in doc["entities"] for m in e["mentions"]]
    items += [q["speaker"]["mention"] for q in doc["quotes"] if q["speaker"].get("mention")]
    items += list(doc["published"].get("evidence") or [])
    for item in items:
        assert body[item["start"]:item["end"]] == item["text"], item
