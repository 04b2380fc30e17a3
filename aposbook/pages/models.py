from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from aposbook.lib.emails import send_templated


class ContactSubject(models.TextChoices):
    QUESTION = "question", "A question about the site"
    CORRECTION = "correction", "Report an error in our content"
    APPEAL = "appeal", "Appeal a suspension"
    PRIVACY = "privacy", "Privacy and my personal data"
    OTHER = "other", "Something else"


class ContactMessage(models.Model):
    """A message sent through the "Contact us" form, kept until the team has answered."""

    Subject = ContactSubject

    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    subject = models.CharField(
        max_length=16, choices=ContactSubject.choices, default=ContactSubject.QUESTION
    )
    message = models.TextField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_messages",
        help_text="The member who was logged in when sending, if any.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subject__in=ContactSubject.values),
                name="pages_contactmessage_subject_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} from {self.name} <{self.email}>"

    def notify_support(self) -> None:
        """Email the message to the team; answering it replies to the sender."""
        admin_path = reverse("admin:pages_contactmessage_change", args=[self.pk])
        send_templated(
            "contact",
            to=[settings.SUPPORT_EMAIL],
            reply_to=[self.email],
            context={"contact": self, "admin_url": f"{settings.SITE_URL}{admin_path}"},
        )
