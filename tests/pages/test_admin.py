"""Contact messages in the Django admin: support marks them handled."""

from datetime import timedelta

import pytest
from django.utils import timezone

from aposbook.pages.models import ContactMessage

pytestmark = pytest.mark.django_db


def test_contact_messages_are_marked_handled(admin_client) -> None:
    message = ContactMessage.objects.create(
        name="Jo", email="jo@example.org", message="A question about magnesium."
    )

    assert admin_client.get("/admin/pages/contactmessage/?handled=no").status_code == 200
    admin_client.post(
        "/admin/pages/contactmessage/",
        {"action": "mark_handled", "_selected_action": [message.pk]},
    )

    message.refresh_from_db()
    assert timezone.now() - message.handled_at < timedelta(seconds=5)
