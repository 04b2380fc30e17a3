"""Members' aggregate rating in a solution's schema.org data, where search engines' rules
allow it.

Google shows review stars only for some types, Product among them (schema.org's
DietarySupplement is a kind of Product; MedicalTherapy is not), and refuses "self-serving"
reviews: an organisation's reviews of itself on its own site. Our members review
supplements, herbs and foods made by others, so the rating is theirs, not ours about
ourselves; a practice (CBT-I) gets none, and neither does a condition page, whose figures
are about the solutions, not the condition.
"""

from typing import Any

from django.db.models import Sum

from aposbook.library.models import Solution, SolutionKind
from aposbook.library.structured_data import SOLUTION_TYPES

from .models import SCORES, ReviewStats

RATED_TYPES = {"DietarySupplement"}


def aggregate_rating(solution: Solution) -> dict[str, Any]:
    """{"aggregateRating": …} over every review of `solution`, or {} (one query)."""
    if SOLUTION_TYPES[SolutionKind(solution.kind)] not in RATED_TYPES:
        return {}
    totals = ReviewStats.objects.filter(solution=solution).aggregate(
        count=Sum("review_count"), total=Sum("effectiveness_sum")
    )
    if not totals["count"]:
        return {}
    return {
        "aggregateRating": {
            "@type": "AggregateRating",
            "ratingValue": round(totals["total"] / totals["count"], 1),
            "ratingCount": totals["count"],
            "reviewCount": totals["count"],
            "bestRating": max(SCORES),
            "worstRating": min(SCORES),
        }
    }
