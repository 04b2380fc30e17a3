"""Reviews: members' experience of a natural solution, optionally for one condition.

The figures the pages show (count, average, histogram, side-effect and recommend shares)
live in `ReviewStats`, one row per (solution, condition-or-none), changed with F()
expressions in the transaction that changes a review (see `services`): a page
reads a few stats rows, never counts reviews.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import SafeString

from aposbook.accounts.models import User
from aposbook.lib.markdown import render_member_markdown
from aposbook.lib.pagecache import topic_tag
from aposbook.lib.visibility import Moderated
from aposbook.library.models import (
    Condition,
    EvidenceGrade,
    Solution,
    SolutionForCondition,
    SolutionForm,
)
from aposbook.reviews.charts import histogram_svg

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

SCORES = range(1, 11)
# Members' figures and the research grade "disagree" only with this many reviews behind them.
DISAGREEMENT_MIN_REVIEWS = 10
# 95% confidence for the "most helpful" ranking.
WILSON_Z = 1.96


def wilson_lower_bound(positive: int, total: int, z: float = WILSON_Z) -> float:
    """The lower bound of the Wilson score interval for positive/total: a share that is
    likely with few votes and certain with many, so 3 of 3 ranks below 40 of 50."""
    if total <= 0:
        return 0.0
    share = positive / total
    z2 = z * z
    centre = share + z2 / (2 * total)
    spread = z * math.sqrt((share * (1 - share) + z2 / (4 * total)) / total)
    return (centre - spread) / (1 + z2 / total)


class SideEffects(models.TextChoices):
    NONE = "none", "None"
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class Duration(models.TextChoices):
    UNDER_1_MONTH = "under-1-month", "Less than a month"
    MONTHS_1_3 = "1-3-months", "1–3 months"
    MONTHS_3_6 = "3-6-months", "3–6 months"
    MONTHS_6_12 = "6-12-months", "6–12 months"
    OVER_1_YEAR = "over-1-year", "Over a year"


class ReviewQuerySet(models.QuerySet["Review"]):
    def for_cards(self) -> ReviewQuerySet:
        """What a review card shows: author, condition and form, in the same query."""
        return self.select_related("author", "condition", "solution_form", "solution")

    def sorted_by(self, sort: str) -> ReviewQuerySet:
        return self.order_by(*Review.SORTS[sort][1])


class Review(Moderated):
    """One member's experience of one solution, for one condition or none in particular."""

    # key: (label, ORDER BY). Each ORDER BY ends in the unique id, so pages never shuffle and
    # the list pages by key (cursor) on it, and is served by an index, with or without a
    # condition filter; "lowest" reads the "highest" index backwards.
    SORTS = {
        "helpful": ("Most helpful", ["-helpfulness", "-id"]),
        "newest": ("Newest", ["-created_at", "-id"]),
        "highest": ("Highest rated", ["-effectiveness", "-id"]),
        "lowest": ("Lowest rated", ["effectiveness", "id"]),
    }

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    # Indexed by the sort indexes below, which all start with it.
    solution = models.ForeignKey(
        Solution, on_delete=models.CASCADE, related_name="reviews", db_index=False
    )
    condition = models.ForeignKey(
        Condition, on_delete=models.CASCADE, null=True, blank=True, related_name="reviews"
    )
    effectiveness = models.PositiveSmallIntegerField(help_text="1 (did nothing) to 10.")
    side_effects = models.CharField(max_length=10, choices=SideEffects.choices)
    side_effects_text = models.TextField("the side effects", blank=True)
    solution_form = models.ForeignKey(
        SolutionForm,
        verbose_name="form used",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: another form, or not sure.",
    )
    dose = models.CharField("dose used", max_length=120, blank=True)
    duration = models.CharField("how long", max_length=16, choices=Duration.choices)
    recommends = models.BooleanField("would recommend it")
    story = models.TextField(help_text="Markdown.")
    story_html = models.TextField(blank=True, editable=False)
    helpful_count = models.PositiveIntegerField(default=0, editable=False)
    not_helpful_count = models.PositiveIntegerField(default=0, editable=False)
    helpfulness = models.FloatField(
        default=0.0, editable=False, help_text="Wilson lower bound of the helpful share."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Not stored: the reviews list sets them for its reader (`views._mark_for`).
    my_vote: bool | None
    is_mine: bool

    objects = ReviewQuerySet.as_manager()

    class Meta:
        db_table = "community_review"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=[*prefix, *order], name=f"community_review_{name}")
            for name, prefix, order in [
                ("helpful", ["solution"], ["-helpfulness", "-id"]),
                ("newest", ["solution"], ["-created_at", "-id"]),
                ("score", ["solution"], ["-effectiveness", "-id"]),
                ("pair_helpful", ["solution", "condition"], ["-helpfulness", "-id"]),
                ("pair_newest", ["solution", "condition"], ["-created_at", "-id"]),
                ("pair_score", ["solution", "condition"], ["-effectiveness", "-id"]),
            ]
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "solution", "condition"],
                condition=Q(condition__isnull=False),
                name="community_review_one_per_pair",
            ),
            models.UniqueConstraint(
                fields=["author", "solution"],
                condition=Q(condition__isnull=True),
                name="community_review_one_per_solution",
            ),
            models.CheckConstraint(
                condition=Q(effectiveness__gte=1, effectiveness__lte=10),
                name="community_review_effectiveness_1_10",
            ),
            models.CheckConstraint(
                condition=Q(side_effects__in=SideEffects.values),
                name="community_review_side_effects_valid",
            ),
            models.CheckConstraint(
                condition=Q(side_effects=SideEffects.NONE) | ~Q(side_effects_text=""),
                name="community_review_side_effects_described",
            ),
            models.CheckConstraint(
                condition=Q(duration__in=Duration.values), name="community_review_duration_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.solution_id}: {self.effectiveness}/10"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.story_html = render_member_markdown(self.story)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{reverse('reviews:reviews', args=[self.solution.slug])}#review-{self.pk}"

    def moderated_text(self) -> str:
        """The member's own words: dose, story and side effects, one paragraph each."""
        return "\n\n".join(part for part in [self.dose, self.story, self.side_effects_text] if part)

    def can_edit(self, user: User | AnonymousUser) -> bool:
        """Only the author edits or deletes a review, while they may post."""
        return user.is_authenticated and user.pk == self.author_id and user.can_post()

    @property
    def has_side_effects(self) -> bool:
        return self.side_effects != SideEffects.NONE

    @property
    def vote_count(self) -> int:
        return self.helpful_count + self.not_helpful_count

    def page_tags(self) -> list[str]:
        """A review shows on its solution's pages, and in its condition's figures."""
        tags = [topic_tag(self.solution.topic_id)]
        if self.condition is not None:
            tags.append(topic_tag(self.condition.topic_id))
        return tags


class ReviewVote(models.Model):
    """One member's "helpful" or "not helpful" on someone else's review; changeable."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_votes"
    )
    helpful = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "community_reviewvote"
        constraints = [
            models.UniqueConstraint(
                fields=["review", "voter"], name="community_reviewvote_one_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.voter} on review {self.review_id}: {'helpful' if self.helpful else 'not'}"

    def page_tags(self) -> list[str]:
        return self.review.page_tags()


@dataclass(frozen=True)
class Disagreement:
    grade: str
    message: str


class GradeAnnotation(TypedDict):
    """What `ReviewStatsQuerySet.disagreeing` adds to each row: the evidence grade."""

    grade: str


class ReviewStatsQuerySet(models.QuerySet["ReviewStats"]):
    def disagreeing(self) -> ReviewStatsQuerySet[WithAnnotations[ReviewStats, GradeAnnotation]]:
        """Pairs where members' average and the research grade point opposite ways."""
        evidence = SolutionForCondition.objects.filter(
            solution=models.OuterRef("solution"), condition=models.OuterRef("condition")
        )
        enough = self.filter(condition__isnull=False, review_count__gte=DISAGREEMENT_MIN_REVIEWS)
        return enough.annotate(grade=models.Subquery(evidence.values("grade")[:1])).filter(
            Q(grade=EvidenceGrade.D, effectiveness_sum__gte=8 * models.F("review_count"))
            | Q(grade=EvidenceGrade.A, effectiveness_sum__lte=4 * models.F("review_count"))
        )


class ReviewStats(models.Model):
    """The stored figures of the reviews of one solution for one condition (or for none)."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="review_stats")
    condition = models.ForeignKey(
        Condition, on_delete=models.CASCADE, null=True, blank=True, related_name="review_stats"
    )
    review_count = models.PositiveIntegerField(default=0)
    effectiveness_sum = models.PositiveIntegerField(default=0)
    rated_1 = models.PositiveIntegerField(default=0)
    rated_2 = models.PositiveIntegerField(default=0)
    rated_3 = models.PositiveIntegerField(default=0)
    rated_4 = models.PositiveIntegerField(default=0)
    rated_5 = models.PositiveIntegerField(default=0)
    rated_6 = models.PositiveIntegerField(default=0)
    rated_7 = models.PositiveIntegerField(default=0)
    rated_8 = models.PositiveIntegerField(default=0)
    rated_9 = models.PositiveIntegerField(default=0)
    rated_10 = models.PositiveIntegerField(default=0)
    side_effect_count = models.PositiveIntegerField(default=0)
    recommend_count = models.PositiveIntegerField(default=0)

    objects = ReviewStatsQuerySet.as_manager()

    FIGURES = [
        "review_count",
        "effectiveness_sum",
        *(f"rated_{score}" for score in SCORES),
        "side_effect_count",
        "recommend_count",
    ]

    class Meta:
        db_table = "community_reviewstats"
        verbose_name = "review figures"
        verbose_name_plural = "review figures"
        constraints = [
            models.UniqueConstraint(
                fields=["solution", "condition"],
                condition=Q(condition__isnull=False),
                name="community_reviewstats_one_per_pair",
            ),
            models.UniqueConstraint(
                fields=["solution"],
                condition=Q(condition__isnull=True),
                name="community_reviewstats_one_per_solution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.solution_id}/{self.condition_id or '-'}: {self.review_count} reviews"

    def get_absolute_url(self) -> str:
        """The reviews these figures count: the solution's, for this condition if any."""
        url = reverse("reviews:reviews", args=[self.solution.slug])
        return f"{url}?{urlencode({'condition': self.condition.slug})}" if self.condition else url

    @classmethod
    def combined(cls, rows: list[ReviewStats], *, solution: Solution) -> ReviewStats:
        """One unsaved row adding up `rows`: a solution's figures over every condition."""
        total = cls(solution=solution, condition=None)
        for field in cls.FIGURES:
            setattr(total, field, sum(getattr(row, field) for row in rows))
        return total

    @property
    def histogram(self) -> list[int]:
        return [getattr(self, f"rated_{score}") for score in SCORES]

    @property
    def histogram_rows(self) -> list[tuple[int, int]]:
        return list(zip(SCORES, self.histogram, strict=True))

    @property
    def average(self) -> float | None:
        if not self.review_count:
            return None
        return round(self.effectiveness_sum / self.review_count, 1)

    @property
    def side_effect_share(self) -> int | None:
        return self._percent(self.side_effect_count)

    @property
    def recommend_share(self) -> int | None:
        return self._percent(self.recommend_count)

    def _percent(self, count: int) -> int | None:
        return round(100 * count / self.review_count) if self.review_count else None

    def chart(self, *, subject: str) -> SafeString:
        return histogram_svg(self.histogram, subject=subject)

    def disagreement(self, grade: str) -> Disagreement | None:
        """What to say when members' experience and the research grade disagree strongly."""
        if self.review_count < DISAGREEMENT_MIN_REVIEWS or self.average is None:
            return None
        average, count = self.average, self.review_count
        if grade == EvidenceGrade.D and self.effectiveness_sum >= 8 * count:
            return Disagreement(
                grade,
                f"members rate it {average}/10 on average from {count} reviews, but the "
                "research evidence is very weak (grade D).",
            )
        if grade == EvidenceGrade.A and self.effectiveness_sum <= 4 * count:
            return Disagreement(
                grade,
                f"the research evidence is strong (grade A), but members rate it only "
                f"{average}/10 on average from {count} reviews.",
            )
        return None
