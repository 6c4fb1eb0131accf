"""Time expressions resolved against a given publication date: one test per rule, on our own sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.annotate.nlp import load_pipeline
from storyline.annotate.parsed import ParsedArticle
from storyline.annotate.time_resolve import add_months, month_day, season, weekday_date, weekend
from storyline.annotate.timexes import extract_time
from storyline.model import Published, Timex


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


def timexes(nlp, text: str, published: str | None) -> list[Timex]:  # type: ignore[no-untyped-def]
    article = ParsedArticle(doc=nlp(text))
    _, found = extract_time(article, Published(published, "given" if published else "unknown"))
    for t in found:
        assert text[t.start:t.end] == t.text
    return found


def values(nlp, text: str, published: str | None) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return {t.text: t.value for t in timexes(nlp, text, published)}


CASES = [
    # weekdays: past reports look back, the publication day included; the future looks ahead
    ("The foreign minister spoke by phone Sunday with his Iranian counterpart.", "2024-07-17", {"Sunday": "2024-07-14"}),
    ("The foreign minister spoke by phone Sunday with his Iranian counterpart.", "2024-07-14", {"Sunday": "2024-07-14"}),
    ("The two delegations will meet on Tuesday in Geneva, officials said.", "2024-07-14", {"Tuesday": "2024-07-16"}),
    ("Parliament will vote Tuesday on the emergency budget.", "2024-07-16", {"Tuesday": "2024-07-16"}),
    ("Officials said the envoy would fly to Cairo on Friday.", "2024-07-16", {"Friday": "2024-07-19"}),
    ("Rebels shelled the airport early Tuesday and again on Tuesday night.", "2024-07-17", {"Tuesday": "2024-07-16"}),
    ("Police detained dozens at Saturday's rally in the capital.", "2019-07-28", {"Saturday": "2019-07-27"}),
    ("Voters go to the polls on Sunday, and the summit ends Thursday.", "2024-07-18",
     {"Sunday": "2024-07-21", "Thursday": "2024-07-18"}),
    ("Saturday's attack follows a bombing this week.", "2019-05-12", {"Saturday": "2019-05-11", "this week": "2019-W19"}),
    ("The president is scheduled to visit Paris on Friday.", "2024-07-16", {"Friday": "2024-07-19"}),
    ("The markets closed on Friday, and officials met last Tuesday.", "2024-01-03",
     {"Friday": "2023-12-29", "last Tuesday": "2024-01-02"}),
    # month and day without a year: the nearest past one in the past tense, the next one ahead
    ("The ceasefire collapsed on Dec. 28, officials said.", "2024-01-03", {"Dec. 28": "2023-12-28"}),
    ("Negotiators will resume talks on Jan. 4 in Cairo.", "2023-12-28", {"Jan. 4": "2024-01-04"}),
    ("Candidates were barred from running in the Sept. 8 vote.", "2019-07-28", {"Sept. 8": "2019-09-08"}),
    ("The Oct. 12 agreement eased tensions in markets.", "2019-11-07", {"Oct. 12": "2019-10-12"}),
    ("Troops entered the city on May 6, the army said.", "2024-07-14", {"May 6": "2024-05-06"}),
    ("Mourning lasts from 6 a.m. on May 19 to noon on May 20, the government declared.", "2018-05-19",
     {"6 a.m.": "2018-05-19T06:00", "May 19": "2018-05-19", "noon": "2018-05-20T12:00", "May 20": "2018-05-20"}),
    ("The accord was signed on Feb. 29 in Doha.", "2024-03-04", {"Feb. 29": "2024-02-29"}),
    ("The accord was signed on Feb. 29 in Doha.", "2023-03-04", {"Feb. 29": "2020-02-29"}),
    ("Talks that are due to begin on March 10 were delayed.", "2020-03-04", {"March 10": "2020-03-10"}),
    ("North Korea tested a bomb in September, the agency said.", "2018-05-13", {"September": "2017-09"}),
    # explicit dates, "last" and "since"
    ("The offensive began on October 7, 2023.", "2024-03-26", {"October 7, 2023": "2023-10-07"}),
    ("He has praised the fighters since last Oct. 7.", "2024-03-26", {"last Oct. 7": "2023-10-07"}),
    ("He visited Tehran last November.", "2024-03-26", {"last November": "2023-11"}),
    ("He visited Tehran last November.", "2024-11-20", {"last November": "2023-11"}),
    ("Exports fell 4% in November last year.", "2019-05-11", {"November last year": "2018-11"}),
    ("The state of emergency was declared last July.", "2017-04-16", {"last July": "2016-07"}),
    # relative to the publication date
    ("Prices rose this month and will rise next year, the ministry said yesterday.", "2024-03-26",
     {"this month": "2024-03", "next year": "2025", "yesterday": "2024-03-25"}),
    ("The index fell last week.", "2024-01-02", {"last week": "2023-W52"}),
    ("Exports fell last month.", "2024-01-15", {"last month": "2023-12"}),
    ("The plant was closed this year, five years ago and in the past decade.", "2015-09-28",
     {"this year": "2015", "five years ago": "2010"}),
    ("Arrests were the most at any rally this decade.", "2019-07-28", {"this decade": "201"}),
    ("Talks were held as recently as last spring.", "2014-12-16", {"last spring": "2014-SP"}),
    ("Several matches were called off over the weekend.", "2020-03-05", {"weekend": "2020-W09-WE"}),
    ("Several matches were called off over the weekend.", "2019-11-17", {"weekend": "2019-W46-WE"}),
    ("The envoy will visit Vienna this week, the ministry said on Sunday, after talks this week.", "2018-05-13",
     {"Sunday": "2018-05-13"}),
    # relative to the day the text is about
    ("Haniyeh arrived in Tehran on Tuesday. His visit came one day after the council passed a resolution.", "2024-03-27",
     {"Tuesday": "2024-03-26", "one day after": "2024-03-25"}),
    ("A spokesman said a day after the call that the strike was defensive.", "2020-03-04", {"a day after": "2020-03-03"}),
    ("Fighters attacked an outpost in Kunduz last night, a councillor said.", "2020-03-04", {"last night": "2020-03-03"}),
    ("Navalny was hospitalized Sunday. He was taken to a hospital in the morning.", "2019-07-29", {"the morning": "2019-07-28"}),
    ("Gunmen stormed the hotel at 5pm on Saturday and fighting went on until 8pm.", "2019-05-12",
     {"5pm": "2019-05-11T17:00", "Saturday": "2019-05-11", "8pm": "2019-05-11T20:00"}),
    ("The plane crashed on Friday at 12:08 p.m. (1608 GMT).", "2018-05-19",
     {"12:08 p.m.": "2018-05-18T12:08", "1608 GMT": "2018-05-18T16:08"}),
    # ordinals of a period whose start the article gives
    ("The war, which began on October 7, 2023, is now in its 172nd day.", "2024-03-26", {"172nd day": "2024-03-26"}),
    ("The protests are now in their 14th week.", "2019-09-04", {"14th week": "2019-W36"}),
    # ranges, years, decades
    ("The site will be dismantled between May 23 and 25, weather permitting.", "2018-05-13",
     {"May 23": "2018-05-23", "25": "2018-05-25"}),
    ("He was elected in 2014 and could rule through 2029, unlike leaders of the 1990s.", "2017-04-16",
     {"2014": "2014", "2029": "2029", "the 1990s": "199"}),
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_rule(nlp, text: str, published: str, expected: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    got = values(nlp, text, published)
    assert {k: got.get(k) for k in expected} == expected


def test_this_week_on_a_sunday_looks_ahead_in_the_future(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The envoy will visit Vienna this week, the ministry said on Sunday, after talks this week."
    found = timexes(nlp, text, "2018-05-13")
    assert [t.value for t in found if t.text == "this week"] == ["2018-W20", "2018-W19"]


def test_minimal_spans(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = [t.text for t in timexes(nlp, "Hamas said early Tuesday that talks ran late on Wednesday night.", "2024-03-28")]
    assert texts == ["Tuesday", "Wednesday"]


def test_durations_carry_qualifiers_and_starts(nlp) -> None:  # type: ignore[no-untyped-def]
    found = timexes(nlp, "Israel has bombed Gaza since Oct. 7. More than nine months into the war, a 45-minute raid hit Rafah.",
                    "2024-07-14")
    by_text = {t.text: t for t in found}
    assert by_text["Oct. 7"].value == "2023-10-07" and by_text["Oct. 7"].qualifier == "since"
    nine = by_text["More than nine months"]
    assert (nine.type, nine.value, nine.qualifier, nine.anchor) == ("DURATION", "P9M", "more than", "2023-10-07")
    assert (by_text["45-minute"].type, by_text["45-minute"].value) == ("DURATION", "PT45M")


def test_words_that_are_not_dates(nlp) -> None:  # type: ignore[no-untyped-def]
    got = values(nlp, "Theresa May said she may travel to Brussels in May. Castro, 86, ruled for decades.", "2019-03-10")
    assert got == {"May": "2019-05", "decades": "PXDE"}


def test_numbers_that_are_counts_and_iso_dates(nlp) -> None:  # type: ignore[no-untyped-def]
    got = values(nlp, "Soldiers searched in 2000 homes. The order, dated 2024-07-14, took effect in 2019.", "2024-07-20")
    assert got == {"2024-07-14": "2024-07-14", "2019": "2019"}


def test_sets(nlp) -> None:  # type: ignore[no-untyped-def]
    found = timexes(nlp, "Protesters have gathered on Fridays and the council meets every week.", "2019-03-10")
    assert [(t.text, t.type, t.value) for t in found] == [("Fridays", "SET", "XXXX-WXX-5"), ("every week", "SET", "P1W")]


def test_no_publication_date_leaves_the_year_open(nlp) -> None:  # type: ignore[no-untyped-def]
    got = values(nlp, "Talks began on Oct. 7 and resumed Sunday, a year after the 2019 vote.", None)
    assert got["Oct. 7"] == "XXXX-10-07" and got["Sunday"] == "XXXX-WXX-7" and got["2019"] == "2019"


# -- the calendar helpers behind the rules --------------------------------------------------------

def test_month_day_directions() -> None:
    pub = dt.date(2024, 1, 3)
    assert month_day(pub, 12, 28, "past") == dt.date(2023, 12, 28)
    assert month_day(pub, 1, 5, "past") == dt.date(2024, 1, 5)  # two days of slack: a lagging date
    assert month_day(pub, 1, 9, "past") == dt.date(2023, 1, 9)
    assert month_day(pub, 12, 28, "future") == dt.date(2024, 12, 28)
    assert month_day(pub, 1, 3, "past_strict") == dt.date(2023, 1, 3)
    assert month_day(pub, 6, 1, "nearest") == dt.date(2024, 6, 1)


def test_weekday_directions() -> None:
    sunday = dt.date(2024, 7, 14)
    assert weekday_date(sunday, 7, "past") == sunday
    assert weekday_date(sunday, 7, "past_strict") == dt.date(2024, 7, 7)
    assert weekday_date(sunday, 7, "future") == sunday
    assert weekday_date(sunday, 7, "future_strict") == dt.date(2024, 7, 21)
    assert weekday_date(dt.date(2024, 1, 1), 5, "past") == dt.date(2023, 12, 29)


def test_weekends_seasons_and_months() -> None:
    assert weekend(dt.date(2024, 1, 2), "past") == "2023-W52-WE"
    assert weekend(dt.date(2024, 1, 6), "past") == "2024-W01-WE"
    assert weekend(dt.date(2024, 1, 2), "future") == "2024-W01-WE"
    assert season(dt.date(2015, 1, 10), "WI", "past_strict") == "2013-WI"
    assert season(dt.date(2015, 1, 10), "SU", "past_strict") == "2014-SU"
    assert season(dt.date(2015, 1, 10), "SP", "future_strict") == "2015-SP"
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 10, 7), 9) == dt.date(2024, 7, 7)
