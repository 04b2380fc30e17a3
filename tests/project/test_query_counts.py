"""Page query counts stay the same when the site holds ten times more reviews, votes,
articles and discussions: the pages `make bench` measures at a million reviews, loaded here
by bench/scale_data.py at a small size and then at ten times that, for a visitor and a member."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from aposbook.library.models import Article
from aposbook.reviews.models import Review
from bench.scale_data import Size, generate
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EvidenceFactory,
    ReferenceFactory,
    SolutionFactory,
    VideoFactory,
    cite,
)

pytestmark = pytest.mark.django_db

SMALL = Size(reviews=60, votes=20, articles=3, posts=20)
# Added to SMALL, ten times SMALL in all.
NINE_TIMES_MORE = Size(reviews=540, votes=180, articles=27, posts=180)


@pytest.fixture
def library() -> dict[str, str]:
    """A small library like the demo's: conditions with graded solutions, an article on
    them citing references, a video; the pages to count, by name."""
    conditions = [ConditionFactory(), ConditionFactory()]
    solutions = [SolutionFactory(), SolutionFactory(), SolutionFactory()]
    for condition in conditions:
        for solution in solutions[:2]:
            EvidenceFactory(condition=condition, solution=solution)
    article = cite(ArticleFactory(), ReferenceFactory(), ReferenceFactory())
    article.topics.add(conditions[0].topic, solutions[0].topic)
    video = VideoFactory()
    video.topics.add(conditions[0].topic, solutions[0].topic)
    condition, solution = conditions[0], solutions[0]
    return {
        "home": "/",
        "condition": f"/conditions/{condition.slug}/",
        "solution": f"/solutions/{solution.slug}/",
        "reviews": f"/solutions/{solution.slug}/reviews/",
        "newest reviews": f"/solutions/{solution.slug}/reviews/?sort=newest",
        "article": f"/articles/{article.slug}/",
        "video": f"/videos/{video.slug}/",
        "library": "/library/",
        "library articles": "/library/?type=article",
    }


def count_queries(client: Client, pages: dict[str, str]) -> dict[str, int]:
    """Queries each page makes when built afresh (not served from a page cache)."""
    counts = {}
    for name, url in pages.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[name] = len(queries.captured_queries)
    return counts


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_page_queries_stay_the_same_with_ten_times_more_content(library, alice, reader) -> None:
    client = Client()
    if reader == "member":
        client.force_login(alice)

    generate(SMALL, report=lambda line: None)
    small = count_queries(client, library)
    generate(NINE_TIMES_MORE, seed=11, report=lambda line: None)
    ten_times = count_queries(client, library)

    assert Review.objects.count() == 10 * SMALL.reviews
    assert Article.objects.count() == 1 + 10 * SMALL.articles
    assert ten_times == small
