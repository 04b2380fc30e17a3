"""Review workflows: write, edit, delete, vote, and repair the stored figures.

Each change to a review changes its (solution, condition) `ReviewStats` row in the same
transaction, with F() expressions only: concurrent writers each add their own delta and
none is lost. A missing stats row is created first; when two writers race to create it,
the database's unique constraint lets one win and the other updates the winner's row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from aposbook.accounts.limits import hold_reason
from aposbook.accounts.models import User
from aposbook.accounts.moderated import hold
from aposbook.accounts.registry import Writing
from aposbook.lib.pagecache import EVERYTHING
from aposbook.lib.pagecache import changed as pages_changed
from aposbook.lib.visibility import Visibility, shown
from aposbook.library.models import Condition, Solution, SolutionForm

from .models import (
    SCORES,
    Review,
    ReviewQuerySet,
    ReviewStats,
    ReviewVote,
    SideEffects,
    wilson_lower_bound,
)

OWN_REVIEW = "You cannot vote on your own review."


class DuplicateReview(Exception):
    """The member has already reviewed this solution for this condition."""


class VoteRefused(Exception):
    pass


@dataclass(frozen=True)
class ReviewDetails:
    """What a member says in a review; the review form produces one."""

    effectiveness: int
    side_effects: str
    side_effects_text: str
    solution_form: SolutionForm | None
    dose: str
    duration: str
    recommends: bool
    story: str


def _figures(review: Review) -> Counter[str]:
    """What one review adds to its stats row."""
    return Counter(
        {
            "review_count": 1,
            "effectiveness_sum": review.effectiveness,
            f"rated_{review.effectiveness}": 1,
            "side_effect_count": int(review.side_effects != SideEffects.NONE),
            "recommend_count": int(review.recommends),
        }
    )


def _change_stats(*, solution_id: int, condition_id: int | None, delta: dict[str, int]) -> None:
    """Add `delta` to the stats row of (solution, condition), creating the row if needed."""
    changes = {field: F(field) + amount for field, amount in delta.items() if amount}
    if not changes:
        return
    row = ReviewStats.objects.filter(solution_id=solution_id, condition=condition_id)
    if row.update(**changes):
        return
    try:
        with transaction.atomic():
            ReviewStats.objects.create(solution_id=solution_id, condition_id=condition_id)
    except IntegrityError:
        pass  # Another writer created it between our UPDATE and INSERT: update theirs.
    row.update(**changes)


def _apply(review: Review, details: ReviewDetails) -> None:
    for field, value in vars(details).items():
        setattr(review, field, value)
    if review.side_effects == SideEffects.NONE:
        review.side_effects_text = ""


@transaction.atomic
def create_review(
    *, author: User, solution: Solution, condition: Condition | None, details: ReviewDetails
) -> Review:
    """Publish a member's review and count it in the figures, or hold it for a moderator
    (`hold_reason`)."""
    reason = hold_reason(author, [details.story, details.side_effects_text])
    review = Review(author=author, solution=solution, condition=condition)
    _apply(review, details)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:
        if Review.objects.filter(author=author, solution=solution, condition=condition).exists():
            raise DuplicateReview from error
        raise
    _change_stats(
        solution_id=solution.pk,
        condition_id=condition.pk if condition else None,
        delta=_figures(review),
    )
    if reason:
        hold(review, reason=reason)
    return review


@transaction.atomic
def edit_review(*, review: Review, details: ReviewDetails) -> Review:
    """Change a review; the figures lose its old values and gain the new ones."""
    stored = Review.objects.select_for_update().get(pk=review.pk)
    delta = Counter({field: -amount for field, amount in _figures(stored).items()})
    _apply(stored, details)
    stored.edited_at = timezone.now()
    stored.save()
    if not stored.is_shown:
        return stored  # Held or hidden: not in the figures before or after.
    delta.update(_figures(stored))
    _change_stats(solution_id=stored.solution_id, condition_id=stored.condition_id, delta=delta)
    return stored


@transaction.atomic
def delete_review(*, review: Review) -> None:
    """Remove a review, its votes, and its share of the figures."""
    stored = Review.objects.select_for_update().filter(pk=review.pk).first()
    if stored is None:
        return  # Deleted already, by a second click.
    delta = {field: -amount for field, amount in _figures(stored).items()}
    stored.delete()
    if stored.is_shown:
        _change_stats(solution_id=stored.solution_id, condition_id=stored.condition_id, delta=delta)


def count_review(review: Review, sign: int) -> None:
    """Add a review to its figures (+1) or take it out (-1), when a moderator or a check
    shows, holds or hides it (registered in apps.py)."""
    delta = {field: sign * amount for field, amount in _figures(review).items()}
    _change_stats(solution_id=review.solution_id, condition_id=review.condition_id, delta=delta)


@transaction.atomic
def vote_on_review(*, review: Review, voter: User, helpful: bool) -> ReviewVote:
    """Record or change a member's vote, and re-rank the review."""
    if voter.pk == review.author_id:
        raise VoteRefused(OWN_REVIEW)
    vote = ReviewVote.objects.select_for_update().filter(review=review, voter=voter).first()
    if vote is None:
        try:
            with transaction.atomic():
                vote = ReviewVote.objects.create(review=review, voter=voter, helpful=helpful)
        except IntegrityError:
            # The same member's other click won the race: treat this one as a change.
            vote = ReviewVote.objects.select_for_update().get(review=review, voter=voter)
        else:
            _count_vote(review, helpful=int(helpful), not_helpful=int(not helpful))
            return vote
    if vote.helpful != helpful:
        vote.helpful = helpful
        vote.save(update_fields=["helpful", "updated_at"])
        change = 1 if helpful else -1
        _count_vote(review, helpful=change, not_helpful=-change)
    return vote


