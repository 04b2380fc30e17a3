"""The shapes the API answers with; the OpenAPI schema is generated from them.

Only what a visitor can read on the site's pages: people appear by the name their byline
shows, never by an address, an id or anything else about their account."""

from datetime import datetime

from ninja import Schema


class Error(Schema):
    detail: str


class Index(Schema):
    lists: dict[str, str]
    openapi: str
    docs: str


class TopicRef(Schema):
    kind: str
    slug: str
    title: str


class Named(Schema):
    """A condition or solution as another object points at it."""

    slug: str
    name: str


class ReferenceOut(Schema):
    key: str
    citation: str
    authors: str
    title: str
    journal: str
    year: int | None
    pmid: str
    doi: str
    link: str
    finding: str


class NumberedReference(ReferenceOut):
    number: int


class ConditionOut(Schema):
    slug: str
    name: str
    summary: str
    icd10_codes: list[str]
    synonyms: list[str]
    page_url: str


class ConditionDetail(ConditionOut):
    body_html: str
    related: list[Named]
    reviewed_at: datetime | None


class SolutionFormOut(Schema):
    name: str
    description: str


class SolutionOut(Schema):
    slug: str
    name: str
    kind: str
    summary: str
    forms: list[SolutionFormOut]
    page_url: str


class SolutionDetail(SolutionOut):
    body_html: str
    dosage_html: str
    side_effects_html: str
    interactions_html: str
    avoid_if_html: str
    reviewed_at: datetime | None


class EvidenceOut(Schema):
    id: int
    solution: Named
    condition: Named
    grade: str
    grade_rule: str
    summary: str
    references: list[ReferenceOut]


class ArticleOut(Schema):
    slug: str
    title: str
    summary: str
    author: str
    reviewer: str | None
    published_at: datetime
    updated_at: datetime
    topics: list[TopicRef]
    page_url: str


class ArticleDetail(ArticleOut):
    body_html: str
    references: list[NumberedReference]


class VideoOut(Schema):
    slug: str
    title: str
    creator: str
    creator_url: str
    description: str
    provider: str
    video_url: str
    embed_url: str
    published_at: datetime
    topics: list[TopicRef]
    page_url: str


class ReviewFigures(Schema):
    solution: Named
    condition: Named | None
    review_count: int
    average: float | None
    histogram: list[int]
    side_effect_share: int | None
    recommend_share: int | None
    page_url: str


class ConditionPage(Schema):
    items: list[ConditionOut]
    next_cursor: str | None


class SolutionPage(Schema):
    items: list[SolutionOut]
    next_cursor: str | None


class EvidencePage(Schema):
    items: list[EvidenceOut]
    next_cursor: str | None


class ArticlePage(Schema):
    items: list[ArticleOut]
    next_cursor: str | None


class VideoPage(Schema):
    items: list[VideoOut]
    next_cursor: str | None


class ReviewFiguresPage(Schema):
    items: list[ReviewFigures]
    next_cursor: str | None
