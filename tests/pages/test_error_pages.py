"""Error pages in the site's own layout (header, search, footer, a way back), as visitors get
them in production: DEBUG off, and the client answering with the page, not the exception.

The module is also the URLconf of the tests that need a view which fails: the site's own
routes, two broken views, and the project's error handlers."""

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from aposbook import urls as project_urls
from aposbook.pages.models import ContactMessage
from tests.helpers import page_text


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("A bug in a view")


urlpatterns = [
    path("forbidden/", forbidden),
    path("broken/", broken),
    path("", include("aposbook.urls")),
]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500

THIS_URLCONF = __name__


@pytest.fixture(autouse=True)
def production(settings, client: Client) -> None:
    settings.DEBUG = False
    client.raise_request_exception = False


def assert_in_the_site_layout(response: HttpResponse) -> None:
    html = response.content.decode()
    assert '<a class="brand" href="/">Aposbook</a>' in html
    assert '<form class="search-box" role="search" action="/search/" method="get">' in html
    assert '<a href="/">Go to the Aposbook home page</a>' in html
    assert "Medical disclaimer:" in page_text(response)
    assert '<meta name="robots" content="noindex">' in html


def test_it_shows_the_404_page_for_an_unknown_condition(
    client, db, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(1):
        response = client.get("/conditions/nope/")

    assert response.status_code == 404
    assert_in_the_site_layout(response)
    text = page_text(response)
    assert "Page not found · Aposbook" in text
    assert "We cannot find this page" in text
    assert "Not Found" not in text
    assert 'href="/contact/?subject=correction"' in response.content.decode()


def test_the_404_page_knows_who_is_logged_in(client, alice) -> None:
    client.force_login(alice)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Alice" in page_text(response)
    assert "Log out" in page_text(response)


@pytest.mark.urls(THIS_URLCONF)
def test_it_shows_the_403_page_when_permission_is_denied(client, db) -> None:
    response = client.get("/forbidden/")

    assert response.status_code == 403
    assert_in_the_site_layout(response)
    assert "You cannot open this page" in page_text(response)


def test_it_shows_the_403_page_when_a_form_comes_without_its_csrf_token(db) -> None:
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    form = {"name": "Nina", "email": "nina@example.com", "subject": "question", "message": "Hi"}

    response = browser.post("/contact/", form)

    assert response.status_code == 403
    assert_in_the_site_layout(response)
    text = page_text(response)
    assert "Please send the form again" in text
    assert "Go back, reload the page, and send the form again." in text
    assert "CSRF verification failed" not in text
    assert not ContactMessage.objects.exists()


def test_it_shows_the_400_page_for_a_host_we_do_not_serve(
    client, db, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(0):
        response = client.get("/", headers={"host": "aposbook.example.net"})

    assert response.status_code == 400
    assert_in_the_site_layout(response)
    assert "We could not understand this request" in page_text(response)


@contextmanager
def database_down() -> Iterator[list[str]]:
    """Every attempt to reach the database fails, as in an outage; yields the attempts.

    A template swallows some errors (`{% if a and b %}` turns one into False), so a page can
    look right while it tried the database: the attempts are what tells."""
    attempts: list[str] = []

    def refuse(connection: BaseDatabaseWrapper) -> None:
        attempts.append(connection.alias)
        raise OperationalError("could not connect to the database server")

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse):
        yield attempts


@pytest.mark.urls(THIS_URLCONF)
def test_it_shows_the_500_page_without_touching_the_database(client, alice) -> None:
    client.force_login(alice)

    with database_down() as attempts:
        response = client.get("/broken/")

    assert response.status_code == 500
    # The view raised before any query, and the page itself asked for none: not even the
    # logged-in member's session and account.
    assert attempts == []
    assert_in_the_site_layout(response)
    text = page_text(response)
    assert "Something went wrong on our side" in text
    assert 'href="mailto:support@aposbook.com"' in response.content.decode()
    # Without the database the page cannot know who is logged in: no account links at all.
    assert "Alice" not in text
    assert "Log in" not in text


def test_it_shows_the_503_page_when_the_database_is_down(client, db) -> None:
    with database_down():
        response = client.get("/")

    # Not a bug: the branded "back in a moment" page (tests/pages/test_database_outage.py).
    assert response.status_code == 503
    assert "back in a moment" in page_text(response)
