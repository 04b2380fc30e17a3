"""Discussions in the Django admin: deleting posts keeps the thread's counter right."""

import pytest
from django.urls import reverse

from aposbook.discussions.models import Thread
from tests.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


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
