from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "aposbook.reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from aposbook.accounts import registry

        from . import services

        # A member's reviews and votes are in their data download and on their profile; a
        # purged account's reviews stay, shown as a deleted member's.
        registry.register(
            export=services.export_member_reviews,
            profile=services.latest_member_reviews,
            writing=services.member_review_writing,
            kept=services.member_has_kept_review,
        )
