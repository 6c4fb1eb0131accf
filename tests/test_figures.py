"""Figures, one construction per test, on sentences written by the team (wire style, invented facts)."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.annotate.entities import extract_entities
from storyline.annotate.figures import extract_figures
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.parsed import ParsedArticle
from storyline.annotate.timexes import extract_time
from storyline.model import Figure, Published

PUBLISHED = "2024-07-14"  # a Sunday


def figures_of(text: str, published: str | None = PUBLISHED) -> list[Figure]:
    article = ParsedArticle(doc=load_pipeline()(text), published=dt.date.fromisoformat(published) if published else None)
    _published, timexes = extract_time(article, Published(published, "given" if published else "unknown"))
    found = extract_figures(article, timexes=timexes, entities=extract_entities(article))
    for f in found:  # the evidence property: every span is exactly what the body holds there
        assert text[f.start:f.end] == f.text
    return found


def one(text: str, **kwargs: str) -> Figure:
    found = figures_of(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


def values(text: str) -> list[float]:
    return [f.value for f in figures_of(text)]


# --- reading numbers ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Floods have killed 1,248 people in the region, officials said.", 1248, "people"),
    ("Some 1.2 million people have fled the fighting.", 1_200_000, "people"),
    ("The aid agency said 85 per cent of the district's wells were damaged.", 85, "percent"),
    ("The aid agency said 85% of the district's wells were damaged.", 85, "percent"),
    ("The government pledged $50bn for reconstruction.", 50_000_000_000, "USD"),
    ("The club paid out €56.4m in prize money.", 56_400_000, "EUR"),
    ("The two countries signed deals worth RM11.3 billion.", 11_300_000_000, "MYR"),
    ("Seventeen miners were rescued on Friday.", 17, "people"),
    ("Two dozen villagers were evacuated by boat.", 24, "people"),
    ("A half-dozen gunmen stormed the checkpoint.", 6, "people"),
    ("Twenty-five students were hurt in the stampede.", 25, "people"),
])
def test_numbers_as_digits_and_words(text: str, value: float, unit: str) -> None:
    figure = one(text)
    assert figure.value == value
    assert figure.unit == unit


@pytest.mark.parametrize(("text", "low", "high"), [
    ("Between 20 and 30 fishermen are still missing, the coast guard said.", 20, 30),
    ("Rebels freed 20-30 hostages on Monday.", 20, 30),
    ("The bank held its rate in a range of 4.25%-4.50%.", 4.25, 4.5),
    ("Between 2 and 3 million people lack clean water, the agency said.", 2_000_000, 3_000_000),
])
def test_ranges_keep_both_bounds(text: str, low: float, high: float) -> None:
    figure = one(text)
    assert (figure.value, figure.value_max) == (low, high)
    assert figure.qualifier == "exact"


def test_fractions_of_a_point_and_of_a_whole() -> None:
    cut = one("The central bank cut its main rate by a quarter of a percentage point.")
    assert (cut.value, cut.unit) == (0.25, "percentage points")
    share = one("Two-thirds of voters backed the new charter, the commission said.")
    assert (share.value, share.unit) == (66.7, "percent")


@pytest.mark.parametrize(("text", "value"), [
    ("Police detained dozens of protesters outside parliament.", 12),
    ("Scores of people were trapped under the rubble.", 20),
    ("Hundreds of families fled the camp overnight.", 100),
    ("Thousands of people marched through the capital.", 1000),
    ("Tens of thousands of residents were forced from their homes.", 10_000),
    ("Hundreds of thousands of people have been displaced by the floods.", 100_000),
    ("Millions of people were left without power.", 1_000_000),
])
def test_vague_counts_read_as_acled_does(text: str, value: float) -> None:
    figure = one(text)
    assert figure.value == value
    assert figure.qualifier == "at least"


@pytest.mark.parametrize("text", [
    "Several people were hurt when the stage collapsed.",
    "Many residents refused to leave their homes.",
    "A few protesters threw stones at the police.",
    "The two governments have traded billions of dollars in tariffs.",
])
def test_several_many_a_few_are_not_figures(text: str) -> None:
    assert figures_of(text) == []


@pytest.mark.parametrize(("text", "qualifier"), [
    ("Nearly 400 people were killed in the quake.", "nearly"),
    ("Almost 400 people were killed in the quake.", "nearly"),
    ("About 400 people were killed in the quake.", "about"),
    ("Around 400 people were killed in the quake.", "about"),
    ("Some 400 people were killed in the quake.", "about"),
    ("At least 400 people were killed in the quake.", "at least"),
    ("More than 400 people were killed in the quake.", "more than"),
    ("Over 400 people were killed in the quake.", "more than"),
    ("Up to 400 people were killed in the quake.", "up to"),
    ("As many as 400 people were killed in the quake.", "up to"),
    ("The quake killed 400-plus people.", "more than"),
    ("The quake killed 400 people.", "exact"),
])
def test_qualifiers(text: str, qualifier: str) -> None:
    figure = one(text)
    assert (figure.value, figure.qualifier, figure.metric) == (400, qualifier, "killed")


# --- what is not a figure -------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The ceasefire took effect on Oct. 7 at 10 a.m.",  # dates and times
    "The offensive, now in its 172nd day, shows no sign of ending.",  # ordinal
    "The talks lasted nine months before collapsing.",  # duration
    "The two leaders held a 35-minute call.",  # duration as a modifier
    "Castro, 86, handed over power last month.",  # age as a descriptor
    "A 47-year-old mother of six was among those rescued.",  # age and family
    "Protesters gathered outside 10 Downing Street.",  # street number
    "The Boeing 737 crashed shortly after take-off.",  # model number
    "The company was founded in 1979.",  # year
    "The village lies 120 miles north of the capital.",  # distance
    "The plane was flying at 37,000 feet.",  # altitude
    "The home side won 3-1 in extra time.",  # score of a game
    "There were no attacks on 34 provincial capitals, the general said.",  # negated
    "The withdrawal of the bill is one of five demands.",  # "one of", demands
    "The two sides met in Doha.",  # a reference to known parties
    "A 6.2 quake shook the coast before dawn.",  # a scale reading
    "The tremor measured magnitude 5.4, the institute said.",  # a scale reading
    "Vaccination teams are going door to door to reach children under five.",  # an age bounding a group
])
def test_not_figures(text: str) -> None:
    assert figures_of(text) == []


def test_a_conversion_in_parentheses_is_not_a_second_figure() -> None:
    figure = one("Beijing has invested about $50bn (£38bn) in the port.")
    assert (figure.value, figure.unit, figure.metric) == (50_000_000_000, "USD", "investment")


def test_a_tally_is_two_figures() -> None:
    found = figures_of("The committee chose Oslo by a vote of 44 to 40.")
    assert [(f.value, f.metric) for f in found] == [(44, "votes"), (40, "votes")]
    assert found[0].text == found[1].text == "a vote of 44 to 40"


# --- metric, unit and subject ---------------------------------------------------------------------
@pytest.mark.parametrize(("text", "metric"), [
    ("Nearly 38,600 Palestinians have since been killed, local health authorities said.", "killed"),
    ("Gunmen opened fire at the market, killing at least 32 people.", "killed"),
    ("A coup attempt left nearly 300 people dead.", "killed"),
    ("Two Argentine citizens were among the dead, the embassy said.", "killed"),
    ("The minister said most of the 126 dead were children.", "killed"),
    ("One passenger died on the way to hospital.", "killed"),
    ("The blast wounded 58 people.", "injured"),
    ("Three others were in a serious condition, the doctor said.", "injured"),
    ("Nearly 1,400 people were detained at the rally.", "detained"),
    ("More than 150 protesters remained in custody on Sunday.", "detained"),
    ("About 12,000 residents fled the fighting.", "displaced"),
    ("The fighting has forced more than 500,000 people from their homes.", "displaced"),
    ("Rescuers said 78 people were believed trapped under the debris.", "missing"),
    ("Some 60 per cent of the town's homes have been damaged or destroyed.", "damaged"),
    ("Police arrested more than 1,200 protesters.", "detained"),
    ("Thousands took to the streets of the capital on Tuesday.", "protesters"),
    ("Hundreds of demonstrators gathered outside the court.", "protesters"),
])
def test_metric_from_the_verb_state_or_noun(text: str, metric: str) -> None:
    assert one(text).metric == metric


def test_a_number_parsed_as_the_object_of_said_is_the_subject_of_the_reported_clause() -> None:
    found = figures_of("The charity said seven of its volunteers, including two nurses, were killed when the convoy was hit.")
    assert [(f.metric, f.value, f.source) for f in found] == [("killed", 7, "The charity"), ("killed", 2, "The charity")]


def test_the_subject_of_a_killing_verb_is_the_attacker_not_the_killed() -> None:
    figure = one("At least three gunmen killed a guard at the gate.")
    assert figure.metric == "attackers"


def test_others_share_the_subject_of_the_count_before() -> None:
    killed, injured = figures_of("At least 32,414 Palestinians have been killed and 74,787 others injured.")
    assert (killed.metric, killed.subject) == ("killed", "Palestinians")
    assert (injured.metric, injured.value, injured.subject) == ("injured", 74_787, "Palestinians")


def test_a_part_counts_what_the_whole_counts() -> None:
    whole, part = figures_of("More than 100,000 people have been fired or arrested, including more than 100 journalists.")
    assert whole.metric == part.metric == "fired or arrested"
    assert part.subject == "journalists"


def test_a_bare_number_after_a_figure_counts_the_same_thing() -> None:
    killed, wounded = figures_of("Last year a suicide bomber killed 63 people and wounded 182 at a wedding.")
    assert (killed.metric, wounded.metric, wounded.value, wounded.unit) == ("killed", "injured", 182, "people")


@pytest.mark.parametrize(("text", "metric", "unit"), [
    ("Beijing wants $125 billion of Chinese imports exempted.", "imports", "USD"),
    ("The president threatened 15% tariffs on steel.", "tariff rate", "percent"),
    ("Exports grew 5.9% in December.", "export growth", "percent"),
    ("The opposition won 28.5% of the vote.", "vote share", "percent"),
    ("The death toll rose to 50 on Monday.", "killed", "people"),
    ("Police said the protesters numbered about 3,500.", "protesters", "people"),
    ("The fire has burned nearly 17,000 acres.", "burned", "acres"),
    ("The parade included 43 ships and submarines.", "ships", "ships"),  # a light verb adds nothing
    ("Air defences shot down 61 drones overnight.", "drones shot down", "drones"),
    ("All eight fixtures were postponed over the weekend.", "fixtures postponed", "fixtures"),
    ("Rebels carried out 30 attacks in the north.", "attacks", "attacks"),
    ("Prize money for first-round losers is up 10%.", "increase", "percent"),
])
def test_money_percent_levels_and_things(text: str, metric: str, unit: str) -> None:
    figure = one(text)
    assert (figure.metric, figure.unit) == (metric, unit)


@pytest.mark.parametrize(("text", "metric"), [
    ("The festival handed out $2.4 million in grants this year.", "grants"),
    ("The league will pay out a record £8.2m in prize money next season.", "prize money"),
    ("Net profit more than doubled to $4.1 billion.", "net profit"),
    ("The country's trade deficit widened to nearly $61 billion.", "trade deficit"),
])
def test_money_and_levels_are_named_by_their_noun_phrase(text: str, metric: str) -> None:
    assert one(text).metric == metric


def test_a_series_of_results_shares_the_metric_named_first() -> None:
    found = figures_of("The governing party won 31.2% of the vote, while the Farmers' League came second with 18.9%.\n\n"
                       "The Liberals slumped to 9.4%, and the Greens took 7.7%.")
    assert [(f.value, f.metric) for f in found] == [(31.2, "vote share"), (18.9, "vote share"), (9.4, "vote share"),
                                                    (7.7, "vote share")]


def test_a_series_does_not_reach_past_the_sentence_before() -> None:
    found = figures_of("The governing party won 31.2% of the vote. Rain fell all day. Inflation was then at 3.1%. "
                       "Bond yields ended at 4.4%.")
    assert next(f for f in found if f.value == 4.4).metric != "vote share"


def test_the_claim_spans_its_number_noun_and_verb() -> None:
    figure = one("Nearly 38,600 Palestinians have since been killed, mostly women and children.")
    assert figure.text == "Nearly 38,600 Palestinians have since been killed"


# --- source ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "source"), [
    ("About 90 people were killed, according to local health authorities.", "local health authorities"),
    ("About 90 people were killed in the strikes, the UN said.", "UN"),
    ("The ministry reported 537 deaths from the outbreak.", "The ministry"),
    ("Provincial governor Amina Yusuf told reporters that 40 villagers had drowned.", "Amina Yusuf"),
    ("A member of the council, Omar Haddad, said 12 soldiers were killed.", "Omar Haddad"),
    ("The toll reached 211, according to data compiled by the Red Crescent.", "Red Crescent"),
    ("The fighting killed at least 900 people, officials and state media said.", "officials and state media"),
])
def test_the_credited_party(text: str, source: str) -> None:
    assert one(text).source == source


def test_he_said_credits_the_party_named_before() -> None:
    found = figures_of("Hospital director Lena Ortiz told Reuters that four victims were brought in.\n\n"
                       "Three others were in a critical condition, she said.")
    assert [f.source for f in found] == ["Lena Ortiz", "Lena Ortiz"]


def test_a_quoted_figure_is_credited_to_the_speaker() -> None:
    figure = one("Rescue worker Daniel Mensah said: “Eleven people were pulled out alive overnight.”")
    assert figure.source == "Daniel Mensah"


def test_the_agency_said_credits_the_agency_named_before() -> None:
    found = figures_of("Nearly 2 million people need food aid, according to the World Food Programme. "
                       "The agency said 400,000 children face famine.")
    assert [f.source for f in found] == ["the World Food Programme", "the World Food Programme"]


@pytest.mark.parametrize("text", [
    "Floodwaters destroyed 300 homes in the valley.",  # nobody credited
    "The attack claimed 50 lives.",  # the figure's own verb is no credit
    "The two sides have yet to report progress following 13 rounds of talks.",  # an adjunct of "report"
])
def test_no_invented_source(text: str) -> None:
    assert one(text).source is None


def test_a_credit_never_crosses_a_paragraph() -> None:
    found = figures_of("The winners will each take home £3m.\n\nThe club said in a statement that it was proud.")
    assert [f.source for f in found] == [None]


def test_the_lede_carry_credit_of_a_news_agency_is_no_source() -> None:
    text = "Israeli air strikes on Rafah killed at least 23 Palestinians overnight, Anadolu Agency reports."
    assert one(text).source is None


# --- as of and since ------------------------------------------------------------------------------
def test_as_of_defaults_to_the_publication_date() -> None:
    assert one("Floodwaters destroyed 300 homes in the valley.").as_of == PUBLISHED


def test_undated_article_has_no_as_of() -> None:
    assert one("Floodwaters destroyed 300 homes in the valley.", published=None).as_of is None


@pytest.mark.parametrize(("text", "as_of"), [
    ("As of Friday, 1,300 people had been rescued.", "2024-07-12"),
    ("The toll reached 1,373 by early Sunday, the group said.", "2024-07-14"),
    ("At least three people were killed on Monday in a stadium blast.", "2024-07-08"),
    ("In 2010, a plane crashed in central Cuba and all 68 people on board were killed.", "2010"),
])
def test_as_of_from_the_text(text: str, as_of: str) -> None:
    assert one(text).as_of == as_of


@pytest.mark.parametrize(("text", "wanted", "as_of"), [
    # a date right after the base of a comparison dates the base, not the new figure
    ("The chance of a strike fell to 0.8% on Friday, down from 2.4% on Thursday, the agency said.", 2.4, "2024-07-11"),
    ("The chance of a strike fell to 0.8% on Friday, down from 2.4% on Thursday, the agency said.", 0.8, "2024-07-12"),
    # a flow over a finished year is dated by that year, not by the day its data came out
    ("Car exports grew 7.2% last year, customs data showed on Friday.", 7.2, "2023"),
    # a relative clause on a dated noun dates its figure
    ("The storm was stronger than the 1987 hurricane in the port city, which killed 19 people.", 19, "1987"),
    # a forecast for a future date is made as of publication
    ("The bank expects unemployment to reach 4.6% by the end of next year.", 4.6, PUBLISHED),
    # a participle on the base carries its own date; the new figure does not borrow it
    ("Policymakers now see only two cuts, down from four projected in March.", 4, "2024-03"),
    ("Policymakers now see only two cuts, down from four projected in March.", 2, PUBLISHED),
    # a date inside a relative clause of the figure's words is the event's, not the count's
    ("The death toll from the landslide that buried the village on Thursday rose to 212 on Saturday.", 212,
     "2024-07-13"),
])
def test_as_of_follows_the_figure_not_its_neighbours(text: str, wanted: float, as_of: str) -> None:
    figure = next(f for f in figures_of(text) if f.value == wanted)
    assert figure.as_of == as_of


def test_a_vote_result_is_as_of_the_vote_the_article_dates() -> None:
    found = figures_of("VALLETTA (Reuters) - Malta's ruling party claimed victory on Sunday after Saturday's "
                       "general election.\n\nThe party won 54.1% of the vote, official results showed. Turnout was "
                       "87.4%, down from the previous election in 2022.\n\nThe opposition will hold 31 seats.\n\n"
                       "About 1,200 police officers were on duty across the island.")
    by_value = {f.value: f for f in found}
    assert [by_value[v].as_of for v in (54.1, 87.4, 31)] == ["2024-07-13"] * 3
    assert by_value[1200].as_of == PUBLISHED  # not a result of the vote


def test_a_crowd_size_is_as_of_the_protest_the_article_dates() -> None:
    found = figures_of("TBILISI (AP) - Police detained 40 people, the interior ministry said Sunday.\n\n"
                       "Saturday's protest outside parliament was the largest in months. Organisers said the "
                       "demonstrators numbered about 20,000.")
    by_value = {f.value: f for f in found}
    assert (by_value[40].as_of, by_value[20000].as_of) == (PUBLISHED, "2024-07-13")


def test_a_founding_date_does_not_date_a_figure_about_the_founded() -> None:
    assert one("The bank, founded in 1894, employs about 12,000 people in the region.").as_of == PUBLISHED


def test_vote_buying_is_no_vote() -> None:
    found = figures_of("Voters cast their ballots in Saturday's election.\n\nPolice logged 90 complaints of "
                       "vote-buying, the ministry said.")
    assert one_of(found, 90).as_of == PUBLISHED


def test_a_level_verb_names_its_subject_and_breaks_a_series() -> None:
    found = figures_of("Construction output fell 2.1% last year, while inflation averaged 4.6%.")
    assert one_of(found, 4.6).metric == "inflation"


def one_of(found: list[Figure], value: float) -> Figure:
    (figure,) = [f for f in found if f.value == value]
    return figure


def test_a_date_named_in_a_comparison_is_not_carried_to_the_next_sentence() -> None:
    found = figures_of("Fares rose sharply from the levels of 2019. About 40% of commuters now drive to work.")
    assert next(f for f in found if f.value == 40).as_of == PUBLISHED


def test_a_toll_is_as_of_its_report() -> None:
    killed = figures_of("A missile struck the city on Saturday, killing at least five people, officials said Sunday.")[0]
    assert killed.as_of == "2024-07-14"


@pytest.mark.parametrize(("text", "since"), [
    ("More than 40,000 people have been killed since Oct. 7, the ministry said.", "2023-10-07"),
    ("More than 40,000 people have been killed since the war began on Oct. 7, 2023.", "2023-10-07"),
])
def test_since_a_date(text: str, since: str) -> None:
    figure = one(text)
    assert (figure.since, figure.as_of) == (since, PUBLISHED)


def test_have_since_been_killed_carries_the_start_named_before() -> None:
    found = figures_of("Israel launched its offensive on Gaza after an Oct. 7 attack.\n\n"
                       "Nearly 38,600 Palestinians have since been killed.")
    assert [f.since for f in found] == ["2023-10-07"]


def test_in_the_previous_24_hours_starts_the_count_a_day_earlier() -> None:
    figure = one("The ministry said on Sunday that 30 attacks had been carried out in the previous 24 hours.")
    assert (figure.as_of, figure.since) == ("2024-07-14", "2024-07-13")


def test_so_far_this_year_runs_from_january() -> None:
    figure = one("The country has reported 537 deaths so far this year.")
    assert (figure.as_of, figure.since) == (PUBLISHED, "2024-01")


def test_since_then_runs_from_the_earliest_date_just_named() -> None:
    found = figures_of("The campaign, launched after an attack on Oct. 7, has drawn criticism, and a resolution "
                       "adopted in June backs a truce.\n"
                       "Health officials say at least 38,000 people have been killed since then.")
    assert [(f.value, f.since) for f in found] == [(38_000, "2023-10-07")]


def test_a_revised_total_is_read_from_its_object() -> None:
    figure = one("The United Nations on Sunday revised the death toll from the floods to 3,958.")
    assert (figure.metric, figure.value) == ("killed", 3958)
