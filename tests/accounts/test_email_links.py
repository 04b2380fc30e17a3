"""Every link in an account email starts with SITE_URL, whatever Host the request named:
a forged Host header must not turn a password-reset or confirmation link into one that
hands the key to another site."""

import re

import pytest
from django.core import mail

from tests.helpers import sign_up

EVIL = "evil.example"
LINKS = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture(autouse=True)
def evil_host_allowed(settings) -> None:
    # Only a host the site accepts reaches the views: the test lets the forged one through,
    # as a mis-configured proxy or a wildcard ALLOWED_HOSTS would.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, EVIL]
    settings.SITE_URL = "https://www.aposbook.test"


def links_in(message: mail.EmailMessage) -> list[str]:
    bodies = [message.body] + [body for body, _ in getattr(message, "alternatives", [])]
    return [link for body in bodies for link in LINKS.findall(str(body))]


def assert_links_from_site_url(message: mail.EmailMessage) -> None:
    links = links_in(message)
    assert links, message.body
    for link in links:
        assert f"{link}/".startswith("https://www.aposbook.test/"), link
    assert EVIL not in message.body


def test_the_password_reset_link_ignores_the_host_header(
    client, alice, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": alice.email}, HTTP_HOST=EVIL)

    [message] = mail.outbox
    assert "/accounts/password/reset/key/" in message.body
    assert_links_from_site_url(message)


def test_the_reset_email_to_an_unknown_address_ignores_the_host_header(
    client, db, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "nobody@example.com"}, HTTP_HOST=EVIL)

    [message] = mail.outbox
    assert_links_from_site_url(message)


def test_the_confirmation_link_ignores_the_host_header(
    client, db, django_capture_on_commit_callbacks
) -> None:
    client.defaults["HTTP_HOST"] = EVIL
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, next="/discussions/new/")

    [message] = mail.outbox
    assert "/accounts/confirm-email/" in message.body
    assert_links_from_site_url(message)
