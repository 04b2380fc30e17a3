from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from .models import (
    Article,
    ArticleReference,
    Condition,
    ConditionTerm,
    DoseLimit,
    Interaction,
    Medicine,
    Reference,
    SafetyRule,
    Solution,
    SolutionForCondition,
    SolutionForm,
    Topic,
    Video,
    VocabularyTerm,
)

# Addresses typed without a scheme are taken as https (Django 6's default).
HTTPS_URLS: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


class EvidenceInline(admin.TabularInline):
    model = SolutionForCondition
    extra = 0
    autocomplete_fields = ["solution", "condition", "references"]


class SolutionEvidenceInline(EvidenceInline):
    fk_name = "solution"


class ConditionEvidenceInline(EvidenceInline):
    fk_name = "condition"


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "icd10_codes", "featured", "updated_at"]
    list_filter = ["featured"]
    search_fields = ["name", "synonyms", "icd10_codes", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["related"]
    inlines = [ConditionEvidenceInline]


class SolutionFormInline(admin.TabularInline):
    model = SolutionForm
    extra = 1


class DoseLimitInline(admin.TabularInline):
    """Structured doses the unsafe-advice checks compare members' figures with."""

    model = DoseLimit
    extra = 0
    autocomplete_fields = ["reference"]


class InteractionInline(admin.TabularInline):
    model = Interaction
    extra = 0
    autocomplete_fields = ["medicine"]


@admin.register(Solution)
class SolutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "featured", "updated_at"]
    list_filter = ["kind", "featured"]
    search_fields = ["name", "summary", "forms__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [
        SolutionFormInline,
        DoseLimitInline,
        InteractionInline,
        SolutionEvidenceInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "featured", "summary", "body"]}),
        ("Use and safety", {"fields": ["dosage", "side_effects", "interactions", "avoid_if"]}),
    ]


@admin.register(SolutionForCondition)
class SolutionForConditionAdmin(admin.ModelAdmin):
    list_display = ["solution", "condition", "grade"]
    list_filter = ["grade", "solution__kind"]
    search_fields = ["solution__name", "condition__name", "summary"]
    autocomplete_fields = ["solution", "condition", "references"]
    list_select_related = ["solution", "condition"]


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["key", "authors", "year", "journal", "pmid", "doi"]
    list_filter = ["year"]
    search_fields = ["key", "authors", "title", "journal", "pmid", "doi"]
    formfield_overrides = HTTPS_URLS


class ArticleReferenceInline(admin.TabularInline):
    model = ArticleReference
    extra = 1
    autocomplete_fields = ["reference"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "status", "published_at", "updated_at"]
    list_filter = ["status", "published_at", "topics__kind"]
    search_fields = ["title", "summary", "body", "author__display_name", "author__email"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "reviewer", "topics", "related"]
    list_select_related = ["author"]
    date_hierarchy = "published_at"
    inlines = [ArticleReferenceInline]

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        # Citations link only to numbers in the reference list, which the inline just saved.
        form.instance.save()


@admin.register(Video)
class VideoAdmin(admin.ModelAdmin):
    list_display = ["title", "creator", "provider", "published_at"]
    list_filter = ["provider"]
    search_fields = ["title", "creator", "description"]
    formfield_overrides = HTTPS_URLS
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Read-only: topics follow their condition, solution or article."""

    list_display = ["title", "kind", "slug", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["title", "slug"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Topic | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Topic | None = None) -> bool:
        return False


@admin.register(VocabularyTerm)
class VocabularyTermAdmin(admin.ModelAdmin):
    """The ICD-10-CM vocabulary, managed by `manage.py import_icd10`."""

    list_display = ["code", "term", "source", "is_leaf"]
    list_filter = ["source", "is_leaf"]
    search_fields = ["code", "term"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[VocabularyTerm]:
        return super().get_queryset(request).only("code", "term", "source", "is_leaf")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ConditionTerm)
class ConditionTermAdmin(admin.ModelAdmin):
    """Read-only: a condition writes its own terms from its name, synonyms and codes on save,
    and would undo any change made here."""

    list_display = ["term", "condition"]
    search_fields = ["term", "condition__name"]
    list_select_related = ["condition"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Medicine)
class MedicineAdmin(admin.ModelAdmin):
    list_display = ["name", "terms"]
    search_fields = ["name", "terms"]


@admin.register(SafetyRule)
class SafetyRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "patterns", "message"]
