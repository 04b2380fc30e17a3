""" "Was this page helpful?": one answer, an optional comment, the honeypot and the rate limit."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from aposbook.lib import ratelimit
from aposbook.lib.forms import HoneypotForm
from aposbook.lib.text_checks import check_member_text

COMMENT_MIN, COMMENT_MAX = 3, 2_000
FEEDBACK_LIMIT = 10
FEEDBACK_WINDOW = 60 * 60
FEEDBACK_RATE_LIMITED = "You have sent a lot of feedback in a short time. Please try again later."
FEEDBACK_THANKS = (
    "Success! Thank you for your feedback. Your contribution can make a difference. "
    "Together we can help each other."
)


class FeedbackForm(HoneypotForm):
    helpful = forms.TypedChoiceField(
        label="Was this page helpful?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        error_messages={
            "required": "Please choose Yes or No.",
            "invalid_choice": "Please choose Yes or No.",
        },
    )
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was missing, wrong or useful? Editors read every comment.",
    )
    field_order = ["helpful", "comment", "website"]

    def __init__(self, *args: Any, rate_key: str = "", **kwargs: Any) -> None:
        # Its own ids: the box shares topic pages with other forms.
        kwargs.setdefault("auto_id", "feedback_%s")
        super().__init__(*args, **kwargs)
        self.rate_key = rate_key

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"] or ""
        if not comment.strip():
            return ""
        return check_member_text(
            comment, min_length=COMMENT_MIN, max_length=COMMENT_MAX, what="comment"
        )

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        # Counted only when all else is right, so a slip of the keyboard costs nothing.
        if not self.errors and not ratelimit.hit(
            self.rate_key, limit=FEEDBACK_LIMIT, window=FEEDBACK_WINDOW
        ):
            raise ValidationError(FEEDBACK_RATE_LIMITED, code="rate_limited")
        return cleaned
