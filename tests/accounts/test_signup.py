"""Sign-up, the confirmation link and "send the link again"."""

import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client

from aposbook.accounts.models import User
from tests.fixtures import PASSWORD
from tests.helpers import confirmation_link, sign_up, unverified

LINK_SENT = (
    "A verification link will be sent to {} within the next 2 minutes. "
    "Please click it to validate your email."
)
SPAM_HINT = "*If you didn't get the link, please check your spam folder"
WAIT_FULL = "You can ask for a new link again in 120 seconds."
THREE_DAYS = 3 * 24 * 60 * 60

pytestmark = pytest.mark.django_db


def sign_up_and_get_link(client, django_capture_on_commit_callbacks, **extra: str) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, **extra)
    assert len(mail.outbox) == 1
    return confirmation_link(mail.outbox[0])


def test_it_explains_what_members_get(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/accounts/signup/")

    page = response.content.decode()
    assert (
        "As a registered user, you can benefit from the various free tools and services "
        "that we provide." in page
    )
    assert "Write reviews and testimonials of the natural solutions you have tried." in page
    assert "Health experts can also add information, suggest edits to the text" in page
    assert (
        "A validation link will be sent to you by email. Please confirm your address to log in."
        in page
    )


def test_it_asks_for_email_display_name_and_password_with_labels(client):
    page = client.get("/accounts/signup/").content.decode()

    assert '<label for="id_email">Email address' in page
    assert '<label for="id_display_name">Display name' in page
    assert '<label for="id_password1">Password' in page
    assert "Aposbook</a>" in page  # the site's header: allauth pages use our layout


def test_it_creates_an_account_with_the_display_name(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="nina@example.com")
    assert user.display_name == "Nina"
    assert user.check_password(PASSWORD)
    assert not user.has_verified_email


def test_it_sends_one_email_with_a_link(client, django_capture_on_commit_callbacks):
    link = sign_up_and_get_link(client, django_capture_on_commit_callbacks)

    message = mail.outbox[0]
    assert message.to == ["nina@example.com"]
    assert message.subject == "[Aposbook] Please confirm your email address"
    assert "Hello from Aposbook!" in message.body
    assert link.startswith("/accounts/confirm-email/")
    html = message.alternatives[0]
    assert html[1] == "text/html"
    assert "Confirm my email address" in html[0]


def test_it_shows_the_address_on_the_link_sent_page(client, django_assert_max_num_queries):
    response = sign_up(client, email="Nina@Example.com")

    with django_assert_max_num_queries(3):
        response = client.get(response["Location"])
    page = response.content.decode()
    assert LINK_SENT.format("nina@example.com") in page
    assert SPAM_HINT in page
    assert "Send the link again" in page
    assert WAIT_FULL in page


def test_it_refuses_a_weak_password(client):
    response = sign_up(client, password1="12345678", password2="12345678")

    assert response.status_code == 200
    assert "This password is entirely numeric." in response.content.decode()
    assert not User.objects.exists()


def test_it_refuses_the_name_of_deleted_members(client):
    response = sign_up(client, display_name="Deleted Member")

    assert "Please choose another name." in response.content.decode()
    assert not User.objects.exists()


def test_it_refuses_a_name_that_passes_for_an_expert_s_and_keeps_the_form(client, erin):
    response = sign_up(client, display_name="\u0415rin  Hale", email="copy@example.com")

    page = response.content.decode()
    assert "This name looks like the name of one of our health experts or moderators." in page
    assert 'value="copy@example.com"' in page and 'value="\u0415rin  Hale"' in page
    assert not User.objects.filter(email="copy@example.com").exists()


def test_it_stores_a_new_name_without_invisible_characters(client):
    sign_up(client, display_name="\u202eNina\u200d \u2066Rossi\u2069")

    assert User.objects.get().display_name == "Nina Rossi"


def test_the_link_asks_to_confirm_then_confirms(client, django_capture_on_commit_callbacks):
    link = sign_up_and_get_link(client, django_capture_on_commit_callbacks)

    page = client.get(link).content.decode()
    assert "Please confirm that nina@example.com is your email address." in page
    assert not EmailAddress.objects.get(email="nina@example.com").verified

    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nina@example.com").verified


def test_confirming_in_the_same_browser_logs_in(client, django_capture_on_commit_callbacks):
    link = sign_up_and_get_link(client, django_capture_on_commit_callbacks)

    response = client.post(link)

    assert response["Location"] == "/"
    assert client.get("/accounts/settings/").status_code == 200


def test_confirming_in_another_browser_leads_to_the_login_page(
    client, django_capture_on_commit_callbacks, django_user_model
):
    link = sign_up_and_get_link(client, django_capture_on_commit_callbacks)
    other_browser = type(client)()

    response = other_browser.post(link)

    assert response["Location"] == "/accounts/login/"
    assert EmailAddress.objects.get(email="nina@example.com").verified


def test_it_refuses_an_expired_link_and_offers_a_new_one(
    client, django_capture_on_commit_callbacks
):
    link = sign_up_and_get_link(client, django_capture_on_commit_callbacks)
    three_days_later = time.time() + THREE_DAYS + 60

    with mock.patch("django.core.signing.time", mock.Mock(time=lambda: three_days_later)):
        response = client.get(link)
        client.post(link)

    page = response.content.decode()
    assert "This link no longer works" in page
    assert "This confirmation link has expired, has already been used, or is incomplete." in page
    assert 'action="/accounts/verification/resend/"' in page
    assert '<input type="email" name="email"' in page
    assert not EmailAddress.objects.get(email="nina@example.com").verified


def test_a_link_still_works_just_before_three_days(client, django_capture_on_commit_callbacks):
    link = sign_up_and_get_link(client, django_capture_on_commit_callbacks)
    almost_three_days_later = time.time() + THREE_DAYS - 60

    with mock.patch("django.core.signing.time", mock.Mock(time=lambda: almost_three_days_later)):
        client.post(link)

    assert EmailAddress.objects.get(email="nina@example.com").verified


def test_it_refuses_a_link_already_used(client, django_capture_on_commit_callbacks):
    link = sign_up_and_get_link(client, django_capture_on_commit_callbacks)
    type(client)().post(link)

    page = client.get(link).content.decode()

    assert "This link no longer works" in page


def test_it_refuses_a_made_up_link(client, db):
    page = client.get("/accounts/confirm-email/not-a-real-key/").content.decode()

    assert "This link no longer works" in page
    assert "Send me a new link" in page


def test_it_answers_the_same_for_an_address_already_registered(
    client, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, email="alice@example.com")

    assert response["Location"] == "/accounts/confirm-email/"
    page = client.get(response["Location"]).content.decode()
    assert LINK_SENT.format("alice@example.com") in page
    assert User.objects.filter(email="alice@example.com").count() == 1
    # The owner hears about it; the visitor learns nothing.
    assert len(mail.outbox) == 1
    assert "an account using that email address already exists" in mail.outbox[0].body


def count_password_hashes(client, email: str) -> int:
    """How many times signing up with `email` hashes a password (the costly step)."""
    with mock.patch(
        "django.contrib.auth.hashers.MD5PasswordHasher.encode",
        autospec=True,
        side_effect=MD5PasswordHasher.encode,
    ) as encode:
        response = sign_up(client, email=email)
    assert response["Location"] == "/accounts/confirm-email/"
    return encode.call_count


def test_a_registered_address_costs_as_much_as_a_new_one(client, alice):
    """Otherwise the time of the answer tells whether an address has an account."""
    registered = count_password_hashes(client, "alice@example.com")
    new = count_password_hashes(Client(), "nina@example.com")

    assert registered == new == 1


def test_the_resend_button_waits_two_minutes(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
        response = client.post("/accounts/verification/resend/", {"email": "nina@example.com"})

    assert WAIT_FULL in response.content.decode()
    assert len(mail.outbox) == 1


def test_the_resend_button_sends_a_new_link_after_two_minutes(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    two_minutes_later = time.time() + 121

    with (
        mock.patch("time.time", return_value=two_minutes_later),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/accounts/verification/resend/", {"email": "nina@example.com"})

    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == ["nina@example.com"]
    client.post(confirmation_link(mail.outbox[1]))
    assert EmailAddress.objects.get(email="nina@example.com").verified


@pytest.mark.parametrize("email", ["nobody@example.com", "alice@example.com"])
def test_resending_reveals_nothing_about_the_address(
    client, alice, email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/verification/resend/", {"email": email})
        page = client.get(response["Location"]).content.decode()
        again = client.post("/accounts/verification/resend/", {"email": email})

    assert response["Location"] == "/accounts/confirm-email/"
    assert LINK_SENT.format(email) in page
    assert WAIT_FULL in again.content.decode()
    assert mail.outbox == []


def test_resending_reaches_an_account_made_without_the_sign_up_form(
    client, django_capture_on_commit_callbacks
):
    bob = User.objects.create_user(email="bob@example.com", password=PASSWORD)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/verification/resend/", {"email": "bob@example.com"})

    assert len(mail.outbox) == 1
    client.post(confirmation_link(mail.outbox[0]))
    assert EmailAddress.objects.get(user=bob).verified


def test_the_resend_page_refuses_get(
    client, alice, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    unverified(alice)

    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(0):
        response = client.get("/accounts/verification/resend/?email=alice@example.com")

    assert response.status_code == 200
    assert "Get a new confirmation link" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["nobody@example.com", "alice@example.com"])
def test_password_reset_answers_the_same_whoever_asks(
    client, alice, email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": email})
    page = client.get(response["Location"]).content.decode()

    assert response["Location"] == "/accounts/password/reset/done/"
    assert "If an account uses this address, we have sent it a link to choose a new password." in (
        page
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [email]


def test_the_link_sent_page_asks_for_the_address_when_it_does_not_know_it(client):
    page = client.get("/accounts/confirm-email/").content.decode()

    assert (
        "A verification link will be sent to your email address within the next 2 minutes." in page
    )
    assert '<label for="id_email">Email address' in page
