"""Reports and the moderation queue: members report an item, moderators decide.

Any kind of item registered in `aposbook.accounts.moderated` (reviews, posts, questions,
answers, edit proposals, profiles) can be reported. A member has one report per item;
reporting again changes it. Three established members reporting the same item hold it at
once (others no longer see it) until a moderator decides. A decision settles the kinds of
report it answered: later reports of those kinds about the same item are kept but do not
bring it back to the queue. Every decision and automatic hold goes into the audit log.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from aposbook.accounts.models import User
from aposbook.accounts.moderated import (
    ReportableKind,
    kind_of,
    reportable_kinds,
    set_visibility,
)
from aposbook.lib.emails import send_templated
from aposbook.lib.visibility import UNSAFE_ADVICE, Moderated, Visibility, highlighted

from .models import AuditAction, AuditEntry, Report, ReportReason, ReportStatus

# Members whose account is at least this old, and who may post, are "established".
ESTABLISHED_AFTER = timedelta(days=7)
# This many established members' reports (each weighed by their standing) hold an item.
AUTO_HIDE_WEIGHT = 3.0
AUTO_HIDE_REASON = "Several members reported it; a moderator will look at it."
QUEUE_SIZE = 50
# The decisions whose kinds of report stand against later reports of the same kind.
SETTLING = [AuditAction.HIDE, AuditAction.RESTORE, AuditAction.DISMISS, AuditAction.WARN]


class Decision:
    HIDE = "hide"
    RESTORE = "restore"
    DISMISS = "dismiss"
    WARN = "warn"

    CHOICES = [
        (HIDE, "Hide it: the author sees it is hidden and your reason"),
        (RESTORE, "Show it (again)"),
        (DISMISS, "Dismiss the reports: nothing wrong"),
        (WARN, "Warn the author: an email with your reason, and a note on their record"),
    ]


class DecisionRefused(ValueError):
    pass


OWN_ITEM = "You can't decide about your own writing; another moderator will."


def is_established(user: User, now: datetime | None = None) -> bool:
    """An account older than a week, in good standing."""
    now = now or timezone.now()
    return user.date_joined <= now - ESTABLISHED_AFTER and user.can_post()


def reporter_weight(*, upheld: int, dismissed: int) -> float:
    """How much a member's report counts: 1, until moderators dismissed two or more of
    their reports; then the share of their decided reports that held up (one more upheld
    assumed, so nobody drops to nothing)."""
    if dismissed < 2:
        return 1.0
    return (upheld + 1) / (upheld + dismissed + 1)


def reporter_weights(reporter_ids: set[int]) -> dict[int, float]:
    """Each reporter's weight, from their decided reports (one query)."""
    rows = (
        Report.objects.filter(reporter_id__in=reporter_ids)
        .values("reporter_id")
        .annotate(
            upheld=Count("pk", filter=Q(status=ReportStatus.UPHELD)),
            dismissed=Count("pk", filter=Q(status=ReportStatus.DISMISSED)),
        )
        .order_by()
    )
    weights = dict.fromkeys(reporter_ids, 1.0)
    for row in rows:
        weights[row["reporter_id"]] = reporter_weight(
            upheld=row["upheld"], dismissed=row["dismissed"]
        )
    return weights


def settled_reasons(kind: str, item_id: int) -> set[str]:
    """The kinds of report moderators already decided about for this item."""
    entries = AuditEntry.objects.filter(item_kind=kind, item_id=item_id, action__in=SETTLING)
    return {
        reason for reasons in entries.values_list("report_reasons", flat=True) for reason in reasons
    }


# --- Reporting -----------------------------------------------------------------------------


