from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from aposbook.accounts.models import User

if TYPE_CHECKING:
    from .forms import RefuseApplicationForm

# How the audit log names an action taken from `manage.py` rather than by a person on the site.
COMMAND_LINE = "command line"
# …and one the site took by itself (three established members reported the item).
AUTOMATIC = "automatic: several members reported it"
END_DATE_IN_PAST = "The end date must be in the future."


class AuditAction(models.TextChoices):
    SUSPEND = "suspend", "Suspended a member"
    UNSUSPEND = "unsuspend", "Lifted a suspension"
    APPROVE_EXPERT = "approve_expert", "Approved an expert application"
    REFUSE_EXPERT = "refuse_expert", "Refused an expert application"
    HIDE = "hide", "Hid an item"
    RESTORE = "restore", "Showed an item again"
    DISMISS = "dismiss", "Dismissed the reports of an item"
    WARN = "warn", "Warned a member"
    AUTO_HIDE = "auto_hide", "Held an item reported by several members"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def with_people(self) -> "AuditEntryQuerySet":
        return self.select_related("actor", "target_user")

    def matching(
        self,
        *,
        action: str = "",
        moderator: str = "",
        member: str = "",
        item_kind: str = "",
        item_id: int | None = None,
    ) -> "AuditEntryQuerySet":
        """Entries of one action, by a moderator and about a member whose email address or
        name contains the given text, about one kind of item or one item; empty means any."""
        entries = self
        if action:
            entries = entries.filter(action=action)
        if moderator:
            entries = entries.filter(_person("actor", moderator))
        if member:
            entries = entries.filter(_person("target_user", member))
        if item_kind:
            entries = entries.filter(item_kind=item_kind)
        if item_id is not None:
            entries = entries.filter(item_id=item_id)
        return entries


def _person(field: str, text: str) -> models.Q:
    return models.Q(**{f"{field}__email__icontains": text}) | models.Q(
        **{f"{field}__display_name__icontains": text}
    )


class AuditEntry(models.Model):
    """One moderation decision: who did what to whom, when, and why. Never edited."""

    Action = AuditAction

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the action was taken on the command line.",
    )
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_history",
    )
    detail = models.TextField(blank=True)
    # The reported item a decision was about: a kind of `accounts.moderated` and its id.
    item_kind = models.CharField("item kind", max_length=16, blank=True)
    item_id = models.PositiveBigIntegerField("item id", null=True, blank=True)
    report_reasons = models.JSONField(
        default=list,
        blank=True,
        help_text="The kinds of report this decision settled: later reports of these kinds "
        "about the same item do not reopen it.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["item_kind", "item_id"], name="moderation_audit_item")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AuditAction.values),
                name="moderation_auditentry_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()}"

    @property
    def actor_name(self) -> str:
        if self.actor is not None:
            return self.actor.public_name
        return AUTOMATIC if self.action == AuditAction.AUTO_HIDE else COMMAND_LINE

    @property
    def item(self) -> str:
        return f"{self.item_kind} {self.item_id}" if self.item_kind else ""


class ReportReason(models.TextChoices):
    UNSAFE = "unsafe", "Misinformation or unsafe medical advice"
    SPAM = "spam", "Spam or advertising"
    HARASSMENT = "harassment", "Harassment or abuse"
    OFF_TOPIC = "off_topic", "Off-topic"
    OTHER = "other", "Something else"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Waiting for a moderator"
    UPHELD = "upheld", "Upheld"
    DISMISSED = "dismissed", "Dismissed"
    # A report of a kind a moderator already decided about this item: the decision stands.
    SETTLED = "settled", "Already decided"


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> "ReportQuerySet":
        return self.filter(status=ReportStatus.OPEN)

    def about(self, kind: str, item_id: int) -> "ReportQuerySet":
        return self.filter(kind=kind, object_id=item_id)


class Report(models.Model):
    """One member's report of one item (a review, a post, a profile…). A member has one
    report per item: reporting it again changes the reason and opens it again."""

    Reason = ReportReason
    Status = ReportStatus

    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reports_made")
    # The item: a kind registered in `aposbook.accounts.moderated`, and its id. Content apps
    # sit beside moderation, so no foreign key can point at them.
    kind = models.CharField(max_length=16)
    object_id = models.PositiveBigIntegerField()
    author = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_received",
        help_text="Who wrote the item, when the report was made.",
    )
    reason = models.CharField(max_length=16, choices=ReportReason.choices)
    details = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "object_id", "status"], name="moderation_report_item"),
            models.Index(fields=["status", "updated_at"], name="moderation_report_open"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "kind", "object_id"], name="moderation_report_one_per_item"
            ),
            models.CheckConstraint(
                condition=models.Q(reason__in=ReportReason.values),
                name="moderation_report_reason_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values),
                name="moderation_report_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason="other") | ~models.Q(details=""),
                name="moderation_report_other_explained",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reporter_id} reported {self.kind} {self.object_id}: {self.reason}"


class SuspensionQuerySet(models.QuerySet["Suspension"]):
    def in_force(self, now: datetime | None = None) -> "SuspensionQuerySet":
        """Suspensions not lifted whose end, if any, is still to come."""
        now = now or timezone.now()
        return self.filter(lifted_at__isnull=True).filter(
            models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now)
        )


class Suspension(models.Model):
    """A moderator's decision that a member may read but not post, vote or edit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.TextField(help_text="Which part of the code of conduct was broken, and how.")
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty for a suspension without an end date."
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        db_table = "accounts_suspension"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("created_at")),
                name="accounts_suspension_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Suspension of {self.user.email} from {self.created_at:%Y-%m-%d}"

    def clean(self) -> None:
        """A new suspension ends in the future, or never (the database holds the same rule
        as a check constraint; this one says it to a person)."""
        if self.ends_at is not None and self.ends_at <= self.created_at:
            raise ValidationError({"ends_at": END_DATE_IN_PAST}, code="end_in_past")

    def is_in_force(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.lifted_at is None and (self.ends_at is None or self.ends_at > now)


class ExpertApplicationQuerySet(models.QuerySet["ExpertApplication"]):
    def pending(self) -> "ExpertApplicationQuerySet":
        """Applications waiting for a moderator's decision."""
        return self.filter(status=ExpertApplicationStatus.PENDING)


class ExpertApplicationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class ExpertApplication(models.Model):
    """A member's request to be shown as a health expert, decided by a moderator."""

    Status = ExpertApplicationStatus

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="expert_applications")
    profession = models.CharField(max_length=120, help_text="For example: registered dietitian.")
    credentials = models.CharField(max_length=80, help_text='For example: "MS, RD".')
    registry_url = models.URLField(
        "registry or licence link",
        max_length=500,
        help_text="A public register or licence page where we can check your registration.",
    )
    statement = models.TextField(
        blank=True, help_text="Anything that helps us check: registration number, employer…"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)

    # Not stored: the moderators' list sets it on each pending application it shows.
    refuse_form: "RefuseApplicationForm"

    objects = ExpertApplicationQuerySet.as_manager()

    class Meta:
        db_table = "accounts_expertapplication"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="accounts_one_pending_expert_application",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="accounts_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.email}: {self.profession} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def can_be_decided_by(self, user: User) -> bool:
        """A moderator decides other people's applications, never their own."""
        return self.is_pending and user.can_moderate() and user.pk != self.user_id
