from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from .models import ContactMessage


class HandledFilter(admin.SimpleListFilter):
    title = "handled"
    parameter_name = "handled"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("no", "Waiting for an answer"), ("yes", "Handled")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "no":
            return queryset.filter(handled_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(handled_at__isnull=False)
        return queryset


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "name", "email", "user", "handled_at"]
    list_filter = [HandledFilter, "subject", "created_at"]
    list_select_related = ["user"]
    search_fields = ["name", "email", "message"]
    date_hierarchy = "created_at"
    readonly_fields = ["name", "email", "subject", "message", "user", "created_at"]
    fields = [*readonly_fields, "handled_at"]
    actions = ["mark_handled"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Mark the selected messages as handled")
    def mark_handled(self, request: HttpRequest, queryset: QuerySet[ContactMessage]) -> None:
        updated = queryset.filter(handled_at__isnull=True).update(handled_at=timezone.now())
        self.message_user(request, f"Marked {updated} message(s) as handled.")
