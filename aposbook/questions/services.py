"""Writes for questions and answers.

Each function is one transaction that keeps the stored counters right with `F()`
expressions, and queues the asker's email after the commit. Who may act is checked by the
caller (the views, through the models' `*_refusal` methods and the log-in gate).
"""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from aposbook.accounts.limits import hold_reason
from aposbook.accounts.models import User
from aposbook.accounts.moderated import hold
from aposbook.accounts.registry import Writing
from aposbook.lib.forms import refuse_duplicate
from aposbook.lib.pagecache import changed_object
from aposbook.lib.visibility import Visibility, shown
from aposbook.library.models import Topic

from .models import Answer, AnswerVote, Question, QuestionNotice
from .tasks import notify_asker


@transaction.atomic
def ask_question(*, topic: Topic, author: User, title: str, body: str) -> Question:
    """Ask a question, or hold it for a moderator (`hold_reason`). The same question sent
    twice at once is stored once: ValidationError."""
    author.wait_for_own_writes()
    refuse_duplicate(Question.objects.all(), topic=topic, author=author, title=title)
    reason = hold_reason(author, [title, body])
    question = Question.objects.create(
        topic=topic, author=author, title=title, body=body, created_at=timezone.now()
    )
    if reason:
        hold(question, reason=reason)
    return question


@transaction.atomic
def add_answer(*, question: Question, author: User, body: str) -> Answer:
    """Answer a question, or hold the answer for a moderator (`hold_reason`). The same
    answer sent twice at once is stored once: ValidationError."""
    author.wait_for_own_writes()
    refuse_duplicate(Answer.objects.filter(question=question), author=author, body=body)
    reason = hold_reason(author, [body])
    answer = Answer.objects.create(
        question=question, author=author, body=body, created_at=timezone.now()
    )
    Question.objects.filter(pk=question.pk).update(answer_count=F("answer_count") + 1)
    if reason:
        hold(answer, reason=reason)
    notify_asker_after_commit(answer)
    return answer


def notify_asker_after_commit(answer: Answer) -> None:
    """The asker hears about `answer` once it is committed (and if it is shown by then; a
    held answer's asker hears when a moderator lets it through)."""
    answer_id = answer.pk
    transaction.on_commit(lambda: notify_asker.enqueue(answer_id=answer_id))


def set_answer_emails(*, question: Question, send: bool) -> None:
    """Start or stop the asker's emails about new answers to the question."""
    question.answer_emails = send
    Question.objects.filter(pk=question.pk).update(answer_emails=send)


def unsubscribe(*, user_id: int, question_id: int) -> bool:
    """Stop the emails an unsubscribe link names; True if they were on. The question must
    still be the member's: a link cannot stop emails meant for anyone else."""
    stopped = Question.objects.filter(pk=question_id, author_id=user_id, answer_emails=True)
    return bool(stopped.update(answer_emails=False))


@transaction.atomic
def delete_answer(*, answer: Answer) -> None:
    answer.delete()  # Keeps question_id: count_answer needs only that.
    if answer.is_shown:
        count_answer(answer, -1)


def count_answer(answer: Answer, sign: int) -> None:
    """Count an answer in its question's answers (+1) or take it out (-1), when a moderator
    or a check shows, holds or hides it (registered in apps.py)."""
    questions = Question.objects.filter(pk=answer.question_id)
    if sign < 0:
        questions = questions.filter(answer_count__gt=0)
    questions.update(answer_count=F("answer_count") + sign)


@transaction.atomic
def toggle_vote(*, answer: Answer, user: User) -> bool:
    """Vote an answer up, or take the vote back; True if the member now votes for it."""
    deleted, _ = AnswerVote.objects.filter(answer=answer, user=user).delete()
    if deleted:
        Answer.objects.filter(pk=answer.pk, vote_count__gt=0).update(vote_count=F("vote_count") - 1)
        voted = False
    else:
        try:
            with transaction.atomic():
                AnswerVote.objects.create(answer=answer, user=user)
        except IntegrityError:
            # A double click: the first request counted the vote; show its count.
            answer.refresh_from_db(fields=["vote_count"])
            return True
        Answer.objects.filter(pk=answer.pk).update(vote_count=F("vote_count") + 1)
        voted = True
    answer.refresh_from_db(fields=["vote_count"])
    return voted


