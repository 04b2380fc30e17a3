"""Questions and answers about a topic: members vote answers up, the asker accepts one."""

from __future__ import annotations

from typing import Any, TypedDict

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

from aposbook.accounts.models import User
from aposbook.lib.pagecache import item_tag, topic_tag
from aposbook.lib.writing import EditableWriting
from aposbook.library.models import Topic

NOT_THE_ASKER = "Only the member who asked the question can accept an answer."
OWN_ANSWER_VOTE = "You can't vote for your own answer."
OWN_QUESTION_ANSWER = (
    "You asked this question, so you can't answer it. To add details, edit the question "
    "within 24 hours of asking it."
)
NOT_THE_ASKERS_EMAILS = "Only the member who asked the question gets emails about its answers."
UNSUBSCRIBE_SALT = "aposbook.questions.unsubscribe"


class QuestionQuerySet(models.QuerySet["Question"]):
    def unanswered(self) -> QuestionQuerySet:
        return self.filter(answer_count=0)

    def for_list(self) -> QuestionQuerySet:
        return self.select_related("author").order_by("-created_at", "-pk")


class Question(EditableWriting):
    """A member's question about a topic: a title and optional details, which the asker may
    edit within the same window as answers (`EDIT_WINDOW`, 24 hours)."""

    NOT_YOURS = "You can edit only your own questions."
    TOO_LATE = "You can edit a question only within 24 hours of asking it."

    # Indexed by the list indexes below, which both start with it.
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="questions", db_index=False
    )
    title = models.CharField(max_length=150)
    body = models.TextField(blank=True, help_text="Markdown; optional details.")
    accepted_answer = models.ForeignKey(
        "Answer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_count = models.PositiveIntegerField(default=0)
    answer_emails = models.BooleanField(
        "email the asker about answers",
        default=True,
        help_text="At most one email a day; the asker can stop them from the email.",
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        db_table = "community_question"
        ordering = ["-created_at", "-pk"]
        # Each serves a topic's list paged by key (`views.QUESTION_ORDER`): all of them, or
        # the unanswered ones.
        indexes = [
            models.Index(fields=["topic", "-created_at", "-id"], name="community_question_newest"),
            models.Index(
                fields=["topic", "answer_count", "-created_at", "-id"],
                name="community_question_unanswered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def page_tags(self) -> list[str]:
        return [topic_tag(self.topic_id), item_tag("question", self.pk)]

    def get_absolute_url(self) -> str:
        return reverse("questions:question", args=[self.pk])

    def moderated_text(self) -> str:
        return f"{self.title}\n\n{self.body}" if self.body else self.title

    def is_asked_by(self, user: User | AnonymousUser) -> bool:
        return self.author_id is not None and self.author_id == user.pk

    def answer_refusal(self, user: User | AnonymousUser) -> str | None:
        """Why `user` may not answer, beyond the log-in gate: the asker asks, others answer."""
        return OWN_QUESTION_ANSWER if self.is_asked_by(user) else None

    def edit(self, *, body: str, title: str | None = None) -> None:
        """Replace the details (and the title), marked as edited now."""
        if title is not None:
            self.title = title
        self.body, self.edited_at = body, timezone.now()
        self.save(update_fields=["title", "body", "body_html", "edited_at"])


class AnswerQuerySet(models.QuerySet["Answer"]):
    def for_question_page(self, question: Question) -> AnswerQuerySet:
        """The accepted answer first, then the most voted, then the oldest."""
        answers = self.filter(question=question).select_related("author")
        order: list = ["-vote_count", "created_at", "pk"]
        if question.accepted_answer_id is not None:
            accepted = models.Case(
                models.When(pk=question.accepted_answer_id, then=models.Value(0)),
                default=models.Value(1),
            )
            order.insert(0, accepted)
        return answers.order_by(*order)


class Answer(EditableWriting):
    NOT_YOURS = "You can edit only your own answers."
    TOO_LATE = "You can edit an answer only within 24 hours of posting it."

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    vote_count = models.PositiveIntegerField(default=0)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        db_table = "community_answer"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Answer {self.pk} to {self.question_id}"

    def page_tags(self) -> list[str]:
        return self.question.page_tags()

    def get_absolute_url(self) -> str:
        return f"{reverse('questions:question', args=[self.question_id])}#answer-{self.pk}"

    def vote_refusal(self, user: User | AnonymousUser) -> str | None:
        # An answer whose author is gone has no author id, and neither has a visitor.
        return OWN_ANSWER_VOTE if user.pk is not None and self.author_id == user.pk else None


class AnswerVote(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answer_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "community_answervote"
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "user"], name="community_answervote_answer_user_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} +1 {self.answer_id}"

    def page_tags(self) -> list[str]:
        return self.answer.page_tags()


class QuestionNotice(models.Model):
    """When the asker was last emailed about answers to a question: at most once a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question"], name="questions_questionnotice_user_question_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} about {self.question_id} at {self.sent_at:%Y-%m-%d %H:%M}"


def unsubscribe_token(*, user_id: int, question_id: int) -> str:
    """A link that stops the emails about answers to one question, without logging in.
    Emails are kept for years, so the signature carries no expiry."""
    return signing.dumps({"user": user_id, "question": question_id}, salt=UNSUBSCRIBE_SALT)


class UnsubscribeTarget(TypedDict):
    """What an unsubscribe link names: the asker and their question."""

    user: int
    question: int


def read_unsubscribe_token(token: str) -> UnsubscribeTarget | None:
    try:
        data: Any = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user, question = data.get("user"), data.get("question")
    if not isinstance(user, int) or not isinstance(question, int):
        return None
    return {"user": user, "question": question}
