"""The open read API: what the library's pages show, as JSON, for anyone.

Thin like the page views: each operation reads through the library's own querysets
(`published()`, the stored review figures) and hands a page of rows to a small function
that shapes one row. Everything here is public, and nothing writes.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError

from aposbook.lib.seo import absolute
from aposbook.library.models import (
    Article,
    Condition,
    EvidenceGrade,
    Reference,
    Solution,
    SolutionForCondition,
    SolutionKind,
    Topic,
    Video,
)
from aposbook.reviews.models import ReviewStats

from . import schemas
from .http import ClientRateLimit, LocalSwagger, cached_like_pages, docs_headers
from .paging import DEFAULT_LIMIT, MAX_LIMIT, BadCursor, paginate

api = NinjaAPI(
    title="Aposbook open read API",
    version="1",
    description=(
        "Read-only JSON for Aposbook's conditions, natural solutions, the evidence between "
        "them, articles, videos and members' review figures. Lists page by cursor: pass "
        "`next_cursor` back as `cursor`, with the same filters, until it is null. Each client "
        "may make a limited number of requests a minute; past it the answer is 429 with "
        "Retry-After."
    ),
    docs=LocalSwagger(),
    docs_decorator=docs_headers,
    throttle=ClientRateLimit(),
    urls_namespace="api",
)
api.add_decorator(cached_like_pages, mode="view")

Errors = dict[int, type[schemas.Error]]
# A list also answers 400 to a cursor it did not give out; a single object 404.
LIST_ERRORS: Errors = {400: schemas.Error, 422: schemas.Error, 429: schemas.Error}
DETAIL_ERRORS: Errors = {404: schemas.Error, 422: schemas.Error, 429: schemas.Error}


@api.exception_handler(BadCursor)
def bad_cursor(request: HttpRequest, error: BadCursor) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """One readable line per bad parameter, rather than pydantic's nested report."""
    problems = [
        f"{'.'.join(str(part) for part in item['loc'][1:]) or 'request'}: {item['msg']}"
        for item in error.errors
    ]
    return api.create_response(request, {"detail": "; ".join(problems)}, status=422)


class Paging(Schema):
    cursor: str | None = Field(None, description="`next_cursor` from the previous page.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")


Shape = Callable[[Any], dict[str, Any]]


def _list(
    rows: QuerySet[Any],
    *,
    name: str,
    order: tuple[str, ...],
    paging: Paging,
    shape: Shape,
) -> dict[str, Any]:
    page = paginate(rows, name=name, order=order, cursor=paging.cursor, limit=paging.limit)
    return {
        "items": [shape(row) for row in page.items],
        "next_cursor": page.next_cursor,
    }


def _named(item: Condition | Solution) -> dict[str, str]:
    return {"slug": item.slug, "name": item.name}


def _topics(topics: list[Topic]) -> list[dict[str, str]]:
    return [{"kind": topic.kind, "slug": topic.slug, "title": topic.title} for topic in topics]


REFERENCE_FIELDS = list(schemas.ReferenceOut.model_fields)


def _reference(reference: Reference) -> dict[str, Any]:
    return {field: getattr(reference, field) for field in REFERENCE_FIELDS}


@api.get("/", response={200: schemas.Index, 429: schemas.Error}, tags=["index"])
def index(request: HttpRequest) -> dict[str, Any]:
    """Where everything is: the lists, the OpenAPI schema and the interactive docs."""
    lists = ["conditions", "solutions", "evidence", "articles", "videos", "review-figures"]
    return {
        "lists": {name: absolute(f"{request.path}{name}") for name in lists},
        "openapi": absolute(reverse("api:openapi-json")),
        "docs": absolute(reverse("api:openapi-view")),
    }


# --- Conditions ---


def _condition(condition: Condition) -> dict[str, Any]:
    return {
        "slug": condition.slug,
        "name": condition.name,
        "summary": condition.summary,
        "icd10_codes": condition.code_list,
        "synonyms": condition.synonym_list,
        "page_url": absolute(condition.get_absolute_url()),
    }


def _code_starts(code: str) -> Q:
    """Conditions with a code that starts with `code` (codes are stored comma-separated)."""
    return (
        Q(icd10_codes__istartswith=code)
        | Q(icd10_codes__icontains=f",{code}")
        | Q(icd10_codes__icontains=f", {code}")
    )