@transaction.atomic
def toggle_accept(*, answer: Answer) -> bool:
    """Accept an answer, or withdraw the acceptance; True if it is now the accepted one.
    Accepting another answer replaces the previous choice."""
    question = (
        Question.objects.select_for_update()
        .only("accepted_answer", "topic")
        .get(pk=answer.question_id)
    )
    accepted = question.accepted_answer_id != answer.pk
    Question.objects.filter(pk=question.pk).update(accepted_answer=answer if accepted else None)
    changed_object(question)
    return accepted


# --- The member's account (registered in apps.py) ------------------------------------------

LATEST_ON_PROFILE = 5


def export_member_questions(user: User) -> dict[str, list[dict[str, Any]]]:
    """The member's questions, answers and answer votes, oldest first."""
    return {
        "questions": [
            {
                "title": question.title,
                "body": question.body,
                "topic": question.topic.title,
                "created_at": question.created_at,
                "edited_at": question.edited_at,
                "emails_about_answers": "On" if question.answer_emails else "Off",
            }
            for question in Question.objects.filter(author=user)
            .select_related("topic")
            .order_by("created_at")
        ],
        "answers": [
            {
                "question": answer.question.title,
                "body": answer.body,
                "created_at": answer.created_at,
                "edited_at": answer.edited_at,
            }
            for answer in Answer.objects.filter(author=user)
            .select_related("question")
            .order_by("created_at")
        ],
        "answer_votes": [
            {"answer": vote.answer_id, "created_at": vote.created_at}
            for vote in AnswerVote.objects.filter(user=user).order_by("created_at")
        ],
    }


def forget_answer_notices(user: User) -> None:
    """A purged account: drop when we last emailed it about its questions' answers."""
    QuestionNotice.objects.filter(user=user).delete()


def latest_member_questions(
    user: User, reader: User | AnonymousUser
) -> dict[str, list[Question] | list[Answer]]:
    """The member's newest questions and answers on pages `reader` may open, for the
    member's public profile (two queries)."""
    topics = Topic.objects.visible_to(reader)
    questions = Question.objects.filter(shown(), author=user, topic__in=topics).select_related(
        "topic"
    )
    answers = Answer.objects.filter(
        shown(), author=user, question__visibility=Visibility.SHOWN, question__topic__in=topics
    ).select_related("question")
    return {
        "questions": list(questions.order_by("-created_at")[:LATEST_ON_PROFILE]),
        "answers": list(answers.order_by("-created_at")[:LATEST_ON_PROFILE]),
    }


# --- What the limits for new members read (registered in apps.py) ---------------------------


def member_question_writing(user: User, since: datetime | None, limit: int) -> list[Writing]:
    """The member's questions (title and details) and answers since `since`, newest first
    (two queries)."""
    questions = Question.objects.filter(author=user)
    answers = Answer.objects.filter(author=user)
    if since is not None:
        questions = questions.filter(created_at__gte=since)
        answers = answers.filter(created_at__gte=since)
    asked = questions.order_by("-created_at").values_list(
        "created_at", "title", "body", "visibility"
    )
    answered = answers.order_by("-created_at").values_list("created_at", "body", "visibility")
    return [
        *(
            Writing(created_at=at, texts=(title, body), shown=visibility == Visibility.SHOWN)
            for at, title, body, visibility in asked[:limit]
        ),
        *(
            Writing(created_at=at, texts=(body,), shown=visibility == Visibility.SHOWN)
            for at, body, visibility in answered[:limit]
        ),
    ]


def member_has_kept_question(user: User, up_since: datetime) -> bool:
    """A question or answer shown and up since before `up_since`, a question someone
    answered, or an answer someone voted for or the asker accepted."""
    questions = Question.objects.filter(shown(), author=user)
    if questions.filter(Q(created_at__lt=up_since) | Q(answer_count__gt=0)).exists():
        return True
    accepted = Question.objects.filter(accepted_answer=OuterRef("pk"))
    answers = Answer.objects.filter(shown(), author=user)
    return answers.filter(
        Q(created_at__lt=up_since) | Q(vote_count__gt=0) | Exists(accepted)
    ).exists()
