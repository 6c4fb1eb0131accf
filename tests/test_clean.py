"""The cleaning stage on wire copy we wrote for these tests: what goes, what stays, what is read off."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.clean import clean_text
from storyline.clean.html import authors
from storyline.clean.text import normalise_text

LEAD = "Officials said on Monday that the talks would resume next week in the capital."
MORE = "The two delegations are expected to meet for three days, a spokesman said."


def cleaned(*paragraphs: str):  # type: ignore[no-untyped-def]
    return clean_text("\n\n".join(paragraphs))


@pytest.mark.parametrize(
    ("dateline", "place", "agency", "date"),
    [
        ("ISTANBUL (AA) –", "Istanbul", "AA", None),
        ("Tehran, MINA –", "Tehran", "MINA", None),
        ("GAZA CITY, July 14 (Reuters) -", "Gaza City", "Reuters", "July 14"),
        ("WASHINGTON (AP) —", "Washington", "AP", None),
        ("CAIRO:", "Cairo", None, None),
        ("Jerusalem, 12 July 2024 (WAFA) -", "Jerusalem", "WAFA", "12 July 2024"),
        ("Islamabad, Pakistan -", "Islamabad, Pakistan", None, None),
        ("KHAN YOUNIS, (WAFA) -", "Khan Younis", "WAFA", None),
        ("BEIJING, Nov. 7 (Xinhua) --", "Beijing", "Xinhua", "Nov. 7"),
        ("SEOUL/WASHINGTON (Reuters) -", "Seoul/Washington", "Reuters", None),
        ("DAR ES SALAAM, Tanzania (AP) —", "Dar es Salaam, Tanzania", "AP", None),
        ("Nov 20 (Reuters) -", None, "Reuters", "Nov 20"),
    ],
)
def test_dateline(dateline: str, place: str | None, agency: str | None, date: str | None) -> None:
    c = cleaned(f"{dateline} {LEAD}", MORE)
    assert c.dateline is not None
    assert (c.dateline.text, c.dateline.place, c.dateline.agency, c.dateline.date) == (dateline, place, agency, date)
    assert c.body == f"{LEAD}\n\n{MORE}"  # the rest of the first sentence stays


def test_dateline_on_a_line_of_its_own() -> None:
    c = clean_text(f"ISTANBUL (AA) –\n{LEAD}\n{MORE}")
    assert c.dateline is not None and c.dateline.place == "Istanbul"
    assert c.body == f"{LEAD}\n\n{MORE}"


@pytest.mark.parametrize(
    "lead",
    [
        "BREAKING: Turkey's central bank raised rates by 500 basis points on Thursday.",
        "NATO — The alliance said on Monday it would send more jets to its eastern flank.",
        "Hamas - the group that runs Gaza - said on Monday it had received the proposal.",
        LEAD,
    ],
)
def test_no_dateline(lead: str) -> None:
    c = cleaned(lead, MORE)
    assert c.dateline is None
    assert c.body == f"{lead}\n\n{MORE}"


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("By MARIA LOPEZ and DAVID KIM Associated Press", ["Maria Lopez", "David Kim"]),
        ("Leyla Demir | Anadolu Agency", ["Leyla Demir"]),
        ("*Writing by Rana Saleh", ["Rana Saleh"]),
        ("(Reporting by Ali Kaya in Gaza and Sara Cohen in Jerusalem; Editing by Mark Heinrich)",
         ["Ali Kaya", "Sara Cohen", "Mark Heinrich"]),
        ("Compiled by Wei Lin Tan; edited by Jonah Reyes", ["Wei Lin Tan", "Jonah Reyes"]),
        ("Associated Press writers Ruth Okafor in Pasadena and Tomas Bell contributed to this report.",
         ["Ruth Okafor", "Tomas Bell"]),
    ],
)
def test_byline_lines(line: str, names: list[str]) -> None:
    first, last = (line, LEAD) if line.startswith(("By", "Leyla")) else (LEAD, line)
    c = cleaned(first, MORE, last)
    assert list(c.byline) == names
    assert line not in c.body and LEAD in c.body and MORE in c.body


def test_name_alone_under_headline_and_its_role_line() -> None:
    c = cleaned("Court blocks mining permit in northern Chile", "Ana Torres", "Special for Andes Herald", LEAD, MORE)
    assert c.byline == ("Ana Torres",)
    assert c.title == "Court blocks mining permit in northern Chile"
    assert c.body == f"{LEAD}\n\n{MORE}"


@pytest.mark.parametrize(
    "prose",
    [
        "By Tuesday afternoon, the army said it controlled the town's main square.",
        "Related talks between the two sides will resume next week, officials said.",
        "Follow the money, the prosecutor told the jury on the first day of the trial.",
        "The newsletter, launched in 2010, now has about 40,000 readers in the region.",
        "Updated figures released on Friday showed that 40 people had died in the floods.",
        "More than 100 people were killed in the attack, the health ministry said.",
        "With agencies struggling to cope, the government asked neighbouring states for help.",
        "Photo exhibitions drew large crowds in Kyiv on Sunday despite air raid alerts.",
        "Sign language interpreters stood beside the minister during the briefing.",
        "Copyright law in the bloc was last changed in 2019, the commission said.",
        "Residents can write to the ministry at help@ministry.example for details.",
    ],
)
def test_prose_that_looks_like_boilerplate_stays(prose: str) -> None:
    c = cleaned(LEAD, prose, MORE)
    assert prose in c.body
    assert not c.byline


def test_a_single_subhead_stays_and_a_run_of_bare_headlines_goes() -> None:
    c = cleaned(LEAD, "A second look", MORE, "Rival parties trade blame over budget", "Five things to know about the vote", MORE)
    assert "A second look" in c.body
    assert "Rival parties" not in c.body and "Five things" not in c.body
    assert {b.kind for b in c.boilerplate} == {"related-link"}


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        ("The minister arrived in Doha on Monday, Anadolu Agency reports.", ["Anadolu Agency"]),
        ("Three people were hurt, according to Reuters.", ["Reuters"]),
        ("A police officer told The Associated Press that the road was closed.", ["Associated Press"]),
        ("Russian news agency TASS said the talks had ended.", ["TASS"]),
        ("The plant was shut down, state news agency Mena said.", ["MENA"]),
        ("Public broadcaster Suspilne reported two explosions in the city.", ["Suspilne"]),
        ("A resident told KTLA-TV that the hydrants had run dry.", ["KTLA-TV"]),
        ("KCNA said the launch was a routine test.", []),  # state media announcing: the news itself
        ("An official told Russian television that the bridge was open.", []),
        ("The dust levels were measured according to the EPA.", []),
    ],
)
def test_credits(text: str, credited: list[str]) -> None:
    c = cleaned(text, MORE)
    assert [credit.agency for credit in c.credits] == credited
    assert text in c.body  # a credit is content: the sentence stays


def test_own_agency_is_not_a_credit() -> None:
    c = cleaned("KABUL (Reuters) - Two soldiers were killed on Monday, a spokesman told Reuters.", MORE)
    assert c.dateline is not None and c.dateline.agency == "Reuters"
    assert c.credits == ()


def test_inserts_cut_out_of_prose() -> None:
    c = cleaned(
        "Updated at 10:30 a.m. ET: Shares of Cathay Pacific (0293.HK) rose 3% as the Hang Seng .HSI gained.",
        "The airline said passenger numbers had recovered. (T/RE1/P2)",
        "The board will meet again in March. (with AFP)",
    )
    assert c.body.split("\n\n") == [
        "Shares of Cathay Pacific rose 3% as the Hang Seng gained.",
        "The airline said passenger numbers had recovered.",
        "The board will meet again in March.",
    ]
    assert [(b.kind, b.text) for b in c.boilerplate] == [
        ("timestamp", "Updated at 10:30 a.m. ET:"),
        ("ticker", "(0293.HK)"),
        ("ticker", ".HSI"),
        ("agency-code", "(T/RE1/P2)"),
        ("credit-line", "(with AFP)"),
    ]
    assert [credit.agency for credit in c.credits] == ["Agence France-Presse"]


def test_paragraphs_from_single_lines_and_wrapped_lines() -> None:
    c = clean_text(f"{LEAD}\n{MORE}\nThe talks had stalled in March after the\ntwo sides disagreed over prisoners.")
    assert c.body.split("\n\n") == [LEAD, MORE, "The talks had stalled in March after the two sides disagreed over prisoners."]


def test_control_characters_go_and_odd_line_breaks_break_lines() -> None:
    c = clean_text(f"{LEAD}\x00\u2029{MORE}\x0bThe port\x07 reopened\x1f on Friday.")
    assert c.body.split("\n\n") == [LEAD, MORE, "The port reopened on Friday."]


def test_text_that_is_all_headline_is_kept() -> None:
    assert clean_text("Ceasefire talks to resume in Cairo").body == "Ceasefire talks to resume in Cairo"


def test_author_metadata() -> None:
    assert authors("Jane Doe and John Roe") == ("Jane Doe", "John Roe")
    assert authors("Jane Doe; Staff") == ("Jane Doe",)
    assert authors(None) == ()


FURNITURE = [
    "By Jane Doe", "Also Read: Talks stall again", "(T/RE1/P2)", "Slideshow (4 Images)", "Mi’raj News Agency (MINA)",
    "© 2024 Example Wire", "___", "Follow us on Facebook", "ISTANBUL (AA) –", "Full Coverage: Floods",
]
PROSE = [LEAD, MORE, "Prices rose 3% in June, the statistics office said.", "“We will not leave,” she said."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FURNITURE + PROSE) | st.text(max_size=80), min_size=1, max_size=12))
def test_cleaning_only_removes(parts: list[str]) -> None:
    raw = normalise_text("\n".join(parts))  # invisible characters and odd spaces go first, by design
    c = clean_text(raw)
    words = " ".join(raw.split())
    for item in c.boilerplate:
        assert " ".join(item.text.split()) in words  # everything removed was in the input
    raw_words = set(raw.split())
    assert all(w in raw_words or w in words for w in c.body.split())  # nothing added
