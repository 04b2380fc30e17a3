"""Reviews in the admin. What the stored figures count (score, side effects, recommendation,
votes) is read-only here, and deleting goes through `delete_review`, so the figures stay
right; `recompute_review_stats` repairs them if anything else changed them."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Review, ReviewStats
from .services import delete_review, recompute_review_stats, recompute_review_votes


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "solution",
        "condition",
        "author",
        "effectiveness",
        "helpful_count",
        "not_helpful_count",
        "created_at",
        "edited_at",
    ]
    list_filter = ["side_effects", "recommends", "duration"]
    list_select_related = ["solution", "condition", "author"]
    search_fields = ["solution__name", "condition__name", "author__email", "story"]
    readonly_fields = [
        "author",
        "solution",
        "condition",
        "effectiveness",
        "side_effects",
        "recommends",
        "helpful_count",
        "not_helpful_count",
        "helpfulness",
        "created_at",
        "edited_at",
    ]
    fields = [
        *readonly_fields[:6],
        "side_effects_text",
        "solution_form",
        "dose",
        "duration",
        "story",
        *readonly_fields[6:],
    ]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # Reviews are written by members, through the site.

    def delete_model(self, request: HttpRequest, obj: Review) -> None:
        delete_review(review=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        for review in queryset:
            delete_review(review=review)


@admin.register(ReviewStats)
class ReviewStatsAdmin(admin.ModelAdmin):
    list_display = ["solution", "condition", "review_count", "effectiveness_sum"]
    list_select_related = ["solution", "condition"]
    search_fields = ["solution__name", "condition__name"]
    actions = ["recompute"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Recount the figures of these solutions from their reviews")
    def recompute(self, request: HttpRequest, queryset: QuerySet[ReviewStats]) -> None:
        solutions = {row.solution for row in queryset.select_related("solution")}
        for solution in solutions:
            recompute_review_stats(solution=solution)
            recompute_review_votes(solution=solution)
        messages.success(request, f"Recounted the figures of {len(solutions)} solution(s).")
