from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "aposbook.reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from aposbook.accounts import registry
        from aposbook.library.structured_data import register_solution_data

        from . import services, structured_data

        # A member's reviews and votes are in their data download and on their profile; a
        # purged account's reviews stay, shown as a deleted member's.
        registry.register(
            export=services.export_member_reviews, profile=services.latest_member_reviews
        )
        # Members' figures in a solution page's schema.org data, where the rules allow it.
        register_solution_data(structured_data.aggregate_rating)