def _count_vote(review: Review, *, helpful: int, not_helpful: int) -> None:
    """Change the vote counts with F(), then rank from the counts read back under the row
    lock the UPDATE took, so concurrent votes each see the others' counts."""
    rows = Review.objects.filter(pk=review.pk)
    rows.update(
        helpful_count=F("helpful_count") + helpful,
        not_helpful_count=F("not_helpful_count") + not_helpful,
    )
    counts = rows.values_list("helpful_count", "not_helpful_count").first()
    if counts is None:
        return
    review.helpful_count, review.not_helpful_count = counts
    review.helpfulness = wilson_lower_bound(counts[0], counts[0] + counts[1])
    rows.update(helpfulness=review.helpfulness)


def review_figures_from_reviews(**filters: object) -> list[Mapping[str, Any]]:
    """The figures counted afresh from the shown reviews, one dict per (solution, condition)."""
    rated = {f"rated_{score}": Count("pk", filter=Q(effectiveness=score)) for score in SCORES}
    return list(
        Review.objects.filter(shown(), **filters)
        .values("solution_id", "condition_id")
        .annotate(
            review_count=Count("pk"),
            effectiveness_sum=Sum("effectiveness"),
            **rated,
            side_effect_count=Count("pk", filter=~Q(side_effects=SideEffects.NONE)),
            recommend_count=Count("pk", filter=Q(recommends=True)),
        )
        .order_by()
    )


@transaction.atomic
def recompute_review_stats(*, solution: Solution | None = None) -> int:
    """Rebuild the stored figures from the reviews themselves: after a bulk import, or to
    repair figures changed outside the services. Returns the number of stats rows."""
    filters = {"solution": solution} if solution else {}
    ReviewStats.objects.filter(**filters).delete()
    rows = [ReviewStats(**figures) for figures in review_figures_from_reviews(**filters)]
    ReviewStats.objects.bulk_create(rows, batch_size=500)
    pages_changed(EVERYTHING)  # A repair after writes that bypassed the services.
    return len(rows)


