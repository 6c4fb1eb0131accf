"""Entities within one article: one identity per person, organisation, place and group.

Every text here is our own, written in wire style.
"""

from __future__ import annotations

import math

import pytest

from storyline.annotate.entities import EntityIndex, extract_entities
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.parsed import ParsedArticle
from storyline.model import Dateline, Entity


def index(text: str, *, dateline: Dateline | None = None) -> EntityIndex:
    return extract_entities(ParsedArticle(load_pipeline()(text), dateline=dateline))


def named(ix: EntityIndex, name: str) -> Entity:
    found = [e for e in ix.entities if e.name == name]
    assert len(found) == 1, [(e.name, e.type, [m.text for m in e.mentions]) for e in ix.entities]
    return found[0]


def texts(entity: Entity) -> list[str]:
    return [m.text for m in entity.mentions]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return 6371 * math.acos(min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))


CALL = (
    "Hamas leader Ismail Haniyeh spoke by telephone on Tuesday with Iranian President Masoud Pezeshkian "
    "about the war in the Gaza Strip. Haniyeh told Pezeshkian that Israeli strikes on Khan Younis had killed "
    "dozens of displaced people. Iranian officials said the call lasted an hour. The Hamas chief also "
    "thanked Iran for its support, while the Iranian president promised to raise the matter at the United "
    "Nations. The UN Security Council is due to meet on Friday, and a UN spokesman said aid was blocked."
)


def test_surname_title_and_role_are_one_person() -> None:
    ix = index(CALL)
    haniyeh = named(ix, "Ismail Haniyeh")
    assert haniyeh.type == "PERSON"
    assert {"Ismail Haniyeh", "Haniyeh", "The Hamas chief"} <= set(texts(haniyeh))
    pezeshkian = named(ix, "Masoud Pezeshkian")
    assert {"Pezeshkian", "the Iranian president"} <= set(texts(pezeshkian))


def test_demonyms_are_mentions_of_their_country() -> None:
    ix = index(CALL)
    iran = named(ix, "Iran")
    assert iran.type == "GPE"
    assert {"Iranian", "Iran"} <= set(texts(iran))
    assert iran.geo is not None and iran.geo.country == "IR"
    assert named(ix, "Israel").geo.country == "IL"  # type: ignore[union-attr]


def test_acronym_and_expansion_are_one_organisation_and_the_council_another() -> None:
    ix = index(CALL)
    un = named(ix, "United Nations")
    assert set(texts(un)) == {"United Nations", "UN"}
    council = named(ix, "UN Security Council")
    assert council.id != un.id
    assert ix.at(CALL.index("UN Security"), CALL.index("UN Security") + 2) is council


def test_places_are_geocoded() -> None:
    ix = index(CALL)
    khan_younis = named(ix, "Khan Younis")
    assert khan_younis.geo is not None and khan_younis.geo.country == "PS"
    assert km(khan_younis.geo.lat, khan_younis.geo.lon, 31.34, 34.30) < 25
    assert named(ix, "Gaza Strip").geo.country == "PS"  # type: ignore[union-attr]


def test_every_mention_is_evidence() -> None:
    ix = index(CALL)
    for entity in ix.entities:
        for m in entity.mentions:
            assert CALL[m.start:m.end] == m.text


def test_apposition_binds_a_role_that_a_later_description_uses() -> None:
    text = ("Marcus Delane, a spokesman for U.S. forces in the region, said the strike was defensive. "
            "Taliban fighters had attacked a checkpoint overnight, the spokesman added.")
    delane = named(index(text), "Marcus Delane")
    assert "the spokesman" in texts(delane)


def test_descriptions_need_a_fitting_role() -> None:
    text = ("Interior Ministry spokesman Nasrat Rahimi said 20 people were wounded. "
            "The health minister said hospitals were full.")
    ix = index(text)
    assert "The health minister" not in texts(named(ix, "Nasrat Rahimi"))
    assert ix.at(text.index("health minister"), text.index("health minister") + 6) is None


def test_organisation_described_by_its_kind() -> None:
    text = ("The Pashtun Tahaffuz Movement (PTM) held a rally in Peshawar on Sunday. "
            "The movement says thousands of its supporters have been detained, and PTM leaders denied the charges.")
    ptm = named(index(text), "Pashtun Tahaffuz Movement")
    assert {"PTM", "The movement"} <= set(texts(ptm))


def test_a_shared_surname_goes_to_the_nearest_person() -> None:
    text = ("Former senator Afrasiab Khattak addressed the crowd in Islamabad. Khattak said the rally was peaceful. "
            "Provincial chief minister Pervez Khattak later told reporters the police had acted lawfully. "
            "Khattak said no one was hurt.")
    ix = index(text)
    first, second = text.index("Khattak said"), text.rindex("Khattak said")
    assert ix.at(first, first + 7) is named(ix, "Afrasiab Khattak")
    assert ix.at(second, second + 7) is named(ix, "Pervez Khattak")


def test_canonical_name_is_the_fullest_form() -> None:
    text = ("South Korean President Moon Jae-in met envoys in Seoul on Monday. "
            "Moon said talks with Pyongyang would resume, and Moon's office later confirmed the date.")
    moon = named(index(text), "Moon Jae-in")
    assert texts(moon).count("Moon") == 2


