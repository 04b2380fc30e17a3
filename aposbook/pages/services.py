"""What a member's account holds of the "Contact us" form."""

from typing import Any

from aposbook.accounts.models import User
from aposbook.accounts.services import purged_email

from .models import ContactMessage


def export_member_messages(user: User) -> dict[str, list[dict[str, Any]]]:
    """The messages the member sent while logged in, oldest first."""
    messages = ContactMessage.objects.filter(user=user).order_by("created_at")
    return {
        "contact_messages": [
            {"subject": message.subject, "message": message.message, "sent_at": message.created_at}
            for message in messages
        ]
    }


def forget_member_messages(user: User) -> None:
    """A purged member's messages stay for the team's records, without their name or address."""
    ContactMessage.objects.filter(user=user).update(name="", email=purged_email(user))
