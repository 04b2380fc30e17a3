from typing import Any, cast
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from aposbook.lib.pagecache import LIBRARY, MEMBERS, topic_tag
from aposbook.lib.paging import KeysetPage, keyset_page
from aposbook.lib.seo import json_ld
from aposbook.lib.stored_pages import depends_on, visitor_page

from . import structured_data
from .feeds import topic_feed_url
from .forms import LibraryFilterForm
from .models import (
    EVIDENCE_RULES,
    NEWEST_FIRST,
    NEWEST_VIDEOS,
    Article,
    ArticleReference,
    Condition,
    Solution,
    SolutionForCondition,
    SolutionKind,
    Topic,
    Video,
)

PAGE_SIZE = 20


def _evidence_for(**filters: object) -> list[SolutionForCondition]:
    """Evidence rows, strongest first, with what their cards show."""
    rows = (
        SolutionForCondition.objects.filter(**filters)
        .select_related("solution", "condition")
        .prefetch_related("references")
        .ranked()
    )
    return list(rows)


def _articles_about(topic: Topic, limit: int = 10) -> list[Article]:
    return list(
        Article.objects.published().with_authors().filter(topics=topic).newest_first()[:limit]
    )


def _videos_about(topics: list[Topic] | Topic, limit: int = 6) -> list[Video]:
    topic_list = topics if isinstance(topics, list) else [topics]
    return list(Video.objects.published().filter(topics__in=topic_list).distinct()[:limit])


@visitor_page(LIBRARY)
def condition_index(request: HttpRequest) -> HttpResponse:
    conditions = Condition.objects.only("name", "slug", "summary", "icd10_codes")
    groups: dict[str, list[Condition]] = {}
    for condition in conditions:
        groups.setdefault(condition.letter, []).append(condition)
    return render(request, "library/condition_index.html", {"groups": groups})


@visitor_page(LIBRARY, MEMBERS)
def condition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    condition = get_object_or_404(
        Condition.objects.select_related("topic", "topic__reviewed_by"), slug=slug
    )
    depends_on(request, topic_tag(condition.topic_id))
    context = {
        "condition": condition,
        # Read only when the shared part showing it is not in the cache (lib/shared_parts.py).
        "evidence": SimpleLazyObject(lambda: _evidence_for(condition=condition)),
        # Article cards (with their authors) and videos: read only when the shared part
        # showing them is not in the cache.
        "articles": SimpleLazyObject(lambda: _articles_about(condition.topic)),
        "videos": SimpleLazyObject(lambda: _videos_about(condition.topic)),
        "related": list(condition.related.only("name", "slug")),
        "grade_rules": EVIDENCE_RULES,
        "structured_data": json_ld(structured_data.condition_data(condition)),
        "topic_feed_url": topic_feed_url(condition.topic),
    }
    return render(request, "library/condition_detail.html", context)


@visitor_page(LIBRARY)
def solution_index(request: HttpRequest) -> HttpResponse:
    solutions = Solution.objects.only("name", "slug", "kind", "summary")
    groups: dict[str, list[Solution]] = {label: [] for value, label in SolutionKind.choices}
    for solution in solutions:
        groups[solution.get_kind_display()].append(solution)
    groups = {label: items for label, items in groups.items() if items}
    return render(request, "library/solution_index.html", {"groups": groups})


@visitor_page(LIBRARY, MEMBERS)
def solution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    solution = get_object_or_404(
        Solution.objects.select_related("topic", "topic__reviewed_by").prefetch_related("forms"),
        slug=slug,
    )
    depends_on(request, topic_tag(solution.topic_id))
    context = {
        "solution": solution,
        "evidence": SimpleLazyObject(lambda: _evidence_for(solution=solution)),
        # Article cards (with their authors) and videos: read only when the shared part
        # showing them is not in the cache.
        "articles": SimpleLazyObject(lambda: _articles_about(solution.topic)),
        "videos": SimpleLazyObject(lambda: _videos_about(solution.topic)),
        "grade_rules": EVIDENCE_RULES,
        # With members' figures: read only when its shared part is not in the cache.
        "structured_data": SimpleLazyObject(
            lambda: json_ld(structured_data.solution_data(solution))
        ),
        "figures_tag": topic_tag(solution.topic_id),
        "topic_feed_url": topic_feed_url(solution.topic),
    }
    return render(request, "library/solution_detail.html", context)


@visitor_page(LIBRARY, MEMBERS)
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    articles = (
        Article.objects.visible_to(request.user)
        .with_authors()
        .select_related("topic", "topic__reviewed_by")
    )
    article = get_object_or_404(articles, slug=slug)
    depends_on(request, topic_tag(article.topic_id))
    topics = list(article.topics.all())
    # The rest is read only if the page's shared parts are not kept already.
    # A list to everything that uses it; read when first used.
    references = cast(list[ArticleReference], SimpleLazyObject(article.numbered_references))
    context = {
        "article": article,
        "references": references,
        "topics": topics,
        "structured_data": SimpleLazyObject(
            lambda: json_ld(
                structured_data.article_data(article, references=references, topics=topics)
            )
        ),
        "related": SimpleLazyObject(
            lambda: list(article.related.published().with_authors().newest_first()[:6])
        ),
        "videos": SimpleLazyObject(lambda: _videos_about(topics)) if topics else [],
    }
    return render(request, "library/article_detail.html", context)


@visitor_page(LIBRARY)
def video_detail(request: HttpRequest, slug: str) -> HttpResponse:
    video = get_object_or_404(Video.objects.published(), slug=slug)
    topics = list(video.topics.all())
    context = {
        "video": video,
        "topics": topics,
        "structured_data": json_ld(structured_data.video_data(video)),
        "thumbnail": structured_data.video_thumbnail(video),
        "more_videos": list(
            Video.objects.published().filter(topics__in=topics).exclude(pk=video.pk).distinct()[:4]
        )
        if topics
        else [],
    }
    return render(request, "library/video_detail.html", context)


@visitor_page(LIBRARY, MEMBERS)  # MEMBERS: each article card names its author.
def library_index(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {"topic": None, "type": ""}
    topic, kind = filters["topic"], filters["type"]
    articles = Article.objects.published().with_authors()
    videos = Video.objects.published()
    if topic is not None:
        articles, videos = articles.filter(topics=topic), videos.filter(topics=topic)
    # A cursor only applies to the one list being browsed; the overview shows the newest.
    cursor = request.GET.get("cursor") if kind else None
    kept = {key: request.GET[key] for key in ("topic", "type") if request.GET.get(key)}
    context = {
        "form": form,
        "topic": topic,
        "kind": kind,
        "cursor": cursor or "",
        "filter_query": f"{urlencode(kept)}&" if kept else "",
        "topic_query": f"{urlencode({'topic': kept['topic']})}&" if topic else "",
        # Read only if the page's shared part is not kept already (templates/library/index.html).
        "articles": SimpleLazyObject(
            lambda: _newest_page(articles.newest_first(), "articles", NEWEST_FIRST, cursor)
        )
        if kind in ("", "article")
        else None,
        "videos": SimpleLazyObject(lambda: _newest_page(videos, "videos", NEWEST_VIDEOS, cursor))
        if kind in ("", "video")
        else None,
    }
    return render(request, "library/index.html", context)


def _newest_page(
    rows: QuerySet[Any], name: str, order: tuple[str, ...], cursor: str | None
) -> KeysetPage:
    return keyset_page(rows, name=f"library_{name}", order=order, cursor=cursor, size=PAGE_SIZE)
