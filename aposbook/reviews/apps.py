from typing import Any

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "aposbook.reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from aposbook.accounts import registry
        from aposbook.accounts.moderated import ReportableKind, register_kind

        from . import services
        from .models import Review

        # A member's reviews and votes are in their data download and on their profile; a
        # purged account's reviews stay, shown as a deleted member's.
        registry.register(
            export=services.export_member_reviews, profile=services.latest_member_reviews
        )
        # Reviews can be reported; a review not shown leaves its solution's figures.
        register_kind(
            ReportableKind(
                key="review",
                label="review",
                model=Review,
                where=_where,
                count=services.count_review,
                related=("author", "solution", "condition"),
            )
        )


def _where(review: Any) -> str:
    condition = f" for {review.condition.name.lower()}" if review.condition else ""
    return f"{review.solution.name}{condition}"
