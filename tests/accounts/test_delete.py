"""Deleting an account, restoring it within 30 days, and the purge after that."""

import datetime as dt
import logging

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from aposbook.accounts.models import User
from aposbook.accounts.services import purge_account, purge_deleted_accounts, restore_account
from aposbook.accounts.tasks import purge_deleted_accounts_task
from aposbook.discussions.models import Follow
from aposbook.moderation.models import ExpertApplication, Suspension
from aposbook.pages.models import ContactMessage
from aposbook.reviews.models import Review
from tests.factories import ArticleFactory, ReviewFactory, ThreadFactory
from tests.fixtures import PASSWORD
from tests.helpers import log_in

RESTORE_QUESTION = "This account has been deleted. Do you want to restore it?"
MISMATCH = "The email address and/or password you specified are not correct."

pytestmark = pytest.mark.django_db


def delete(client, user: User) -> None:
    client.force_login(user)
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response["Location"] == "/"


def deleted_days_ago(user: User, days: int) -> User:
    user.deleted_at = timezone.now() - dt.timedelta(days=days)
    user.is_active = False
    user.save()
    return user


def test_the_delete_page_asks_for_the_password(client, alice, django_assert_max_num_queries):
    client.force_login(alice)

    with django_assert_max_num_queries(3):  # session, user, suspension banner
        response = client.get("/accounts/delete/")

    page = response.content.decode()
    assert '<label for="id_password">Your password' in page
    assert 'signed "deleted member"' in page


def test_it_refuses_get_for_the_deletion(client, alice):
    client.force_login(alice)

    client.get("/accounts/delete/", {"password": PASSWORD})

    alice.refresh_from_db()
    assert alice.is_active
    assert alice.deleted_at is None


def test_it_refuses_visitors(client):
    response = client.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 403
    assert "Please log in to use this feature" in response.content.decode()


def test_a_wrong_password_keeps_the_account(client, alice):
    client.force_login(alice)

    response = client.post("/accounts/delete/", {"password": "not my password"})

    assert response.status_code == 200
    assert '<ul class="errorlist" id="id_password_error"><li>This password is not correct.' in (
        response.content.decode()
    )
    alice.refresh_from_db()
    assert alice.is_active
    assert alice.deleted_at is None
    assert client.get("/accounts/settings/").status_code == 200


def test_the_right_password_deactivates_and_logs_out(client, alice):
    client.force_login(alice)

    response = client.post("/accounts/delete/", {"password": PASSWORD}, follow=True)

    alice.refresh_from_db()
    assert alice.deleted_at is not None
    assert not alice.is_active
    assert alice.check_password(PASSWORD)
    deadline = timezone.localtime(alice.restore_deadline)
    assert response.redirect_chain == [("/", 302)]
    assert (
        "Your account has been deleted. If you change your mind, log in again before "
        f"{deadline.day} {deadline:%B %Y, %H:%M} UTC to restore it." in response.content.decode()
    )
    assert client.get("/accounts/settings/").status_code == 403


def test_it_emails_how_to_restore_the_account(client, alice, django_capture_on_commit_callbacks):
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/delete/", {"password": PASSWORD})

    alice.refresh_from_db()
    (message,) = mail.outbox
    assert message.to == ["alice@example.com"]
    assert message.subject == "[Aposbook] Your account has been deleted"
    deadline = alice.restore_deadline
    assert f"before {deadline.day} {deadline:%B %Y}" in message.body
    assert "http://127.0.0.1:8000/accounts/login/" in message.body
    assert "Hello Alice," in message.alternatives[0][0]


def test_a_wrong_password_sends_no_email(client, alice, django_capture_on_commit_callbacks):
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/delete/", {"password": "not my password"})

    assert mail.outbox == []


def test_it_logs_out_every_other_session_too(client, alice):
    phone = type(client)()
    phone.force_login(alice)

    delete(client, alice)

    assert phone.get("/accounts/settings/").status_code == 403


def test_the_profile_disappears(client, alice):
    assert client.get(f"/members/{alice.pk}/").status_code == 200

    delete(client, alice)

    assert client.get(f"/members/{alice.pk}/").status_code == 404


def test_their_contributions_show_deleted_member(client, alice):
    article = ArticleFactory(author=alice)

    delete(client, alice)

    alice.refresh_from_db()
    assert alice.public_name == "deleted member"
    page = client.get(f"/articles/{article.slug}/").content.decode()
    assert "Written by deleted member" in page
    assert "Alice" not in page


