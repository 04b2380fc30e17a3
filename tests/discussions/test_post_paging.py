"""A thread's posts page by key (cursor), oldest first: every post once, in order, both ways,
at the cost of page 1 whatever the depth; a post's lasting address is the page that ends at
it, and replying leads to the last page."""

import re

import pytest
from django.utils import timezone

from aposbook.discussions import views
from aposbook.discussions.models import Post
from aposbook.lib.paging import NOTICE
from tests.factories import PostFactory, ThreadFactory
from tests.helpers import page_text
from tests.keyset import assert_walks_every_item_once_at_page_one_cost, page_link, walk

pytestmark = pytest.mark.django_db

PAGE_SIZE = 5


@pytest.fixture
def thread(monkeypatch):
    monkeypatch.setattr(views, "POSTS_PER_PAGE", PAGE_SIZE)
    thread = ThreadFactory()
    for _ in range(62):
        PostFactory(thread=thread)
    # Posts sent at the same moment: only the id tells them apart.
    now = timezone.now()
    for position, post in enumerate(Post.objects.filter(thread=thread).order_by("pk")):
        Post.objects.filter(pk=post.pk).update(
            created_at=now.replace(second=position // 3, microsecond=0)
        )
    return thread


def _url(thread) -> str:
    return f"/discussions/{thread.pk}/"


def _ids(response) -> list[str]:
    return re.findall(r'<article class="post[^"]*" id="post-(\d+)"', response.content.decode())


def _expected(thread) -> list[str]:
    posts = sorted(Post.objects.filter(thread=thread), key=lambda post: (post.created_at, post.pk))
    return [str(post.pk) for post in posts]


def test_it_walks_every_post_once_at_page_one_cost(client, thread, django_assert_max_num_queries):
    walked = walk(client, _url(thread), _ids)

    assert_walks_every_item_once_at_page_one_cost(walked, _expected(thread))
    assert len(walked.forward) == 13
    with django_assert_max_num_queries(walked.first_queries):
        client.get(walked.deepest_query)


def test_a_posts_address_is_the_page_that_ends_at_it(client, thread):
    expected = _expected(thread)
    post = Post.objects.get(pk=expected[31])

    landing = client.get(client.get(f"/posts/{post.pk}/")["Location"])

    assert _ids(landing) == expected[27:32]
    later = client.get(f"{_url(thread)}?{page_link(landing, 'next')}")
    earlier = client.get(f"{_url(thread)}?{page_link(landing, 'prev')}")
    assert _ids(later) == expected[32:37] and _ids(earlier) == expected[22:27]


def test_a_posts_address_costs_one_probe_more_than_page_one(
    client, thread, django_assert_max_num_queries
):
    walked = walk(client, _url(thread), _ids)
    address = Post.objects.get(pk=_expected(thread)[40]).get_absolute_url()

    with django_assert_max_num_queries(walked.first_queries + 1) as captured:
        client.get(address)

    sql = " ".join(query["sql"].upper() for query in captured.captured_queries)
    assert " OFFSET " not in sql and "COUNT(" not in sql


def test_the_first_and_the_last_post_lead_to_the_ends_of_the_thread(client, thread):
    expected = _expected(thread)

    first = client.get(Post.objects.get(pk=expected[0]).get_absolute_url())
    last = client.get(Post.objects.get(pk=expected[-1]).get_absolute_url())

    assert _ids(first) == expected[:1] and page_link(first, "prev") is None
    assert _ids(last) == expected[-PAGE_SIZE:] and page_link(last, "next") is None


def test_the_reply_link_leads_to_the_last_page(client, alice, thread):
    client.force_login(alice)

    response = client.get(client.get(f"/discussions/{thread.pk}/reply/")["Location"])

    assert _ids(response) == _expected(thread)[-PAGE_SIZE:]
    assert page_link(response, "next") is None
    assert "Earlier posts" in page_text(response)


def test_a_reply_refused_shows_the_last_page_with_the_form(client, alice, thread):
    client.force_login(alice)

    response = client.post(f"/discussions/{thread.pk}/reply/", {"body": ""})

    assert response.status_code == 400
    assert _ids(response) == _expected(thread)[-PAGE_SIZE:]


@pytest.mark.parametrize("query", [{"cursor": "made-up"}, {"page": "4"}])
def test_an_edited_cursor_or_an_old_page_number_shows_the_first_page(client, thread, query):
    response = client.get(_url(thread), query)

    assert _ids(response) == _expected(thread)[:PAGE_SIZE]
    assert (NOTICE in page_text(response)) is ("cursor" in query)
