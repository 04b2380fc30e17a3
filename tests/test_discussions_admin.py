"""The admin manages discussions, questions and feedback, and keeps the counters right."""

import pytest
from django.urls import reverse

from aposbook.accounts.models import User
from aposbook.discussions.models import Follow, Post, Thread
from aposbook.feedback.models import Feedback
from aposbook.questions.models import Answer, Question

from .factories import AnswerFactory, FeedbackFactory, PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root@example.com", "pw-for-tests-only"))
    return client


@pytest.mark.parametrize("model", [Thread, Post, Follow, Question, Answer, Feedback])
def test_it_lists_searches_and_opens_every_model(admin_client, model):
    PostFactory(quoted_post=None)
    AnswerFactory()
    FeedbackFactory(comment="Magnesium")
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "magnesium"}).status_code == 200
    change = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change", args=[model.objects.first().pk]
    )
    assert admin_client.get(change).status_code == 200


def test_it_counts_replies_after_an_admin_deletes_posts(admin_client):
    thread = ThreadFactory()
    replies = [PostFactory(thread=thread) for _ in range(3)]

    admin_client.post(
        reverse("admin:discussions_post_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [replies[0].pk, replies[1].pk],
            "post": "yes",
        },
    )

    assert Thread.objects.get(pk=thread.pk).reply_count == 1
    assert thread.posts.count() == 2


def test_it_counts_answers_after_an_admin_deletes_one(admin_client):
    answer = AnswerFactory()

    admin_client.post(reverse("admin:questions_answer_delete", args=[answer.pk]), {"post": "yes"})

    assert Question.objects.get(pk=answer.question_id).answer_count == 0
