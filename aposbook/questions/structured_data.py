"""schema.org data for a question's page: a QAPage whose main entity is the question, with
the answers this page of the question shows (Google's rule: only answers on the page)."""

from typing import Any

from django.core.paginator import Page

from aposbook.accounts.models import User
from aposbook.lib.seo import absolute, iso
from aposbook.library.structured_data import author_data

from .models import Answer, Question


def _author(user: User | None) -> dict[str, Any]:
    """The author as the page names them; a deleted member's writing stays, unnamed."""
    if user is None or user.is_deleted:
        return {}
    return {"author": author_data(user)}


def _answer(answer: Answer, page_url: str) -> dict[str, Any]:
    return {
        "@type": "Answer",
        "text": answer.body,
        "dateCreated": iso(answer.created_at),
        "upvoteCount": answer.vote_count,
        "url": f"{page_url}#answer-{answer.pk}",
        **_author(answer.author),
    }


def question_data(question: Question, page: Page) -> dict[str, Any] | None:
    """The QAPage of `question`, as its page `page` of answers shows it to everyone: nothing
    for a question a moderator removed, and no answer that is held or removed."""
    if not question.is_shown:
        return None
    url = absolute(question.get_absolute_url())
    page_url = f"{url}?page={page.number}" if page.number > 1 else url
    entity: dict[str, Any] = {
        "@type": "Question",
        "name": question.title,
        "text": question.body or question.title,
        "answerCount": question.answer_count,
        "dateCreated": iso(question.created_at),
        "url": url,
        **_author(question.author),
    }
    answers = [answer for answer in page if answer.is_shown]
    accepted = [a for a in answers if a.pk == question.accepted_answer_id]
    if accepted:
        entity["acceptedAnswer"] = _answer(accepted[0], page_url)
    suggested = [_answer(a, page_url) for a in answers if a.pk != question.accepted_answer_id]
    if suggested:
        entity["suggestedAnswer"] = suggested
    return {"@type": "QAPage", "mainEntity": entity}
