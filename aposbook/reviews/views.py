"""Review pages: the list per solution, write, edit, delete, vote, and the experts' list of
pairs where members and the research disagree. The topic pages' review sections come from
`templatetags/reviews.py`, with the figures built here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods, require_POST

from aposbook.accounts.gate import AuthenticatedRequest, editors_only, member_feature
from aposbook.accounts.limits import before_edit
from aposbook.accounts.models import User
from aposbook.lib.pagecache import LIBRARY, MEMBERS, topic_tag
from aposbook.lib.paging import keyset_page
from aposbook.lib.security import csrf_token_for_members
from aposbook.lib.stored_pages import depends_on, visitor_page
from aposbook.lib.urls import safe_next_url
from aposbook.lib.visibility import listed_for, shown
from aposbook.library.models import EVIDENCE_RULES, Condition, Solution, SolutionForCondition

from .forms import OtherConditionForm, ReviewFilterForm, ReviewForm, VoteForm, already_reviewed
from .models import Disagreement, Review, ReviewStats, ReviewVote
from .services import (
    DuplicateReview,
    VoteRefused,
    create_review,
    delete_review,
    edit_review,
    vote_on_review,
)

PAGE_SIZE = 20
FIRST_FEW = 3  # reviews shown on a solution's page, the most helpful first
HELD = "Thank you: your review will appear once a moderator has read it."
PUBLISHED = "Thank you: your review is published."


@dataclass
class Figures:
    """Members' figures for one solution (for one condition, or over all), ready to show."""

    stats: ReviewStats
    subject: str
    reviews_url: str
    write_url: str
    evidence: SolutionForCondition | None = None

    @cached_property
    def chart(self) -> SafeString:
        return self.stats.chart(subject=self.subject)

    @cached_property
    def disagreement(self) -> Disagreement | None:
        return self.stats.disagreement(self.evidence.grade) if self.evidence else None

    @property
    def grade_rule(self) -> str:
        return EVIDENCE_RULES[self.evidence.grade] if self.evidence else ""


def _reviews_url(solution: Solution, condition: Condition | None = None) -> str:
    url = reverse("reviews:reviews", args=[solution.slug])
    return f"{url}?{urlencode({'condition': condition.slug})}" if condition else url


def _write_url(solution: Solution, condition: Condition | None = None) -> str:
    url = reverse("reviews:write_review", args=[solution.slug])
    return f"{url}?{urlencode({'condition': condition.slug})}" if condition else url


def _pair_figures(evidence: SolutionForCondition, stats: ReviewStats | None) -> Figures:
    solution, condition = evidence.solution, evidence.condition
    return Figures(
        stats=stats or ReviewStats(solution=solution, condition=condition),
        subject=f"{solution.name} for {condition.name.lower()}",
        reviews_url=_reviews_url(solution, condition),
        write_url=_write_url(solution, condition),
        evidence=evidence,
    )


def _mark_for(user: User | AnonymousUser, reviews: list[Review]) -> list[Review]:
    """Tell each review how this reader relates to it: their vote, and whether it is theirs."""
    votes: dict[int, bool] = {}
    if user.is_authenticated and reviews:
        votes = dict(
            ReviewVote.objects.filter(voter=user, review__in=reviews).values_list(
                "review_id", "helpful"
            )
        )
    for review in reviews:
        review.my_vote = votes.get(review.pk)
        review.is_mine = user.is_authenticated and review.author_id == user.pk
    return reviews


