"""bench/scale_data.py at a tiny size: the counts asked for, and stored figures that agree
with the rows they summarise (as if every row had gone through the site's services)."""

import pytest
from django.db.models import Count, Max, Sum

from aposbook.accounts.models import User
from aposbook.discussions.models import Follow, Post, Thread
from aposbook.library.models import Article, ArticleReference
from aposbook.reviews.models import Review, ReviewStats, ReviewVote, wilson_lower_bound
from aposbook.reviews.services import recompute_review_votes, review_figures_from_reviews
from bench.scale_data import Size, generate
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    ReferenceFactory,
    ReviewFactory,
    SolutionFactory,
    cite,
)

pytestmark = pytest.mark.django_db

TINY = Size(reviews=500, votes=90, articles=7, posts=43)


@pytest.fixture
def library() -> Article:
    for _ in range(3):
        SolutionFactory()
    for _ in range(2):
        ConditionFactory()
    article = cite(ArticleFactory(), ReferenceFactory(), ReferenceFactory())
    article.topics.add(SolutionFactory().topic)
    return article


def run(size: Size = TINY) -> list[str]:
    lines: list[str] = []
    generate(size, report=lines.append)
    return lines


def test_it_loads_the_counts_asked_for(library) -> None:
    run()

    assert Review.objects.count() == 500
    assert ReviewVote.objects.count() == 90
    assert Article.objects.count() == 1 + 7
    assert Post.objects.count() == 43
    assert Thread.objects.count() == 5  # threads of 10 posts, the last one of 3


def test_the_review_figures_match_the_reviews(library) -> None:
    run()

    stored = sorted(
        ReviewStats.objects.values("solution_id", "condition_id", *ReviewStats.FIGURES),
        key=lambda row: (row["solution_id"], row["condition_id"] or 0),
    )
    counted = sorted(
        review_figures_from_reviews(),
        key=lambda row: (row["solution_id"], row["condition_id"] or 0),
    )
    assert stored == counted
    assert sum(row["review_count"] for row in stored) == 500


def test_each_reviews_vote_counts_and_rank_match_its_votes(library) -> None:
    run()

    assert recompute_review_votes() == 0  # nothing to correct
    totals = Review.objects.aggregate(helpful=Sum("helpful_count"), other=Sum("not_helpful_count"))
    assert totals["helpful"] + totals["other"] == 90
    voted = Review.objects.filter(helpful_count__gt=0).first()
    assert voted is not None
    total = voted.helpful_count + voted.not_helpful_count
    assert voted.helpfulness == pytest.approx(wilson_lower_bound(voted.helpful_count, total))


def test_no_one_votes_on_their_own_review_or_reviews_a_pair_twice(library) -> None:
    run()

    for vote in ReviewVote.objects.select_related("review"):
        assert vote.voter_id != vote.review.author_id
    pairs = Review.objects.values("author", "solution", "condition").annotate(n=Count("pk"))
    assert max(row["n"] for row in pairs) == 1


def test_threads_count_their_replies_and_their_posters_follow_them(library) -> None:
    run()

    for thread in Thread.objects.annotate(n=Count("posts"), last=Max("posts__created_at")):
        assert thread.reply_count == thread.n - 1
        assert thread.last_activity_at == thread.last
        posters = set(thread.posts.values_list("author", flat=True))
        assert set(Follow.objects.filter(thread=thread).values_list("user", flat=True)) == posters


def test_article_copies_cite_the_original_references_and_render(library, client) -> None:
    run()

    copy = Article.objects.exclude(pk=library.pk).first()
    assert copy is not None
    original = list(library.article_references.values_list("reference", "number"))
    assert (
        list(ArticleReference.objects.filter(article=copy).values_list("reference", "number"))
        == original
    )
    assert set(copy.topics.all()) == set(library.topics.all())
    assert client.get(copy.get_absolute_url()).status_code == 200


def test_new_rows_still_get_fresh_ids_after_the_load(library) -> None:
    run()

    review = ReviewFactory(author=User.objects.filter(email__startswith="bench-").first())

    assert review.pk > Review.objects.exclude(pk=review.pk).aggregate(top=Max("pk"))["top"]


def test_it_runs_twice_into_the_same_database(library) -> None:
    run(Size(reviews=50, votes=8, articles=2, posts=12))
    run(Size(reviews=50, votes=8, articles=2, posts=12))

    assert Review.objects.count() == 100
    assert Article.objects.count() == 1 + 4
    assert ReviewStats.objects.aggregate(n=Sum("review_count"))["n"] == 100
