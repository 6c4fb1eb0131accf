"""Publication-date inference from the text alone, and its narrowing across articles."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.annotate.nlp import load_pipeline
from storyline.annotate.parsed import ParsedArticle
from storyline.annotate.pubdate import (
    DateEvidence,
    Offset,
    evidence_from,
    infer,
    narrow,
    offset_window,
    stated_dates,
    unresolved_anchors,
)
from storyline.annotate.timexes import collect_evidence, extract_time, find_time
from storyline.model import Dateline, Published, Span, Timex

# Our own wire copy, in the style of the seeds (the facts are public; the sentences are ours).
DAY_COUNT = (
    "DOHA, MINA – Hamas political chief Ismail Haniyeh landed in Tehran on Tuesday for talks with Iranian leaders.\n"
    "The trip came one day after the UN Security Council voted for an immediate ceasefire in Gaza.\n"
    "Israel has pounded the enclave since October 7, 2023. The war, now in its 172nd day, has displaced most of "
    "Gaza's 2.3 million people."
)
MONTHS_INTO = (
    "ANKARA (AA) – Hamas leader Ismail Haniyeh spoke by phone Sunday with Iran's new president about the war in Gaza.\n"
    "Israel has kept up its offensive since an Oct. 7 cross-border attack by Hamas.\n"
    "More than nine months into the war, most of Gaza's homes are damaged or destroyed.\n"
    "The army moved into Rafah on May 6."
)
WEEKS = (
    "Dock workers marched through the port on Thursday. The strike, which started on Jan. 2, 2024, "
    "is now in its 15th week."
)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


def run(nlp, text: str, published: str | None = None) -> tuple[Published, list[Timex]]:  # type: ignore[no-untyped-def]
    article = ParsedArticle(doc=nlp(text))
    published_out, timexes = extract_time(article, Published(published, "given" if published else "unknown"))
    for span in published_out.evidence:
        assert text[span.start:span.end] == span.text
    return published_out, timexes


def test_nth_day_of_a_dated_start_pins_the_date(nlp) -> None:  # type: ignore[no-untyped-def]
    published, timexes = run(nlp, DAY_COUNT)
    assert (published.date, published.basis) == ("2024-03-26", "inferred")
    assert {s.text for s in published.evidence} == {"172nd day", "October 7, 2023", "Tuesday"}
    values = {t.text: t.value for t in timexes}
    assert values["Tuesday"] == "2024-03-26" and values["one day after"] == "2024-03-25"


def test_weekday_picks_the_day_inside_a_week(nlp) -> None:  # type: ignore[no-untyped-def]
    published, _ = run(nlp, WEEKS)
    assert published.date == "2024-04-11"  # the 15th week runs 2024-04-09..15; its Thursday
    assert published.basis == "inferred"


def test_a_yearless_start_leaves_a_window_without_a_year(nlp) -> None:  # type: ignore[no-untyped-def]
    published, timexes = run(nlp, MONTHS_INTO)
    assert published.date is None and published.basis == "unknown"
    assert published.window == ("XXXX-07-08", "XXXX-08-06")
    assert {s.text for s in published.evidence} == {"Sunday", "Oct. 7", "More than nine months"}
    assert {t.text: t.value for t in timexes}["Oct. 7"] == "XXXX-10-07"


def test_another_article_dating_the_start_narrows_the_window(nlp) -> None:  # type: ignore[no-untyped-def]
    published, timexes = run(nlp, MONTHS_INTO)
    evidence = evidence_from(published, timexes)
    assert [a.value for a in unresolved_anchors(evidence)] == ["XXXX-10-07"]
    _, other = run(nlp, DAY_COUNT)
    starts = stated_dates(other)
    assert starts == {"XXXX-10-07": [dt.date(2023, 10, 7)]}
    narrowed = narrow(evidence, starts)
    assert narrowed.date is None  # four Sundays are still open
    assert narrowed.window == ("2024-07-14", "2024-08-04")


def test_evidence_rebuilt_from_timexes_matches_the_parse(nlp) -> None:  # type: ignore[no-untyped-def]
    for text in (MONTHS_INTO, DAY_COUNT, WEEKS):
        article = ParsedArticle(doc=nlp(text))
        collected = collect_evidence(find_time(article))
        published, timexes = extract_time(article, Published(None, "unknown"))
        assert evidence_from(published, timexes) == collected


def test_given_date_is_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    published, timexes = run(nlp, MONTHS_INTO, "2024-07-14")
    assert published == Published("2024-07-14", "given")
    assert {t.text: t.value for t in timexes}["Oct. 7"] == "2023-10-07"


def test_no_claim_without_evidence(nlp) -> None:  # type: ignore[no-untyped-def]
    published, _ = run(nlp, "Police detained 1,373 people at Saturday's rally, a monitoring group said Sunday.")
    assert published == Published(None, "unknown")
    published, _ = run(nlp, "The company said on Friday, March 6, 2020, that it would close its plant.")
    assert published.date is None  # a floor alone leaves every later day open


# -- the window arithmetic ------------------------------------------------------------------------

SPAN = Span("x", 0, 1)
START = dt.date(2023, 10, 7)


def offset(count: float, unit: str, kind: str = "into", qualifier: str | None = None) -> Offset:
    return Offset("2023-10-07", count, unit, kind, SPAN, qualifier)  # type: ignore[arg-type]


def test_offset_windows() -> None:
    d = dt.date
    assert offset_window(offset(172, "D", "nth"), START) == (d(2024, 3, 26), d(2024, 3, 26))
    assert offset_window(offset(9, "M", qualifier="more than"), START) == (d(2024, 7, 8), d(2024, 8, 6))
    assert offset_window(offset(9, "M", qualifier="nearly"), START) == (d(2024, 6, 8), d(2024, 7, 6))
    assert offset_window(offset(9, "M"), START) == (d(2024, 7, 7), d(2024, 8, 6))
    assert offset_window(offset(9, "M", qualifier="about"), START) == (d(2024, 6, 22), d(2024, 7, 22))
    assert offset_window(offset(2, "W", "nth"), START) == (d(2023, 10, 14), d(2023, 10, 20))


def test_contradicting_evidence_claims_nothing() -> None:
    evidence = DateEvidence((offset(172, "D", "nth"), offset(2, "M", qualifier="more than")))
    assert infer(evidence) == Published(None, "unknown")


def test_floor_cuts_a_window() -> None:
    evidence = DateEvidence((offset(9, "M", qualifier="more than"),), floor=(dt.date(2024, 8, 1), Span("y", 5, 6)))
    assert infer(evidence).window == ("2024-08-01", "2024-08-06")


def test_several_dated_starts_give_the_union() -> None:
    floating = Offset("XXXX-10-07", 9, "M", "into", SPAN, "more than")
    starts = {"XXXX-10-07": [dt.date(2022, 10, 7), dt.date(2023, 10, 7)]}
    assert narrow(DateEvidence((floating,)), starts).window == ("2023-07-08", "2024-08-06")


# -- datelines ("WASHINGTON, July 14 (Reuters) -") ---------------------------------------------

def run_with_dateline(nlp, text: str, date: str) -> Published:  # type: ignore[no-untyped-def]
    article = ParsedArticle(doc=nlp(text), dateline=Dateline(text=f"GAZA, {date} (Reuters) -", place="Gaza", agency="Reuters",
                                                             date=date))
    published, _ = extract_time(article, Published(None, "unknown"))
    return published


def test_a_dated_dateline_is_the_publication_date(nlp) -> None:  # type: ignore[no-untyped-def]
    assert run_with_dateline(nlp, "Talks resumed on Sunday.", "July 14, 2024") == Published("2024-07-14", "inferred")


def test_a_yearless_dateline_picks_its_day_in_a_window(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The strike, which started on Jan. 2, 2024, is now in its 15th week, union leaders said."
    assert run_with_dateline(nlp, text, "April 12").date == "2024-04-12"
    assert run_with_dateline(nlp, text, "April 30").date is None  # the dateline and the count disagree


def test_a_yearless_dateline_alone_records_its_day(nlp) -> None:  # type: ignore[no-untyped-def]
    published = run_with_dateline(nlp, "Talks resumed on Sunday.", "July 14")
    assert published.date is None and published.window == ("XXXX-07-14", "XXXX-07-14")


def test_values_the_window_agrees_on_are_resolved(nlp) -> None:  # type: ignore[no-untyped-def]
    text = MONTHS_INTO.replace("an Oct. 7 cross-border attack", "an Oct. 7, 2023, cross-border attack")
    published, timexes = run(nlp, text)
    assert published.date is None and published.window == ("2024-07-14", "2024-08-04")
    values = {t.text: t.value for t in timexes}
    assert values["May 6"] == "2024-05-06"  # the same for every day of the window
    assert values["Sunday"] == "XXXX-WXX-7"  # four Sundays: left open


# -- counts since a start, dated weekdays, weekdays tied to a dated event --------------------------

def test_a_count_of_days_since_a_dated_start(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("KHARKIV — Relatives laid flowers on Thursday for the victims of the shelling that began on Jan. 2, 2024. "
            "Officials said 1,200 homes had been hit in the 100 days since the shelling began.")
    published, _ = run(nlp, text)
    assert published.date == "2024-04-11"  # day 100 after Jan. 2 is April 11, give or take one; Thursday picks it
    assert {"100 days", "Jan. 2, 2024", "Thursday"} <= {s.text for s in published.evidence}


def test_a_weekday_written_with_its_date_is_within_the_week(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Officials said on Wednesday that the quake struck at 4 a.m. on Tuesday, Feb. 6, 2024, near the border."
    published, timexes = run(nlp, text)
    assert published.date == "2024-02-07"  # the lead's Wednesday, the day after
    assert evidence_from(published, timexes).offsets[0].kind == "week"
    published, _ = run(nlp, text.replace("on Wednesday", "on Friday"))
    assert published.date is None  # three days on: too far from the dated day to trust the lead's weekday
    assert published.window == ("2024-02-06", "2024-02-12")


def test_a_weekday_tied_to_a_dated_event(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Families gathered by the river on Sunday, exactly one month after the dam burst on Aug. 8, 2024."
    published, _ = run(nlp, text)
    assert published.date == "2024-09-08"
