"""Quantitative claims: every figure with its metric, qualifier, unit, subject, dates and source.

Requires: the shared parse, the article's time expressions and entity clusters. Gives
:class:`Figure` items whose ``text`` is the claim's words in the body ("Nearly 38,600
Palestinians have since been killed"). Numbers are read in ``figure_numbers``, dropped when they
are dates, measures, identifiers or references (``figure_filters``), and read as claims in
``figure_metric`` (what is counted), ``figure_dates`` (as of, since), ``figure_source`` (who says so).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from storyline.annotate.entities import EntityIndex
from storyline.annotate.figure_dates import (
    CARRY_SENTENCES,
    Context,
    Dated,
    event_days,
    event_words,
    lookback_hours,
    pick_dates,
    sentence_dates,
)
from storyline.annotate.figure_filters import date_tokens, not_a_claim, not_a_figure
from storyline.annotate.figure_metric import GENERIC, Reading, amount_head, counted_noun, read, read_elliptic
from storyline.annotate.figure_numbers import Amount, find_amounts
from storyline.annotate.figure_source import Sentences, cues, source_of
from storyline.annotate.parsed import ParsedArticle
from storyline.model import Figure, Timex


@dataclass
class _Story:
    """What the sentences read so far say about time."""

    published: str | None
    since: tuple[int, str] | None = None  # sentence number and date of the last "since ..."
    paragraph: list[str] = field(default_factory=list)  # dates named earlier in this paragraph, in order
    last: tuple[int, str] | None = None  # sentence number and the last date named there
    named: dict[str, tuple[int, str]] = field(default_factory=dict)  # unit kind -> sentence number, last good metric
    event_day: dict[str, str] = field(default_factory=dict)  # kind -> the day the text puts such an event on

    def context(self, n: int, sent: Span, dates: list[Dated], lookback: int | None) -> Context:
        since = self.since[1] if self.since and n - self.since[0] <= CARRY_SENTENCES else None
        if self.since and not any(d.since for d in dates) and any(t.lower_ == "since" for t in sent):
            since = self.since[1]  # "since the war began", "have since been killed": the start named before
        last = self.last[1] if self.last and n - self.last[0] <= CARRY_SENTENCES else None
        return Context(self.published, since, tuple(self.paragraph), lookback, last)

    def read(self, n: int, dates: list[Dated]) -> None:
        self.event_day.update(event_days(dates, self.published))
        past = [d.value for d in dates if not d.future]
        if past:
            self.last = (n, min(past))  # "since then": from the earliest date just named
        self.paragraph.extend(d.value for d in dates if not (d.since or d.modifier or d.comparison or d.future))
        found = [d.value for d in dates if d.since]
        if found:
            self.since = (n, found[-1])


def extract_figures(article: ParsedArticle, *, timexes: list[Timex], entities: EntityIndex) -> list[Figure]:
    doc = article.doc
    blocked = date_tokens(doc, timexes)
    story = _Story(article.published.isoformat() if article.published else None)
    figures: list[Figure] = []
    sents = Sentences(doc)
    for n, sent in enumerate(sents.spans):
        dates = sentence_dates(doc, sents.text, sent, timexes, article.published)
        if sents.starts_paragraph(sent):
            story.paragraph = []
        context = story.context(n, sent, dates, lookback_hours(sent, timexes))
        found: list[tuple[Figure, Reading]] = []
        for amount in find_amounts(doc, sent.start, sent.end):
            figure = _figure(doc, amount, (blocked, sent.start), dates, context, entities, sents, found)
            if figure is not None:
                found.append(_on_event_day(_in_series(figure, amount, story, n), sent, dates, story))
        figures.extend(figure for figure, _reading in found)
        story.read(n, dates)
    return figures


SERIES_SENTENCES = 1  # "X won 28.5% of the vote. Y slumped to 16.4%": how far back a series reaches


def _in_series(found: tuple[Figure, Reading], amount: Amount, story: _Story, n: int) -> tuple[Figure, Reading]:
    """A money or percent figure named only by a fallback ("share", "value", its bare verb) counts what
    the figure just before it (same or previous sentence) counts, when that one is named and of the same
    kind: results, prices and budgets come in series."""
    figure, reading = found
    if amount.unit_kind not in ("prefix", "money", "percent"):
        return found
    kind = "money" if amount.unit_kind == "prefix" else amount.unit_kind
    before = story.named.get(kind)
    if not reading.weak:
        story.named[kind] = (n, figure.metric)
        return found
    subject = next((c for c in reading.anchor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.pos_ == "NOUN" and not subject.ent_type_ and (subject.is_lower or subject.is_sent_start):
        return found  # "inflation averaged 4.6%": its own subject names it, not the series
    if before is not None and n - before[0] <= SERIES_SENTENCES:
        story.named[kind] = (n, before[1])  # the series goes on
        return dataclasses.replace(figure, metric=before[1]), reading
    return found


def _on_event_day(found: tuple[Figure, Reading], sent: Span, dates: list[Dated], story: _Story) -> tuple[Figure, Reading]:
    """A vote's result or a crowd's size is as of the event the article dates ("won 28.5% of the
    vote" after "Sunday's election", "the protesters numbered 3,500" after "Saturday's protest"),
    when its own sentence dates nothing."""
    figure, reading = found
    own = [d for d in dates if not (d.comparison or d.since or d.future or d.modifier)]  # "from the 2021 election"
    if not story.event_day or own or figure.as_of != story.published:
        return found
    words = event_words()
    whole = [t.lower_ for t in sent if not _hyphenated(t)]  # "vote-buying" is no vote
    kinds = {words[w] for w in (*figure.metric.split(), *whole) if w in words}
    day = next((story.event_day[k] for k in sorted(kinds) if k in story.event_day), None)
    return (dataclasses.replace(figure, as_of=day), reading) if day else found


def _hyphenated(token: Token) -> bool:
    doc = token.doc
    return (token.i + 1 < len(doc) and doc[token.i + 1].text == "-") or (token.i > 0 and doc[token.i - 1].text == "-")


def _figure(doc: Doc, amount: Amount, blocked: tuple[set[int], int], dates: list[Dated], context: Context,
            entities: EntityIndex, sents: Sentences, earlier: list[tuple[Figure, Reading]]) -> tuple[Figure, Reading] | None:
    if not_a_figure(doc, amount, *blocked):
        return None
    reading = read(doc, amount)
    counted = counted_noun(doc, amount, amount_head(doc, amount))
    if reading is None and earlier:
        reading = read_elliptic(doc, amount, earlier[-1][1])
    if reading is None or not_a_claim(doc, amount, reading, counted):
        return None
    as_of, since = pick_dates(reading.anchor, (reading.lo, reading.hi), dates, context, cues())
    subject = reading.subject
    if subject is None and earlier and (counted is None or counted.lower_ in GENERIC):
        subject = earlier[-1][0].subject  # "74,787 others injured": the others of the count before
    span = doc[reading.lo:reading.hi]
    end = span.end_char - (span.text.endswith(".") and span[-1].text[:-1][-1:].isalnum() and len(span[-1]) <= 8)
    return Figure(
        text=sents.text[span.start_char:end], start=span.start_char, end=end, metric=reading.metric, value=amount.value,
        value_max=amount.value_max, qualifier=amount.qualifier, unit=reading.unit, subject=subject,
        as_of=as_of, since=since, source=_source(doc, reading, entities, sents),
    ), reading


def _source(doc: Doc, reading: Reading, entities: EntityIndex, sents: Sentences) -> str | None:
    skip = reading.verb if reading.by_verb else None  # "the attack claimed 50 lives": no one is credited
    return source_of(doc, reading.anchor, entities, sents, skip=skip, phrase=reading.phrase)
