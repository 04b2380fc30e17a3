"""Discussions in the admin. Deleting posts goes through the services, so the stored
counters stay right."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from . import services
from .models import Follow, Post, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "author", "reply_count", "last_activity_at", "is_locked"]
    list_filter = ["is_locked", "topic__kind"]
    list_select_related = ["topic", "author"]
    search_fields = ["title", "topic__title", "author__email"]
    raw_id_fields = ["topic", "author"]
    readonly_fields = ["reply_count", "created_at", "last_activity_at"]
    date_hierarchy = "created_at"


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "thread", "author", "created_at", "edited_at"]
    list_select_related = ["thread", "author"]
    search_fields = ["body", "thread__title", "author__email"]
    raw_id_fields = ["thread", "author", "quoted_post"]
    readonly_fields = ["body_html", "created_at", "edited_at"]
    date_hierarchy = "created_at"

    def delete_model(self, request: HttpRequest, obj: Post) -> None:
        services.delete_post(post=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        for post in queryset.select_related("thread"):
            if Thread.objects.filter(pk=post.thread_id).exists():
                services.delete_post(post=post)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "thread", "topic", "created_at"]
    list_select_related = ["user", "thread", "topic"]
    search_fields = ["user__email", "thread__title", "topic__title"]
    raw_id_fields = ["user", "thread", "topic"]
