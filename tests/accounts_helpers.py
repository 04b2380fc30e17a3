"""Helpers for the account tests: unconfirmed members, the link in an email, and a
members-only page to test the log-in gate with (use `@pytest.mark.urls(__name__)`)."""

import re

from allauth.account.models import EmailAddress
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from aposbook.accounts.gate import member_feature
from aposbook.accounts.models import User

GATED_PAGE = "/members-only/"
GATED_TEXT = "The members-only page"

LINK = re.compile(r"https?://testserver(/accounts/confirm-email/[^/\s]+/(?:\?[^\s\"<]+)?)")


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
