from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from aposbook.accounts.gate import AuthenticatedRequest, member_feature, moderator_only, not_allowed
from aposbook.accounts.models import User
from aposbook.accounts.moderated import get_item, reportable_kinds
from aposbook.lib import ratelimit
from aposbook.lib.visibility import Moderated, require_listed
from aposbook.library.access import require_visible

from .forms import (
    AuditFilterForm,
    DecisionForm,
    ExpertApplicationForm,
    MemberSearchForm,
    RefuseApplicationForm,
    ReportForm,
    SuspendForm,
)
from .models import AuditEntry, ExpertApplication, Report, Suspension
from .reports import DecisionRefused, decide, moderation_queue, report_item
from .services import (
    AlreadyDecided,
    decide_expert_application,
    lift_suspension,
    suspend_member,
)

HISTORY_PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 50
RECORD_SIZE = 20
MEMBERS_PER_PAGE = 50
CANNOT_SUSPEND_SELF = "You can't suspend yourself."
CANNOT_SUSPEND_MODERATOR = "Only staff can suspend a moderator or a member of staff."
CANNOT_DECIDE_OWN = "You can't decide your own application; another moderator will."
ALREADY_DECIDED = "This application has already been decided."


def _not_allowed(request: HttpRequest, message: str) -> HttpResponse:
    return not_allowed(
        request, message, back_url=reverse("moderation:dashboard"), back_label="Back to moderation"
    )


def _suspension_refusal(moderator: User, member: User) -> str | None:
    """Why `moderator` may not suspend (or lift the suspension of) `member`, if they may not."""
    if moderator.can_suspend(member):
        return None
    return CANNOT_SUSPEND_SELF if moderator.pk == member.pk else CANNOT_SUSPEND_MODERATOR


def _application_refusal(moderator: User, application: ExpertApplication) -> str | None:
    if application.can_be_decided_by(moderator):
        return None
    return ALREADY_DECIDED if not application.is_pending else CANNOT_DECIDE_OWN


@moderator_only
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "pending_applications": ExpertApplication.objects.pending().count(),
        "suspended_now": Suspension.objects.in_force().select_related("user", "created_by"),
        "recent_entries": AuditEntry.objects.with_people()[:20],
    }
    return render(request, "moderation/dashboard.html", context)


@moderator_only
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    """The whole audit log, newest first, filtered by action, moderator, member or item:
    moderators who are not staff have no admin to read it in."""
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.with_people()
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value}
        entries = entries.matching(**filters)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "query_prefix": f"{urlencode(filters)}&" if filters else "",
    }
    return render(request, "moderation/audit_log.html", context, status=400 if form.errors else 200)


@moderator_only
def members(request: AuthenticatedRequest) -> HttpResponse:
    """Every member, newest first, or those whose email address or name matches the search;
    each with whether a suspension is in force, to suspend them or lift it."""
    form = MemberSearchForm(request.GET if "q" in request.GET else None)
    people = User.objects.annotate(
        suspended=Exists(Suspension.objects.in_force().filter(user=OuterRef("pk")))
    ).order_by("-date_joined", "-pk")
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        people = people.filter(Q(email__icontains=query) | Q(display_name__icontains=query))
    page = Paginator(people, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": query,
        "query_prefix": f"{urlencode({'q': query})}&" if query else "",
    }
    return render(request, "moderation/members.html", context)


