"""Questions in site search: each question, and each answer titled with its question."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet

from aposbook.lib.visibility import shown
from aposbook.library.models import Topic
from aposbook.search.index import Document, Source, reindex
from aposbook.search.models import Kind

from .models import Answer, Question


def shown_questions() -> QuerySet[Question]:
    """Questions everyone may read: shown, on the topics everyone may see. Correlated
    EXISTS rather than `IN (…)`, so that checking one question (`reindex`) reads by key."""
    topic = Topic.objects.visible_to(AnonymousUser()).filter(pk=OuterRef("topic_id"))
    return Question.objects.filter(shown(), Exists(topic))


def shown_answers() -> QuerySet[Answer]:
    """Shown answers to the questions everyone may read."""
    question = shown_questions().filter(pk=OuterRef("question_id"))
    return Answer.objects.filter(shown(), Exists(question)).select_related("question")


def question_changed(question: Question) -> None:
    """A question held, hidden or shown again, and its answers with it."""
    reindex(question)
    for answer in question_answers(question):
        reindex(answer)


def question_document(question: Question) -> Document:
    return Document(
        title=question.title,
        text=question.body_html,
        url=question.get_absolute_url(),
        updated=question.edited_at or question.created_at,
        topic_ids=(question.topic_id,),
    )


def answer_document(answer: Answer) -> Document:
    return Document(
        title=answer.question.title,
        text=answer.body_html,
        url=answer.get_absolute_url(),
        updated=answer.edited_at or answer.created_at,
        topic_ids=(answer.question.topic_id,),
    )


def question_answers(question: Question) -> QuerySet[Answer]:
    return question.answers.all()


SOURCES = [
    Source(
        kind=Kind.QUESTIONS,
        model=Question,
        visible=shown_questions,
        document=question_document,
    ),
    Source(
        kind=Kind.QUESTIONS,
        model=Answer,
        visible=shown_answers,
        document=answer_document,
        parents={Question: question_answers},
    ),
]
