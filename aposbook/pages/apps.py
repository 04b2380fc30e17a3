from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "aposbook.pages"

    def ready(self) -> None:
        from aposbook.accounts import registry

        from . import services

        # Messages sent through "Contact us" are in the data download; the purge keeps
        # them for the team's records without the member's name and address.
        registry.register(
            export=services.export_member_messages, purge=services.forget_member_messages
        )
