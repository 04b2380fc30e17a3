"""Questions and answers about a topic: members vote answers up, the asker accepts one."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.urls import reverse
from django.utils import timezone

from aposbook.accounts.models import User
from aposbook.lib.writing import EditableWriting, MarkdownBody
from aposbook.library.models import Topic

NOT_THE_ASKER = "Only the member who asked the question can accept an answer."
OWN_ANSWER_VOTE = "You can't vote for your own answer."


class QuestionQuerySet(models.QuerySet["Question"]):
    def unanswered(self) -> QuestionQuerySet:
        return self.filter(answer_count=0)

    def for_list(self) -> QuestionQuerySet:
        return self.select_related("author").order_by("-created_at", "-pk")


class Question(MarkdownBody):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    title = models.CharField(max_length=150)
    body = models.TextField(blank=True, help_text="Markdown; optional details.")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_answer = models.ForeignKey(
        "Answer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_count = models.PositiveIntegerField(default=0)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        db_table = "community_question"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["topic", "answer_count", "-created_at"],
                name="community_question_unanswered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("questions:question", args=[self.pk])

    def is_asked_by(self, user: User) -> bool:
        return self.author_id is not None and self.author_id == user.pk


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
