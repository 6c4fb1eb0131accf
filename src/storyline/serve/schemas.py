"""The shapes of the API's answers, as pydantic models: they make the OpenAPI documentation."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class ErrorDetail(BaseModel):
    status: int = Field(description="the HTTP status, repeated for clients that only keep the body")
    message: str = Field(description="what went wrong, in a sentence")


class ErrorBody(BaseModel):
    ok: bool = False
    error: ErrorDetail


class PageOf(BaseModel, Generic[T]):
    items: list[T]
    total: int | None = Field(description="how many match in all (null: not counted, e.g. search)")
    limit: int
    offset: int
    next_offset: int | None = Field(description="offset of the next page, null on the last one")


class DocumentSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    published_basis: str | None
    story: str | None = Field(description="the same-event cluster this article belongs to")
    copy_of: str | None = Field(description="id of the original when this article is a syndicated copy")
    quotes: int
    figures: int


class EntitySummary(BaseModel):
    id: str
    name: str
    type: str
    lat: float | None
    lon: float | None
    country: str | None
    documents: int
    mentions: int


class Geo(BaseModel):
    lat: float
    lon: float
    country: str | None


class EntityDetail(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str] = Field(description="other names the entity is written as")
    geo: Geo | None
    documents: int
    mentions: int
    quotes: int = Field(description="quotes attributed to the entity as speaker")


class TimelinePoint(BaseModel):
    date: str | None = Field(description="publication date (null: articles of unknown date)")
    documents: int
    mentions: int


class QuoteRow(BaseModel):
    doc_id: str
    start: int
    end: int
    text: str
    kind: str
    cue: str | None
    speaker: str | None
    speaker_entity_id: str | None
    title: str | None
    outlet: str | None
    published: str | None
    story: str | None


class FigureRow(BaseModel):
    doc_id: str
    start: int
    end: int
    text: str
    metric: str
    value: float
    value_max: float | None
    qualifier: str | None
    unit: str | None
    subject: str | None
    as_of: str | None
    since: str | None
    source: str | None
    place: str | None
    title: str | None
    outlet: str | None
    published: str | None
    story: str | None


class MetricRow(BaseModel):
    metric: str
    figures: int
    documents: int


class SeriesPoint(BaseModel):
    date: str | None = Field(description="the figure's as-of date, else the article's publication date")
    as_of: str | None
    value: float
    value_max: float | None
    qualifier: str | None
    unit: str | None
    source: str | None = Field(description="who the figure is credited to, else the outlet")
    outlet: str | None
    doc_id: str
    title: str | None
    start: int
    end: int
    text: str
    subject: str | None
    place: str | None
    story: str | None
    copies: list[str] = Field(description="outlets that republished this report as a syndicated copy")
    disagreement: bool = Field(description="another outlet gives a value for the same date that its range does not meet")
    revision: bool = Field(description="below an earlier 'at least' or 'more than' figure: the count was revised down")


class Series(BaseModel):
    id: str
    metric: str
    label: str = Field(description="its subject, else its place, else the metric")
    subject: str | None
    place: str | None
    unit: str | None
    group: str = Field(description="the storyline or story the series follows")
    sources: list[str]
    points: list[SeriesPoint] = Field(description="one per original report, by date; copies are listed on theirs")
    disagreements: int = Field(description="pairs of outlets that disagree")
    revisions: int = Field(description="pairs of an earlier figure and a later one revising it down")


class StorySummary(BaseModel):
    id: str
    title: str | None
    documents: int
    outlets: int
    first_published: str | None
    last_published: str | None
    storyline: str | None = None


class StoryArticle(DocumentSummary):
    copies: list[DocumentSummary] = Field(description="syndicated copies of this article, folded under it")


class StoryDetail(BaseModel):
    id: str
    title: str | None
    documents: int
    outlets: list[str]
    first_published: str | None
    last_published: str | None
    storyline: str | None
    articles: list[StoryArticle]
    metrics: list[str] = Field(description="metrics of the figures its articles report")


class StorylineSummary(BaseModel):
    id: str
    title: str | None = Field(description="the title of its first story")
    stories: int
    documents: int
    first_published: str | None
    last_published: str | None


class StorylineDetail(BaseModel):
    id: str
    title: str | None = Field(description="the title of its first story")
    stories: list[StorySummary]
    documents: int


class Hit(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str = Field(description="the matching passage, matches between [ and ]")


class InputProblem(BaseModel):
    origin: str
    problem: str


class SubmitResult(BaseModel):
    ok: bool = True
    added: list[str]
    updated: list[str]
    skipped: list[str] = Field(description="already stored, unchanged")
    errors: list[InputProblem] = Field(description="inputs that could not be read; the others were stored")