def test_a_surname_tagged_as_an_organisation_joins_the_person() -> None:
    text = ("U.S. President Donald Trump said on Friday he would raise tariffs. "
            "Trump's comments came after markets closed, and Trump repeated them on Saturday.")
    trump = named(index(text), "Donald Trump")
    assert texts(trump).count("Trump") == 2


def test_nominal_demonym_is_a_people_tied_to_its_country() -> None:
    text = "Nearly 40,000 Palestinians have been killed in Gaza, according to the health ministry in the Gaza Strip."
    people = named(index(text), "Palestinians")
    assert people.type == "NORP"
    assert people.geo is not None and people.geo.country == "PS"


def test_rafah_is_in_gaza_or_egypt_as_the_article_says() -> None:
    gaza = index("Israeli tanks pushed into Rafah on Monday, residents in the Gaza Strip said, as strikes hit Khan Younis.")
    egypt = index("Egyptian officials in Cairo said trucks were waiting in the Egyptian town of Rafah on Monday.")
    assert named(gaza, "Rafah").geo.country == "PS"  # type: ignore[union-attr]
    assert named(egypt, "Rafah").geo.country == "EG"  # type: ignore[union-attr]


def test_place_opening_an_organisation_name_is_a_mention_of_it() -> None:
    text = "The Russian Navy held exercises near the coast, and Russia said more drills were planned."
    russia = named(index(text), "Russia")
    assert texts(russia) == ["Russian", "Russia"]


def test_place_inside_a_hyphenated_word() -> None:
    text = "Engines were supplied by a U.S.-based company, officials in Havana said."
    ix = index(text)
    assert named(ix, "United States").mentions[0].text == "U.S."


def test_ids_are_stable_and_shared_across_articles() -> None:
    a, b = index(CALL), index(CALL)
    assert [e.id for e in a.entities] == [e.id for e in b.entities]
    other = index("Ismail Haniyeh, the Hamas political chief, arrived in Tehran. Strikes hit Khan Yunis on Sunday.")
    assert named(other, "Ismail Haniyeh").id == named(a, "Ismail Haniyeh").id
    assert named(other, "Khan Yunis").id == named(a, "Khan Younis").id  # one place, two spellings


def test_at_prefers_the_mention_that_fits_the_span() -> None:
    ix = index(CALL)
    chief = CALL.index("The Hamas chief")
    assert ix.at(chief, chief + len("The Hamas chief")) is named(ix, "Ismail Haniyeh")
    hamas = chief + len("The ")
    assert ix.at(hamas, hamas + len("Hamas")) is named(ix, "Hamas")


def test_named_and_before_helpers() -> None:
    ix = index(CALL)
    assert ix.named("Haniyeh") is named(ix, "Ismail Haniyeh")
    assert ix.named("Iranian") is named(ix, "Iran")
    assert ix.before(CALL.index("Iranian officials")) is named(ix, "Masoud Pezeshkian")
    assert ix.get(named(ix, "Iran").id) is named(ix, "Iran")


@pytest.mark.parametrize("text", ["", "   ", "No names at all in this sentence."])
def test_nothing_to_find(text: str) -> None:
    assert index(text).entities == []


def test_our_places_are_places_whatever_the_model_says() -> None:
    text = "Tanks moved from Bureij toward Tal al-Sultan, and troops raided Tulkarm and the Nur Shams camp."
    ix = index(text)
    for name in ("Bureij", "Tal al-Sultan", "Tulkarm", "Nur Shams"):
        place = ix.at(text.index(name), text.index(name) + len(name))
        assert place is not None and place.type in ("GPE", "LOC") and place.geo and place.geo.country == "PS", name


def test_a_place_opening_an_organisation_name_leaves_it_whole() -> None:
    text = "The Balochistan Liberation Army said it attacked a hotel in Gwadar, a port in Balochistan."
    ix = index(text)
    assert named(ix, "Balochistan Liberation Army").type == "ORG"
    assert texts(named(ix, "Balochistan")) == ["Balochistan", "Balochistan"]


def test_the_ruler_matches_our_places_as_written() -> None:
    text = "Families set up a beach camp for the summer holidays."
    assert [e.text for e in load_pipeline()(text).ents if e.label_ in ("GPE", "LOC")] == []


def test_an_organisation_described_around_its_own_name() -> None:
    text = ("The M23 rebel group, which took the city of Goma last week, declared a ceasefire on Monday. "
            "The World Health Organization said hospitals were full. A rebel spokesman said the group was ready to talk.")
    ix = index(text)
    m23 = named(ix, "M23")
    assert m23.type == "ORG"
    assert {"The M23 rebel group", "the group"} <= set(texts(m23))
    assert "the group" not in texts(named(ix, "World Health Organization"))


def test_an_appositive_description_stops_at_its_comma() -> None:
    text = "Mohammad Noor, the leader of the village council, said the road was closed."
    assert "the leader of the village council" in texts(named(index(text), "Mohammad Noor"))
