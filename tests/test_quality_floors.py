"""Quality gates: extraction scores on the gold sets must not fall below pinned floors.

Lowering a floor is a deliberate, reviewed act (as trafilatura does for its corpus). The scorer
is ../shared/eval/score.py; these tests skip when ../shared is absent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEV_GOLD, TEAM_GOLD, extract_golds, load_scorer, need, read_golds

# metric -> floor; measured values are in the README ("Quality") and the closing notes
_COMMON = {
    "boilerplate.removed:accuracy": 0.98, "body.recall>=0.98:accuracy": 0.98, "byline": 0.95,
    "dateline.place:accuracy": 0.95, "published:accuracy": 0.95, "quotes": 0.93, "quotes.speaker:accuracy": 0.95,
    "figures": 0.95, "figures.qualifier:accuracy": 0.95, "figures.source:accuracy": 0.92,
    "figures.no_invented_source:accuracy": 0.98, "timexes": 0.95, "timexes.value:accuracy": 0.95, "events": 0.25,
}
FLOORS: dict[str, dict[str, float]] = {
    "dev-gold": _COMMON | {"credits": 0.95, "figures.since:accuracy": 0.9},
    "team-gold": _COMMON | {"credits": 0.95},
}


def _scorer() -> Any:
    return load_scorer()


def score(pipeline: Any, gold_dir: Path, *, dated: bool = True) -> dict[str, Any]:
    scorer = _scorer()
    golds = read_golds(gold_dir)
    preds = {i: d.to_dict() for i, d in extract_golds(pipeline, golds, dated=dated).items()}
    tally = scorer.Tally()
    for g in golds:
        scorer.score_doc(g, preds.get(g["id"], {}), tally)
        scorer.score_events(g, preds.get(g["id"], {}), tally)
    return tally.report()


def _value(report: dict[str, Any], metric: str) -> float:
    name, field = metric.rsplit(":", 1) if ":" in metric else (metric, "f1")
    return float(report[name][field])


@pytest.mark.parametrize("gold", ["dev-gold", "team-gold"])
def test_scores_stay_above_floors(pipeline: Any, gold: str) -> None:
    gold_dir = need(DEV_GOLD) if gold == "dev-gold" else TEAM_GOLD
    report = score(pipeline, gold_dir)
    low = {m: (_value(report, m), floor) for m, floor in FLOORS[gold].items() if _value(report, m) < floor}
    assert not low, f"below floor (got, floor): {low}"


if __name__ == "__main__":  # print the current numbers: python -m tests.test_quality_floors
    from storyline.pipeline import Pipeline

    p = Pipeline()
    for name, folder in (("dev-gold", DEV_GOLD), ("team-gold", TEAM_GOLD)):
        json.dump({name: score(p, folder)}, sys.stdout, indent=1)
        print()