def solution_reviews_context(
    request: HttpRequest, *, solution: Solution, evidence: list[SolutionForCondition]
) -> dict:
    """The solution page's review section: figures over all reviews and per condition,
    and the most helpful reviews. A fixed number of queries, however many reviews.

    The figures are the same for every reader: read only when the page's shared part for
    them is not in the cache (`shared_part`, keyed by `figures_tag`)."""

    @cache
    def rows() -> list[ReviewStats]:
        return list(ReviewStats.objects.filter(solution=solution))

    def overall() -> Figures:
        return Figures(
            stats=ReviewStats.combined(rows(), solution=solution),
            subject=solution.name,
            reviews_url=_reviews_url(solution),
            write_url=_write_url(solution),
        )

    def pairs() -> list[Figures]:
        by_condition = {row.condition_id: row for row in rows()}
        return [_pair_figures(row, by_condition.get(row.condition_id)) for row in evidence]

    reviews = Review.objects.filter(shown(), solution=solution).for_cards().sorted_by("helpful")
    return {
        "review_overall": SimpleLazyObject(overall),
        "review_pairs": SimpleLazyObject(pairs),
        "figures_tag": topic_tag(solution.topic_id),
        "top_reviews": _mark_for(request.user, list(reviews[:FIRST_FEW])),
    }


def condition_reviews_context(
    request: HttpRequest, *, condition: Condition, evidence: list[SolutionForCondition]
) -> dict:
    """The condition page's review section: members' figures beside each solution's grade,
    read only when the page's shared part for them is not in the cache."""

    def pairs() -> list[Figures]:
        rows = {row.solution_id: row for row in ReviewStats.objects.filter(condition=condition)}
        return [_pair_figures(row, rows.get(row.solution_id)) for row in evidence]

    return {
        "condition": condition,
        "review_pairs": SimpleLazyObject(pairs),
        "figures_tag": topic_tag(condition.topic_id),
    }


@visitor_page(LIBRARY, MEMBERS)
def review_list(request: HttpRequest, slug: str) -> HttpResponse:
    solution = get_object_or_404(Solution, slug=slug)
    depends_on(request, topic_tag(solution.topic_id))
    form = ReviewFilterForm(request.GET, solution=solution)
    sort, chosen = form.choice()
    rows = list(ReviewStats.objects.filter(solution=solution))
    reviews = Review.objects.filter(listed_for(request.user), solution=solution).for_cards()
    if chosen is None:
        stats = ReviewStats.combined(rows, solution=solution)
    else:
        reviews = reviews.filter(condition=chosen.condition)
        by_condition = {row.condition_id: row for row in rows}
        stats = by_condition.get(chosen.condition_id) or ReviewStats(
            solution=solution, condition=chosen.condition
        )
    # Each sort's own cursors: a "newest" cursor means nothing in the "helpful" order.
    page = keyset_page(
        reviews,
        name=f"reviews:{sort}",
        order=tuple(Review.SORTS[sort][1]),
        cursor=request.GET.get("cursor"),
        size=PAGE_SIZE,
    )
    context = {
        "solution": solution,
        "form": form,
        "figures": Figures(
            stats=stats,
            subject=f"{solution.name}{chosen.subject if chosen else ''}",
            reviews_url=request.path,
            write_url=_write_url(solution, chosen.condition if chosen else None),
        ),
        "page": page,
        "reviews": _mark_for(request.user, page.object_list),
        "query_prefix": form.query_prefix(),
    }
    return render(request, "reviews/review_list.html", context)


