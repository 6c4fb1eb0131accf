"""Properties of the time stage on generated text: no crash, exact spans, well-formed values."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.annotate.nlp import load_pipeline
from storyline.annotate.parsed import ParsedArticle
from storyline.annotate.timexes import extract_time
from storyline.model import Published

PIECES = [
    "The army said", "on Tuesday", "last Oct. 7", "since October 7, 2023,", "now in its 172nd day", "more than nine months into",
    "the war", "at 5pm", "(1608 GMT)", "May 23-25", "between May 23 and 25", "yesterday", "last night", "the weekend", "in 2014",
    "the 1990s", "five years ago", "a day after", "Feb. 29", "will meet", "this week", "next month", "last spring",
    "every Friday", "Theresa May", "may", "March", "1,048th day", "12:08 p.m.", "noon", "İstanbul", "—", "“quoted”",
    "\n", "42", "17:30",
]
VALUE = re.compile(
    r"^(?:\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2})?)?)?|\d{3}|\d{2}|\d{4}-W\d{2}(?:-WE)?|\d{4}-(?:SP|SU|FA|WI)"
    r"|XXXX-(?:\d{2}(?:-\d{2})?|WXX-\d)|XXXX-XX-XXT\d{2}:\d{2}|PT?(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|H|S|DE|CE)|TMO|TNI)$"
)
NLP = load_pipeline()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14), st.sampled_from([None, "2024-03-26", "2020-01-01"]))
def test_any_mix_of_time_words(pieces: list[str], published: str | None) -> None:
    text = " ".join(pieces) + "."
    article = ParsedArticle(doc=NLP(text))
    out, timexes = extract_time(article, Published(published, "given" if published else "unknown"))
    assert (out.date == published) if published else out.basis in ("inferred", "unknown")
    for span in (*timexes, *out.evidence):
        assert text[span.start:span.end] == span.text
    for t in timexes:
        assert t.value is None or VALUE.match(t.value), t
