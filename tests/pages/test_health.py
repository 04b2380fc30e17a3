"""/health/ tells a load balancer whether this web process can serve: database and cache."""

from typing import Any
from unittest import mock

import pytest
from django.core.cache.backends.base import BaseCache
from django.db import OperationalError

pytestmark = pytest.mark.django_db


class BrokenCache(BaseCache):
    """A cache whose server is gone: every call raises, as Redis does when refused."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        raise ConnectionError("cache server refused the connection")

    def set(self, key: Any, value: Any, timeout: Any = None, version: Any = None) -> None:
        raise ConnectionError("cache server refused the connection")


BROKEN_CACHE = {"default": {"BACKEND": "tests.pages.test_health.BrokenCache"}}


def test_it_answers_ok_when_the_database_and_cache_answer(client) -> None:
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_it_answers_503_naming_the_cache_when_the_cache_is_down(client, settings) -> None:
    settings.CACHES = BROKEN_CACHE

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "ok", "cache": "down"}


def test_it_answers_503_naming_the_database_when_the_database_is_down(client) -> None:
    refused = OperationalError("connection refused")
    with mock.patch("aposbook.pages.views.connection.cursor", side_effect=refused):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "down", "cache": "ok"}


def test_it_names_both_when_both_are_down(client, settings) -> None:
    settings.CACHES = BROKEN_CACHE
    with mock.patch("aposbook.pages.views.connection.cursor", side_effect=OperationalError):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "down", "cache": "down"}


def test_it_is_never_cached_and_sets_no_cookie(client) -> None:
    response = client.get("/health/")

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response.cookies == {}
    assert "Vary" not in response or "Cookie" not in response["Vary"]


def test_it_creates_no_session(client) -> None:
    from django.contrib.sessions.models import Session

    client.get("/health/")

    assert Session.objects.count() == 0


def test_it_is_not_redirected_to_https(client, settings) -> None:
    """Load balancers probe over plain HTTP behind the TLS terminator."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/health/").status_code == 200
    assert client.get("/contact/").status_code == 301


def test_it_refuses_a_post(client) -> None:
    assert client.post("/health/").status_code == 405
