"""Expert applications: a member applies with profession, credentials and a registry link;
a moderator approves or refuses with a reason; experts show a badge and their credentials."""

import pytest
from django.core import mail
from django.template.loader import render_to_string

from aposbook.accounts.models import Role, User
from aposbook.moderation.models import AuditAction, AuditEntry, ExpertApplication
from aposbook.moderation.services import decide_expert_application
from tests.fixtures import make_user
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

APPLICATION = {
    "profession": "Registered dietitian",
    "credentials": "MS, RD",
    "registry_url": "https://www.cdrnet.org/verify/123456",
    "statement": "Registration number 123456, hospital dietitian since 2015.",
}


@pytest.fixture
def application(alice) -> ExpertApplication:
    return ExpertApplication.objects.create(user=alice, **APPLICATION)


# Applying


def test_it_shows_the_application_form(client, alice, django_assert_max_num_queries):
    client.force_login(alice)

    with django_assert_max_num_queries(6):
        response = client.get("/experts/apply/")

    assert response.status_code == 200
    text = page_text(response)
    assert "Apply to be a health expert" in text
    assert "Registry or licence link" in text
    assert "Send my application" in text


def test_it_takes_an_application(client, alice) -> None:
    client.force_login(alice)

    response = client.post("/experts/apply/", APPLICATION, follow=True)

    application = ExpertApplication.objects.get()
    assert application.user == alice
    assert application.status == ExpertApplication.Status.PENDING
    assert application.credentials == "MS, RD"
    assert application.registry_url == APPLICATION["registry_url"]
    text = page_text(response)
    assert "Thank you. Your application has been sent" in text
    assert "Your application is waiting for a moderator; we will email you the decision." in text


def test_it_takes_one_pending_application_at_a_time(client, application, alice) -> None:
    client.force_login(alice)

    response = client.post("/experts/apply/", {**APPLICATION, "credentials": "PhD"})

    assert "Your application is waiting for a moderator" in page_text(response)
    assert ExpertApplication.objects.count() == 1


def test_experts_do_not_need_to_apply(client, erin) -> None:
    client.force_login(erin)

    response = client.post("/experts/apply/", APPLICATION)

    text = page_text(response)
    assert "You are already shown as a health expert, with the credentials MS, RD." in text
    assert "Send my application" not in text
    assert not ExpertApplication.objects.exists()


def test_it_shows_why_the_last_application_was_refused(client, application, alice, mo) -> None:
    decide_expert_application(
        application=application, by=mo, approve=False, reason="The register link is broken."
    )
    client.force_login(alice)

    response = client.get("/experts/apply/")

    text = page_text(response)
    assert "Your last application was refused: The register link is broken." in text
    assert "Send my application" in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("profession", "", "Please tell us your profession."),
        ("credentials", "", 'Please give your credentials, such as "MS, RD".'),
        ("registry_url", "", "Please give a link where we can check your registration."),
        ("registry_url", "ftp://example.org/register", "starts with https:// or http://"),
        ("registry_url", "not a link", "starts with https:// or http://"),
    ],
)
def test_it_explains_what_is_missing_and_keeps_the_input(
    client, alice, field, value, message
) -> None:
    client.force_login(alice)

    response = client.post("/experts/apply/", {**APPLICATION, field: value})

    assert response.status_code == 400
    assert message in page_text(response)
    assert APPLICATION["statement"] in response.content.decode()
    assert not ExpertApplication.objects.exists()


def test_it_accepts_a_link_without_its_scheme(client, alice) -> None:
    client.force_login(alice)

    client.post("/experts/apply/", {**APPLICATION, "registry_url": "www.cdrnet.org/verify/1"})

    assert ExpertApplication.objects.get().registry_url == "https://www.cdrnet.org/verify/1"


def test_apply_get_changes_nothing(client, alice) -> None:
    client.force_login(alice)

    client.get("/experts/apply/", APPLICATION)

    assert not ExpertApplication.objects.exists()


# Deciding: the service