@transaction.atomic
def report_item(*, reporter: User, item: Moderated, reason: str, details: str = "") -> Report:
    """Record (or change) `reporter`'s report of `item`; hold the item when enough
    established members reported it."""
    kind = kind_of(item)
    now = timezone.now()
    status = (
        ReportStatus.SETTLED if reason in settled_reasons(kind.key, item.pk) else ReportStatus.OPEN
    )
    values = {"reason": reason, "details": details.strip(), "status": status, "updated_at": now}
    mine = Report.objects.select_for_update().filter(
        reporter=reporter, kind=kind.key, object_id=item.pk
    )
    if not mine.update(**values, decided_at=None):
        try:
            with transaction.atomic():
                Report.objects.create(
                    reporter=reporter,
                    kind=kind.key,
                    object_id=item.pk,
                    author_id=item.moderated_author_id,
                    created_at=now,
                    **values,
                )
        except IntegrityError:
            mine.update(**values)  # The same member's other click won: change theirs.
    _hold_if_reported_enough(kind, item)
    return mine.get()


def _hold_if_reported_enough(kind: ReportableKind, item: Moderated) -> None:
    """Hold a shown item once its established reporters weigh `AUTO_HIDE_WEIGHT`."""
    # Read under a lock: of two reports arriving together, one holds the item and logs it.
    state = type(item)._default_manager.select_for_update().filter(pk=item.pk)
    if state.values_list("visibility", flat=True).first() != Visibility.SHOWN:
        return
    now = timezone.now()
    reports = list(Report.objects.about(kind.key, item.pk).open().select_related("reporter"))
    established = {r.reporter_id for r in reports if is_established(r.reporter, now)}
    weights = reporter_weights(established)
    if sum(weights.values()) < AUTO_HIDE_WEIGHT:
        return
    set_visibility(item, Visibility.HELD, reason=AUTO_HIDE_REASON)
    AuditEntry.objects.create(
        action=AuditAction.AUTO_HIDE,
        target_user_id=item.moderated_author_id,
        item_kind=kind.key,
        item_id=item.pk,
        detail=f"{kind.label.capitalize()}: {kind.where(item)}. "
        f"Reported by {len(established)} established members.",
        created_at=now,
    )


# --- Deciding ------------------------------------------------------------------------------


@transaction.atomic
def decide(*, moderator: User, item: Moderated, decision: str, reason: str) -> AuditEntry:
    """A moderator's decision about a reported or held item: hide, restore (show), dismiss
    the reports, or warn the author. Closes the open reports and settles their kinds."""
    reason = reason.strip()
    if not reason:
        raise DecisionRefused("Please give the reason.")
    if item.is_by(moderator):
        raise DecisionRefused(OWN_ITEM)
    kind = kind_of(item)
    now = timezone.now()
    open_reports = Report.objects.about(kind.key, item.pk).open()
    reasons = sorted(set(open_reports.values_list("reason", flat=True)))
    upheld = decision in {Decision.HIDE, Decision.WARN}
    open_reports.update(
        status=ReportStatus.UPHELD if upheld else ReportStatus.DISMISSED, decided_at=now
    )
    action = _apply(kind, item, decision=decision, reason=reason, moderator=moderator)
    return AuditEntry.objects.create(
        actor=moderator,
        action=action,
        target_user_id=item.moderated_author_id,
        item_kind=kind.key,
        item_id=item.pk,
        detail=f"{kind.label.capitalize()}: {kind.where(item)}. Reason: {reason}",
        report_reasons=reasons,
        created_at=now,
    )


def _apply(
    kind: ReportableKind, item: Moderated, *, decision: str, reason: str, moderator: User
) -> AuditAction:
    if decision == Decision.HIDE:
        set_visibility(item, Visibility.HIDDEN, reason=reason)
        return AuditAction.HIDE
    if decision == Decision.RESTORE:
        set_visibility(item, Visibility.SHOWN)
        return AuditAction.RESTORE
    if decision == Decision.DISMISS:
        if item.is_held:  # Nothing wrong: what waited for a moderator is shown.
            set_visibility(item, Visibility.SHOWN)
        return AuditAction.DISMISS
    if decision == Decision.WARN:
        _warn(kind, item, reason=reason)
        return AuditAction.WARN
    raise DecisionRefused(f"Unknown decision: {decision}")


