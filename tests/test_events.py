"""Events: who did what to whom, where and when, from sentences written by the team."""

from __future__ import annotations

from typing import Any

from storyline.model import Document, Event, RawInput

TEXT = (
    "Egyptian Foreign Minister Amal Nasser spoke by phone on Monday with her Jordanian counterpart Karim Haddad "
    "about the aid corridor.\n\n"
    "Nasser arrived in Amman on Tuesday for two days of talks.\n\n"
    "The two ministers signed an agreement on water sharing.\n\n"
    "Rebel fighters attacked an army checkpoint near Kassala overnight, the army said."
)


def _extract(pipeline: Any, text: str, published: str = "2024-05-08") -> Document:
    doc: Document = pipeline.extract(RawInput(origin="t", text=text, published=published))
    for e in doc.events:
        assert doc.body[e.start:e.end] == e.text
    return doc


def _of(doc: Document, type_: str) -> list[Event]:
    return [e for e in doc.events if e.type == type_]


def test_call_visit_agreement_attack(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, TEXT)
    events = {e.type: e for e in doc.events}
    assert events["call"].actors == ("Amal Nasser",)
    assert events["call"].targets == ("Karim Haddad",)
    assert events["call"].date == "2024-05-06"  # "on Monday" before a Wednesday paper
    assert events["visit"].place == "Amman" and events["visit"].date == "2024-05-07"
    assert events["agreement"].actors == ("Amal Nasser", "Karim Haddad")  # "the two ministers"
    attack = events["attack"]
    assert attack.actors == ("Rebel fighters",) and attack.targets == ("an army checkpoint",)


# --- statements ---------------------------------------------------------------------------------
def test_a_statement_made_through_a_channel_is_an_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Floodwaters cut the main road to the port.\n\n"
                             "Interior Minister Laila Rahman said in a statement that rescue teams had reached the "
                             "northern villages.")
    (statement,) = _of(doc, "statement")
    assert statement.actors == ("Laila Rahman",)
    assert "in a statement" in statement.text


def test_a_dated_reporting_clause_is_a_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Central bank governor Tomas Lindqvist said on Monday that inflation had eased in "
                             "April.")
    (statement,) = _of(doc, "statement")
    assert statement.actors == ("Tomas Lindqvist",) and statement.date == "2024-05-06"


def test_a_stance_verb_is_a_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "The Norwegian Foreign Ministry condemned the shelling of the hospital in Marib.")
    (statement,) = _of(doc, "statement")
    assert "Norwegian Foreign Ministry" in statement.actors[0]


def test_plain_and_unnamed_sayings_are_quotes_not_events(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "The bridge over the Sava river will reopen next week.\n\n"
                             "Officials said on Monday that repairs were almost done.\n\n"
                             "Site engineer Petra Novak said the steel had arrived late.")
    assert doc.quotes and not _of(doc, "statement")


def test_an_analyst_comments_and_makes_no_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "“The rally has further to run,” Nadia Orsini, an economist at Banca Lariana, said on "
                             "Monday.")
    assert doc.quotes and not _of(doc, "statement")


def test_an_analysts_warning_is_no_statement_either(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Omar Haddad, a researcher at the Amman Policy Institute, warned that the truce "
                             "could collapse.")
    assert not _of(doc, "statement")


def test_one_statement_per_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "The Kenyan health ministry said in a statement on Tuesday that 14 new cases had been "
                             "confirmed.\n\n"
                             "The Kenyan health ministry warned that the outbreak could spread to the coast.")
    assert len(_of(doc, "statement")) == 1


def test_an_appeal_keeps_its_kind(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Governor Rosa Etxeberria made an urgent appeal for blood donors on Sunday.")
    (statement,) = _of(doc, "statement")
    assert statement.subtype == "appeal" and statement.actors == ("Rosa Etxeberria",)


# --- protests, arrests, disasters: coarse type, finer subtype ----------------------------------------
def test_taking_to_the_streets_is_a_protest(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Thousands of farmers took to the streets of Lyon on Saturday to protest a new fuel "
                             "tax.")
    (protest,) = _of(doc, "protest")
    assert "farmers" in protest.actors[0] and protest.date == "2024-05-04"


def test_a_detention_is_other_with_its_kind(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Police in Dhaka detained an opposition lawmaker and 12 of his supporters on Sunday.")
    (arrest,) = _of(doc, "other")
    assert arrest.subtype == "arrest" and arrest.actors == ("Police",)


def test_a_release_of_captives_is_other_with_its_kind(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "The Mali junta freed two Italian aid workers on Thursday.")
    (release,) = _of(doc, "other")
    assert release.subtype == "release" and release.targets == ("two Italian aid workers",)


def test_a_verb_carrying_an_event_noun_gives_the_nouns_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "The Chilean Foreign Ministry released a statement on Friday condemning the attack.")
    assert [e.type for e in doc.events] == ["statement"]


def test_a_quake_acts_by_itself(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "A 6.1-magnitude earthquake that struck southern Peru on Friday killed at least nine "
                             "people.")
    (quake,) = _of(doc, "other")
    assert quake.subtype == "disaster" and "earthquake" in quake.actors[0]
    assert quake.date == "2024-05-03" and not _of(doc, "attack")


def test_a_cease_fire_is_no_fire(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "A cease-fire took hold in the border town of Kassala on Tuesday.")
    assert not _of(doc, "other")


def test_a_weapon_stands_for_who_fired_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "A Russian drone struck a power station in Kharkiv on Monday.")
    (attack,) = _of(doc, "attack")
    assert attack.actors == ("Russia",) and attack.targets == ("a power station",)


