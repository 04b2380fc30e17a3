"""Admin for discussions, questions and answers, and feedback.

Deleting posts and answers goes through the services so the stored counters stay right.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from . import discussions_services as services
from .models import Answer, Feedback, Follow, Post, Question, Thread


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


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "author", "answer_count", "created_at"]
    list_select_related = ["topic", "author"]
    search_fields = ["title", "body", "topic__title", "author__email"]
    raw_id_fields = ["topic", "author", "accepted_answer"]
    readonly_fields = ["body_html", "answer_count", "created_at"]
    date_hierarchy = "created_at"


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "question", "author", "vote_count", "created_at"]
    list_select_related = ["question", "author"]
    search_fields = ["body", "question__title", "author__email"]
    raw_id_fields = ["question", "author"]
    readonly_fields = ["body_html", "vote_count", "created_at", "edited_at"]
    date_hierarchy = "created_at"

    def delete_model(self, request: HttpRequest, obj: Answer) -> None:
        services.delete_answer(answer=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Answer]) -> None:
        for answer in queryset:
            services.delete_answer(answer=answer)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["topic", "helpful", "comment", "user", "created_at"]
    list_filter = ["helpful", "topic__kind"]
    list_select_related = ["topic", "user"]
    search_fields = ["comment", "topic__title"]
    raw_id_fields = ["topic", "user"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"