def test_logging_in_within_30_days_offers_to_restore(client, alice, django_assert_max_num_queries):
    deleted_days_ago(alice, 29)

    response = log_in(client)
    with django_assert_max_num_queries(3):
        page = client.get(response["Location"]).content.decode()

    assert response["Location"] == "/accounts/restore/"
    assert RESTORE_QUESTION in page
    assert 'action="/accounts/restore/"' in page
    assert 'action="/accounts/restore/decline/"' in page
    assert client.get("/accounts/settings/").status_code == 403


def test_restore_brings_the_account_back_and_logs_in(client, alice):
    article = ArticleFactory(author=alice)
    phone = type(client)()
    phone.force_login(alice)
    delete(client, alice)
    log_in(client, next=f"/articles/{article.slug}/")

    response = client.post("/accounts/restore/", follow=True)

    alice.refresh_from_db()
    assert alice.is_active
    assert alice.deleted_at is None
    assert alice.public_name == "Alice"
    assert response.redirect_chain == [(f"/articles/{article.slug}/", 302)]
    page = response.content.decode()
    assert "Welcome back! Your account has been restored." in page
    assert "Written by Alice" in page
    assert client.get("/accounts/settings/").status_code == 200
    # A session from before the deletion does not come back with the account.
    assert phone.get("/accounts/settings/").status_code == 403


def test_restore_refuses_get(client, alice):
    deleted_days_ago(alice, 3)
    log_in(client)

    client.get("/accounts/restore/")

    alice.refresh_from_db()
    assert alice.deleted_at is not None
    assert not alice.is_active


def test_restore_needs_the_password_first(client, alice):
    deleted_days_ago(alice, 3)
    client.force_login(User.objects.create_user(email="eve@example.com", password=PASSWORD))

    response = client.post("/accounts/restore/")

    assert response["Location"] == "/accounts/login/"
    alice.refresh_from_db()
    assert alice.deleted_at is not None


def test_an_open_question_does_not_undo_a_later_deletion(client, alice):
    deleted_days_ago(alice, 3)
    log_in(client)
    # Meanwhile, on another device, the member restored the account and deleted it again.
    User.objects.filter(pk=alice.pk).update(deleted_at=timezone.now())

    response = client.post("/accounts/restore/")

    assert response["Location"] == "/accounts/login/"
    alice.refresh_from_db()
    assert alice.deleted_at is not None
    assert not alice.is_active


def test_restore_ignores_a_next_that_leaves_the_site(client, alice):
    deleted_days_ago(alice, 3)
    log_in(client, next="https://evil.example/")

    response = client.post("/accounts/restore/")

    assert response["Location"] == "/"


def test_saying_no_keeps_it_deleted_and_says_until_when(
    client, alice, django_assert_max_num_queries
):
    deleted_days_ago(alice, 10)
    log_in(client)

    # The session, the account, and saving the session (three with its savepoint).
    with django_assert_max_num_queries(5):
        response = client.post("/accounts/restore/decline/")

    alice.refresh_from_db()
    assert alice.deleted_at is not None
    deadline = timezone.localtime(alice.restore_deadline)
    assert (
        f"You can still restore it until {deadline.day} {deadline:%B %Y, %H:%M} UTC"
        in response.content.decode()
    )
    assert client.post("/accounts/restore/")["Location"] == "/accounts/login/"


def test_saying_no_refuses_get(client, alice):
    deleted_days_ago(alice, 10)
    log_in(client)

    assert client.get("/accounts/restore/decline/").status_code == 405


def test_after_30_days_login_fails_like_a_wrong_password(client, alice):
    deleted_days_ago(alice, 31)

    response = log_in(client)

    assert response.status_code == 200
    assert MISMATCH in response.content.decode()
    assert RESTORE_QUESTION not in response.content.decode()


def test_the_purge_removes_personal_data_for_good(client, alice, erin, mo):
    ExpertApplication.objects.create(
        user=alice, profession="Dietitian", credentials="RD", registry_url="https://example.org"
    )
    Suspension.objects.create(user=alice, reason="Spam", created_by=mo)
    article = ArticleFactory(author=alice)
    phone = type(client)()
    phone.force_login(alice)
    deleted_days_ago(alice, 31)

    purged = purge_deleted_accounts()

    alice.refresh_from_db()
    assert purged == 1
    assert alice.email == f"deleted-{alice.pk}@deleted.invalid"
    assert (alice.display_name, alice.credentials, alice.profession) == ("", "", "")
    assert not alice.has_usable_password()
    assert alice.purged_at is not None
    assert not EmailAddress.objects.filter(user=alice).exists()
    assert not ExpertApplication.objects.filter(user=alice).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]
    assert "Written by deleted member" in client.get(f"/articles/{article.slug}/").content.decode()
    # Others are untouched.
    erin.refresh_from_db()
    assert erin.email == "erin@example.com"


