from typing import Any

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "aposbook.reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from aposbook.accounts import registry
        from aposbook.accounts.moderated import ReportableKind, register_kind
        from aposbook.lib.pagecache import shown_on_pages
        from aposbook.library.structured_data import register_solution_data

        from . import services, structured_data
        from .models import Review, ReviewVote

        # A review and a vote change their solution's page and figures (lib/pagecache.py).
        shown_on_pages(Review, Review.page_tags)
        shown_on_pages(ReviewVote, ReviewVote.page_tags)

        # A member's reviews and votes are in their data download and on their profile; a
        # purged account's reviews stay, shown as a deleted member's.
        registry.register(
            export=services.export_member_reviews,
            profile=services.latest_member_reviews,
            writing=services.member_review_writing,
            kept=services.member_has_kept_review,
        )
        # Members' figures in a solution page's schema.org data, where the rules allow it.
        register_solution_data(structured_data.aggregate_rating)
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
