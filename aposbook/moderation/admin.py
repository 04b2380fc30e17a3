"""Moderation in the admin: the audit log (read-only), suspensions (added through
`suspend_member`, also from a member's page) and expert applications (decided with actions)."""

from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from aposbook.accounts.admin import UserAdmin as AccountsUserAdmin
from aposbook.accounts.models import User

from .forms import RefuseApplicationForm
from .models import AuditEntry, ExpertApplication, Report, Suspension
from .services import decide_expert_application, lift_suspension, suspend_member


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is read-only: entries are written by the moderation services."""

    list_display = ["created_at", "actor_name", "action", "target_user", "item", "detail"]
    # By moderator, member, kind of item and action; an item by searching "=its id" too.
    list_filter = [
        "action",
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("target_user", admin.RelatedOnlyFieldListFilter),
        "item_kind",
        "created_at",
    ]
    list_select_related = ["actor", "target_user"]
    search_fields = ["actor__email", "target_user__email", "=item_id", "detail"]
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


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Members' reports, to look up; moderators decide them from the queue on the site."""

    list_display = ["updated_at", "kind", "object_id", "reason", "status", "reporter", "author"]
    list_filter = ["status", "reason", "kind", "updated_at"]
    list_select_related = ["reporter", "author"]
    search_fields = ["reporter__email", "author__email", "=object_id", "details"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        return False


NOT_ALLOWED_TO_SUSPEND = "You may not suspend this member."


def _staff_user(request: HttpRequest) -> User:
    """Who is using the admin: the admin site lets only logged-in staff in, never a visitor."""
    return cast(User, request.user)


class NewSuspensionFormSet(BaseInlineFormSet):
    """Checks a suspension added on the member's page the way the moderation page does (the
    end date is `Suspension.clean`'s to check, as for every model form)."""

    request: HttpRequest | None = None

    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            if form.instance.pk or not form.has_changed() or form.errors:
                continue
            if self.request and not _staff_user(self.request).can_suspend(self.instance):
                form.add_error(None, NOT_ALLOWED_TO_SUSPEND)


class SuspensionInline(admin.TabularInline):
    """Past suspensions are read-only; a new one goes through `suspend_member`."""

    model = Suspension
    fk_name = "user"
    formset = NewSuspensionFormSet
    extra = 0
    can_delete = False
    fields = ["reason", "ends_at", "created_by", "created_at", "lifted_at", "lifted_by"]
    readonly_fields = ["created_by", "created_at", "lifted_at", "lifted_by"]

    def get_formset(
        self, request: HttpRequest, obj: User | None = None, **kwargs: object
    ) -> type[NewSuspensionFormSet]:
        # Built from `formset` above, so a subclass of NewSuspensionFormSet.
        formset = cast(type[NewSuspensionFormSet], super().get_formset(request, obj, **kwargs))
        formset.request = request
        return formset

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return False


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AccountsUserAdmin):
    """The accounts admin, with the member's suspensions on their page."""

    inlines = [SuspensionInline]

    def get_inlines(self, request: HttpRequest, obj: User | None) -> list:
        return self.inlines if obj is not None else []

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Suspension:
            super().save_formset(request, form, formset, change)
            return
        # Suspensions are only ever added here, and through the service: audit log and email.
        for suspension in formset.save(commit=False):
            suspend_member(
                member=form.instance,
                reason=suspension.reason,
                by=_staff_user(request),
                until=suspension.ends_at,
            )


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "ends_at", "lifted_at", "created_by", "in_force"]
    list_filter = ["created_at", "ends_at", "lifted_at"]
    list_select_related = ["user", "created_by"]
    search_fields = ["user__email", "user__display_name", "reason"]
    autocomplete_fields = ["user"]
    fields = ["user", "reason", "ends_at", "created_by", "created_at", "lifted_at", "lifted_by"]
    actions = ["lift"]

    @admin.display(boolean=True, description="in force")
    def in_force(self, suspension: Suspension) -> bool:
        return suspension.is_in_force()

    def get_readonly_fields(self, request: HttpRequest, obj: Suspension | None = None) -> list:
        readonly = ["created_by", "created_at", "lifted_at", "lifted_by"]
        return readonly if obj is None else [*readonly, "user", "reason", "ends_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Suspension | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Suspension, form: Any, change: bool) -> None:
        if change:
            return
        suspension = suspend_member(
            member=obj.user, reason=obj.reason, by=_staff_user(request), until=obj.ends_at
        )
        obj.pk = suspension.pk
        obj.refresh_from_db()

    def get_form(
        self,
        request: HttpRequest,
        obj: Suspension | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)

        # mypy takes no variable as a base class; `form` is the class the admin built.
        class SuspensionForm(form):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                cleaned = super().clean()
                member = cleaned.get("user")
                if (
                    self.instance.pk is None
                    and member is not None
                    and not _staff_user(request).can_suspend(member)
                ):
                    self.add_error("user", NOT_ALLOWED_TO_SUSPEND)
                return cleaned

        return SuspensionForm

    @admin.action(description="Lift the selected suspensions now")
    def lift(self, request: HttpRequest, queryset: QuerySet[Suspension]) -> None:
        lifted, moderator = 0, _staff_user(request)
        for suspension in queryset.select_related("user"):
            if suspension.is_in_force() and moderator.can_suspend(suspension.user):
                lifted += lift_suspension(member=suspension.user, by=moderator)
        self.message_user(request, f"Lifted {lifted} suspension(s).", messages.SUCCESS)


@admin.register(ExpertApplication)
class ExpertApplicationAdmin(admin.ModelAdmin):
    """Applications come from the site; moderators decide them with the two actions."""

    list_display = ["user", "profession", "credentials", "status", "created_at", "decided_by"]
    list_filter = ["status", "created_at"]
    list_select_related = ["user", "decided_by"]
    search_fields = ["user__email", "user__display_name", "profession", "credentials"]
    readonly_fields = [
        "user",
        "profession",
        "credentials",
        "registry_url",
        "statement",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
        "refusal_reason",
    ]
    actions = ["approve", "refuse"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def _decidable(
        self, request: HttpRequest, queryset: QuerySet[ExpertApplication]
    ) -> list[ExpertApplication]:
        applications = list(queryset.select_related("user"))
        moderator = _staff_user(request)
        decidable = [a for a in applications if a.can_be_decided_by(moderator)]
        if skipped := len(applications) - len(decidable):
            self.message_user(
                request,
                f"Skipped {skipped} application(s): already decided, or your own.",
                messages.WARNING,
            )
        return decidable

    @admin.action(description="Approve the selected applications")
    def approve(self, request: HttpRequest, queryset: QuerySet[ExpertApplication]) -> None:
        decidable = self._decidable(request, queryset)
        for application in decidable:
            decide_expert_application(
                application=application, by=_staff_user(request), approve=True
            )
        if decidable:
            self.message_user(request, f"Approved {len(decidable)} application(s).")

    @admin.action(description="Refuse the selected applications, with a reason…")
    def refuse(
        self, request: HttpRequest, queryset: QuerySet[ExpertApplication]
    ) -> HttpResponse | None:
        """Asks for the reason on a page of its own, then refuses with it."""
        form = RefuseApplicationForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            decidable = self._decidable(request, queryset)
            for application in decidable:
                decide_expert_application(
                    application=application,
                    by=_staff_user(request),
                    approve=False,
                    reason=form.cleaned_data["reason"],
                )
            if decidable:
                self.message_user(request, f"Refused {len(decidable)} application(s).")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Refuse expert applications",
            "opts": self.model._meta,
            "form": form,
            "applications": queryset.select_related("user"),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "moderation/admin_refuse.html", context)
