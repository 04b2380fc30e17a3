from django.conf import settings
from django.db import models
from django.utils import timezone

# How the audit log names an action taken from `manage.py` rather than by a person on the site.
COMMAND_LINE = "command line"


class AuditAction(models.TextChoices):
    SUSPEND = "suspend", "Suspended a member"
    UNSUSPEND = "unsuspend", "Lifted a suspension"
    APPROVE_EXPERT = "approve_expert", "Approved an expert application"
    REFUSE_EXPERT = "refuse_expert", "Refused an expert application"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def with_people(self) -> "AuditEntryQuerySet":
        return self.select_related("actor", "target_user")


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
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"
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
        return self.actor.public_name if self.actor_id else COMMAND_LINE
