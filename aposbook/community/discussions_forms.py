"""Forms for discussions, questions and answers, and page feedback.

Every text goes through `check_member_text`; the forms also own the duplicate check, the
feedback rate limit and the honeypot, so views never read `request.POST` themselves.
"""

import re
from datetime import timedelta

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from aposbook.lib.client import client_ip
from aposbook.lib.text_checks import check_member_text

from .models import Answer, Post, Question, Thread

TITLE_MIN, TITLE_MAX = 10, 150
POST_MIN, POST_MAX = 10, 10_000
ANSWER_MIN, ANSWER_MAX = 20, 10_000
DETAILS_MIN, DETAILS_MAX = 10, 10_000
COMMENT_MIN, COMMENT_MAX = 3, 2_000
# The same text twice within this time is a double submission, not a second post.
DUPLICATE_WINDOW = timedelta(minutes=1)
ALREADY_POSTED = "You have already posted this."
LOCKED = "This discussion is locked: it takes no new replies."
TAG = re.compile(r"<\s*/?\s*[a-z!][^>]*>", re.IGNORECASE)

FEEDBACK_LIMIT = 10
FEEDBACK_WINDOW = 60 * 60
FEEDBACK_RATE_LIMITED = "You have sent a lot of feedback in a short time. Please try again later."
FEEDBACK_THANKS = (
    "Success! Thank you for your feedback. Your contribution can make a difference. "
    "Together we can help each other."
)


def check_title(text: str) -> str:
    """A title is one line of plain text."""
    text = check_member_text(text, min_length=TITLE_MIN, max_length=TITLE_MAX, what="title")
    if TAG.search(text):
        raise ValidationError(
            "Please write the title as plain text, without HTML tags.", code="markup"
        )
    return " ".join(text.split())


def _body_field(label: str, *, rows: int = 8) -> forms.CharField:
    # Not `required`: check_member_text says "Please write your …", clearer than Django's.
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text="You can use Markdown: **bold**, *italic*, > quote, - lists, [links](…).",
    )


def _title_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        help_text=f"Plain text, {TITLE_MIN}–{TITLE_MAX} characters.",
    )


def _is_duplicate(posts, *, author, body: str) -> bool:
    since = timezone.now() - DUPLICATE_WINDOW
    return posts.filter(author=author, body=body, created_at__gte=since).exists()


def _new_title(form: forms.Form, model: type[Thread] | type[Question]) -> str:
    """The title, unless this member gave the same one on this topic a moment ago."""
    title = check_title(form.cleaned_data["title"])
    since = timezone.now() - DUPLICATE_WINDOW
    same = model.objects.filter(
        topic=form.topic, author=form.author, title=title, created_at__gte=since
    )
    if same.exists():
        raise ValidationError(ALREADY_POSTED, code="duplicate")
    return title


class ThreadForm(forms.Form):
    title = _title_field("Title")
    body = _body_field("Your message")

    def __init__(self, *args: object, topic, author, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.topic, self.author = topic, author

    def clean_title(self) -> str:
        return _new_title(self, Thread)

    def clean_body(self) -> str:
        return check_member_text(
            self.cleaned_data["body"], min_length=POST_MIN, max_length=POST_MAX, what="message"
        )


class ReplyForm(forms.Form):
    body = _body_field("Your reply")
    quoted_post = forms.ModelChoiceField(
        queryset=Post.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: object, thread: Thread, author, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.thread, self.author = thread, author
        self.fields["quoted_post"].queryset = Post.objects.filter(thread=thread)
        self.fields["quoted_post"].error_messages["invalid_choice"] = (
            "The post you quoted is no longer in this discussion."
        )

    def clean_body(self) -> str:
        body = check_member_text(
            self.cleaned_data["body"], min_length=POST_MIN, max_length=POST_MAX, what="reply"
        )
        if _is_duplicate(self.thread.posts.all(), author=self.author, body=body):
            raise ValidationError(ALREADY_POSTED, code="duplicate")
        return body

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.thread.is_locked:
            raise ValidationError(LOCKED, code="locked")
        return cleaned


class PostEditForm(forms.Form):
    body = _body_field("Your message")

    def clean_body(self) -> str:
        return check_member_text(
            self.cleaned_data["body"], min_length=POST_MIN, max_length=POST_MAX, what="message"
        )


class QuestionForm(forms.Form):
    title = _title_field("Your question")
    body = _body_field("Details (optional)", rows=6)

    def __init__(self, *args: object, topic, author, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.topic, self.author = topic, author

    def clean_title(self) -> str:
        return _new_title(self, Question)

    def clean_body(self) -> str:
        body = self.cleaned_data["body"] or ""
        if not body.strip():
            return ""
        return check_member_text(
            body, min_length=DETAILS_MIN, max_length=DETAILS_MAX, what="description"
        )


class AnswerForm(forms.Form):
    body = _body_field("Your answer")

    def __init__(
        self, *args: object, question: Question | None = None, author=None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.question, self.author = question, author

    def clean_body(self) -> str:
        body = check_member_text(
            self.cleaned_data["body"], min_length=ANSWER_MIN, max_length=ANSWER_MAX, what="answer"
        )
        if self.question is not None and _is_duplicate(
            Answer.objects.filter(question=self.question), author=self.author, body=body
        ):
            raise ValidationError(ALREADY_POSTED, code="duplicate")
        return body


def feedback_sender_key(request: HttpRequest) -> str:
    """Who the feedback limit counts: the account, or for a visitor a keyed hash of the IP
    address, so that no address is kept anywhere, not even in the cache. The address is the
    client's, not the proxy's: behind a load balancer every visitor would share one limit."""
    if request.user.is_authenticated:
        return f"feedback-rate:user:{request.user.pk}"
    address = client_ip(request)
    digest = salted_hmac("aposbook.feedback", address, algorithm="sha256").hexdigest()
    return f"feedback-rate:ip:{digest[:32]}"


class FeedbackForm(forms.Form):
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
    # People never see this field (hidden by CSS and from screen readers); form-filling
    # bots do, and their feedback is dropped while they are told all went well.
    website = forms.CharField(label="Leave this field empty", required=False, strip=False)

    def __init__(self, *args: object, sender_key: str = "", **kwargs: object) -> None:
        # Its own ids: the box shares topic pages with other forms.
        kwargs.setdefault("auto_id", "feedback_%s")
        super().__init__(*args, **kwargs)
        self.sender_key = sender_key
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"] or ""
        if not comment.strip():
            return ""
        return check_member_text(
            comment, min_length=COMMENT_MIN, max_length=COMMENT_MAX, what="comment"
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cache.get(self.sender_key, 0) >= FEEDBACK_LIMIT:
            raise ValidationError(FEEDBACK_RATE_LIMITED, code="rate_limited")
        return cleaned

    def is_from_a_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def count_sent(self) -> None:
        """Count one feedback against the sender for the next hour."""
        cache.add(self.sender_key, 0, timeout=FEEDBACK_WINDOW)
        try:
            cache.incr(self.sender_key)
        except ValueError:
            # The counter expired between the two calls: this one starts a new window.
            cache.set(self.sender_key, 1, timeout=FEEDBACK_WINDOW)
