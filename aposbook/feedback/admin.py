from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["topic", "helpful", "comment", "user", "created_at"]
    list_filter = ["helpful", "topic__kind"]
    list_select_related = ["topic", "user"]
    search_fields = ["comment", "topic__title"]
    raw_id_fields = ["topic", "user"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"
