"""Figures on the gold sets: score.py's figure metrics must stay above pinned floors.

The whole pipeline runs (cleaning, parse, time expressions, entities), so a floor guards the
figures as users get them. Lowering a floor is a deliberate, reviewed act. Skips without ../shared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEV_GOLD, TEAM_GOLD, assert_spans, extract_golds, load_scorer, need, read_golds

# measured when pinned: dev-gold F1 1.0, metric 0.828, qualifier 0.991, as_of 0.879, since 0.938, source 0.971;
# team gold F1 0.993, metric 0.615, qualifier 0.993, as_of 0.926, since 1.0, source 0.955;
# metric where gold is a casualty class (killed, injured, displaced, damaged, detained, missing): dev 1.0, team 0.964
# held out (tests/gold/figures_holdout, 8 articles, 138 figures; first scored at F1 0.929, metric 0.472, as_of
# 0.704; after fixing the general faults it showed: F1 0.929, metric 0.492, qualifier 1.0, as_of 0.742, since 0.714,
# source 0.902, casualty-class metric 0.846)
FLOORS: dict[str, dict[str, float]] = {
    "holdout": {"figures:f1": 0.9, "figures.metric:accuracy": 0.45, "figures.qualifier:accuracy": 0.97,
                "figures.as_of:accuracy": 0.7, "figures.since:accuracy": 0.65, "figures.source:accuracy": 0.86,
                "figures.no_invented_source:accuracy": 0.97, "figures.metric_classes:accuracy": 0.8},
    "dev-gold": {"figures:f1": 0.97, "figures.metric:accuracy": 0.78, "figures.qualifier:accuracy": 0.95,
                 "figures.as_of:accuracy": 0.85, "figures.since:accuracy": 0.85, "figures.source:accuracy": 0.92,
                 "figures.no_invented_source:accuracy": 0.97, "figures.metric_classes:accuracy": 0.97},
    "team-gold": {"figures:f1": 0.95, "figures.metric:accuracy": 0.57, "figures.qualifier:accuracy": 0.95,
                  "figures.as_of:accuracy": 0.89, "figures.since:accuracy": 0.9, "figures.source:accuracy": 0.9,
                  "figures.no_invented_source:accuracy": 0.95, "figures.metric_classes:accuracy": 0.93},
}


def _scorer() -> Any:
    return load_scorer("storyline_score_figures")


def _figure_scores(pipeline: Any, gold_dir: Path) -> dict[str, Any]:
    scorer = _scorer()
    golds = read_golds(gold_dir)
    if not golds:
        pytest.skip(f"no gold articles in {gold_dir}")
    preds = {i: d.to_dict() for i, d in extract_golds(pipeline, golds).items()}
    tally, classes = scorer.Tally(), scorer.Tally()
    for g in golds:
        assert_spans(preds[g["id"]])
        scorer.score_doc(g, {"figures": preds[g["id"]]["figures"]}, tally)
        # the metric where gold names one of the scorer's classes (killed, injured, displaced, ...): free-form
        # gold names ("vote share", "prize money") only match word for word, so they are measured apart
        in_classes = [f for f in g.get("figures") or [] if scorer.metric_class(f.get("metric")) in scorer.METRIC_CLASSES]
        scorer.score_doc({"figures": in_classes}, {"figures": preds[g["id"]]["figures"]}, classes)
    report = {k: v for k, v in tally.report().items() if k.startswith("figures")}
    report["figures.metric_classes"] = classes.report()["figures.metric"]
    return report


HOLDOUT = Path(__file__).parent / "gold" / "figures_holdout"  # written and annotated blind, never tuned on


@pytest.mark.parametrize("gold", ["dev-gold", "team-gold", "holdout"])
def test_figure_scores_stay_above_floors(pipeline: Any, gold: str) -> None:
    report = _figure_scores(pipeline, {"dev-gold": need(DEV_GOLD), "team-gold": need(TEAM_GOLD), "holdout": HOLDOUT}[gold])
    got = {metric: float(report[metric.split(":")[0]][metric.split(":")[1]]) for metric in FLOORS[gold]}
    low = {metric: (got[metric], floor) for metric, floor in FLOORS[gold].items() if got[metric] < floor}
    assert not low, f"below floor (got, floor): {low}"
