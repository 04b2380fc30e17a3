"""Atom feeds of new and updated articles: the whole library, and each condition's or
solution's. Published articles only, newest first by the date their cards show."""

from datetime import datetime

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from aposbook.lib.seo import AtomFeed, absolute

from .models import Article, ArticleQuerySet, Topic, TopicKind

FEED_SIZE = 30


class ArticlesFeed(AtomFeed):
    """Every published article."""

    def title(self) -> str:
        return f"{settings.SITE_NAME}: new articles"

    def subtitle(self) -> str:
        return "Articles by health experts, medically reviewed, on natural solutions."

    def link(self) -> str:
        return absolute(reverse("library:index"))

    def feed_url(self) -> str:
        return absolute(reverse("library:articles_feed"))

    def articles(self) -> ArticleQuerySet:
        return Article.objects.published().with_authors().newest_first()

    def items(self) -> list[Article]:
        return list(self.articles()[:FEED_SIZE])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime:
        return item.last_updated

    def item_author_name(self, item: Article) -> str:
        return item.author.byline

    def item_author_link(self, item: Article) -> str | None:
        author = item.author
        return absolute(author.get_absolute_url()) if author.has_public_profile else None


class TopicArticlesFeed(ArticlesFeed):
    """The published articles about one condition or solution."""

    def __init__(self, kind: TopicKind) -> None:
        self.kind = kind

    def get_object(self, request: HttpRequest, slug: str) -> Topic:
        return get_object_or_404(Topic, kind=self.kind, slug=slug)

    def title(self, obj: Topic) -> str:  # type: ignore[override]
        return f"{settings.SITE_NAME}: articles about {obj.title}"

    def subtitle(self, obj: Topic) -> str:  # type: ignore[override]
        return f"New and updated articles about {obj.title}, by health experts."

    def link(self, obj: Topic) -> str:  # type: ignore[override]
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj: Topic) -> str:  # type: ignore[override]
        return absolute(topic_feed_url(obj))

    def items(self, obj: Topic) -> list[Article]:  # type: ignore[override]
        return list(self.articles().filter(topics=obj)[:FEED_SIZE])


def topic_feed_url(topic: Topic) -> str:
    return reverse(f"library:{topic.kind}_feed", args=[topic.slug])
