"""Moderation in the Django admin: suspensions on the member's page and on their own, expert
applications decided by two actions, the audit log read-only; every change goes through the
services."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from aposbook.accounts.models import Role, User
from aposbook.moderation.models import AuditAction, AuditEntry, ExpertApplication, Suspension
from aposbook.moderation.services import suspend_member
from tests.fixtures import make_user
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def user_change_data(user: User, **inline: str) -> dict:
    data = {
        "email": user.email,
        "display_name": user.display_name,
        "credentials": user.credentials,
        "profession": user.profession,
        "role": user.role,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "suspensions-TOTAL_FORMS": "1" if inline else "0",
        "suspensions-INITIAL_FORMS": "0",
    }
    data |= {f"suspensions-0-{name}": value for name, value in inline.items()}
    return data


def test_it_suspends_from_the_members_page_through_the_service(
    admin_client, root, alice, django_capture_on_commit_callbacks
) -> None:
    data = user_change_data(alice, reason="Spam links", ends_at_0="2099-05-01", ends_at_1="12:00")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/accounts/user/{alice.pk}/change/", data)

    assert response.status_code == 302, page_text(response)[:3000]
    suspension = Suspension.objects.get(user=alice)
    assert suspension.created_by == root
    assert suspension.reason == "Spam links"
    assert AuditEntry.objects.get().action == AuditAction.SUSPEND
    assert mail.outbox[0].to == ["alice@example.com"]


def test_the_members_page_refuses_an_end_date_in_the_past(admin_client, alice) -> None:
    data = user_change_data(alice, reason="Spam links", ends_at_0="2001-05-01", ends_at_1="12:00")

    response = admin_client.post(f"/admin/accounts/user/{alice.pk}/change/", data)

    assert response.status_code == 200
    assert "The end date must be in the future." in page_text(response)
    assert not Suspension.objects.exists()


def test_the_members_page_shows_past_suspensions(admin_client, alice, mo) -> None:
    suspend_member(member=alice, reason="Selling supplements", by=mo)

    response = admin_client.get(f"/admin/accounts/user/{alice.pk}/change/")

    assert response.status_code == 200
    assert "Selling supplements" in page_text(response)


def test_the_members_page_still_saves_without_a_suspension(admin_client, alice) -> None:
    data = user_change_data(alice) | {"display_name": "Alice B."}

    response = admin_client.post(f"/admin/accounts/user/{alice.pk}/change/", data)

    assert response.status_code == 302
    assert User.objects.get(pk=alice.pk).display_name == "Alice B."
    assert not Suspension.objects.exists()


def test_it_adds_a_suspension_through_the_service(admin_client, root, alice) -> None:
    data = {"user": alice.pk, "reason": "Harassment", "ends_at_0": "", "ends_at_1": ""}

    response = admin_client.post("/admin/moderation/suspension/add/", data)

    assert response.status_code == 302
    suspension = Suspension.objects.get()
    assert (suspension.user, suspension.created_by, suspension.ends_at) == (alice, root, None)
    assert AuditEntry.objects.get().actor == root


def test_the_admin_refuses_a_suspension_the_user_may_not_give(client, alice) -> None:
    # A moderator with access to the admin still may not suspend another moderator.
    moderator = make_user("max@example.com", "Max", role=Role.MODERATOR, is_staff=True)
    other = make_user("mia@example.com", "Mia", role=Role.MODERATOR)
    moderator.user_permissions.set(
        Permission.objects.filter(codename__in=["add_suspension", "view_suspension", "view_user"])
    )
    client.force_login(moderator)

    response = client.post(
        "/admin/moderation/suspension/add/",
        {"user": other.pk, "reason": "x", "ends_at_0": "", "ends_at_1": ""},
    )

    assert response.status_code == 200
    assert "You may not suspend this member." in page_text(response)
    assert not Suspension.objects.exists()


def test_the_lift_action_lifts_through_the_service(admin_client, root, alice, mo) -> None:
    suspension = suspend_member(member=alice, reason="Spam", by=mo)

    admin_client.post(
        "/admin/moderation/suspension/",
        {"action": "lift", "_selected_action": [suspension.pk]},
    )

    suspension.refresh_from_db()
    assert suspension.lifted_by == root
    assert AuditEntry.objects.filter(action=AuditAction.UNSUSPEND).exists()


@pytest.fixture
def application(alice) -> ExpertApplication:
    return ExpertApplication.objects.create(
        user=alice,
        profession="Pharmacist",
        credentials="PharmD",
        registry_url="https://example.org/register/42",
    )


def test_the_approve_action_makes_an_expert(admin_client, root, application, alice) -> None:
    response = admin_client.post(
        "/admin/moderation/expertapplication/",
        {"action": "approve", "_selected_action": [application.pk]},
        follow=True,
    )

    assert "Approved 1 application(s)." in page_text(response)
    alice = User.objects.get(pk=alice.pk)
    assert (alice.role, alice.credentials) == (Role.EXPERT, "PharmD")
    assert AuditEntry.objects.get().actor == root


def test_the_refuse_action_asks_for_a_reason_first(admin_client, application) -> None:
    response = admin_client.post(
        "/admin/moderation/expertapplication/",
        {"action": "refuse", "_selected_action": [application.pk]},
    )

    assert response.status_code == 200
    text = page_text(response)
    assert "Reason for refusing" in text
    assert "alice@example.com: Pharmacist, PharmD" in text
    application.refresh_from_db()
    assert application.is_pending


def test_the_refuse_action_refuses_with_the_reason(admin_client, application) -> None:
    response = admin_client.post(
        "/admin/moderation/expertapplication/",
        {"action": "refuse", "_selected_action": [application.pk], "reason": "No registration."},
        follow=True,
    )

    assert "Refused 1 application(s)." in page_text(response)
    application.refresh_from_db()
    assert (application.status, application.refusal_reason) == ("refused", "No registration.")


def test_the_actions_skip_decided_applications(admin_client, application, mo) -> None:
    application.status = ExpertApplication.Status.APPROVED
    application.save()

    response = admin_client.post(
        "/admin/moderation/expertapplication/",
        {"action": "approve", "_selected_action": [application.pk]},
        follow=True,
    )

    assert "Skipped 1 application(s): already decided, or your own." in page_text(response)
    assert not AuditEntry.objects.exists()


def test_the_audit_log_is_read_only(admin_client, alice, mo) -> None:
    suspend_member(member=alice, reason="Spam", by=mo)
    entry = AuditEntry.objects.get()

    assert admin_client.get("/admin/moderation/auditentry/").status_code == 200
    assert admin_client.get("/admin/moderation/auditentry/add/").status_code == 403
    response = admin_client.post(f"/admin/moderation/auditentry/{entry.pk}/change/", {})
    assert response.status_code == 403
