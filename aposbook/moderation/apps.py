from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "aposbook.moderation"

    def ready(self) -> None:
        from aposbook.accounts import registry

        from . import services

        # Suspensions and expert applications are in the member's data download; the purge
        # drops the applications (credentials, registry link) and keeps the suspensions.
        registry.register(
            export=services.export_member_moderation, purge=services.forget_expert_applications
        )
