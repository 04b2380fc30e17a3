from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "aposbook.moderation"

    def ready(self) -> None:
        from aposbook.accounts import registry

        from . import reports, services

        # Suspensions and expert applications are in the member's data download; the purge
        # drops the applications (credentials, registry link) and keeps the suspensions.
        registry.register(
            export=services.export_member_moderation, purge=services.forget_expert_applications
        )
        # The reports a member made are in their download; the purge drops them.
        registry.register(export=reports.export_member_reports, purge=reports.forget_reports)
