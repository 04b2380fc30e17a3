"""The password pages allauth serves, in the site's voice and layout: changing, setting and
resetting a password, and the password check before a sensitive change."""

import re

import pytest
from django.conf import settings
from django.core import mail

from aposbook.accounts.models import User
from tests.fixtures import PASSWORD
from tests.helpers import field_error, input_value, log_in, page_text

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase"
# What allauth's own templates and messages say, which our pages must not.
ALLAUTH_WORDING = [
    "Change Password",
    "Set Password",
    "Bad Token",
    "Confirm Access",
    "Current Password",
    "New Password",
    "login again",
    "Password successfully",
]


def assert_in_our_voice(text: str) -> None:
    for phrase in ALLAUTH_WORDING:
        assert phrase not in text, phrase


def reset_link(client, capture_on_commit, email: str = "alice@example.com") -> str:
    """The page the password-reset email leads to (allauth hides the key in the session)."""
    with capture_on_commit(execute=True):
        client.post("/accounts/password/reset/", {"email": email})
    link = mail.outbox[-1].body.split(settings.SITE_URL, 1)[1].split()[0]
    return client.get(link, follow=True).redirect_chain[-1][0]


def test_the_change_page_speaks_our_voice(client, alice, django_assert_max_num_queries):
    client.force_login(alice)

    with django_assert_max_num_queries(4):  # session, user, suspension banner, addresses
        response = client.get("/accounts/password/change/")

    text = page_text(response)
    assert "Change your password · Aposbook" in text
    assert "Account settings Change your password" in text  # the breadcrumb
    html = response.content.decode()
    assert '<h1 id="page-heading">Change your password</h1>' in html
    assert '<label for="id_oldpassword">Current password</label>' in html
    assert '<label for="id_password1">New password</label>' in html
    assert '<label for="id_password2">New password (again)</label>' in html
    assert 'href="/accounts/password/reset/">Get a link to choose a new one' in html
    assert "placeholder" not in html.split("<main", 1)[1]
    assert_in_our_voice(text)


def test_it_shows_a_wrong_current_password_next_to_the_field(client, alice):
    client.force_login(alice)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "not my password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert field_error(response, "oldpassword") == "Please type your current password."
    html = response.content.decode()
    # allauth's own field template put a list inside a span inside a paragraph.
    assert '<ul class="errorlist' not in html
    assert not re.search(r"<p[^>]*>(?:(?!</p>).)*<ul", html, re.S)
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_it_explains_the_password_rules_in_a_sentence(client, alice):
    client.force_login(alice)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "12345678", "password2": "12345678"},
    )

    assert "This password is entirely numeric." in field_error(response, "password1")
    assert "At least 8 characters, not only numbers" in page_text(response)
    assert not re.search(r"<p[^>]*>(?:(?!</p>).)*<ul", response.content.decode(), re.S)


def test_it_changes_the_password_and_goes_back_to_the_settings(client, alice):
    client.force_login(alice)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain == [("/accounts/settings/", 302)]
    assert "Your password has been changed." in page_text(response)
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_the_change_page_refuses_visitors(client, db):
    response = client.get("/accounts/password/change/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_set_page_speaks_our_voice(client, alice):
    alice.set_unusable_password()
    alice.save()
    client.force_login(alice)

    response = client.get("/accounts/password/set/")

    html = response.content.decode()
    assert '<h1 id="page-heading">Choose a password</h1>' in html
    assert '<label for="id_password1">Password</label>' in html
    assert '<label for="id_password2">Password (again)</label>' in html
    assert_in_our_voice(page_text(response))


def test_it_sets_a_password(client, alice):
    alice.set_unusable_password()
    alice.save()
    client.force_login(alice)

    response = client.post(
        "/accounts/password/set/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )

    assert "Your password has been saved." in page_text(response)
    assert User.objects.get(pk=alice.pk).check_password(NEW_PASSWORD)


def test_the_reset_page_speaks_our_voice(client, alice, django_capture_on_commit_callbacks):
    page = reset_link(client, django_capture_on_commit_callbacks)

    response = client.get(page)

    html = response.content.decode()
    assert '<h1 id="page-heading">Choose a new password</h1>' in html
    assert '<label for="id_password1">New password</label>' in html
    assert_in_our_voice(page_text(response))


def test_the_reset_keeps_what_was_typed_and_says_what_is_wrong(
    client, alice, django_capture_on_commit_callbacks
):
    page = reset_link(client, django_capture_on_commit_callbacks)

    response = client.post(page, {"password1": NEW_PASSWORD, "password2": "something else"})

    assert field_error(response, "password2") == "You must type the same password each time."
    assert input_value(response, "password1") == ""  # passwords are never sent back


def test_after_a_reset_it_invites_to_log_in(client, alice, django_capture_on_commit_callbacks):
    page = reset_link(client, django_capture_on_commit_callbacks)

    response = client.post(
        page, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )

    text = page_text(response)
    assert "Your password has been changed" in text
    assert "You can now log in with your new password." in text
    assert 'href="/accounts/login/">log in</a>' in response.content.decode()
    assert_in_our_voice(text)
    assert log_in(client, password=NEW_PASSWORD)["Location"] == "/"


def test_a_used_or_wrong_reset_link_says_so(client, alice):
    response = client.get("/accounts/password/reset/key/1-not-a-real-key/")

    text = page_text(response)
    assert "This link no longer works" in text
    assert 'href="/accounts/password/reset/">Ask for a new link' in response.content.decode()
    assert_in_our_voice(text)


def test_the_link_sent_page_offers_to_log_in(client, db):
    response = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.com"}, follow=True
    )

    text = page_text(response)
    assert "If an account uses this address, we have sent it a link" in text
    assert 'href="/accounts/login/">Log in</a>' in response.content.decode()


def test_the_password_check_speaks_our_voice(client, alice):
    client.force_login(alice)

    response = client.get("/accounts/reauthenticate/")

    text = page_text(response)
    assert "Enter your password" in text
    assert '<label for="id_password">Password' in response.content.decode()
    assert_in_our_voice(text)


def test_logging_in_and_out_is_said_in_our_voice(client, alice):
    response = client.post(
        "/accounts/login/", {"login": "alice@example.com", "password": PASSWORD}, follow=True
    )
    assert "You are logged in as Alice." in page_text(response)

    response = client.post("/accounts/logout/", follow=True)
    assert "You have logged out." in page_text(response)
