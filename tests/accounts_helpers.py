"""Helpers for the account tests: signing up and logging in through the pages, unconfirmed
members, the link in an email, and a members-only page to test the log-in gate with (use
`@pytest.mark.urls(__name__)`)."""

import re

from allauth.account.models import EmailAddress
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from aposbook.accounts.gate import member_feature
from aposbook.accounts.models import User
from tests.fixtures import PASSWORD

GATED_PAGE = "/members-only/"
GATED_TEXT = "The members-only page"

LINK = re.compile(r"https?://testserver(/accounts/confirm-email/[^/\s]+/(?:\?[^\s\"<]+)?)")


def sign_up(client: Client, email: str = "nina@example.com", **extra: str) -> HttpResponse:
    data = {
        "email": email,
        "display_name": "Nina",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }
    return client.post("/accounts/signup/", data)


def log_in(
    client: Client, email: str = "alice@example.com", password: str = PASSWORD, **extra: str
) -> HttpResponse:
    return client.post("/accounts/login/", {"login": email, "password": password, **extra})


def unverified(user: User) -> User:
    """Turn a fixture member back into one who never clicked the confirmation link."""
    EmailAddress.objects.filter(user=user).update(verified=False)
    return user


def confirmation_link(message: mail.EmailMessage) -> str:
    """The path (and query) of the confirmation link in a plain-text email."""
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


@member_feature
def members_only(request: HttpRequest) -> HttpResponse:
    return HttpResponse(GATED_TEXT)


urlpatterns = [
    path(GATED_PAGE.strip("/") + "/", members_only),
    path("", include("aposbook.urls")),
]
