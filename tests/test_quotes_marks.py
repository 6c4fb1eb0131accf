"""Quotation marks paired on the characters: every style, nesting, paragraphs, apostrophes."""

from __future__ import annotations

from storyline.annotate.quote_marks import find_marked


def texts(body: str) -> list[str]:
    return [body[r.start:r.end] for r in find_marked(body)]


def test_every_quotation_style() -> None:
    body = ("He said “curly double” and \"straight double\" and «guillemets» here.\n"
            "The Guardian style: ‘single curly’ and 'single straight' too.")
    assert texts(body) == ["curly double", "straight double", "guillemets", "single curly", "single straight"]


def test_single_quotes_inside_double_ones_belong_to_the_quote() -> None:
    body = "“If the two sides achieve a ‘Phase 1’ agreement, tariffs will fall,” Gao said."
    assert texts(body) == ["If the two sides achieve a ‘Phase 1’ agreement, tariffs will fall,"]


def test_apostrophes_are_not_quotes() -> None:
    body = "Israel’s army and the players’ union said they didn’t agree with the ’90s rules."
    assert texts(body) == []


def test_a_straight_quote_may_close_a_curly_one() -> None:
    body = "\"This is my loss. This is the nation's loss.” he said."
    assert texts(body) == ["This is my loss. This is the nation's loss."]


def test_a_quote_left_open_continues_in_the_next_paragraph_as_a_second_piece() -> None:
    body = "Lam said: “We will not give up.\n\n“The work goes on next week.”\n\nOfficials left."
    regions = find_marked(body)
    assert [body[r.start:r.end] for r in regions] == ["We will not give up.", "The work goes on next week."]
    assert [r.continued for r in regions] == [False, True]
    assert not regions[0].closed


def test_a_quote_left_open_without_a_follow_up_ends_with_its_paragraph() -> None:
    body = "She said “we are leaving now\n\nThe next paragraph is not quoted."
    regions = find_marked(body)
    assert [body[r.start:r.end] for r in regions] == ["we are leaving now"]
    assert not regions[0].continued


def test_offsets_point_into_the_body() -> None:
    body = "A “first” and «second» and ‘third’."
    for r in find_marked(body):
        assert body[r.open] in "“«‘" and body[r.close] in "”»’"
        assert r.open < r.start <= r.end <= r.close
