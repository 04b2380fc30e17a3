"""A member's latest contributions, for their public profile."""

from typing import Any

from aposbook.accounts.models import User

from .models import Answer, Question, Review, Thread

LATEST = 5


def latest_contributions(member: User) -> dict[str, list[Any]]:
    """The newest few of each kind: four queries, however much the member has written."""
    return {
        "reviews": list(
            Review.objects.filter(author=member)
            .select_related("solution", "condition")
            .order_by("-created_at")[:LATEST]
        ),
        "threads": list(
            Thread.objects.filter(author=member)
            .select_related("topic")
            .order_by("-created_at")[:LATEST]
        ),
        "questions": list(
            Question.objects.filter(author=member)
            .select_related("topic")
            .order_by("-created_at")[:LATEST]
        ),
        "answers": list(
            Answer.objects.filter(author=member)
            .select_related("question")
            .order_by("-created_at")[:LATEST]
        ),
    }
