"""The Atom feed of a discussion's posts, linked from its page."""

import xml.etree.ElementTree as ET

import pytest

from aposbook.accounts.moderated import hold, set_visibility
from aposbook.lib.visibility import Visibility
from aposbook.library.models import ArticleStatus
from tests.factories import ArticleFactory, PostFactory, ThreadFactory, UserFactory
from tests.fixtures import establish

pytestmark = pytest.mark.django_db

SITE = "https://aposbook.example"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def public_address(settings) -> None:
    settings.SITE_URL = SITE


def test_the_feed_lists_a_discussion_s_posts_newest_first(client, alice, bob):
    establish(bob)  # a new member's first link would wait for a moderator
    thread = ThreadFactory(author=alice, title="Waking at three", body="Anyone else?")
    reply = PostFactory(thread=thread, author=bob, body="Yes, [see this](https://example.org).")

    response = client.get(f"/feeds/discussions/{thread.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.findtext(f"{ATOM}title").startswith("Waking at three")
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Post by Bob",
        "Post by Alice",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == f"{SITE}/posts/{reply.pk}/"
    # The post as its page shows it, with links to our own pages made absolute.
    assert f'href="{SITE}/leave/?to=https' in first.findtext(f"{ATOM}summary")


def test_the_feed_leaves_out_replies_held_or_removed(client, alice, bob):
    thread = ThreadFactory(author=alice, title="Waking at three", body="Anyone else?")
    set_visibility(PostFactory(thread=thread, author=bob), Visibility.HIDDEN, reason="Spam")
    hold(PostFactory(thread=thread, author=bob), reason="Same text posted elsewhere")

    feed = ET.fromstring(client.get(f"/feeds/discussions/{thread.pk}/").content)

    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == [
        "Post by Alice"
    ]


def test_the_thread_page_links_to_its_feed(client):
    thread = ThreadFactory()

    page = client.get(f"/discussions/{thread.pk}/").content.decode()

    assert f'type="application/atom+xml" href="/feeds/discussions/{thread.pk}/"' in page


def test_a_discussion_about_an_unpublished_article_has_no_feed(client):
    draft = ArticleFactory(status=ArticleStatus.DRAFT, published_at=None)
    thread = ThreadFactory(topic=draft.topic)

    assert client.get(f"/feeds/discussions/{thread.pk}/").status_code == 404
    assert client.get("/feeds/discussions/999999/").status_code == 404


def test_the_feed_costs_the_same_queries_however_many_posts(client, django_assert_max_num_queries):
    thread = ThreadFactory()
    for count in (2, 20):
        for _ in range(count):
            PostFactory(thread=thread, author=UserFactory())
        with django_assert_max_num_queries(3):
            assert client.get(f"/feeds/discussions/{thread.pk}/").status_code == 200


def test_a_discussion_whose_opening_post_was_removed_has_no_feed(client, alice):
    thread = ThreadFactory(author=alice, title="Buy cheap pills", body="Spam.")
    set_visibility(thread.posts.get(), Visibility.HIDDEN, reason="Spam")

    assert client.get(f"/feeds/discussions/{thread.pk}/").status_code == 404
