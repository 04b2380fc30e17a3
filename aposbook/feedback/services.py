""" "Was this page helpful?": what a member's account holds of it."""

from typing import Any

from django.contrib.auth.models import AnonymousUser

from aposbook.accounts.models import User
from aposbook.library.models import Topic

from .models import Feedback


def record_feedback(
    *, topic: Topic, sender: User | AnonymousUser, helpful: bool, comment: str
) -> Feedback:
    """Store one answer to "Was this page helpful?". The box is open to every reader, so a
    member who may not contribute now (address not confirmed, suspended) is heard like any
    visitor: anonymously. Their account is not one the site vouches for, and editors who
    read the comment must not take it for a member's word."""
    user = sender if sender.is_authenticated and sender.can_post() else None
    return Feedback.objects.create(topic=topic, helpful=helpful, comment=comment, user=user)


def export_member_feedback(user: User) -> dict[str, list[dict[str, Any]]]:
    """The feedback the member sent while logged in, oldest first."""
    return {
        "page_feedback": [
            {
                "page": feedback.topic.title,
                "helpful": "Yes" if feedback.helpful else "No",
                "comment": feedback.comment,
                "created_at": feedback.created_at,
            }
            for feedback in Feedback.objects.filter(user=user)
            .select_related("topic")
            .order_by("created_at")
        ],
    }
