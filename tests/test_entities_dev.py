"""Entities measured on real articles: ../shared/data/dev-gold and the team's tests/gold/articles.

Floors, as for the other extractors: lowering one is a deliberate, reviewed act. Place mentions
are annotated in fixtures/entities_dev_places.tsv (country, and where towns are); speaker and
source names come from the gold quotes and figures. Run as a module to print the numbers.
"""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from storyline.annotate.entities import EntityIndex, extract_entities
from storyline.annotate.geocode import gazetteer
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.parsed import ParsedArticle
from tests.conftest import DEV_GOLD, FIXTURES, TEAM_GOLD, load_scorer, need

PLACE_COUNTRY_FLOOR = 0.95  # share of place mentions whose entity has the right country (measured 0.987)
TOWN_25KM_FLOOR = 0.95  # share of town mentions geocoded within 25 km (measured 0.977)
NAMES_FLOOR = 0.93  # share of named speakers and sources whose every mention is one entity of that name (0.96)
TOWN_KM = 25.0
_NOT_NAMES = frozenset({"police", "witnesses", "analysts", "critics", "experts", "economists", "organisers",
                        "organizers", "local", "state", "news", "sources", "officials", "residents", "protesters",
                        "media", "another", "a", "an", "the", "some", "several", "many", "one"})


def _golds(folder: Path) -> list[dict[str, Any]]:
    return [g for p in sorted(folder.glob("*.json")) if "raw_text" in (g := json.loads(p.read_text(encoding="utf-8")))]


def _indexes(golds: list[dict[str, Any]]) -> dict[str, EntityIndex]:
    nlp = load_pipeline()
    return {g["id"]: extract_entities(ParsedArticle(doc)) for g, doc in zip(golds, nlp.pipe(g["raw_text"] for g in golds),
                                                                             strict=True)}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return 6371 * math.acos(min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))


def _occurrences(text: str, body: str) -> list[re.Match[str]]:
    return list(re.finditer(r"(?<!\w)" + re.escape(text) + r"(?!\w)", body))


def place_scores(golds: list[dict[str, Any]], indexes: dict[str, EntityIndex]) -> dict[str, float]:
    rows = [r for r in csv.DictReader(
        (line for line in (FIXTURES / "entities_dev_places.tsv").read_text(encoding="utf-8").splitlines()
         if not line.startswith("#")), delimiter="\t")]
    bodies = {g["id"]: g["raw_text"] for g in golds}
    right = total = towns = towns_right = 0
    for row in rows:
        for m in _occurrences(row["text"], bodies[row["doc"]]):
            entity = indexes[row["doc"]].at(m.start(), m.end())
            geo = entity.geo if entity else None
            country = geo.country if geo else None
            ok = country == (None if row["country"] == "-" else row["country"])
            total, right = total + 1, right + ok
            if row["lat"]:
                near = geo is not None and _km(geo.lat, geo.lon, float(row["lat"]), float(row["lon"])) <= TOWN_KM
                towns, towns_right = towns + 1, towns_right + (ok and near)
    return {"country": right / total, "town_25km": towns_right / towns, "mentions": total, "towns": towns}


def _is_name(name: str) -> bool:
    first = name.split()[0].lower()
    return bool(re.search(r"\b[A-Z][a-z]", name)) and len(name.split()) <= 4 and " and " not in name \
        and first not in _NOT_NAMES


def _resolved(name: str, body: str, index: EntityIndex) -> bool | None:
    """Every occurrence of the name (or its last word) is one entity, and that entity bears the name."""
    occurrences = _occurrences(name, body) or _occurrences(name.split()[-1], body)
    if not occurrences:
        return None
    found = {e.id: e for m in occurrences if (e := index.at(m.start(), m.end()))}
    if len(found) != 1:
        return False
    (entity,) = found.values()
    demonym = gazetteer().demonym(" ".join(name.split()[:-1]))  # "Iranian officials": Iran
    if demonym is not None and entity.geo is not None:
        return entity.geo.country == demonym.country
    return _name_match(name, entity.name)


def _name_match(gold: str, pred: str) -> bool:
    scorer = _scorer()
    return bool(scorer.name_match(gold, pred))


def _scorer() -> Any:
    return load_scorer()


def name_score(golds: list[dict[str, Any]], indexes: dict[str, EntityIndex]) -> dict[str, float]:
    results = []
    for g in golds:
        names = {q["speaker"] for q in g.get("quotes") or [] if q.get("speaker")}
        names |= {f["source"] for f in g.get("figures") or [] if f.get("source")}
        for name in sorted(n for n in names if _is_name(n)):
            ok = _resolved(name, g["raw_text"], indexes[g["id"]])
            if ok is not None:
                results.append(ok)
    return {"resolved": sum(results) / len(results), "names": len(results)}


@pytest.fixture(scope="module")
def dev() -> tuple[list[dict[str, Any]], dict[str, EntityIndex]]:
    golds = _golds(need(DEV_GOLD))
    return golds, _indexes(golds)


def test_place_mentions_get_the_right_country_and_towns_the_right_place(dev: Any) -> None:
    scores = place_scores(*dev)
    assert scores["country"] >= PLACE_COUNTRY_FLOOR, scores
    assert scores["town_25km"] >= TOWN_25KM_FLOOR, scores


def test_speakers_and_sources_resolve_to_one_entity(dev: Any) -> None:
    golds, indexes = dev
    team = _golds(TEAM_GOLD) if TEAM_GOLD.exists() else []
    scores = name_score(golds + team, {**indexes, **_indexes(team)})
    assert scores["resolved"] >= NAMES_FLOOR, scores


def test_mentions_are_evidence_on_real_text(dev: Any) -> None:
    golds, indexes = dev
    for g in golds:
        for entity in indexes[g["id"]].entities:
            for m in entity.mentions:
                assert g["raw_text"][m.start:m.end] == m.text


if __name__ == "__main__":  # python -m tests.test_entities_dev
    golds = _golds(DEV_GOLD)
    indexes = _indexes(golds)
    team = _golds(TEAM_GOLD)
    print({"places": place_scores(golds, indexes), "names": name_score(golds + team, {**indexes, **_indexes(team)})})