def _warn(kind: ReportableKind, item: Moderated, *, reason: str) -> None:
    author = item.moderated_author()
    if author is None or not author.email or author.is_deleted:
        return
    send_templated(
        "warning",
        to=[author.email],
        context={
            "member": author,
            "reason": reason,
            "what": f"your {kind.label} ({kind.where(item)})",
            "item_url": f"{settings.SITE_URL}{kind.url(item)}",
            "code_of_conduct_url": f"{settings.SITE_URL}{reverse('pages:code_of_conduct')}",
        },
    )


# --- The queue -----------------------------------------------------------------------------


@dataclass
class QueueEntry:
    """One item waiting for a moderator, with its open reports."""

    kind: ReportableKind
    item: Moderated
    reports: list[Report] = field(default_factory=list)
    weight: float = 0.0
    # The moderator's decision form, set by the view.
    form: Any = None

    @property
    def is_unsafe(self) -> bool:
        return (self.item.is_held and self.item.moderation_reason.startswith(UNSAFE_ADVICE)) or any(
            report.reason == ReportReason.UNSAFE for report in self.reports
        )

    @property
    def since(self) -> datetime:
        times = [report.created_at for report in self.reports]
        if self.item.moderated_at is not None and self.item.is_held:
            times.append(self.item.moderated_at)
        return min(times) if times else timezone.now()

    @property
    def author(self) -> Any:
        return self.item.moderated_author()

    @property
    def where(self) -> str:
        return self.kind.where(self.item)

    @property
    def url(self) -> str:
        return self.kind.url(self.item)

    @property
    def text(self) -> SafeString:
        """The item's words, with what a check matched in <mark>."""
        matches = self.item.moderation_matches if self.item.is_held else []
        return highlighted(self.item.moderated_text(), matches)

    @property
    def key(self) -> str:
        return f"{self.kind.key}-{self.item.pk}"


def moderation_queue(now: datetime | None = None) -> list[QueueEntry]:
    """Items with open reports and held items, most urgent first: possible unsafe advice,
    then by the reporters' weight (established members in good standing count most), then
    the longest waiting. One query for the reports, one for the reporters' standing, and
    one for each kind of item."""
    now = now or timezone.now()
    reports = list(Report.objects.open().select_related("reporter").order_by("created_at", "pk"))
    reported: dict[str, set[int]] = defaultdict(set)
    for report in reports:
        reported[report.kind].add(report.object_id)
    entries: dict[tuple[str, int], QueueEntry] = {}
    for key, kind in reportable_kinds().items():
        rows = kind.model._default_manager.select_related(*kind.related).filter(
            Q(pk__in=reported.get(key, set())) | Q(visibility=Visibility.HELD)
        )
        for item in rows:
            entries[(key, item.pk)] = QueueEntry(kind=kind, item=item)
    weights = reporter_weights({report.reporter_id for report in reports})
    for report in reports:
        entry = entries.get((report.kind, report.object_id))
        if entry is None:
            continue  # The item was deleted since.
        entry.reports.append(report)
        standing = 1.0 if is_established(report.reporter, now) else 0.5
        entry.weight += weights[report.reporter_id] * standing
    ordered = sorted(entries.values(), key=lambda e: (not e.is_unsafe, -e.weight, e.since))
    return ordered[:QUEUE_SIZE]


# --- The member's account (registered in apps.py) ------------------------------------------


def export_member_reports(user: User) -> dict[str, list[dict[str, Any]]]:
    """The reports the member made, oldest first, for their data download."""
    return {
        "reports": [
            {
                "item": f"{report.kind} {report.object_id}",
                "reason": report.get_reason_display(),
                "details": report.details,
                "status": report.get_status_display(),
                "created_at": report.created_at,
                "updated_at": report.updated_at,
            }
            for report in Report.objects.filter(reporter=user).order_by("created_at", "pk")
        ]
    }


def forget_reports(user: User) -> None:
    """A purged account's reports go; the audit log keeps the decisions taken on them."""
    Report.objects.filter(reporter=user).delete()
