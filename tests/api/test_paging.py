"""Cursor paging: every item once, in order; later pages cost what the first costs; a
cursor the API did not give out is refused."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ArticleFactory, ConditionFactory

pytestmark = pytest.mark.django_db


def walk(client, path: str) -> list[dict]:
    """Every page of a list, following `next_cursor`."""
    pages, cursor = [], None
    while True:
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        data = client.get(path, query).json()
        pages.append(data["items"])
        cursor = data["next_cursor"]
        if cursor is None:
            return pages


def test_it_pages_through_every_condition_once_in_order(client) -> None:
    for name in ["Eczema", "Acne", "Dandruff", "Bruxism", "Colic"]:
        ConditionFactory(name=name)

    pages = walk(client, "/api/conditions")

    assert [[item["name"] for item in page] for page in pages] == [
        ["Acne", "Bruxism"],
        ["Colic", "Dandruff"],
        ["Eczema"],
    ]


def test_it_pages_newest_first_through_articles_published_at_the_same_moment(client) -> None:
    moment = timezone.now() - dt.timedelta(days=1)
    same = [ArticleFactory(title=f"Same {n}", published_at=moment) for n in range(3)]
    older = ArticleFactory(title="Older", published_at=moment - dt.timedelta(days=1))

    pages = walk(client, "/api/articles")

    titles = [item["title"] for page in pages for item in page]
    # Ties on the date go by id, newest first, so none is skipped or repeated.
    assert titles == [article.title for article in reversed(same)] + [older.title]


def test_a_later_page_costs_what_the_first_costs(client) -> None:
    for n in range(30):
        ConditionFactory(name=f"Condition {n:02}")
    first = client.get("/api/conditions", {"limit": 5}).json()

    def queries(query: dict) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/conditions", query).status_code == 200
        return [item["sql"] for item in captured.captured_queries]

    first_page = queries({"limit": 5})
    later_page = queries({"limit": 5, "cursor": first["next_cursor"]})

    assert len(later_page) == len(first_page) == 1
    # A key range, never an offset that makes the database count past earlier pages.
    assert "OFFSET" not in later_page[0].upper()


def test_it_refuses_a_made_up_or_edited_cursor(client) -> None:
    for n in range(3):
        ConditionFactory(name=f"Condition {n}")
    cursor = client.get("/api/conditions", {"limit": 1}).json()["next_cursor"]

    for bad in ["abc", cursor[:-2] + "xx", cursor.replace(cursor[0], "Z", 1)]:
        response = client.get("/api/conditions", {"cursor": bad})

        assert response.status_code == 400, bad
        assert response.json() == {"detail": "This cursor is not one this list gave out."}


def test_a_cursor_from_one_list_does_not_page_another(client) -> None:
    for n in range(3):
        ConditionFactory(name=f"Condition {n}")
    cursor = client.get("/api/conditions", {"limit": 1}).json()["next_cursor"]

    assert client.get("/api/solutions", {"cursor": cursor}).status_code == 400
