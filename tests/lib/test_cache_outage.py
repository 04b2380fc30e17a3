"""Redis out of reach: every form behind a rate limit (ours and allauth's) still answers,
counts in the process instead, and logs the outage."""

import logging

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client

from aposbook.accounts.models import User
from aposbook.feedback.models import Feedback
from aposbook.lib.cache import ResilientRedisCache
from aposbook.pages.models import ContactMessage
from tests.factories import ConditionFactory
from tests.helpers import log_in, page_text, sign_up

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: each call to Redis raises redis's ConnectionError.
UNREACHABLE = {
    "default": {
        "BACKEND": "aposbook.lib.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
CONTACT = {
    "name": "Jo Reader",
    "email": "jo@example.org",
    "subject": "correction",
    "message": "The magnesium page gives 4,000 mg as a daily dose; I think it is 400 mg.",
    "website": "",
}


@pytest.fixture(autouse=True)
def redis_down(settings, caplog: pytest.LogCaptureFixture) -> None:
    settings.CACHES = UNREACHABLE
    backend = caches["default"]
    assert isinstance(backend, ResilientRedisCache)
    backend.fallback.clear()
    caplog.set_level(logging.ERROR, logger="aposbook.lib.cache")


def outage_logged(caplog: pytest.LogCaptureFixture) -> bool:
    # The outage may first be met while the test's members are created (a new account says
    # what pages it changes, in the cache), before the test itself runs.
    records = caplog.get_records("setup") + caplog.get_records("call")
    return any("Redis cannot be reached" in record.getMessage() for record in records)


def test_log_in_works_and_the_outage_is_logged(client: Client, alice, caplog) -> None:
    response = log_in(client)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert outage_logged(caplog)


def test_wrong_passwords_are_still_limited_in_the_process(client: Client, alice) -> None:
    for _ in range(5):
        assert "not correct" in page_text(log_in(client, password="wrong"))

    response = log_in(client)

    assert "Too many wrong passwords for this account" in page_text(response)
    assert "_auth_user_id" not in client.session


def test_sign_up_works(client: Client, caplog) -> None:
    response = sign_up(client)

    assert response.status_code == 302
    assert User.objects.filter(email="nina@example.com").exists()
    assert outage_logged(caplog)


def test_password_reset_works(client: Client, alice) -> None:
    response = client.post("/accounts/password/reset/", {"email": "alice@example.com"})

    assert response.status_code == 302


def test_resending_the_verification_link_works(client: Client, alice) -> None:
    EmailAddress.objects.filter(user=alice).update(verified=False)

    response = client.post("/accounts/verification/resend/", {"email": "alice@example.com"})

    assert response.status_code in {200, 302}
    assert response.status_code != 500


def test_contact_works_and_keeps_its_limit(client: Client) -> None:
    answers = [client.post("/contact/", CONTACT).status_code for _ in range(6)]

    assert answers == [302] * 5 + [400]
    assert ContactMessage.objects.count() == 5


def test_feedback_works(client: Client) -> None:
    ConditionFactory(name="Insomnia", slug="insomnia")

    response = client.post("/topics/condition/insomnia/feedback/send/", {"helpful": "yes"})

    assert response.status_code in {200, 302}
    assert Feedback.objects.count() == 1


def test_it_leaves_redis_alone_for_a_while_then_tries_again(monkeypatch) -> None:
    backend = caches["default"]
    assert isinstance(backend, ResilientRedisCache)
    tries = []
    original = RedisCache.get

    def counted_get(self, *args, **kwargs):
        tries.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(RedisCache, "get", counted_get)
    backend.set("probe", 1)
    assert backend.get("probe") == 1  # from the process's own cache
    assert tries == []

    backend._down_until = 0.0  # the pause is over
    assert backend.get("probe") == 1
    assert tries == [1]


def test_health_reports_the_outage_that_the_pages_ride_out(client: Client) -> None:
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "ok", "cache": "down"}