def test_weapons_launched_at_a_place_are_an_attack(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Iran launched dozens of drones and two cruise missiles at the port of Eilat overnight.")
    (attack,) = _of(doc, "attack")
    assert attack.actors == ("Iran",) and attack.targets == ("the port of Eilat",)


def test_the_two_sides_are_the_parties_told_before(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Ethiopian forces attacked Eritrea on Monday, a week after the two sides signed a "
                             "border accord.")
    (agreement,) = _of(doc, "agreement")
    assert agreement.actors == ("Ethiopian forces", "Eritrea")


def test_winning_an_election_after_another_act(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Portugal's Socialists began coalition talks on Monday after winning Sunday's "
                             "parliamentary election.")
    (election,) = _of(doc, "election")
    assert "Socialists" in election.actors[0] and election.date == "2024-05-05"


def test_winning_a_title_is_no_election(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Serena Okafor won the Lagos Open title on Sunday.")
    assert not _of(doc, "election")


def test_both_officers_are_not_the_parties_told_before(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Hundreds of students marched through Nairobi on Monday to protest tuition fees.\n\n"
                             "Both officers fired at the suspect's car near the university.")
    (attack,) = _of(doc, "attack")
    assert attack.actors == ("Both officers",)


def test_an_attack_named_by_its_noun_has_its_agent(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "An assault by the Ansar militia on the town of Beni killed at least 11 villagers.")
    (attack,) = _of(doc, "attack")
    assert "Ansar militia" in attack.actors[0]


# --- what is not an event -------------------------------------------------------------------------
def test_background_from_years_ago_is_left_out(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "In 2009, a cargo plane crashed near the capital, killing its crew.")
    assert not doc.events


def test_words_in_quotation_marks_are_the_speakers(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "“They attacked our village at night,” said Musa Bello, a farmer.")
    assert not _of(doc, "attack")


def test_receiving_things_is_no_meeting(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "The Nasser Medical Complex in Khan Younis received dozens of wounded on Monday.\n\n"
                             "King Abdullah received Italian Prime Minister Giorgia Meloni in Amman on Tuesday.")
    (meeting,) = _of(doc, "meet")
    assert meeting.targets == ("Giorgia Meloni",)


def test_plans_and_denials_did_not_happen(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "President Ilona Varga will meet the Austrian chancellor in Vienna next month.\n\n"
                             "The army did not attack the rebel camp.")
    assert not doc.events


def test_a_running_toll_is_not_one_attack(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Government troops have killed more than 3,000 rebels since April, the army said.")
    assert not _of(doc, "attack")


def test_a_phone_interview_is_not_a_call(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "“We are exhausted,” Amina Yusuf, a nurse in Kano, told Reuters by phone.")
    assert not _of(doc, "call")


# --- dates ----------------------------------------------------------------------------------------
def test_the_event_keeps_its_own_day_not_the_reports(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Rebels ambushed and attacked a supply convoy on Friday, the army said on Sunday.")
    (attack,) = _of(doc, "attack")
    assert attack.date == "2024-05-03"


def test_an_undated_reaction_takes_the_day_of_the_news(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Gunmen stormed a hotel in the port city of Berbera on Saturday.\n\n"
                             "Prime Minister Hodan Farah condemned the attack.", published="2024-05-05")
    (statement,) = _of(doc, "statement")
    assert statement.date == "2024-05-04"


def test_a_participle_takes_the_day_of_its_clause(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Militants first seized the town of Palma in March 2021 before withdrawing under "
                             "pressure from Rwandan troops.")
    assert not doc.events  # both halves are history


def test_a_date_in_a_line_without_a_verb(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Flooding in Accra on Monday.\n\nThe Ghanaian army evacuated 300 families from Adabraka.")
    (evacuation,) = _of(doc, "other")
    assert evacuation.subtype == "evacuation" and evacuation.date == "2024-05-06"


def test_a_retelling_gives_the_day(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Investigators are still searching for the recorders of a cargo plane that crashed last "
                             "week near Tromso.\n\n"
                             "The Boeing 757 crashed on Thursday shortly after take-off, killing both pilots.",
                   published="2024-05-14")
    (crash,) = _of(doc, "other")
    assert crash.subtype == "crash" and crash.date == "2024-05-09"


def test_subtype_round_trips_through_the_contract(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _extract(pipeline, "Police in Dhaka detained an opposition lawmaker on Sunday.")
    again = Document.from_dict(doc.to_dict())
    assert again.events == doc.events and again.events[0].subtype == "arrest"
