"""The questions' section of /sitemap.xml: questions on topics everyone may see, dated by
their latest answer or edit."""

from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Max, QuerySet
from django.db.models.functions import Coalesce, Greatest

from aposbook.lib.seo import Section
from aposbook.lib.visibility import shown
from aposbook.library.models import Topic

from .models import Question


def public_questions() -> QuerySet[Question]:
    # Held and removed questions are not for search engines.
    return Question.objects.filter(shown(), topic__in=Topic.objects.visible_to(AnonymousUser()))


def _changed() -> Greatest:
    """The last time the page changed: asked, edited, or answered."""
    return Greatest(
        "created_at",
        Coalesce("edited_at", "created_at"),
        Coalesce(Max("answers__created_at"), "created_at"),
    )


class QuestionSection(Section):
    def items(self) -> QuerySet[Question]:
        return (
            public_questions()
            .annotate(changed=_changed())
            .only("pk", "created_at", "edited_at")
            .order_by("pk")
        )

    def lastmod(self, item: Question) -> datetime:
        return item.changed  # type: ignore[attr-defined]

    def get_latest_lastmod(self) -> datetime | None:
        latest = public_questions().annotate(changed=_changed()).order_by(F("changed").desc())
        return latest.values_list("changed", flat=True).first()