def test_the_purge_keeps_contributions_but_drops_follows_and_contact_details(client, alice):
    thread = ThreadFactory(author=alice, title="Waking at three every night")
    review = ReviewFactory(author=alice)
    ContactMessage.objects.create(
        name="Alice Smith", email="alice@example.com", subject="other", message="Hello there!"
    )
    ContactMessage.objects.filter(email="alice@example.com").update(user=alice)
    deleted_days_ago(alice, 31)

    purge_deleted_accounts()

    assert not Follow.objects.filter(user=alice).exists()
    message = ContactMessage.objects.get(user=alice)
    assert (message.name, message.email) == ("", f"deleted-{alice.pk}@deleted.invalid")
    assert Review.objects.filter(pk=review.pk).exists()
    page = client.get(f"/discussions/{thread.pk}/").content.decode()
    assert "Waking at three every night" in page
    assert "deleted member" in page


def test_a_purged_account_cannot_log_in_or_be_restored(client, alice):
    deleted_days_ago(alice, 31)
    purge_deleted_accounts()

    response = log_in(client)

    assert MISMATCH in response.content.decode()


def test_the_purge_leaves_alone_an_account_restored_since_it_was_listed(alice):
    listed = deleted_days_ago(alice, 31)
    User.objects.filter(pk=alice.pk).update(deleted_at=None, is_active=True)

    assert purge_account(user=listed, now=timezone.now()) is False

    alice = User.objects.get(pk=alice.pk)
    assert (alice.email, alice.display_name, alice.deleted_at) == (
        "alice@example.com",
        "Alice",
        None,
    )
    assert alice.is_active and alice.purged_at is None
    assert alice.check_password(PASSWORD)
    assert EmailAddress.objects.filter(user=alice, verified=True).exists()


def test_a_restore_answered_after_the_purge_changes_nothing(alice):
    offered = deleted_days_ago(alice, 31)
    purge_deleted_accounts()

    assert restore_account(user=offered) is False

    alice = User.objects.get(pk=alice.pk)
    assert not alice.is_active
    assert alice.deleted_at is not None and alice.purged_at is not None


def test_the_restore_page_refuses_an_account_purged_while_the_question_was_open(
    client, alice, monkeypatch
):
    deleted_days_ago(alice, 29)
    log_in(client)
    offered = User.objects.get(pk=alice.pk)
    deleted_days_ago(alice, 31)
    purge_deleted_accounts()
    # The offer was checked just before the purge committed.
    monkeypatch.setattr("aposbook.accounts.services.user_offered_restore", lambda request: offered)

    response = client.post("/accounts/restore/")

    assert response["Location"] == "/accounts/login/"
    assert client.get("/accounts/settings/").status_code == 403
    assert not User.objects.get(pk=alice.pk).is_active


def test_the_purge_waits_30_days(alice, bob):
    deleted_days_ago(alice, 29)

    assert purge_deleted_accounts() == 0

    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert alice.purged_at is None


def test_the_command_is_idempotent_and_says_what_it_did(alice, bob, capsys, caplog):
    deleted_days_ago(alice, 40)
    deleted_days_ago(bob, 31)

    with caplog.at_level(logging.INFO, logger="aposbook.accounts.services"):
        call_command("purge_deleted_accounts")
        first_run = capsys.readouterr().out
        purged_at = User.objects.get(pk=alice.pk).purged_at
        call_command("purge_deleted_accounts")
        second_run = capsys.readouterr().out

    assert first_run == "Purged 2 deleted account(s).\n"
    assert second_run == "Purged 0 deleted account(s).\n"
    assert User.objects.get(pk=alice.pk).purged_at == purged_at
    assert "Purged 2 deleted account(s), removed 0 session(s)" in caplog.text


def test_the_purge_runs_as_a_background_task(alice):
    deleted_days_ago(alice, 31)

    result = purge_deleted_accounts_task.enqueue()

    assert result.return_value == 1
    alice.refresh_from_db()
    assert alice.purged_at is not None
