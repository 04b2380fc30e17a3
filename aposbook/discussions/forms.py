"""Forms for discussions: a new thread, a reply, an edit. Every text goes through
`check_member_text`; the forms own the double-submission and locked-thread checks, so views
never read `request.POST` themselves."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from aposbook.accounts.limits import add_limit_errors
from aposbook.accounts.models import User
from aposbook.lib.forms import body_field, check_title, refuse_duplicate, title_field
from aposbook.lib.text_checks import check_member_text
from aposbook.library.forms import UnsafeAdviceForm
from aposbook.library.models import Topic

from .models import Post, Thread

POST_MIN, POST_MAX = 10, 10_000
LOCKED = "This discussion is locked: it takes no new replies."


def check_post(text: str, *, what: str = "message") -> str:
    return check_member_text(text, min_length=POST_MIN, max_length=POST_MAX, what=what)


class ThreadForm(UnsafeAdviceForm):
    title = title_field("Title")
    body = body_field("Your message")
    checked_fields = ("title", "body")

    def __init__(self, *args: Any, topic: Topic, author: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topic, self.author = topic, author

    def safety_topic_id(self) -> int | None:
        return self.topic.pk

    def clean_title(self) -> str:
        title = check_title(self.cleaned_data["title"])
        refuse_duplicate(Thread.objects.all(), topic=self.topic, author=self.author, title=title)
        return title

    def clean_body(self) -> str:
        return check_post(self.cleaned_data["body"])

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        texts = [self.cleaned_data.get("title", ""), self.cleaned_data.get("body", "")]
        add_limit_errors(self, field="body", author=self.author, texts=texts)
        return cleaned


class ReplyForm(UnsafeAdviceForm):
    body = body_field("Your reply")
    quoted_post = forms.ModelChoiceField(
        queryset=Post.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, thread: Thread, author: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.thread, self.author = thread, author
        quoted_post = self.fields["quoted_post"]
        assert isinstance(quoted_post, forms.ModelChoiceField)
        quoted_post.queryset = Post.objects.filter(thread=thread)
        quoted_post.error_messages["invalid_choice"] = (
            "The post you quoted is no longer in this discussion."
        )

    def safety_topic_id(self) -> int | None:
        return self.thread.topic_id

    def clean_body(self) -> str:
        body = check_post(self.cleaned_data["body"], what="reply")
        refuse_duplicate(self.thread.posts.all(), author=self.author, body=body)
        return body

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.thread.is_locked:
            raise ValidationError(LOCKED, code="locked")
        texts = [self.cleaned_data.get("body", "")]
        add_limit_errors(self, field="body", author=self.author, texts=texts)
        return cleaned


class PostEditForm(UnsafeAdviceForm):
    body = body_field("Your message")

    def __init__(
        self, *args: Any, author: User, topic_id: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.author = author
        self.topic_id = topic_id

    def safety_topic_id(self) -> int | None:
        return self.topic_id

    def clean_body(self) -> str:
        return check_post(self.cleaned_data["body"])

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        texts = [self.cleaned_data.get("body", "")]
        add_limit_errors(self, field="body", author=self.author, texts=texts, new=False)
        return cleaned