@transaction.atomic
def recompute_review_votes(*, solution: Solution | None = None) -> int:
    """Recount each review's helpful votes and rank from the vote rows; returns how many
    reviews were wrong."""
    reviews: ReviewQuerySet = Review.objects.all()
    if solution is not None:
        reviews = reviews.filter(solution=solution)
    counted = reviews.annotate(
        helpful_votes=Count("votes", filter=Q(votes__helpful=True)),
        unhelpful_votes=Count("votes", filter=Q(votes__helpful=False)),
    ).filter(~Q(helpful_votes=F("helpful_count")) | ~Q(unhelpful_votes=F("not_helpful_count")))
    changed = []
    for review in counted.only("pk").iterator(chunk_size=2000):
        review.helpful_count, review.not_helpful_count = (
            review.helpful_votes,
            review.unhelpful_votes,
        )
        review.helpfulness = wilson_lower_bound(
            review.helpful_votes, review.helpful_votes + review.unhelpful_votes
        )
        changed.append(review)
    Review.objects.bulk_update(
        changed, ["helpful_count", "not_helpful_count", "helpfulness"], batch_size=500
    )
    pages_changed(EVERYTHING)  # A repair, after writes that bypassed the services.
    return len(changed)


# --- The member's account (registered in apps.py) ------------------------------------------

LATEST_ON_PROFILE = 5


def export_member_reviews(user: User) -> dict[str, list[dict[str, Any]]]:
    """The member's reviews and helpful votes, oldest first, for their data download."""
    return {
        "reviews": [
            {
                "solution": review.solution.name,
                "condition": review.condition.name if review.condition else None,
                "effectiveness": review.effectiveness,
                "side_effects": review.get_side_effects_display(),
                "side_effects_text": review.side_effects_text,
                "form": review.solution_form.name if review.solution_form else None,
                "dose": review.dose,
                "duration": review.get_duration_display(),
                "recommends": "Yes" if review.recommends else "No",
                "story": review.story,
                "created_at": review.created_at,
                "edited_at": review.edited_at,
            }
            for review in Review.objects.filter(author=user)
            .select_related("solution", "condition", "solution_form")
            .order_by("created_at")
        ],
        "review_votes": [
            {
                "review": vote.review_id,
                "vote": "Helpful" if vote.helpful else "Not helpful",
                "created_at": vote.created_at,
            }
            for vote in ReviewVote.objects.filter(voter=user).order_by("created_at")
        ],
    }


def latest_member_reviews(user: User, reader: User | AnonymousUser) -> dict[str, list[Review]]:
    """The member's newest reviews, for their public profile (one query). Every reader may
    open them: reviews are about solutions and conditions, which are always public."""
    reviews = Review.objects.filter(shown(), author=user).select_related("solution", "condition")
    return {"reviews": list(reviews.order_by("-created_at")[:LATEST_ON_PROFILE])}


# --- What the limits for new members read (registered in apps.py) ---------------------------


def member_review_writing(user: User, since: datetime | None, limit: int) -> list[Writing]:
    """The member's review stories since `since`, newest first (one query)."""
    reviews = Review.objects.filter(author=user)
    if since is not None:
        reviews = reviews.filter(created_at__gte=since)
    rows = reviews.order_by("-created_at").values_list(
        "created_at", "story", "side_effects_text", "visibility"
    )
    return [
        Writing(created_at=at, texts=(story, side), shown=visibility == Visibility.SHOWN)
        for at, story, side, visibility in rows[:limit]
    ]


def member_has_kept_review(user: User, up_since: datetime) -> bool:
    """A review shown and up since before `up_since`, or one another member found helpful."""
    reviews = Review.objects.filter(shown(), author=user)
    return reviews.filter(Q(created_at__lt=up_since) | Q(helpful_count__gt=0)).exists()
