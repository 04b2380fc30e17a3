"""Moderation decisions. Each one changes the account, writes the audit log and tells the
member by email, in one transaction.

Who may take a decision is checked by the caller (`User.can_suspend`,
`ExpertApplication.can_be_decided_by`); `by=None` means the operator on the command line.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from aposbook.accounts.models import Role, User
from aposbook.lib.dates import human_date
from aposbook.lib.emails import send_templated

from .models import AuditAction, AuditEntry, ExpertApplication, Suspension


class AlreadyDecided(ValueError):
    """Another moderator decided the application first."""


def _site_link(name: str, query: str = "") -> str:
    return f"{settings.SITE_URL}{reverse(name)}{query}"


@transaction.atomic
def suspend_member(
    *, member: User, reason: str, by: User | None, until: datetime | None = None
) -> Suspension:
    """Suspend `member` until `until` (or until lifted); a suspension already in force is
    replaced by this one, so a member has at most one."""
    reason = reason.strip()
    now = timezone.now()
    if not reason:
        raise ValueError("A suspension needs a reason.")
    suspension = Suspension(
        user=member, reason=reason, created_by=by, created_at=now, ends_at=until
    )
    suspension.clean()

    replaced = (
        Suspension.objects.in_force(now).filter(user=member).update(lifted_at=now, lifted_by=by)
    )
    suspension.save()
    member.__dict__.pop("active_suspension", None)

    # The audit log shows this text as written: the site's date format, not ISO.
    until_text = f"until {human_date(until, clock=True)} UTC" if until else "without an end date"
    detail = f"{until_text[0].upper()}{until_text[1:]}. Reason: {reason}"
    if replaced:
        detail += " (replaces the suspension that was in force)"
    AuditEntry.objects.create(
        actor=by, action=AuditAction.SUSPEND, target_user=member, detail=detail, created_at=now
    )
    send_templated(
        "suspension",
        to=[member.email],
        context={
            "member": member,
            "suspension": suspension,
            "code_of_conduct_url": _site_link("pages:code_of_conduct"),
            "appeal_url": _site_link("pages:contact", "?subject=appeal"),
        },
    )
    return suspension


@transaction.atomic
def lift_suspension(*, member: User, by: User | None) -> int:
    """End every suspension of `member` in force now; returns how many were lifted."""
    now = timezone.now()
    lifted = (
        Suspension.objects.in_force(now).filter(user=member).update(lifted_at=now, lifted_by=by)
    )
    member.__dict__.pop("active_suspension", None)
    if lifted:
        AuditEntry.objects.create(
            actor=by,
            action=AuditAction.UNSUSPEND,
            target_user=member,
            detail="Suspension lifted before its end.",
            created_at=now,
        )
        send_templated(
            "suspension-lifted",
            to=[member.email],
            context={"member": member, "code_of_conduct_url": _site_link("pages:code_of_conduct")},
        )
    return lifted


@transaction.atomic
def decide_expert_application(
    *, application: ExpertApplication, by: User | None, approve: bool, reason: str = ""
) -> ExpertApplication:
    """Approve (the member becomes a health expert showing these credentials) or refuse
    (with a reason the applicant reads) a pending application."""
    application = (
        ExpertApplication.objects.select_for_update().select_related("user").get(pk=application.pk)
    )
    reason = reason.strip()
    if not application.is_pending:
        raise AlreadyDecided("This application has already been decided.")
    if not approve and not reason:
        raise ValueError("Please give the reason; the applicant will read it.")

    now = timezone.now()
    applicant = application.user
    application.decided_by = by
    application.decided_at = now
    if approve:
        application.status = ExpertApplication.Status.APPROVED
        applicant.credentials = application.credentials
        applicant.profession = application.profession
        # A moderator or staff member keeps their role; the credentials still show.
        if applicant.role == Role.MEMBER:
            applicant.role = Role.EXPERT
        applicant.save(update_fields=["credentials", "profession", "role"])
        detail = f"{application.profession}, {application.credentials}: {application.registry_url}"
    else:
        application.status = ExpertApplication.Status.REFUSED
        application.refusal_reason = reason
        detail = f"{application.profession}, {application.credentials}. Reason: {reason}"
    application.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])

    AuditEntry.objects.create(
        actor=by,
        action=AuditAction.APPROVE_EXPERT if approve else AuditAction.REFUSE_EXPERT,
        target_user=applicant,
        detail=detail,
        created_at=now,
    )
    send_templated(
        "expert-approved" if approve else "expert-refused",
        to=[applicant.email],
        context={
            "member": applicant,
            "application": application,
            "apply_url": _site_link("experts:apply"),
            "code_of_conduct_url": _site_link("pages:code_of_conduct"),
        },
    )
    return application


# --- The member's account (registered in apps.py) ------------------------------------------


def export_member_moderation(user: User) -> dict[str, list[dict[str, Any]]]:
    """The member's suspensions and expert applications, oldest first, for their download."""
    return {
        "suspensions": [
            {
                "reason": suspension.reason,
                "created_at": suspension.created_at,
                "ends_at": suspension.ends_at,
                "lifted_at": suspension.lifted_at,
            }
            for suspension in Suspension.objects.filter(user=user).order_by("created_at")
        ],
        "expert_applications": [
            {
                "profession": application.profession,
                "credentials": application.credentials,
                "registry_url": application.registry_url,
                "statement": application.statement,
                "status": application.get_status_display(),
                "created_at": application.created_at,
                "decided_at": application.decided_at,
                "refusal_reason": application.refusal_reason,
            }
            for application in ExpertApplication.objects.filter(user=user).order_by("created_at")
        ],
    }


def forget_expert_applications(user: User) -> None:
    """A purged account's applications go: they hold its credentials and registry link.
    Suspensions stay, as the record of a moderation decision about the account."""
    ExpertApplication.objects.filter(user=user).delete()
