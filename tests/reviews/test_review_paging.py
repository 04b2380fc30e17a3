"""A solution's reviews page by key (cursor) in each sort and with each filter: every review
once, in order, both ways, at the cost of page 1 whatever the depth."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from aposbook.lib.paging import NOTICE
from aposbook.reviews import views
from aposbook.reviews.models import Review
from tests.factories import ConditionFactory, ReviewFactory, SolutionFactory
from tests.helpers import page_text
from tests.keyset import assert_walks_every_item_once_at_page_one_cost, page_link, walk

pytestmark = pytest.mark.django_db

PAGE_SIZE = 5
URL = "/solutions/magnesium/reviews/"

# The sort's key in Python, to check the page order against: ties broken by the id.
KEYS = {
    "helpful": lambda review: (-review.helpfulness, -review.pk),
    "newest": lambda review: (-review.created_at.timestamp(), -review.pk),
    "highest": lambda review: (-review.effectiveness, -review.pk),
    "lowest": lambda review: (review.effectiveness, review.pk),
}


@pytest.fixture
def magnesium(monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", PAGE_SIZE)
    solution = SolutionFactory(name="Magnesium", slug="magnesium")
    conditions = [ConditionFactory(name="Insomnia", slug="insomnia"), None]
    now = timezone.now()
    for n in range(64):
        review = ReviewFactory(
            solution=solution, condition=conditions[n % 2], effectiveness=1 + n % 4
        )
        # Many ties on every sort key: only the id tells those reviews apart.
        Review.objects.filter(pk=review.pk).update(
            helpfulness=(n % 3) / 4, created_at=now - dt.timedelta(minutes=n // 3)
        )
    return solution


def _ids(response) -> list[str]:
    return re.findall(r'<article class="card review[^"]*" id="review-(\d+)"', response.text)


def _expected(sort: str, **filters) -> list[str]:
    reviews = sorted(Review.objects.filter(**filters), key=KEYS[sort])
    return [str(review.pk) for review in reviews]


@pytest.mark.parametrize("sort", list(KEYS))
@pytest.mark.parametrize(
    ("condition", "filters"),
    [("", {}), ("insomnia", {"condition__slug": "insomnia"}), ("none", {"condition": None})],
)
def test_each_sort_and_filter_walks_every_review_once_at_page_one_cost(
    client, magnesium, sort, condition, filters, django_assert_max_num_queries
):
    url = f"{URL}?sort={sort}&condition={condition}"

    walked = walk(client, url, _ids)

    assert_walks_every_item_once_at_page_one_cost(walked, _expected(sort, **filters))
    assert len(walked.forward) == -(-len(walked.items) // PAGE_SIZE) > 6
    with django_assert_max_num_queries(walked.first_queries):
        client.get(walked.deepest_query)


def test_the_page_links_keep_the_sort_and_the_filter(client, magnesium):
    response = client.get(f"{URL}?sort=lowest&condition=insomnia")

    assert page_link(response, "next").startswith("sort=lowest&condition=insomnia&cursor=")
    assert "More reviews" in page_text(response)
    assert "Previous reviews" not in page_text(response)
    second = client.get(f"{URL}?{page_link(response, 'next')}")
    assert "Previous reviews" in page_text(second)
    assert "Reviews of Magnesium for insomnia (continued)" in page_text(second)


def test_a_cursor_from_another_sort_shows_its_first_page_with_a_notice(client, magnesium):
    newest_cursor = page_link(client.get(f"{URL}?sort=newest"), "next").split("cursor=")[1]

    response = client.get(URL, {"sort": "helpful", "cursor": newest_cursor})

    assert response.status_code == 200
    assert _ids(response) == _expected("helpful")[:PAGE_SIZE]
    assert NOTICE in page_text(response)


@pytest.mark.parametrize("query", [{"cursor": "made-up"}, {"page": "3"}])
def test_an_edited_cursor_or_an_old_page_number_shows_the_first_page(client, magnesium, query):
    response = client.get(URL, {"sort": "newest", **query})

    assert response.status_code == 200
    assert _ids(response) == _expected("newest")[:PAGE_SIZE]
    assert (NOTICE in page_text(response)) is ("cursor" in query)
