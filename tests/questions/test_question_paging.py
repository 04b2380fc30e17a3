"""A topic's questions page by key (cursor), all of them or the unanswered ones: every
question once, in order, both ways, at the cost of page 1 whatever the depth."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from aposbook.lib.paging import NOTICE
from aposbook.questions import views
from aposbook.questions.models import Question
from tests.factories import AnswerFactory, ConditionFactory, QuestionFactory
from tests.helpers import page_text
from tests.keyset import assert_walks_every_item_once_at_page_one_cost, page_link, walk

pytestmark = pytest.mark.django_db

PAGE_SIZE = 5
URL = "/topics/condition/insomnia/questions/"


@pytest.fixture
def topic(monkeypatch):
    monkeypatch.setattr(views, "QUESTIONS_PER_PAGE", PAGE_SIZE)
    topic = ConditionFactory(name="Insomnia", slug="insomnia").topic
    now = timezone.now()
    for n in range(63):
        question = QuestionFactory(topic=topic)
        if n % 4 == 0:
            AnswerFactory(question=question)
        # Questions asked at the same moment: only the id tells them apart.
        Question.objects.filter(pk=question.pk).update(
            created_at=now - dt.timedelta(minutes=n // 3)
        )
    return topic


def _ids(response) -> list[str]:
    return re.findall(r'<a class="question-title" href="/questions/(\d+)/"', response.text)


def _expected(**filters) -> list[str]:
    questions = Question.objects.filter(**filters)
    ordered = sorted(questions, key=lambda question: (question.created_at, question.pk))
    return [str(question.pk) for question in reversed(ordered)]


@pytest.mark.parametrize(("query", "filters"), [("", {}), ("?unanswered=1", {"answer_count": 0})])
def test_it_walks_every_question_once_at_page_one_cost(
    client, topic, query, filters, django_assert_max_num_queries
):
    walked = walk(client, f"{URL}{query}", _ids)

    assert_walks_every_item_once_at_page_one_cost(walked, _expected(**filters))
    assert len(walked.forward) > 9
    with django_assert_max_num_queries(walked.first_queries):
        client.get(walked.deepest_query)


def test_the_unanswered_filter_stays_in_the_page_links(client, topic):
    response = client.get(f"{URL}?unanswered=1")

    assert page_link(response, "next").startswith("unanswered=1&cursor=")
    second = client.get(f"{URL}?{page_link(response, 'next')}")
    assert page_link(second, "prev").startswith("unanswered=1&cursor=")
    assert "Newer" in page_text(second) and "Older" in page_text(second)


@pytest.mark.parametrize("query", [{"cursor": "made-up"}, {"page": "4"}])
def test_an_edited_cursor_or_an_old_page_number_shows_the_first_page(client, topic, query):
    response = client.get(URL, query)

    assert response.status_code == 200
    assert _ids(response) == _expected()[:PAGE_SIZE]
    assert (NOTICE in page_text(response)) is ("cursor" in query)


def test_a_link_past_every_question_left_shows_the_first_page(client, topic):
    second = client.get(f"{URL}?{page_link(client.get(URL), 'next')}")
    older = page_link(second, "next")
    shown = _ids(second)
    Question.objects.filter(
        topic=topic, created_at__lte=Question.objects.get(pk=shown[-1]).created_at
    ).delete()

    response = client.get(f"{URL}?{older}")

    assert _ids(response) == _expected()[:PAGE_SIZE]
    assert NOTICE in page_text(response)
