"""The discussions' section of /sitemap.xml: threads on topics everyone may see."""

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, QuerySet

from aposbook.lib.seo import Section
from aposbook.library.models import Topic

from .models import Thread


def public_threads() -> QuerySet[Thread]:
    visible_topics = Topic.objects.visible_to(AnonymousUser())
    return Thread.objects.filter(topic__in=visible_topics).opening_shown()


class ThreadSection(Section):
    def items(self) -> QuerySet[Thread]:
        return public_threads().only("pk", "last_activity_at").order_by("pk")

    def lastmod(self, item: Thread) -> datetime:
        return item.last_activity_at

    def get_latest_lastmod(self) -> datetime | None:
        return public_threads().aggregate(latest=Max("last_activity_at"))["latest"]
