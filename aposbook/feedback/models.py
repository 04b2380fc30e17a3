""" "Was this page helpful?": what readers say about a topic page, read by the editors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from aposbook.library.models import Topic


class FeedbackQuerySet(models.QuerySet["Feedback"]):
    def for_list(self) -> FeedbackQuerySet:
        return self.select_related("topic", "user").order_by("-created_at", "-pk")

    def tally(self) -> dict[str, int]:
        """How many readers found the page(s) helpful and how many did not."""
        return self.aggregate(
            helpful_count=models.Count("pk", filter=models.Q(helpful=True)),
            not_helpful_count=models.Count("pk", filter=models.Q(helpful=False)),
        )


class Feedback(models.Model):
    """One reader's answer. No IP address is stored: the rate limit lives in the cache."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField()
    comment = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when a visitor who was not logged in sent it.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        db_table = "community_feedback"
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"{'Helpful' if self.helpful else 'Not helpful'}: {self.topic.title}"
