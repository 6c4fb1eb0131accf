"""Time on the gold sets: pinned floors for timexes and publication dates, and the two seeds.

Floors are measured values rounded down (README, "Time"); lowering one is a deliberate act.
Skips cleanly when ../shared (dev gold, scorer) is absent.
"""

from __future__ import annotations

from typing import Any

import pytest

from storyline.annotate.pubdate import evidence_from, narrow, stated_dates, unresolved_anchors
from storyline.model import Document
from tests.conftest import DEV_GOLD, TEAM_GOLD, extract_golds, load_scorer, need, read_golds

FLOORS = {  # (gold set, dated) -> metric -> floor
    ("dev", True): {"timexes:f1": 0.95, "timexes.value:accuracy": 0.95},
    ("dev", False): {"published:accuracy": 0.95},
    ("team", True): {"timexes:f1": 0.95, "timexes.value:accuracy": 0.95},
    ("team", False): {"published:accuracy": 0.95},
}


def _scorer(undated: bool) -> Any:
    module = load_scorer("storyline_time_score")
    module.UNDATED = undated  # what "--undated" sets: a null date is right where the text cannot pin one
    return module


@pytest.mark.parametrize(("gold", "dated"), list(FLOORS))
def test_time_scores_stay_above_floors(pipeline: Any, gold: str, dated: bool) -> None:
    gold_dir = need(DEV_GOLD) if gold == "dev" else need(TEAM_GOLD)
    golds = read_golds(gold_dir)
    if not golds:
        pytest.skip(f"no gold articles in {gold_dir}")
    scorer = _scorer(undated=not dated)
    docs = extract_golds(pipeline, golds, dated=dated)
    tally = scorer.Tally()
    for g in golds:
        scorer.score_doc(g, docs[g["id"]].to_dict(), tally)
    report = tally.report()
    got = {m: report[m.split(":")[0]][m.split(":")[1]] for m in FLOORS[(gold, dated)]}
    low = {m: (v, FLOORS[(gold, dated)][m]) for m, v in got.items() if v < FLOORS[(gold, dated)][m]}
    assert not low, f"below floor (got, floor): {low}"


@pytest.fixture(scope="module")
def seeds(pipeline: Any) -> dict[str, Document]:
    golds = [g for g in read_golds(need(DEV_GOLD)) if g["id"] in (ANADOLU, MIRAJ)]
    if len(golds) != 2:
        pytest.skip("the two seed answers are not in dev-gold")
    return extract_golds(pipeline, golds, dated=False)


ANADOLU, MIRAJ = "wire-aa-haniyeh-pezeshkian-call", "wire-mina-haniyeh-tehran-visit"


def test_miraj_seed_is_dated_from_its_own_text(seeds: dict[str, Document]) -> None:
    published = seeds[MIRAJ].published
    assert (published.date, published.basis) == ("2024-03-26", "inferred")
    assert {"172nd day", "October 7, 2023"} <= {s.text for s in published.evidence}


def test_anadolu_seed_claims_no_date_alone(seeds: dict[str, Document]) -> None:
    published = seeds[ANADOLU].published
    assert published.date is None
    assert published.window == ("XXXX-07-08", "XXXX-08-06")


def test_anadolu_beside_miraj_narrows_to_its_sundays(seeds: dict[str, Document]) -> None:
    anadolu, miraj = seeds[ANADOLU], seeds[MIRAJ]
    evidence = evidence_from(anadolu.published, anadolu.timexes)
    assert [a.value for a in unresolved_anchors(evidence)] == ["XXXX-10-07"]
    narrowed = narrow(evidence, stated_dates(miraj.timexes))
    assert narrowed.date is None and narrowed.window == ("2024-07-14", "2024-08-04")
