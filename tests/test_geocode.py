"""Offline geocoding: our table, countries, GeoNames cities, and the article's countries as context."""

from __future__ import annotations

import math

import pytest

from storyline.annotate.geocode import Place, fold, gazetteer, resolve, unambiguous_country


def km(place: Place, lat: float, lon: float) -> float:
    assert place.lat is not None and place.lon is not None
    p1, p2, dl = math.radians(place.lat), math.radians(lat), math.radians(lon - place.lon)
    return 6371 * math.acos(min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))


@pytest.mark.parametrize(("name", "folded"), [
    ("Khan Yūnis", "khan yunis"), ("Khan-Younis", "khan younis"), ("U.S.", "us"), ("St.Petersburg", "saint petersburg"),
    ("the Gaza Strip", "gaza strip"), ("Be’eri", "beeri"), ("Łódź", "lodz"),
])
def test_fold(name: str, folded: str) -> None:
    assert fold(name) == folded


def test_loaded_once() -> None:
    assert gazetteer() is gazetteer()


@pytest.mark.parametrize(("name", "country", "lat", "lon"), [
    ("Khan Yunis", "PS", 31.34, 34.31), ("Khan Younis", "PS", 31.34, 34.31), ("Al-Mawasi", "PS", 31.35, 34.27),
    ("Shati camp", "PS", 31.53, 34.45), ("Deir al-Balah", "PS", 31.42, 34.35), ("Janin", "PS", 32.46, 35.30),
    ("Jabalia", "PS", 31.53, 34.48), ("Tehran", "IR", 35.69, 51.42), ("Istanbul", "TR", 41.01, 28.95),
])
def test_towns_and_camps(name: str, country: str, lat: float, lon: float) -> None:
    place = resolve(name)
    assert place is not None and place.country == country
    assert km(place, lat, lon) < 25


def test_spellings_of_one_place_share_a_key() -> None:
    keys = {resolve(n).key for n in ("Khan Younis", "Khan Yunis", "Khan Younes")}  # type: ignore[union-attr]
    assert len(keys) == 1


@pytest.mark.parametrize(("name", "code"), [
    ("Iran", "IR"), ("the Islamic Republic", "IR"), ("US", "US"), ("U.S.", "US"), ("United States of America", "US"),
    ("Britain", "GB"), ("DPRK", "KP"), ("Palestine", "PS"), ("Türkiye", "TR"), ("Gaza", "PS"), ("West Bank", "PS"),
])
def test_countries_and_their_other_names(name: str, code: str) -> None:
    place = resolve(name)
    assert place is not None and place.country == code


def test_countries_have_a_point_and_their_usual_name() -> None:
    iran = resolve("Islamic Republic of Iran")
    assert iran is not None and iran.name == "Iran" and iran.kind == "country"
    assert iran.geo is not None and 25 < iran.geo.lat < 40 and 44 < iran.geo.lon < 63


def test_context_settles_an_ambiguous_town() -> None:
    assert resolve("Rafah", {"PS": 3}).country == "PS"  # type: ignore[union-attr]
    assert resolve("Rafah", {"EG": 1}).country == "EG"  # type: ignore[union-attr]
    assert resolve("Rafah", {}) is None  # two towns of like size, no evidence: not guessed


def test_a_capital_outweighs_a_namesake_in_a_country_the_article_names() -> None:
    assert resolve("Vienna", {"US": 5}).country == "AT"  # type: ignore[union-attr]


def test_alternate_spellings_count_only_with_the_article_behind_them() -> None:
    assert resolve("St. Petersburg", {"RU": 2}).country == "RU"  # type: ignore[union-attr]
    assert resolve("White House").country == "US"  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["Hamas", "North", "Atlantis Prime", "Xyzzyville", ""])
def test_unknown_or_generic_names_stay_unresolved(name: str) -> None:
    assert resolve(name) is None


def test_province_suffix() -> None:
    assert resolve("Helmand province").key == resolve("Helmand").key  # type: ignore[union-attr]


def test_demonyms() -> None:
    assert gazetteer().demonym("Iranian").country == "IR"  # type: ignore[union-attr]
    assert gazetteer().demonym("Palestinians").country == "PS"  # type: ignore[union-attr]
    assert gazetteer().demonym("Gazan").name == "Gaza Strip"  # type: ignore[union-attr]
    assert gazetteer().demonym("Martian") is None


def test_unambiguous_country() -> None:
    assert unambiguous_country("Tehran") == "IR"
    assert unambiguous_country("Valencia") is None
