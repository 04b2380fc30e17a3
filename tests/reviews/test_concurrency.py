"""Concurrent reviews and votes lose no count. Needs PostgreSQL: SQLite runs one writer at a
time, so it cannot show a lost update (the suite skips this there, with the reason)."""

import pytest

from aposbook.accounts.models import Role
from aposbook.reviews.models import Review, ReviewStats, ReviewVote, wilson_lower_bound
from aposbook.reviews.services import (
    ReviewDetails,
    create_review,
    delete_review,
    edit_review,
    vote_on_review,
)
from tests.factories import ConditionFactory, ReviewFactory, SolutionFactory, UserFactory
from tests.helpers import run_together
from tests.reviews.test_reviews import fresh_figures, stored_figures

pytestmark = [pytest.mark.postgres]

THREADS = 8


def details(score: int) -> ReviewDetails:
    return ReviewDetails(
        effectiveness=score,
        side_effects="mild" if score % 2 else "none",
        side_effects_text="Headache" if score % 2 else "",
        solution_form=None,
        dose="",
        duration="1-3-months",
        recommends=score > 5,
        story="Written at the same time as seven other members wrote theirs, to test counts.",
    )


def members(count: int) -> list:
    return [UserFactory(role=Role.MEMBER, credentials="") for _ in range(count)]


def test_concurrent_reviews_edits_and_deletes_lose_no_count(transactional_db) -> None:
    magnesium = SolutionFactory(name="Magnesium", slug="magnesium")
    insomnia = ConditionFactory(name="Insomnia", slug="insomnia")
    authors = members(THREADS * 3)
    # Reviews to edit and delete while others are written (the stats rows exist already).
    edited = [
        ReviewFactory(author=authors[THREADS + n], solution=magnesium) for n in range(THREADS)
    ]
    deleted = [
        ReviewFactory(author=authors[2 * THREADS + n], solution=magnesium, condition=insomnia)
        for n in range(THREADS)
    ]
    jobs = []
    for n in range(THREADS):
        # New reviews, half for insomnia and half for no condition, while others change.
        jobs.append(
            lambda n=n: create_review(
                author=authors[n],
                solution=magnesium,
                condition=insomnia if n % 2 else None,
                details=details(1 + n),
            )
        )
        jobs.append(lambda n=n: edit_review(review=edited[n], details=details(10 - n)))
        jobs.append(lambda n=n: delete_review(review=deleted[n]))

    run_together(jobs)

    for condition in [insomnia, None]:
        assert stored_figures(magnesium, condition) == fresh_figures(magnesium, condition)
    assert Review.objects.count() == 2 * THREADS


def test_concurrent_first_reviews_of_a_pair_create_one_stats_row(transactional_db) -> None:
    valerian = SolutionFactory(name="Valerian", slug="valerian")
    insomnia = ConditionFactory(name="Insomnia", slug="insomnia")
    authors = members(THREADS)

    run_together(
        [
            lambda n=n: create_review(
                author=authors[n], solution=valerian, condition=insomnia, details=details(1 + n)
            )
            for n in range(THREADS)
        ]
    )

    assert ReviewStats.objects.filter(solution=valerian, condition=insomnia).count() == 1
    assert stored_figures(valerian, insomnia) == fresh_figures(valerian, insomnia)
    assert stored_figures(valerian, insomnia)["review_count"] == THREADS


def test_concurrent_votes_lose_no_count(transactional_db) -> None:
    magnesium = SolutionFactory(name="Magnesium", slug="magnesium")
    review = ReviewFactory(solution=magnesium)
    voters = members(THREADS * 2)
    # Half the voters vote "not helpful" first, then change their minds at the same time as
    # the others vote.
    for voter in voters[THREADS:]:
        vote_on_review(review=review, voter=voter, helpful=False)

    run_together(
        [
            lambda voter=voter, helpful=index % 2 == 0: vote_on_review(
                review=review, voter=voter, helpful=helpful
            )
            for index, voter in enumerate(voters[:THREADS])
        ]
        + [
            lambda voter=voter: vote_on_review(review=review, voter=voter, helpful=True)
            for voter in voters[THREADS:]
        ]
    )

    review.refresh_from_db()
    helpful = ReviewVote.objects.filter(review=review, helpful=True).count()
    not_helpful = ReviewVote.objects.filter(review=review, helpful=False).count()
    assert (helpful, not_helpful) == (THREADS + THREADS // 2, THREADS // 2)
    assert (review.helpful_count, review.not_helpful_count) == (helpful, not_helpful)
    assert review.helpfulness == pytest.approx(wilson_lower_bound(helpful, helpful + not_helpful))
