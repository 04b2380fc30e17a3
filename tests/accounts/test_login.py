"""Logging in and out, and the way back to the page that asked for it."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory

from aposbook.moderation.models import Suspension
from tests.fixtures import PASSWORD
from tests.helpers import (
    GATED_PAGE,
    GATED_TEXT,
    SUSPENSION_MESSAGE,
    confirmation_link,
    log_in,
    page_text,
    sign_up,
    unverified,
)

UNVERIFIED = "Please confirm your email address and try to log in again."
MISMATCH = "The email address and/or password you specified are not correct."

pytestmark = pytest.mark.django_db


def test_the_login_page_has_labelled_fields(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/accounts/login/")

    page = response.content.decode()
    assert '<label for="id_login">Email address' in page
    assert '<label for="id_password">Password' in page
    assert "Forgot your password?" in page
    assert "Aposbook</a>" in page


def test_it_logs_in_a_member_with_a_confirmed_address(client, alice):
    response = log_in(client)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/accounts/settings/").status_code == 200


def test_it_refuses_a_wrong_password(client, alice):
    response = log_in(client, password="not my password")

    assert MISMATCH in response.content.decode()
    assert client.get("/accounts/settings/").status_code == 403


def test_it_refuses_login_until_email_is_confirmed(
    client, alice, django_capture_on_commit_callbacks
):
    unverified(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = log_in(client)

    assert response.status_code == 200
    page = response.content.decode()
    assert UNVERIFIED in page
    assert 'action="/accounts/verification/resend/"' in page
    assert '<input type="hidden" name="email" value="alice@example.com">' in page
    assert "Send the link again" in page
    assert mail.outbox == []
    assert client.get("/accounts/settings/").status_code == 403


def test_the_button_on_the_login_page_sends_a_new_link(
    client, alice, django_capture_on_commit_callbacks
):
    unverified(alice)
    log_in(client)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/verification/resend/", {"email": "alice@example.com"})

    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    client.post(confirmation_link(mail.outbox[0]))
    assert EmailAddress.objects.get(user=alice).verified
    assert log_in(client)["Location"] == "/"


def test_a_suspended_member_logs_in_and_is_told_why_they_cannot_post(client, alice, mo):
    Suspension.objects.create(user=alice, reason="Spam", created_by=mo)

    response = client.post(
        "/accounts/login/", {"login": "alice@example.com", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain == [("/", 302)]
    html = response.content.decode()
    assert page_text(response).count(SUSPENSION_MESSAGE) == 1
    assert 'href="/code-of-conduct/"' in html
    assert 'href="mailto:support@aposbook.com"' in html
    assert 'href="/contact/?subject=appeal"' in html


@pytest.mark.urls("tests.helpers")
def test_the_gate_tells_a_suspended_member_why_once(client, alice, mo):
    Suspension.objects.create(user=alice, reason="Spam", created_by=mo)
    client.force_login(alice)

    response = client.get(GATED_PAGE)

    assert response.status_code == 403
    assert page_text(response).count(SUSPENSION_MESSAGE) == 1
    assert response.content.decode().count('role="alert"') == 1


@pytest.mark.urls("tests.helpers")
def test_it_brings_the_reader_back_after_the_gate(client, alice):
    gate = client.get(GATED_PAGE)
    assert gate.status_code == 403
    assert f'href="/accounts/login/?next={GATED_PAGE}"' in gate.content.decode()

    response = log_in(client, next=GATED_PAGE)

    assert response["Location"] == GATED_PAGE
    assert client.get(GATED_PAGE).content.decode() == GATED_TEXT


@pytest.mark.urls("tests.helpers")
def test_it_brings_a_new_member_back_after_sign_up_and_confirmation(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, next=GATED_PAGE)
    link = confirmation_link(mail.outbox[0])

    response = client.post(link)

    assert response["Location"] == GATED_PAGE
    assert client.get(GATED_PAGE).content.decode() == GATED_TEXT


@pytest.mark.urls("tests.helpers")
def test_the_link_opened_elsewhere_goes_to_the_login_page_then_back(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, next=GATED_PAGE)
    link = confirmation_link(mail.outbox[0])
    other_browser = type(client)()

    confirm_page = other_browser.get(link).content.decode()
    response = other_browser.post(link, {"next": "/accounts/login/?next=/members-only/"})

    assert '<input type="hidden" name="next" value="/accounts/login/?next=/members-only/">' in (
        confirm_page
    )
    assert response["Location"] == "/accounts/login/?next=/members-only/"
    assert log_in(other_browser, "nina@example.com", next=GATED_PAGE)["Location"] == GATED_PAGE


def test_it_ignores_a_next_that_leaves_the_site(client, alice):
    response = log_in(client, next="https://evil.example/")

    assert response["Location"] == "/"


def test_logout_is_post_only(client, alice):
    client.force_login(alice)

    page = client.get("/accounts/logout/")

    assert "Do you want to log out of Aposbook?" in page.content.decode()
    assert client.get("/accounts/settings/").status_code == 200
    assert client.post("/accounts/logout/")["Location"] == "/"
    assert client.get("/accounts/settings/").status_code == 403


def test_the_account_nav_offers_login_and_signup_to_visitors(db):
    request = RequestFactory().get("/conditions/")
    request.user = AnonymousUser()

    html = render_to_string("includes/account_nav.html", request=request)

    assert 'href="/accounts/login/?next=/conditions/"' in html
    assert 'href="/accounts/signup/"' in html


def test_the_account_nav_offers_settings_and_a_logout_form_to_members(alice):
    request = RequestFactory().get("/")
    request.user = alice

    html = render_to_string("includes/account_nav.html", request=request)

    assert 'href="/accounts/settings/">Alice</a>' in html
    assert '<form method="post" action="/accounts/logout/">' in html


def test_a_forgotten_password_can_be_replaced(client, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    message = mail.outbox[0]
    link = message.body.split(settings.SITE_URL, 1)[1].split()[0]

    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "a brand new passphrase", "password2": "a brand new passphrase"},
    )

    assert message.subject == "[Aposbook] Choose a new password"
    assert "Choose a new password" in message.alternatives[0][0]
    assert '<label for="id_password1">New password</label>' in form_page.content.decode()
    assert log_in(client, password="a brand new passphrase")["Location"] == "/"
