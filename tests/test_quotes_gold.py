"""Quote floors on the gold sets, measured on the quotes alone: the gold's own clean body (raw text
without its boilerplate) goes through the parse and ``extract_quotes``, and ../shared/eval/score.py
scores the result. Lowering a floor is a deliberate, reviewed act."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.annotate.entities import extract_entities
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.parsed import ParsedArticle
from storyline.annotate.quotes import extract_quotes
from tests.conftest import DEV_GOLD, TEAM_GOLD, load_scorer, need

# gold set -> (quotes F1, quotes.speaker accuracy); measured 0.951 / 0.989 and 0.982 / 0.995
FLOORS = {"dev-gold": (0.93, 0.96), "team-gold": (0.96, 0.97)}


def _scorer() -> Any:
    return load_scorer("storyline_score")


def _clean_body(gold: dict[str, Any]) -> str:
    body = gold["raw_text"]
    for piece in gold.get("boilerplate") or []:
        body = body.replace(piece, " ")
    return body


def quote_report(gold_dir: Path) -> dict[str, Any]:
    scorer = _scorer()
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(need(gold_dir).glob("*.json"))]
    golds = [g for g in golds if "raw_text" in g]
    tally = scorer.Tally()
    for gold, doc in zip(golds, load_pipeline().pipe(_clean_body(g) for g in golds), strict=True):
        article = ParsedArticle(doc=doc)
        quotes = extract_quotes(article, entities=extract_entities(article))
        pred = {"body": doc.text, "quotes": [{"text": q.text, "kind": q.kind, "speaker": {"name": q.speaker.name}}
                                             for q in quotes]}
        scorer.score_doc(gold, pred, tally)
    return tally.report()


@pytest.mark.slow
@pytest.mark.parametrize("gold", ["dev-gold", "team-gold"])
def test_quotes_stay_above_floors(gold: str) -> None:
    report = quote_report(DEV_GOLD if gold == "dev-gold" else TEAM_GOLD)
    f1_floor, speaker_floor = FLOORS[gold]
    assert report["quotes"]["f1"] >= f1_floor, report["quotes"]
    assert report["quotes.speaker"]["accuracy"] >= speaker_floor, report["quotes.speaker"]