@require_http_methods(["GET", "POST"])
@member_feature
def write_review(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    solution = get_object_or_404(Solution, slug=slug)
    if request.method == "GET":
        # Told before filling the whole form, not after: one review per pair.
        mine = Review.objects.filter(author=request.user, solution=solution).select_related(
            "condition"
        )
        reviews = {review.condition.slug if review.condition else "": review for review in mine}
        if existing := reviews.get(request.GET.get("condition", "")):
            return _already_reviewed(request, solution, existing, list(reviews.values()))
    form = ReviewForm(
        request.POST or None,
        author=request.user,
        solution=solution,
        initial={"condition": request.GET.get("condition")},
    )
    if form.is_valid():
        try:
            with transaction.atomic():
                review = create_review(
                    author=request.user,
                    solution=solution,
                    condition=form.chosen_condition,
                    details=form.details(),
                )
                form.hold_if_posted_anyway(review)
        except DuplicateReview:
            form.add_duplicate_error()
        else:
            messages.success(
                request, HELD if review.is_held else "Thank you: your review is published."
            )
            return redirect(_after_writing(review))
    return render(request, "reviews/review_form.html", {"form": form, "solution": solution})


def _already_reviewed(
    request: HttpRequest, solution: Solution, review: Review, reviews: list[Review]
) -> HttpResponse:
    """In place of the form: the member's review of this pair, and the pairs left to review."""
    context = {
        "solution": solution,
        "review": review,
        "message": already_reviewed(solution, review.condition),
        "other_form": OtherConditionForm(
            solution=solution, reviewed={other.condition_id for other in reviews}
        ),
    }
    return render(request, "reviews/already_reviewed.html", context)


def _after_writing(review: Review) -> str:
    url = reverse("reviews:reviews", args=[review.solution.slug])
    return f"{url}?sort=newest#review-{review.pk}"


def _get_review_for_editing(request: HttpRequest, review_id: int) -> Review:
    """The reader's own review; anyone else's is "not found", to them."""
    review = get_object_or_404(
        Review.objects.select_related("solution", "condition", "author"), pk=review_id
    )
    if not review.can_edit(request.user):
        raise Http404("No such review of yours.")
    return review


@require_http_methods(["GET", "POST"])
@member_feature
def edit_review_view(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    review = _get_review_for_editing(request, review_id)
    form = ReviewForm(
        request.POST or None, author=request.user, solution=review.solution, review=review
    )
    if form.is_valid():
        before = before_edit(request.user, review.moderated_text())
        with transaction.atomic():
            review = edit_review(review=review, details=form.details())
            form.hold_edit(review, before=before)
        messages.success(request, HELD if review.is_held else "Your review is updated.")
        return redirect(_after_writing(review))
    context = {"form": form, "solution": review.solution, "review": review}
    return render(request, "reviews/review_form.html", context)


@require_http_methods(["GET", "POST"])
@member_feature
def delete_review_view(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    review = _get_review_for_editing(request, review_id)
    if request.method == "POST":
        delete_review(review=review)
        messages.success(request, "Your review is deleted.")
        return redirect("reviews:reviews", review.solution.slug)
    return render(request, "reviews/review_delete.html", {"review": review})


@csrf_token_for_members
@require_POST
@member_feature
def vote(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.select_related("solution"), pk=review_id)
    form = VoteForm(request.POST, review=review, voter=request.user)
    error = None
    if form.is_valid():
        try:
            vote_on_review(review=review, voter=request.user, helpful=form.cleaned_data["helpful"])
        except VoteRefused as refusal:
            error = str(refusal)
    else:
        error = " ".join(
            str(message)
            for field in ("__all__", "helpful")
            for message in form.errors.get(field, [])
        )
    back = safe_next_url(request, form.data.get("next")) or review.get_absolute_url()
    if request.headers.get("HX-Request"):
        [review] = _mark_for(request.user, [review])
        context = {"review": review, "vote_error": error, "vote_next": back}
        return render(request, "reviews/includes/review_votes.html", context)
    if error:
        messages.error(request, error)
    return redirect(back)


@editors_only
def disagreements(request: AuthenticatedRequest) -> HttpResponse:
    """Pairs where members' experience and the research disagree, for experts to look at."""
    rows = (
        ReviewStats.objects.disagreeing()
        .select_related("solution", "condition")
        .order_by("-review_count", "solution__name")
    )
    pairs = []
    for row in rows:
        evidence = SolutionForCondition(
            solution=row.solution, condition=row.condition, grade=row.grade
        )
        pairs.append(_pair_figures(evidence, row))
    return render(request, "reviews/disagreements.html", {"pairs": pairs})
