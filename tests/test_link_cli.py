"""`storyline stories | story | timeline | figures` read what the link stage wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.link import link_store
from storyline.serve.cli import app
from tests.test_link import COPY, ORIGINAL, QUAKE_A, QUAKE_A2, _doc, _fake_embed

runner = CliRunner()


@pytest.fixture(scope="module")
def db(pipeline, tmp_path_factory) -> str:  # type: ignore[no-untyped-def]
    from storyline.store import open_store

    path = str(tmp_path_factory.mktemp("cli") / "links.db")
    store = open_store(path)
    store.add([_doc(pipeline, "peru-1", QUAKE_A, "2024-05-14", "Andes Wire"),
               _doc(pipeline, "peru-2", QUAKE_A2, "2024-05-15", "Lima Daily"),
               _doc(pipeline, "aa-fire", ORIGINAL, "2024-08-04", "Anadolu Agency"),
               _doc(pipeline, "portal-fire", COPY, "2024-08-04", "Aegean Portal")])
    link_store(store, embed=_fake_embed)
    store.close()
    return path


def _story_of(db: str, doc_id: str) -> str:
    from storyline.store import open_store

    store = open_store(db)
    story = store.get(doc_id).story
    store.close()
    return str(story)


def test_stories_lists_each_story(db: str) -> None:
    result = runner.invoke(app, ["stories", "--db", db])
    assert result.exit_code == 0, result.output
    assert _story_of(db, "aa-fire") in result.output and "2 articles, 2 outlets" in result.output


def test_story_is_a_timeline_with_copies_marked(db: str) -> None:
    result = runner.invoke(app, ["story", _story_of(db, "aa-fire"), "--db", db])
    assert result.exit_code == 0, result.output
    assert "portal-fire" in result.output and "copy of aa-fire" in result.output


def test_unknown_story_fails_cleanly(db: str) -> None:
    result = runner.invoke(app, ["story", "story-nope", "--db", db])
    assert result.exit_code == 1 and "no story" in result.output


def test_timeline_by_entity_name(db: str) -> None:
    result = runner.invoke(app, ["timeline", "Idris Akbiyik", "--db", db])
    assert result.exit_code == 0, result.output
    assert _story_of(db, "aa-fire") in result.output and "peru" not in result.output


def test_figures_by_metric(db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["figures", "--metric", "killed", "--db", db])
    assert result.exit_code == 0, result.output
    assert "killed" in result.output and "14" in result.output
