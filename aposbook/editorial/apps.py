from typing import Any

from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "aposbook.editorial"
    verbose_name = "Editorial desk"

    def ready(self) -> None:
        from aposbook.accounts import registry
        from aposbook.accounts.moderated import ReportableKind, register_kind

        from . import services
        from .models import EditProposal

        # The edits a member proposed are in their data download; published ones stay in
        # the pages' history after a purge, shown as a deleted member's.
        registry.register(export=services.export_member_proposals)
        # Edit proposals can be reported (a proposal changes no page until accepted).
        register_kind(
            ReportableKind(
                key="proposal",
                label="edit proposal",
                model=EditProposal,
                where=_where,
                related=("proposer", "topic"),
                topic=_topic,
            )
        )


def _topic(proposal: Any) -> Any:
    return proposal.topic


def _where(proposal: Any) -> str:
    return f"A proposed edit of {proposal.topic.title}"
