from typing import Any

from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "aposbook.questions"
    verbose_name = "Questions and answers"

    def ready(self) -> None:
        from aposbook.accounts import registry
        from aposbook.accounts.moderated import ReportableKind, register_kind
        from aposbook.lib.pagecache import shown_on_pages
        from aposbook.search import index

        from . import search, services
        from .models import Answer, AnswerVote, Question

        # Questions, answers and votes show on their topic's pages (lib/pagecache.py).
        shown_on_pages(Question, Question.page_tags)
        shown_on_pages(Answer, Answer.page_tags)
        shown_on_pages(AnswerVote, AnswerVote.page_tags)

        # Questions, answers and votes are in the data download and on the profile; a
        # purged account's questions and answers stay, shown as a deleted member's, and when
        # we last emailed it about answers goes.
        registry.register(
            export=services.export_member_questions,
            purge=services.forget_answer_notices,
            profile=services.latest_member_questions,
            writing=services.member_question_writing,
            kept=services.member_has_kept_question,
        )
        # Questions and answers can be reported; an answer not shown leaves the count.
        register_kind(
            ReportableKind(
                key="question",
                label="question",
                model=Question,
                where=_question_where,
                related=("author", "topic"),
                topic=_question_topic,
                changed=search.question_changed,
            )
        )
        register_kind(
            ReportableKind(
                key="answer",
                label="answer",
                model=Answer,
                where=_answer_where,
                count=services.count_answer,
                related=("author", "question__topic"),
                topic=_answer_topic,
                released=services.notify_asker_after_commit,
                changed=index.reindex,
            )
        )
        # Questions and answers are found by site search; see search.py.
        for source in search.SOURCES:
            index.register(source)


def _question_topic(question: Any) -> Any:
    return question.topic


def _answer_topic(answer: Any) -> Any:
    return answer.question.topic


def _question_where(question: Any) -> str:
    return f"A question about {question.topic.title}"


def _answer_where(answer: Any) -> str:
    return f"An answer to “{answer.question.title}”"
