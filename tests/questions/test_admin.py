"""Questions in the Django admin: deleting an answer keeps the question's counter right."""

import pytest
from django.urls import reverse

from aposbook.questions.models import Question
from tests.factories import AnswerFactory

pytestmark = pytest.mark.django_db


def test_it_counts_answers_after_an_admin_deletes_one(admin_client):
    answer = AnswerFactory()

    admin_client.post(reverse("admin:questions_answer_delete", args=[answer.pk]), {"post": "yes"})

    assert Question.objects.get(pk=answer.question_id).answer_count == 0
