"""The review sections of the library's topic pages: `{% load reviews %}`, then
`{% condition_reviews condition evidence %}` or `{% solution_reviews solution evidence %}`.
The library renders them without importing this app."""

from typing import Any

from django import template

from aposbook.library.models import Condition, Solution, SolutionForCondition
from aposbook.reviews.views import condition_reviews_context, solution_reviews_context

register = template.Library()


@register.inclusion_tag("reviews/includes/review_condition_section.html", takes_context=True)
def condition_reviews(
    context: template.Context, condition: Condition, evidence: list[SolutionForCondition]
) -> dict[str, Any]:
    """Members' figures beside each solution's research grade (one query)."""
    return condition_reviews_context(context["request"], condition=condition, evidence=evidence)


@register.inclusion_tag("reviews/includes/review_solution_section.html", takes_context=True)
def solution_reviews(
    context: template.Context, solution: Solution, evidence: list[SolutionForCondition]
) -> dict[str, Any]:
    """Figures over all reviews and per condition, and the most helpful reviews, with the
    reader's own votes (their cards' vote buttons need the request and the reader)."""
    request = context["request"]
    section = solution_reviews_context(request, solution=solution, evidence=evidence)
    return {"solution": solution, "request": request, "user": request.user, **section}
