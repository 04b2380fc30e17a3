"""The editorial desk: every published text of a topic kept as a revision, and the edits
experts and members propose, which editors accept (merging when the page moved on) or refuse.

A topic's current text lives on its page (`Article.body`, `Condition.body`,
`Solution.body`); its history lives here, newest revision last. Revisions are whole texts:
a page's history lists them without loading the texts, and any two compare on demand.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from aposbook.accounts.models import User
from aposbook.lib.visibility import Moderated
from aposbook.library.models import Topic

NOT_YOURS_TO_DECIDE = "You can't decide on your own proposal; another editor will."
ALREADY_DECIDED = "This proposal has already been decided."


class RevisionQuerySet(models.QuerySet["Revision"]):
    def for_history(self) -> RevisionQuerySet:
        """Newest first, with the people, without the texts (a history page never shows
        them)."""
        return self.select_related("author", "accepted_by").defer("body").order_by("-number")


class Revision(models.Model):
    """One published state of a topic's text: the full text, who wrote the change, who
    published it, when and why."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="1 for the first text, then 2, 3…")
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        help_text="Who wrote the change; empty when it was made outside the desk.",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The editor who published it, when it was a proposal.",
    )
    reason = models.CharField(max_length=300)
    is_minor = models.BooleanField(
        default=False, help_text="A typo or a broken link: the page's date does not move."
    )
    created_at = models.DateTimeField(default=timezone.now)
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    words_added = models.PositiveIntegerField(default=0)
    words_removed = models.PositiveIntegerField(default=0)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "number"], name="editorial_revision_one_number_per_topic"
            )
        ]
        indexes = [models.Index(fields=["topic", "-number"], name="editorial_revision_history")]

    def __str__(self) -> str:
        return f"{self.topic.title}, revision {self.number}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    ACCEPTED = "accepted", "Accepted"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class EditProposalQuerySet(models.QuerySet["EditProposal"]):
    def pending(self) -> EditProposalQuerySet:
        return self.filter(status=ProposalStatus.PENDING)

    def for_list(self) -> EditProposalQuerySet:
        return self.select_related("topic", "proposer", "decided_by").defer(
            "body", "base_revision__body"
        )


class EditProposal(Moderated):
    """A proposed new text for a topic, made from one revision of it. Submitting changes
    nothing on the page: an editor accepts it (a new revision) or refuses it."""

    Status = ProposalStatus
    AUTHOR_FIELD = "proposer"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="edit_proposals")
    base_revision = models.ForeignKey(
        Revision,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The text the proposal was made from: the base of a three-way merge.",
    )
    body = models.TextField(help_text="The whole proposed text, Markdown.")
    reason = models.CharField(max_length=300)
    is_minor = models.BooleanField(default=False)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edit_proposals",
    )
    is_member_suggestion = models.BooleanField(
        default=False, help_text="Made by a member who is not a health expert."
    )
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    revision = models.OneToOneField(
        Revision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        help_text="The revision an accepted proposal became.",
    )

    objects = EditProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="editorial_proposal_waiting")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ProposalStatus.values),
                name="editorial_proposal_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(decision_note=""),
                name="editorial_proposal_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Proposal {self.pk} for {self.topic.title}"

    def get_absolute_url(self) -> str:
        return reverse("editorial:proposal", args=[self.pk])

    def moderated_text(self) -> str:
        return f"{self.reason}\n\n{self.body}"

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING

    def decision_refusal(self, user: User | Any) -> str | None:
        """Why `user` may not accept or refuse this proposal, or None if they may."""
        if not self.is_pending:
            return ALREADY_DECIDED
        if self.proposer_id is not None and self.proposer_id == user.pk:
            return NOT_YOURS_TO_DECIDE
        return None


class TrustedExpert(models.Model):
    """A health expert whose proposals are published without a second look (marked by
    staff). Their changes still go into the history under their name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editorial_trust"
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "trusted expert"

    def __str__(self) -> str:
        return f"{self.user} (trusted)"

    @staticmethod
    def publishes_directly(user: User) -> bool:
        """Trust counts only while the member is an expert in good standing."""
        return (
            user.is_expert and user.can_post() and TrustedExpert.objects.filter(user=user).exists()
        )
