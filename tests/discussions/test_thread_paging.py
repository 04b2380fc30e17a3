"""A topic's discussions page by key (cursor): every thread once, in order, both ways, at
the cost of page 1 whatever the depth; an edited or stale cursor shows the first page."""

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aposbook.discussions.models import Thread
from aposbook.discussions.views import THREADS_PER_PAGE
from aposbook.lib.paging import NOTICE
from tests.factories import ConditionFactory, ThreadFactory
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

PAGES = 3


@pytest.fixture
def topic():
    topic = ConditionFactory(name="Insomnia", slug="insomnia").topic
    for _ in range(THREADS_PER_PAGE * PAGES - 5):
        ThreadFactory(topic=topic)
    # Two threads share a last activity: the pk must break the tie without losing either.
    now = timezone.now()
    threads = list(Thread.objects.filter(topic=topic).order_by("pk"))
    for position, thread in enumerate(threads):
        moment = now - dt.timedelta(minutes=position // 2)
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=moment)
    return topic


def _url(topic) -> str:
    return reverse("discussions:topic_threads", args=[topic.kind, topic.slug])


def _titles(response) -> list[str]:
    return re.findall(r"Discussion number \d+ about sleep", response.content.decode())


def _link(response, rel: str) -> str | None:
    found = re.search(rf'<a href="\?([^"]*)" rel="{rel}"', response.content.decode())
    return unescape(found.group(1)) if found else None


def _expected(topic) -> list[str]:
    ordered = Thread.objects.filter(topic=topic).order_by("-last_activity_at", "-pk")
    return [thread.title for thread in ordered]


def test_older_then_newer_walks_every_thread_once_in_order(client, topic):
    response = client.get(_url(topic))
    pages = [_titles(response)]
    assert _link(response, "prev") is None
    while query := _link(response, "next"):
        response = client.get(f"{_url(topic)}?{query}")
        pages.append(_titles(response))
    assert len(pages) == PAGES
    assert [title for page in pages for title in page] == _expected(topic)
    back = [pages[-1]]
    while query := _link(response, "prev"):
        response = client.get(f"{_url(topic)}?{query}")
        back.insert(0, _titles(response))
    assert back == pages


def test_a_deep_page_has_no_offset_no_count_and_costs_what_page_one_costs(
    client, topic, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as first:
        first_page = client.get(_url(topic))
    page_one_queries = len(first.captured_queries)  # read now: the query log is capped
    deep = client.get(f"{_url(topic)}?{_link(first_page, 'next')}")
    deep = client.get(f"{_url(topic)}?{_link(deep, 'next')}")
    with (
        django_assert_max_num_queries(page_one_queries),
        CaptureQueriesContext(connection) as captured,
    ):
        client.get(f"{_url(topic)}?{_link(deep, 'prev')}")
    sql = " ".join(query["sql"].upper() for query in captured.captured_queries)
    assert " OFFSET " not in sql
    assert "COUNT(" not in sql


@pytest.mark.parametrize("cursor", ["made-up", "W1wibiIsW119:forged:sig", ""])
def test_an_edited_cursor_shows_the_first_page_with_a_notice(client, topic, cursor):
    response = client.get(_url(topic), {"cursor": cursor})
    assert response.status_code == 200
    assert _titles(response) == _expected(topic)[:THREADS_PER_PAGE]
    assert (NOTICE in page_text(response)) is bool(cursor)


def test_an_old_page_link_shows_the_first_page(client, topic):
    response = client.get(_url(topic), {"page": "7"})
    assert response.status_code == 200
    assert _titles(response) == _expected(topic)[:THREADS_PER_PAGE]


def test_a_cursor_page_is_canonical_to_itself(client, topic):
    query = _link(client.get(_url(topic)), "next")
    response = client.get(f"{_url(topic)}?{query}")
    canonical = re.search(r'<link rel="canonical" href="([^"]*)"', response.content.decode())
    assert canonical and unescape(canonical.group(1)).endswith(f"{_url(topic)}?{query}")
