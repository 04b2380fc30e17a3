"""Forms of the editorial desk: a proposed text with its reason, a decision, a restore."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from aposbook.lib.text_checks import check_member_text
from aposbook.library.models import Topic, TopicKind, Video

from .models import Revision

BODY_MAX = 100_000
REASON_MIN, REASON_MAX = 5, 300
NOTE_MAX = 2_000


def check_page_text(text: str | None, *, what: str) -> str:
    """A whole Markdown text (a page's, an article's): line endings made one kind, NUL bytes
    dropped, not empty and not beyond `BODY_MAX`."""
    body = (text or "").replace("\r\n", "\n").replace("\x00", "")
    if not body.strip():
        raise ValidationError(f"Please write {what}.", code="empty")
    if len(body) > BODY_MAX:
        raise ValidationError(
            f"The text is too long: please keep it under {BODY_MAX:,} characters.",
            code="too_long",
        )
    return body


def check_reason(text: str, *, what: str = "reason") -> str:
    return check_member_text(text, min_length=REASON_MIN, max_length=REASON_MAX, what=what)


class ProposalForm(forms.Form):
    """A whole new text for a page, made from the revision shown to the writer."""

    body = forms.CharField(
        label="Text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="Markdown. Cite references by their number, as in (1, 2).",
    )
    reason = forms.CharField(
        label="Why this change?",
        required=False,
        max_length=REASON_MAX + 100,
        help_text="A short reason editors read, such as “Fixed a typo” or “Added the 2024 trial”.",
    )
    is_minor = forms.BooleanField(
        label="This is a minor change (a typo, a broken link)",
        required=False,
        help_text="A minor change does not move the page's “Updated on” date.",
    )
    base = forms.ModelChoiceField(
        queryset=Revision.objects.none(), widget=forms.HiddenInput, required=True
    )

    def __init__(self, *args: Any, topic_revisions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = self.fields["base"]
        assert isinstance(base, forms.ModelChoiceField)
        base.queryset = topic_revisions
        base.error_messages["invalid_choice"] = (
            "The page's history changed while you were writing: please reload the page."
        )

    def clean_body(self) -> str:
        return check_page_text(self.cleaned_data["body"], what="the page's text")

    def clean_reason(self) -> str:
        return check_reason(self.cleaned_data["reason"])


class RefuseForm(forms.Form):
    note = forms.CharField(
        label="Why are you refusing it?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX,
        error_messages={"required": "Please say why; the proposer will read it."},
    )


class ResolveForm(forms.Form):
    """The editor's own text where the proposal and the page's newer text overlap."""

    body = forms.CharField(
        label="The text to publish",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        error_messages={"required": "Please write the text to publish."},
    )


class RestoreForm(forms.Form):
    reason = forms.CharField(
        label="Why restore it?",
        required=False,
        max_length=REASON_MAX,
        help_text="Optional; shown in the history.",
    )


class PreviewForm(forms.Form):
    body = forms.CharField(required=False, strip=False)


class VideoSubmissionForm(forms.ModelForm):
    """A YouTube or Vimeo video an expert sends for the library; `Video.clean` checks the
    address."""

    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Topics",
        help_text="The conditions and natural solutions it is about; it appears on their pages.",
        error_messages={"required": "Please choose at least one condition or solution."},
    )

    url = forms.URLField(
        label="Video address",
        max_length=500,
        assume_scheme="https",
        help_text="A YouTube or Vimeo address, such as https://www.youtube.com/watch?v=…",
        error_messages={"required": "Please give the video's YouTube or Vimeo address."},
    )
    creator_url = forms.URLField(
        label="The maker's website (optional)", required=False, assume_scheme="https"
    )

    class Meta:
        model = Video
        fields = ["url", "title", "creator", "creator_url", "description", "topics"]
        labels = {"creator": "Who made it", "description": "Summary"}
        help_texts = {
            "description": "Two or three sentences: what it shows and why it is worth watching.",
        }
        error_messages = {
            "title": {"required": "Please give the video a title."},
            "creator": {"required": "Please say who made the video."},
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True
        self.fields["description"].error_messages["required"] = "Please write a short summary."
        topics = self.fields["topics"]
        assert isinstance(topics, forms.ModelMultipleChoiceField)
        topics.queryset = Topic.objects.filter(
            kind__in=[TopicKind.CONDITION, TopicKind.SOLUTION]
        ).order_by("kind", "title")

    def clean_description(self) -> str:
        return check_member_text(
            self.cleaned_data["description"], min_length=20, max_length=2_000, what="summary"
        )
