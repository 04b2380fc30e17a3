""" "Was this page helpful?": what a member's account holds of it."""

from typing import Any

from aposbook.accounts.models import User

from .models import Feedback


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
