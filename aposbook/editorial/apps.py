from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "aposbook.editorial"
    verbose_name = "Editorial desk"

    def ready(self) -> None:
        from aposbook.accounts import registry

        from . import services

        # The edits a member proposed are in their data download; published ones stay in
        # the pages' history after a purge, shown as a deleted member's.
        registry.register(export=services.export_member_proposals)
