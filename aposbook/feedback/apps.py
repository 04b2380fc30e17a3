from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "aposbook.feedback"
    verbose_name = "Page feedback"

    def ready(self) -> None:
        from aposbook.accounts import registry

        from . import services

        # Feedback sent while logged in is in the data download; it stays after a purge,
        # like any page feedback, with nothing that names the member.
        registry.register(export=services.export_member_feedback)
