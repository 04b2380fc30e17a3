from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is read-only: entries are written by the moderation services."""

    list_display = ["created_at", "actor_name", "action", "target_user", "detail"]
    list_filter = ["action", "created_at"]
    list_select_related = ["actor", "target_user"]
    search_fields = ["actor__email", "target_user__email", "detail"]
    date_hierarchy = "created_at"

    @admin.display(description="by")
    def actor_name(self, entry: AuditEntry) -> str:
        return entry.actor_name

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
