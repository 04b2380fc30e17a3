"""The editorial desk in the admin: revisions and proposals are read-only here (they are
made and decided on the site, where the merge and the emails happen); staff mark trusted
experts."""

from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest

from aposbook.accounts.models import User

from .models import EditProposal, Revision, TrustedExpert


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["topic", "number", "author", "accepted_by", "is_minor", "created_at"]
    list_select_related = ["topic", "author", "accepted_by"]
    list_filter = ["is_minor", "topic__kind"]
    search_fields = ["topic__title", "reason", "author__email"]
    date_hierarchy = "created_at"


@admin.register(EditProposal)
class EditProposalAdmin(ReadOnlyAdmin):
    list_display = ["topic", "proposer", "status", "is_member_suggestion", "created_at"]
    list_select_related = ["topic", "proposer"]
    list_filter = ["status", "is_member_suggestion", "topic__kind"]
    search_fields = ["topic__title", "reason", "proposer__email"]
    date_hierarchy = "created_at"


@admin.register(TrustedExpert)
class TrustedExpertAdmin(admin.ModelAdmin):
    """Staff mark the experts whose proposals publish without a second look."""

    list_display = ["user", "marked_by", "created_at"]
    list_select_related = ["user", "marked_by"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user"]
    readonly_fields = ["marked_by", "created_at"]

    def save_model(self, request: HttpRequest, obj: TrustedExpert, form: Any, change: bool) -> None:
        if not change:
            # The admin lets only logged-in staff in: the user is never anonymous here.
            obj.marked_by = cast(User, request.user)
        super().save_model(request, obj, form, change)