@moderator_only
def suspend(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(User, pk=member_id)
    if refusal := _suspension_refusal(request.user, member):
        return _not_allowed(request, refusal)

    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        suspend_member(
            member=member,
            reason=form.cleaned_data["reason"],
            by=request.user,
            until=form.cleaned_data["until"],
        )
        messages.success(request, f"{member.public_name} ({member.email}) has been suspended.")
        return redirect("moderation:suspensions")
    context = {
        "member": member,
        "form": form,
        "current": member.active_suspension,
        # The member's record: warnings, hidden items, earlier suspensions.
        "record": list(member.moderation_history.with_people()[:RECORD_SIZE]),
    }
    return render(request, "moderation/suspend.html", context, status=400 if form.errors else 200)


@require_POST
@moderator_only
def unsuspend(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(User, pk=member_id)
    if refusal := _suspension_refusal(request.user, member):
        return _not_allowed(request, refusal)

    if lift_suspension(member=member, by=request.user):
        messages.success(request, f"The suspension of {member.public_name} has been lifted.")
    else:
        messages.info(request, f"{member.public_name} is not suspended.")
    return redirect("moderation:suspensions")


@moderator_only
def suspensions(request: AuthenticatedRequest) -> HttpResponse:
    in_force = list(Suspension.objects.in_force().select_related("user", "created_by"))
    history = Suspension.objects.exclude(pk__in=[s.pk for s in in_force]).select_related(
        "user", "created_by", "lifted_by"
    )
    page = Paginator(history, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "moderation/suspensions.html", {"in_force": in_force, "history": page})


def _render_applications(
    request: HttpRequest,
    refuse_forms: dict[int, RefuseApplicationForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    pending = list(
        ExpertApplication.objects.pending().select_related("user").order_by("created_at")
    )
    refuse_forms = refuse_forms or {}
    for application in pending:
        application.refuse_form = refuse_forms.get(
            application.pk, RefuseApplicationForm(prefix=f"refuse-{application.pk}")
        )
    return render(
        request, "moderation/expert_applications.html", {"applications": pending}, status=status
    )


@moderator_only
def expert_applications(request: AuthenticatedRequest) -> HttpResponse:
    return _render_applications(request)


def _decide(request: AuthenticatedRequest, application_id: int, *, approve: bool) -> HttpResponse:
    """Approve, or refuse with the reason from the form, one application this moderator may
    decide."""
    application = get_object_or_404(
        ExpertApplication.objects.select_related("user"), pk=application_id
    )
    if refusal := _application_refusal(request.user, application):
        return _not_allowed(request, refusal)

    reason = ""
    if not approve:
        form = RefuseApplicationForm(request.POST, prefix=f"refuse-{application.pk}")
        if not form.is_valid():
            return _render_applications(request, {application.pk: form}, status=400)
        reason = form.cleaned_data["reason"]
    try:
        decide_expert_application(
            application=application, by=request.user, approve=approve, reason=reason
        )
    except AlreadyDecided:
        # Another moderator decided it after this one loaded the page.
        return _not_allowed(request, ALREADY_DECIDED)
    name = application.user.public_name
    if approve:
        messages.success(request, f"{name} is now shown as a health expert.")
    else:
        messages.success(request, f"The application of {name} was refused.")
    return redirect("moderation:expert_applications")


@require_POST
@moderator_only
def approve_application(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    return _decide(request, application_id, approve=True)


@require_POST
@moderator_only
def refuse_application(request: AuthenticatedRequest, application_id: int) -> HttpResponse:
    return _decide(request, application_id, approve=False)


@member_feature
def apply_expert(request: AuthenticatedRequest) -> HttpResponse:
    """A member asks to be shown as a health expert; one application waits at a time."""
    user = request.user
    pending = user.expert_applications.pending().first()
    if user.is_expert or pending:
        return render(request, "moderation/apply_expert.html", {"pending": pending})

    form = ExpertApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.user = user
        form.save()
        messages.success(
            request,
            "Thank you. Your application has been sent; a moderator will check your "
            "registration and email you the decision.",
        )
        return redirect("experts:apply")
    context = {
        "form": form,
        "last_refused": user.expert_applications.filter(
            status=ExpertApplication.Status.REFUSED
        ).first(),
    }
    return render(
        request, "moderation/apply_expert.html", context, status=400 if form.errors else 200
    )


# --- Reports and the queue -----------------------------------------------------------------

OWN_ITEM_REPORT = "This is your own writing: you can edit or delete it instead of reporting it."
ALREADY_REMOVED = "A moderator has already removed it: there is nothing left to report."
REPORTED = "Thank you. A moderator will look at it; the author is not told who reported it."
REPORT_EXCERPT = 300


def _get_reportable(request: HttpRequest, kind: str, item_id: int) -> Moderated:
    """An item of a registered kind that the reader can see: a held one, or one about an
    article the reader may not open, is not found."""
    item = get_item(kind, item_id)
    if item is None:
        raise Http404("Nothing to report here.")
    require_listed(request.user, item)
    topic = reportable_kinds()[kind].topic
    if topic is not None:
        require_visible(request.user, topic(item))
    return item


@member_feature
def report(request: AuthenticatedRequest, kind: str, item_id: int) -> HttpResponse:
    """The "Report" action: what is wrong with the item; reporting again changes it."""
    item = _get_reportable(request, kind, item_id)
    if item.is_by(request.user):
        return not_allowed(request, OWN_ITEM_REPORT)
    if item.is_hidden:
        return not_allowed(request, ALREADY_REMOVED)
    mine = Report.objects.filter(reporter=request.user, kind=kind, object_id=item_id).first()
    form = ReportForm(
        request.POST or None,
        initial={"reason": mine.reason, "details": mine.details} if mine else None,
        rate_key=ratelimit.sender_key(request, "report"),
    )
    registered = reportable_kinds()[kind]
    if request.method == "POST" and form.is_valid():
        report_item(reporter=request.user, item=item, **form.cleaned_data)
        messages.success(request, REPORTED)
        return redirect(registered.url(item))
    context = {
        "form": form,
        "kind": registered,
        "where": registered.where(item),
        "url": registered.url(item),
        "excerpt": item.moderated_text()[:REPORT_EXCERPT],
        "mine": mine,
    }
    return render(request, "moderation/report.html", context, status=400 if form.errors else 200)


def _render_queue(
    request: HttpRequest, forms: dict[str, DecisionForm] | None = None, status: int = 200
) -> HttpResponse:
    entries = moderation_queue()
    forms = forms or {}
    for entry in entries:
        entry.form = forms.get(entry.key) or DecisionForm(prefix=entry.key)
    return render(request, "moderation/queue.html", {"entries": entries}, status=status)


@moderator_only
def queue(request: AuthenticatedRequest) -> HttpResponse:
    return _render_queue(request)


@require_POST
@moderator_only
def decide_item(request: AuthenticatedRequest, kind: str, item_id: int) -> HttpResponse:
    item = get_item(kind, item_id)
    if item is None:
        raise Http404("No such item.")
    key = f"{kind}-{item_id}"
    form = DecisionForm(request.POST, prefix=key)
    if not form.is_valid():
        return _render_queue(request, {key: form}, status=400)
    try:
        decide(moderator=request.user, item=item, **form.cleaned_data)
    except DecisionRefused as refusal:
        return _not_allowed(request, str(refusal))
    messages.success(request, f"Done: {form.get_decision_display()}.")
    return redirect("moderation:queue")
