"""Keyset paging's condition starts the index scan at the cursor: a deep page reads the
rows it shows, not every row before them."""

import pytest
from django.db import connection

from aposbook.lib.paging import after, sort_key
from aposbook.questions.models import Question
from aposbook.questions.views import QUESTION_ORDER
from tests.factories import ConditionFactory, QuestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_a_deep_page_starts_its_index_scan_at_the_cursor():
    topic = ConditionFactory().topic
    for _ in range(30):
        QuestionFactory(topic=topic)
    questions = Question.objects.filter(topic=topic).order_by(*QUESTION_ORDER)
    cursor = sort_key(questions[20], QUESTION_ORDER)
    sql, params = questions.filter(after(QUESTION_ORDER, cursor))[:6].query.sql_with_params()

    with connection.cursor() as cursor_:
        cursor_.execute("SET LOCAL enable_seqscan = off")  # a table this small: force the plan
        cursor_.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor_.fetchall())

    assert "community_question_newest" in plan
    # Bounded by the cursor in the index, not only filtered row by row after reading.
    index_condition = next(line for line in plan.splitlines() if "Index Cond" in line)
    assert "created_at <=" in index_condition