def test_approving_makes_the_member_an_expert_with_the_credentials(
    application, alice, mo, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decide_expert_application(application=application, by=mo, approve=True)

    alice = User.objects.get(pk=alice.pk)
    assert alice.role == Role.EXPERT
    assert alice.is_expert
    assert alice.credentials == "MS, RD"
    assert alice.profession == "Registered dietitian"
    assert alice.byline == "Alice, MS, RD"
    application.refresh_from_db()
    assert application.status == ExpertApplication.Status.APPROVED
    assert application.decided_by == mo
    assert application.decided_at is not None
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_user) == (mo, AuditAction.APPROVE_EXPERT, alice)
    [email] = mail.outbox
    assert email.to == ["alice@example.com"]
    assert email.subject == "[Aposbook] You are now shown as a health expert"
    assert "Alice, MS, RD (Registered dietitian)" in email.body


def test_refusing_keeps_the_member_a_member_and_tells_them_why(
    application, alice, mo, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        decide_expert_application(
            application=application, by=mo, approve=False, reason="The link is broken."
        )

    alice = User.objects.get(pk=alice.pk)
    assert alice.role == Role.MEMBER
    assert alice.credentials == ""
    application.refresh_from_db()
    assert application.status == ExpertApplication.Status.REFUSED
    assert application.refusal_reason == "The link is broken."
    assert AuditEntry.objects.get().action == AuditAction.REFUSE_EXPERT
    [email] = mail.outbox
    assert email.subject == "[Aposbook] Your application to be a health expert"
    assert "The link is broken." in email.body
    assert "http://127.0.0.1:8000/experts/apply/" in email.body


def test_refusing_needs_a_reason(application, mo) -> None:
    with pytest.raises(ValueError, match="Please give the reason"):
        decide_expert_application(application=application, by=mo, approve=False, reason="  ")

    application.refresh_from_db()
    assert application.is_pending


def test_an_application_is_decided_once(application, mo) -> None:
    decide_expert_application(application=application, by=mo, approve=True)

    with pytest.raises(ValueError, match="already been decided"):
        decide_expert_application(application=application, by=mo, approve=False, reason="No")


def test_approving_a_moderator_keeps_their_role(mo) -> None:
    application = ExpertApplication.objects.create(user=mo, **APPLICATION)
    staff = make_user("sam@example.com", "Sam", role=Role.STAFF)

    decide_expert_application(application=application, by=staff, approve=True)

    mo = User.objects.get(pk=mo.pk)
    assert mo.role == Role.MODERATOR
    assert mo.credentials == "MS, RD"
    assert mo.is_expert
    assert 'Mo</a> <span class="badge badge-expert">Health expert</span> ' in render_name(mo)


# Deciding: the moderators' page


def test_it_lists_pending_applications(
    client, application, bob, mo, django_assert_max_num_queries
) -> None:
    ExpertApplication.objects.create(user=bob, status="approved", **APPLICATION)
    client.force_login(mo)

    with django_assert_max_num_queries(5):
        response = client.get("/moderation/expert-applications/")

    assert response.status_code == 200
    text = page_text(response)
    assert "alice@example.com" in text
    assert "bob@example.com" not in text
    assert APPLICATION["registry_url"] in text
    assert "Approve alice@example.com" in text
    assert "Reason for refusing" in text


def test_a_moderator_approves_from_the_page(client, application, alice, mo) -> None:
    client.force_login(mo)

    response = client.post(
        f"/moderation/expert-applications/{application.pk}/approve/", follow=True
    )

    assert "Alice is now shown as a health expert." in page_text(response)
    assert User.objects.get(pk=alice.pk).is_expert


def test_a_moderator_refuses_from_the_page_with_a_reason(client, application, alice, mo):
    client.force_login(mo)
    url = f"/moderation/expert-applications/{application.pk}/refuse/"

    response = client.post(url, {f"refuse-{application.pk}-reason": "No register."}, follow=True)

    assert "The application of Alice was refused." in page_text(response)
    application.refresh_from_db()
    assert application.refusal_reason == "No register."


def test_refusing_from_the_page_asks_for_the_reason(client, application, mo) -> None:
    client.force_login(mo)

    response = client.post(f"/moderation/expert-applications/{application.pk}/refuse/", {})

    assert response.status_code == 400
    assert "Please give the reason; the applicant will read it." in page_text(response)
    application.refresh_from_db()
    assert application.is_pending


@pytest.mark.parametrize("decision", ["approve", "refuse"])
def test_deciding_refuses_get(client, application, mo, decision) -> None:
    client.force_login(mo)

    response = client.get(f"/moderation/expert-applications/{application.pk}/{decision}/")

    assert response.status_code == 405
    application.refresh_from_db()
    assert application.is_pending


@pytest.mark.parametrize("decision", ["approve", "refuse"])
def test_deciding_refuses_a_member(client, application, bob, decision) -> None:
    client.force_login(bob)

    response = client.post(
        f"/moderation/expert-applications/{application.pk}/{decision}/",
        {f"refuse-{application.pk}-reason": "No"},
    )

    assert response.status_code == 403
    assert "This page is for moderators" in page_text(response)
    application.refresh_from_db()
    assert application.is_pending


def test_a_moderator_cannot_decide_their_own_application(client, mo) -> None:
    application = ExpertApplication.objects.create(user=mo, **APPLICATION)
    client.force_login(mo)

    response = client.post(f"/moderation/expert-applications/{application.pk}/approve/")

    assert response.status_code == 403
    assert "You can't decide your own application; another moderator will." in page_text(response)
    assert User.objects.get(pk=mo.pk).role == Role.MODERATOR


def test_a_decided_application_is_not_decided_again(client, application, mo) -> None:
    decide_expert_application(application=application, by=mo, approve=True)
    client.force_login(mo)

    response = client.post(
        f"/moderation/expert-applications/{application.pk}/refuse/",
        {f"refuse-{application.pk}-reason": "Changed my mind"},
    )

    assert response.status_code == 403
    assert "This application has already been decided." in page_text(response)
    application.refresh_from_db()
    assert application.status == ExpertApplication.Status.APPROVED


@pytest.mark.parametrize("decision", ["approve", "refuse"])
def test_a_decision_that_loses_the_race_is_refused_politely(
    client, application, mo, decision, monkeypatch
) -> None:
    staff = make_user("sam@example.com", "Sam", role=Role.STAFF)
    client.force_login(mo)
    # Mo's page still showed the application when Sam approved it.
    monkeypatch.setattr(ExpertApplication, "can_be_decided_by", lambda self, user: True)
    decide_expert_application(application=application, by=staff, approve=True)

    response = client.post(
        f"/moderation/expert-applications/{application.pk}/{decision}/",
        {f"refuse-{application.pk}-reason": "Changed my mind"},
    )

    assert response.status_code == 403
    assert "This application has already been decided." in page_text(response)
    application.refresh_from_db()
    assert (application.status, application.decided_by) == ("approved", staff)
    assert AuditEntry.objects.count() == 1


# The name include


def render_name(person: User | None) -> str:
    return render_to_string("includes/user_name.html", {"person": person}).strip()


def test_it_shows_an_experts_badge_and_credentials(erin) -> None:
    assert render_name(erin) == (
        f'<a class="user-name" href="/members/{erin.pk}/">Erin Hale</a> '
        '<span class="badge badge-expert">Health expert</span> '
        '<span class="credentials">MS, RD</span>'
    )


def test_it_shows_a_members_name_without_badge(alice) -> None:
    assert render_name(alice) == f'<a class="user-name" href="/members/{alice.pk}/">Alice</a>'


def test_a_moderator_without_credentials_shows_no_badge(mo) -> None:
    assert not mo.is_expert
    assert render_name(mo) == f'<a class="user-name" href="/members/{mo.pk}/">Mo</a>'


def test_it_shows_a_deleted_member_without_link(erin) -> None:
    erin.deleted_at = erin.date_joined

    assert render_name(erin) == '<span class="user-name user-deleted">deleted member</span>'
