"""Questions and answers in the admin. Deleting answers goes through the services, so the
stored counters stay right."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from . import services
from .models import Answer, Question


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "author", "answer_count", "created_at"]
    list_select_related = ["topic", "author"]
    search_fields = ["title", "body", "topic__title", "author__email"]
    raw_id_fields = ["topic", "author", "accepted_answer"]
    readonly_fields = ["body_html", "answer_count", "created_at", "edited_at"]
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
