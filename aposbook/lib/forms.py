"""Form pieces that several apps' forms share: the honeypot, and the title and body fields
of what members write, with the double-submission check."""

import re
from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone

from aposbook.lib.text_checks import check_member_text

TITLE_MIN, TITLE_MAX = 10, 150
# The same text twice within this time is a double submission, not a second post.
DUPLICATE_WINDOW = timedelta(minutes=1)
ALREADY_POSTED = "You have already posted this."
TAG = re.compile(r"<\s*/?\s*[a-z!][^>]*>", re.IGNORECASE)
MARKDOWN_HELP = "You can use Markdown: **bold**, *italic*, > quote, - lists, [links](…)."


class HoneypotForm(forms.Form):
    """A form with a field people never see (hidden by CSS and from screen readers) but
    form-filling bots do: what a bot sends is dropped while it is told all went well."""

    website = forms.CharField(
        label="Leave this field empty", required=False, max_length=200, strip=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def is_from_a_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


def body_field(label: str, *, rows: int = 8) -> forms.CharField:
    # Not `required`: check_member_text says "Please write your …", clearer than Django's.
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=MARKDOWN_HELP,
    )


def title_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        help_text=f"Plain text, {TITLE_MIN}–{TITLE_MAX} characters.",
    )


def check_title(text: str) -> str:
    """A title is one line of plain text."""
    text = check_member_text(text, min_length=TITLE_MIN, max_length=TITLE_MAX, what="title")
    if TAG.search(text):
        raise ValidationError(
            "Please write the title as plain text, without HTML tags.", code="markup"
        )
    return " ".join(text.split())


def refuse_duplicate(recent: QuerySet[Model], **same: object) -> None:
    """Refuse what this author already sent a moment ago (`recent` filtered by `same`)."""
    since = timezone.now() - DUPLICATE_WINDOW
    if recent.filter(created_at__gte=since, **same).exists():
        raise ValidationError(ALREADY_POSTED, code="duplicate")
