"""A page's history pages by key (cursor) on the revision number: every revision once,
newest first, both ways, at the cost of page 1 whatever the depth."""

import re

import pytest

from aposbook.editorial import services, views
from aposbook.editorial.models import Revision
from aposbook.lib.paging import NOTICE
from tests.helpers import page_text
from tests.keyset import assert_walks_every_item_once_at_page_one_cost, walk

pytestmark = pytest.mark.django_db

PAGE_SIZE = 10
HISTORY = "/articles/magnesium-and-sleep/history/"


@pytest.fixture
def history(monkeypatch, article, nora):
    monkeypatch.setattr(views, "HISTORY_PAGE_SIZE", PAGE_SIZE)
    Revision.objects.bulk_create(
        Revision(topic=article.topic, number=n, body=f"Text {n}", author=nora, reason=f"Edit {n}")
        for n in range(1, 65)
    )
    services.base_revision_for(article.topic)  # revision 65: the text as it is now
    return article


def _numbers(response) -> list[str]:
    return re.findall(r'<a href="/articles/magnesium-and-sleep/history/(\d+)/">', response.text)


def test_it_walks_every_revision_once_at_page_one_cost(
    client, history, django_assert_max_num_queries
):
    walked = walk(client, HISTORY, _numbers)

    assert_walks_every_item_once_at_page_one_cost(walked, [str(n) for n in range(65, 0, -1)])
    assert len(walked.forward) == 7
    with django_assert_max_num_queries(walked.first_queries):
        client.get(walked.deepest_query)


def test_a_deep_page_still_offers_the_comparison(client, history):
    deepest = walk(client, HISTORY, _numbers).deepest_query

    response = client.get(deepest)

    assert _numbers(response) == [str(n) for n in range(5, 0, -1)]
    assert "Compare the chosen revisions" in page_text(response)
    assert "Newer" in page_text(response) and "Older" not in page_text(response)


@pytest.mark.parametrize("query", [{"cursor": "made-up"}, {"page": "3"}])
def test_an_edited_cursor_or_an_old_page_number_shows_the_first_page(client, history, query):
    response = client.get(HISTORY, query)

    assert _numbers(response) == [str(n) for n in range(65, 55, -1)]
    assert (NOTICE in page_text(response)) is ("cursor" in query)
