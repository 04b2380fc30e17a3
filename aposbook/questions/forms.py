"""Forms for asking, editing and answering a question, and for the asker's emails about
answers. Every text goes through `check_member_text`; the forms own the double-submission
check too."""

from typing import Any

from django import forms

from aposbook.accounts.limits import add_limit_errors
from aposbook.accounts.models import User
from aposbook.lib.forms import body_field, check_title, refuse_duplicate, title_field
from aposbook.lib.text_checks import check_member_text
from aposbook.library.forms import UnsafeAdviceForm
from aposbook.library.models import Topic

from .models import Answer, Question

ANSWER_MIN, ANSWER_MAX = 20, 10_000
DETAILS_MIN, DETAILS_MAX = 10, 10_000


class QuestionForm(UnsafeAdviceForm):
    """A new question, or the asker's edit of one (`question`)."""

    title = title_field("Your question")
    body = body_field("Details (optional)", rows=6)
    checked_fields = ("title", "body")

    def __init__(
        self,
        *args: Any,
        topic: Topic,
        author: User,
        question: Question | None = None,
        **kwargs: Any,
    ) -> None:
        if question is not None:
            kwargs.setdefault("initial", {"title": question.title, "body": question.body})
        super().__init__(*args, **kwargs)
        self.topic, self.author, self.question = topic, author, question

    def safety_topic_id(self) -> int | None:
        return self.topic.pk

    def clean_title(self) -> str:
        title = check_title(self.cleaned_data["title"])
        others = Question.objects.all()
        if self.question is not None:
            others = others.exclude(pk=self.question.pk)
        refuse_duplicate(others, topic=self.topic, author=self.author, title=title)
        return title

    def clean_body(self) -> str:
        body = self.cleaned_data["body"] or ""
        if not body.strip():
            return ""
        return check_member_text(
            body, min_length=DETAILS_MIN, max_length=DETAILS_MAX, what="description"
        )

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        texts = [self.cleaned_data.get("title", ""), self.cleaned_data.get("body", "")]
        new = self.question is None
        add_limit_errors(self, field="body", author=self.author, texts=texts, new=new)
        return cleaned


class AnswerForm(UnsafeAdviceForm):
    body = body_field("Your answer")

    def __init__(
        self,
        *args: Any,
        question: Question | None = None,
        author: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.question, self.author = question, author

    def safety_topic_id(self) -> int | None:
        return self.question.topic_id if self.question is not None else None

    def clean_body(self) -> str:
        body = check_member_text(
            self.cleaned_data["body"], min_length=ANSWER_MIN, max_length=ANSWER_MAX, what="answer"
        )
        if self.question is not None:
            refuse_duplicate(
                Answer.objects.filter(question=self.question), author=self.author, body=body
            )
        return body

    def clean(self) -> dict[str, Any] | None:
        """A new answer (to `question`) or an edit, within the limits for new members."""
        cleaned = super().clean()
        if self.author is not None:
            texts = [self.cleaned_data.get("body", "")]
            new = self.question is not None
            add_limit_errors(self, field="body", author=self.author, texts=texts, new=new)
        return cleaned


class AnswerEmailsForm(forms.Form):
    """The asker starts or stops the emails about new answers to their question."""

    send = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        error_messages={
            "required": "Please say whether to email you about answers.",
            "invalid_choice": "Please say whether to email you about answers.",
        },
    )
