"""A database that drops or refuses connections (PostgreSQL restarting under load): a read
that meets a dropped connection is tried once more on a fresh one, and what still fails gets
the branded 503 page with Retry-After, never a bare 500.

The module is also the URLconf of its tests: views that fail as a dropped connection does."""

import threading

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from aposbook import urls as project_urls
from aposbook.lib.outages import RETRY_AFTER_SECONDS
from aposbook.pages.models import ContactMessage
from tests.helpers import page_text
from tests.pages.test_error_pages import assert_in_the_site_layout, database_down

calls: list[str] = []


def failing(times: int, error: type[Exception] = OperationalError):
    """A view that raises `error` on its first `times` calls, then answers 200."""

    def view(request: HttpRequest) -> HttpResponse:
        calls.append(request.method or "")
        if len(calls) <= times:
            raise error("server closed the connection unexpectedly")
        return HttpResponse("fine")

    return view


def counted(request: HttpRequest) -> HttpResponse:
    """A page that reads the database, for the real dropped connection."""
    return HttpResponse(str(ContactMessage.objects.count()))


urlpatterns = [
    path("once/", failing(1)),
    path("once-interface/", failing(1, InterfaceError)),
    path("twice/", failing(2)),
    path("bug/", failing(1, RuntimeError)),
    path("counted/", counted),
    path("", include("aposbook.urls")),
]
handler500 = project_urls.handler500
THIS_URLCONF = __name__


@pytest.fixture(autouse=True)
def production(settings, client: Client) -> None:
    settings.DEBUG = False
    client.raise_request_exception = False
    calls.clear()


@pytest.mark.urls(THIS_URLCONF)
@pytest.mark.parametrize("address", ["/once/", "/once-interface/"])
def test_a_read_that_meets_a_dropped_connection_is_tried_once_more(client, db, address) -> None:
    response = client.get(address)

    assert response.status_code == 200
    assert response.content == b"fine"
    assert calls == ["GET", "GET"]


@pytest.mark.urls(THIS_URLCONF)
def test_a_head_request_is_tried_once_more_too(client, db) -> None:
    assert client.head("/once/").status_code == 200
    assert calls == ["HEAD", "HEAD"]


@pytest.mark.urls(THIS_URLCONF)
def test_a_read_that_fails_twice_gets_the_503_page_with_retry_after(client, db) -> None:
    response = client.get("/twice/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert calls == ["GET", "GET"]
    assert_in_the_site_layout(response)
    assert "cannot reach its database" in page_text(response)


@pytest.mark.urls(THIS_URLCONF)
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_form_sent_is_never_sent_twice(client, db, method) -> None:
    response = getattr(client, method)("/once/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert calls == [method.upper()]
    assert "nothing was saved" in page_text(response)


@pytest.mark.urls(THIS_URLCONF)
def test_a_bug_is_not_retried_and_stays_a_500(client, db) -> None:
    response = client.get("/bug/")

    assert response.status_code == 500
    assert not response.has_header("Retry-After")
    assert calls == ["GET"]


def test_the_503_page_asks_nothing_of_the_database(client, alice) -> None:
    client.force_login(alice)

    with database_down() as attempts:
        response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    # Every attempt is the site's (the retried page, the session): the page itself asks none.
    assert attempts
    with database_down() as attempts:
        from aposbook.pages.views import server_error

        try:
            raise OperationalError("the database system is shutting down")
        except OperationalError:
            page = server_error(HttpRequest())
    assert attempts == []
    assert page.status_code == 503
    assert "Alice" not in page_text(response)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.urls(THIS_URLCONF)
def test_a_read_survives_its_backend_being_killed(client) -> None:
    """The real thing: a second connection ends this session's backend (as a restart does),
    and the next read still answers, on a fresh connection. (The test client keeps the
    connection between requests.)"""
    assert client.get("/counted/").status_code == 200
    victim = connection.connection.info.backend_pid  # type: ignore[union-attr]

    def kill() -> None:
        from django.db import connections

        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [victim])
                assert cursor.fetchone() == (True,)
        finally:
            other.close()

    killer = threading.Thread(target=kill)
    killer.start()
    killer.join()

    response = client.get("/counted/")

    assert response.status_code == 200
    assert response.content == b"0"
    assert connection.connection.info.backend_pid != victim  # type: ignore[union-attr]
