"""The library's sections of /sitemap.xml: conditions, solutions, published articles and
videos, each with the date its page last changed. One query per section page."""

from datetime import datetime

from django.db.models import Max, QuerySet

from aposbook.lib.seo import Section

from .models import Article, Condition, Solution, Video, last_updated_expression


class ConditionSection(Section):
    def items(self) -> QuerySet[Condition]:
        return Condition.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Condition) -> datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        return Condition.objects.aggregate(latest=Max("updated_at"))["latest"]


class SolutionSection(Section):
    def items(self) -> QuerySet[Solution]:
        return Solution.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Solution) -> datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        return Solution.objects.aggregate(latest=Max("updated_at"))["latest"]


class ArticleSection(Section):
    def items(self) -> QuerySet[Article]:
        return Article.objects.published().only("slug", "updated_at", "published_at").order_by("pk")

    def lastmod(self, item: Article) -> datetime:
        return item.last_updated

    def get_latest_lastmod(self) -> datetime | None:
        latest = Max(last_updated_expression())
        return Article.objects.published().aggregate(latest=latest)["latest"]


class VideoSection(Section):
    def items(self) -> QuerySet[Video]:
        return Video.objects.published().only("slug", "published_at").order_by("pk")

    def lastmod(self, item: Video) -> datetime:
        return item.published_at

    def get_latest_lastmod(self) -> datetime | None:
        return Video.objects.published().aggregate(latest=Max("published_at"))["latest"]


SECTIONS: dict[str, type[Section]] = {
    "conditions": ConditionSection,
    "solutions": SolutionSection,
    "articles": ArticleSection,
    "videos": VideoSection,
}