@api.get("/conditions", response={200: schemas.ConditionPage, **LIST_ERRORS}, tags=["library"])
def list_conditions(
    request: HttpRequest,
    paging: Query[Paging],
    code: str | None = Query(None, description='An ICD-10-CM code or its start, e.g. "G47".'),
) -> dict[str, Any]:
    """Conditions by name, with their ICD-10-CM codes and other names."""
    rows = Condition.objects.defer("body", "body_html")
    if code and code.strip():
        rows = rows.filter(_code_starts(code.strip()))
    return _list(rows, name="conditions", order=("name", "id"), paging=paging, shape=_condition)


@api.get(
    "/conditions/{slug}", response={200: schemas.ConditionDetail, **DETAIL_ERRORS}, tags=["library"]
)
def get_condition(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One condition, with its page's text (sanitised HTML) and related conditions."""
    condition = get_object_or_404(Condition.objects.select_related("topic"), slug=slug)
    return _condition(condition) | {
        "body_html": condition.body_html,
        "related": [_named(other) for other in condition.related.only("slug", "name")],
        "reviewed_at": condition.topic.reviewed_at,
    }


# --- Natural solutions ---


def _solution(solution: Solution) -> dict[str, Any]:
    return {
        "slug": solution.slug,
        "name": solution.name,
        "kind": solution.kind,
        "summary": solution.summary,
        "forms": [
            {"name": form.name, "description": form.description} for form in solution.forms.all()
        ],
        "page_url": absolute(solution.get_absolute_url()),
    }


SOLUTION_TEXTS = [f"{field}_html" for field in Solution.TEXT_FIELDS]


@api.get("/solutions", response={200: schemas.SolutionPage, **LIST_ERRORS}, tags=["library"])
def list_solutions(
    request: HttpRequest, paging: Query[Paging], kind: SolutionKind | None = None
) -> dict[str, Any]:
    """Natural solutions by name, with the forms each comes in."""
    rows = Solution.objects.defer(*Solution.TEXT_FIELDS, *SOLUTION_TEXTS).prefetch_related("forms")
    if kind:
        rows = rows.filter(kind=kind)
    return _list(rows, name="solutions", order=("name", "id"), paging=paging, shape=_solution)


@api.get(
    "/solutions/{slug}", response={200: schemas.SolutionDetail, **DETAIL_ERRORS}, tags=["library"]
)
def get_solution(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One solution, with its page's texts (sanitised HTML): dosage, side effects,
    interactions and who should avoid it."""
    solutions = Solution.objects.select_related("topic").prefetch_related("forms")
    solution = get_object_or_404(solutions, slug=slug)
    texts = {field: getattr(solution, field) for field in SOLUTION_TEXTS}
    return _solution(solution) | texts | {"reviewed_at": solution.topic.reviewed_at}


# --- Evidence ---


def _evidence(row: SolutionForCondition) -> dict[str, Any]:
    return {
        "id": row.pk,
        "solution": _named(row.solution),
        "condition": _named(row.condition),
        "grade": row.grade,
        "grade_rule": row.grade_rule,
        "summary": row.summary,
        "references": [_reference(reference) for reference in row.references.all()],
    }


@api.get("/evidence", response={200: schemas.EvidencePage, **LIST_ERRORS}, tags=["library"])
def list_evidence(
    request: HttpRequest,
    paging: Query[Paging],
    condition: str | None = Query(None, description="A condition's slug."),
    solution: str | None = Query(None, description="A solution's slug."),
    grade: EvidenceGrade | None = None,
) -> dict[str, Any]:
    """What the research says about each solution for each condition: strongest grade
    first, with the references behind it."""
    rows = SolutionForCondition.objects.select_related("solution", "condition").only(
        "grade", "summary", "solution__slug", "solution__name", "condition__slug", "condition__name"
    )
    filters = {"condition__slug": condition, "solution__slug": solution, "grade": grade}
    rows = rows.filter(**{key: value for key, value in filters.items() if value})
    rows = rows.prefetch_related("references")
    return _list(rows, name="evidence", order=("grade", "id"), paging=paging, shape=_evidence)


# --- Articles ---


def _article(article: Article) -> dict[str, Any]:
    return {
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "author": article.author.byline,
        "reviewer": article.reviewer.byline if article.reviewer else None,
        "published_at": article.published_at,
        "updated_at": article.last_updated,
        "topics": _topics(list(article.topics.all())),
        "page_url": absolute(article.get_absolute_url()),
    }


def _about(rows: QuerySet[Any], topic: str | None) -> QuerySet[Any]:
    """Rows about the condition or solution whose slug is `topic`."""
    return rows.filter(topics__slug=topic).distinct() if topic else rows


TOPIC_FILTER = Query(None, description="Only those about this condition's or solution's slug.")


@api.get("/articles", response={200: schemas.ArticlePage, **LIST_ERRORS}, tags=["library"])
def list_articles(
    request: HttpRequest, paging: Query[Paging], topic: str | None = TOPIC_FILTER
) -> dict[str, Any]:
    """Published articles, newest first (metadata; the text is on each article)."""
    articles = Article.objects.published().with_authors().prefetch_related("topics")
    rows = _about(articles.defer("body", "body_html", "toc", "citations"), topic)
    order = ("-published_at", "-id")
    return _list(rows, name="articles", order=order, paging=paging, shape=_article)


@api.get(
    "/articles/{slug}", response={200: schemas.ArticleDetail, **DETAIL_ERRORS}, tags=["library"]
)
def get_article(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One published article with its text (rendered once when saved, sanitised) and its
    numbered references."""
    articles = Article.objects.published().with_authors().prefetch_related("topics")
    article = get_object_or_404(articles, slug=slug)
    references = [
        _reference(item.reference) | {"number": item.number}
        for item in article.article_references.select_related("reference")
    ]
    return _article(article) | {"body_html": article.body_html, "references": references}


# --- Videos ---


def _video(video: Video) -> dict[str, Any]:
    return {
        "slug": video.slug,
        "title": video.title,
        "creator": video.creator,
        "creator_url": video.creator_url,
        "description": video.description,
        "provider": video.provider,
        "video_url": video.url,
        "embed_url": video.embed_url,
        "published_at": video.published_at,
        "topics": _topics(list(video.topics.all())),
        "page_url": absolute(video.get_absolute_url()),
    }


@api.get("/videos", response={200: schemas.VideoPage, **LIST_ERRORS}, tags=["library"])
def list_videos(
    request: HttpRequest, paging: Query[Paging], topic: str | None = TOPIC_FILTER
) -> dict[str, Any]:
    """Published videos, newest first."""
    rows = _about(Video.objects.published().prefetch_related("topics"), topic)
    order = ("-published_at", "-id")
    return _list(rows, name="videos", order=order, paging=paging, shape=_video)


@api.get("/videos/{slug}", response={200: schemas.VideoOut, **DETAIL_ERRORS}, tags=["library"])
def get_video(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One published video."""
    video = get_object_or_404(Video.objects.published().prefetch_related("topics"), slug=slug)
    return _video(video)


# --- Members' review figures ---


def _figures(stats: ReviewStats) -> dict[str, Any]:
    return {
        "solution": _named(stats.solution),
        "condition": _named(stats.condition) if stats.condition else None,
        "review_count": stats.review_count,
        "average": stats.average,
        "histogram": stats.histogram,
        "side_effect_share": stats.side_effect_share,
        "recommend_share": stats.recommend_share,
        "page_url": absolute(stats.get_absolute_url()),
    }


@api.get(
    "/review-figures", response={200: schemas.ReviewFiguresPage, **LIST_ERRORS}, tags=["community"]
)
def list_review_figures(
    request: HttpRequest,
    paging: Query[Paging],
    solution: str | None = Query(None, description="A solution's slug."),
    condition: str | None = Query(None, description="A condition's slug."),
) -> dict[str, Any]:
    """Members' review figures for each solution, per condition (`condition` null: reviews
    for no condition in particular): counts, average score out of 10, the histogram of
    scores 1 to 10, and the shares (%) reporting side effects and recommending it.
    Figures only: no review text and nothing about who wrote them."""
    rows = ReviewStats.objects.filter(review_count__gt=0).select_related("solution", "condition")
    rows = rows.only(
        "solution__slug",
        "solution__name",
        "condition__slug",
        "condition__name",
        *ReviewStats.FIGURES,
    )
    if solution:
        rows = rows.filter(solution__slug=solution)
    if condition:
        rows = rows.filter(condition__slug=condition)
    return _list(rows, name="review-figures", order=("id",), paging=paging, shape=_figures)
