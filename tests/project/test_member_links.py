"""Links in everything members write go through the leaving-site page and are marked as a
member's (rel="nofollow ugc noopener"), so that spam gains nothing by being posted here."""

import re
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client

from aposbook.accounts.models import User
from aposbook.discussions.models import Post
from aposbook.lib.markdown import render_markdown
from aposbook.lib.migrations import render_member_writing_again
from aposbook.lib.outbound import verify_leave_target
from aposbook.moderation.models import ExpertApplication
from tests.factories import (
    AnswerFactory,
    ConditionFactory,
    PostFactory,
    QuestionFactory,
    ReviewFactory,
    SolutionFactory,
    ThreadFactory,
)
from tests.fixtures import establish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def established(alice: User, bob: User) -> None:
    """Their first link would wait for a moderator otherwise."""
    establish(alice), establish(bob)


TEXT = "This helped me a lot, see [the shop](https://shop.example/buy?ref=me) for details."
LINK = re.compile(r'<a href="(/leave/\?[^"]+)" rel="nofollow ugc noopener">the shop</a>')


def assert_member_link(client: Client, url: str) -> None:
    html = client.get(url).content.decode().replace("&amp;", "&")
    match = LINK.search(html)
    assert match, url
    query = parse_qs(urlsplit(match.group(1)).query)
    assert verify_leave_target(query["to"][0], query["sig"][0]) == "https://shop.example/buy?ref=me"
    assert 'href="https://shop.example' not in html


def test_a_reviews_links(client, bob: User) -> None:
    solution = SolutionFactory(slug="magnesium")
    ReviewFactory(author=bob, solution=solution, story=f"{TEXT} I took it for weeks, nightly.")

    assert_member_link(client, "/solutions/magnesium/reviews/")


def test_a_discussions_opening_post_and_replies_links(client, bob: User, alice: User) -> None:
    topic = ConditionFactory().topic
    thread = ThreadFactory(topic=topic, author=bob, body=TEXT)
    assert_member_link(client, thread.get_absolute_url())

    other = ThreadFactory(topic=topic, author=bob)
    PostFactory(thread=other, author=alice, body=TEXT)
    assert_member_link(client, other.get_absolute_url())


def test_a_questions_and_an_answers_links(client, bob: User, alice: User) -> None:
    topic = ConditionFactory().topic
    question = QuestionFactory(topic=topic, author=bob, body=TEXT)
    assert_member_link(client, f"/questions/{question.pk}/")

    other = QuestionFactory(topic=topic, author=bob)
    AnswerFactory(question=other, author=alice, body=TEXT)
    assert_member_link(client, f"/questions/{other.pk}/")


def test_an_expert_applications_registry_link(client, alice: User, mo: User) -> None:
    ExpertApplication.objects.create(
        user=alice,
        profession="Dietitian",
        credentials="RD",
        registry_url="https://registry.example/rd/1",
    )
    client.force_login(mo)

    html = client.get("/moderation/expert-applications/").content.decode()

    assert 'href="/leave/?to=https%3A%2F%2Fregistry.example%2Frd%2F1&amp;sig=' in html
    assert 'rel="nofollow ugc noopener" target="_blank"' in html
    assert 'href="https://registry.example' not in html


def test_a_migration_renders_stored_writing_again(bob: User) -> None:
    """Rows written before the change get the new markup (pages show the stored HTML)."""
    thread = ThreadFactory(topic=ConditionFactory().topic, author=bob, body=TEXT)
    old_html = render_markdown(TEXT)
    Post.objects.filter(thread=thread).update(body_html=old_html)
    operation = render_member_writing_again(app="discussions", model="Post")

    # The operation needs only the editor's connection; SQLite's refuses to open in a test.
    operation.code(django_apps, SimpleNamespace(connection=connection))

    assert 'rel="nofollow ugc noopener"' in Post.objects.get(thread=thread).body_html
    assert 'rel="nofollow ugc noopener"' not in old_html
