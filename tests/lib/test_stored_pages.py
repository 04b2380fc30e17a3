"""`StoredPagesFirst` (lib/stored_pages.py): the WSGI application that answers visitors'
stored pages before Django's handler runs, driven here as a WSGI server drives it."""

from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from aposbook.lib.stored_pages import SOURCE_HEADER, StoredPagesFirst
from tests.fixtures import make_user
from tests.helpers import SECURITY_HEADERS

pytestmark = pytest.mark.django_db


@dataclass
class Answer:
    status: str
    headers: dict[str, str]
    body: bytes


class CountingDjango:
    """Django's WSGI handler, counting the requests that reach it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def django_app() -> Iterator[CountingDjango]:
    # As the test client does: the test's transaction holds the connection, keep it open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield CountingDjango()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def app(django_app) -> StoredPagesFirst:
    return StoredPagesFirst(django_app)


def call(app: StoredPagesFirst, path: str, method: str = "GET", **environ: Any) -> Answer:
    """One request as a WSGI server makes it."""
    path, _, query = path.partition("?")
    base = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(),
        "wsgi.errors": BytesIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    started: list[Any] = []
    chunks = app({**base, **environ}, lambda status, headers: started.extend([status, headers]))
    body = b"".join(chunks)
    getattr(chunks, "close", lambda: None)()
    status, headers = started
    return Answer(status, dict(headers), body)


def test_a_visitors_stored_page_is_answered_before_django(app, django_app, insomnia):
    built = call(app, "/conditions/insomnia/")
    stored = call(app, "/conditions/insomnia/")

    assert django_app.calls == 1
    assert (built.headers[SOURCE_HEADER], stored.headers[SOURCE_HEADER]) == ("miss", "hit")
    assert stored.status == "200 OK"
    assert stored.body == built.body
    assert b"Insomnia" in stored.body
    assert {**stored.headers, SOURCE_HEADER: "miss"} == built.headers


def test_a_stored_page_keeps_every_header_the_middleware_added(app, insomnia):
    call(app, "/conditions/insomnia/")
    stored = call(app, "/conditions/insomnia/").headers

    for header in (*SECURITY_HEADERS, "Content-Type", "ETag"):
        assert stored.get(header), header
    assert "public" in stored["Cache-Control"]


def test_a_member_always_reaches_django(app, django_app, insomnia, client):
    member = make_user("rosa@example.com", "Rosa")
    client.force_login(member)
    session = client.cookies["sessionid"].value
    call(app, "/conditions/insomnia/")

    answer = call(app, "/conditions/insomnia/", HTTP_COOKIE=f"sessionid={session}")

    assert django_app.calls == 2
    assert SOURCE_HEADER not in answer.headers
    assert "private" in answer.headers["Cache-Control"]


def test_a_conditional_request_gets_304_with_no_body(app, insomnia):
    etag = call(app, "/conditions/insomnia/").headers["ETag"]

    answer = call(app, "/conditions/insomnia/", HTTP_IF_NONE_MATCH=etag)

    assert answer.status == "304 Not Modified"
    assert answer.body == b""
    assert answer.headers["ETag"] == etag


def test_a_head_request_gets_the_headers_only(app, insomnia):
    built = call(app, "/conditions/insomnia/")

    answer = call(app, "/conditions/insomnia/", method="HEAD")

    assert answer.headers[SOURCE_HEADER] == "hit"
    assert answer.body == b""
    assert answer.headers["Content-Length"] == str(len(built.body))


def test_a_page_is_stored_per_host_and_never_for_a_host_django_refuses(
    app, django_app, insomnia, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    call(app, "/conditions/insomnia/")

    other = call(app, "/conditions/insomnia/", HTTP_HOST="other.example")
    refused = call(app, "/conditions/insomnia/", HTTP_HOST="evil.example")

    assert other.headers[SOURCE_HEADER] == "miss"
    assert refused.status.startswith("400")
    assert django_app.calls == 3


def test_plain_http_is_redirected_and_https_gets_its_own_page(app, insomnia, settings):
    call(app, "/conditions/insomnia/")  # stored over plain HTTP before the redirect was on
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    app = StoredPagesFirst(CountingDjango())  # its middleware reads these settings
    secure = {"HTTP_X_FORWARDED_PROTO": "https"}
    call(app, "/conditions/insomnia/", **secure)

    plain = call(app, "/conditions/insomnia/")
    stored = call(app, "/conditions/insomnia/", **secure)

    assert plain.status.startswith("301")
    assert plain.headers["Location"] == "https://testserver/conditions/insomnia/"
    assert stored.headers[SOURCE_HEADER] == "hit"
    assert stored.headers["Strict-Transport-Security"].startswith("max-age=3600")


def test_static_files_and_posts_go_to_django(app, django_app, insomnia):
    call(app, "/static/css/site.css")
    call(app, "/static/css/site.css")
    call(app, "/conditions/insomnia/", method="POST")

    assert django_app.calls == 3


def test_a_failure_before_django_is_a_miss_not_an_error(app, django_app, insomnia, monkeypatch):
    call(app, "/conditions/insomnia/")

    def broken(*args: Any) -> None:
        raise RuntimeError("a bug in the stored-page path")

    monkeypatch.setattr(StoredPagesFirst, "_stored", broken)
    answer = call(app, "/conditions/insomnia/")

    assert answer.status == "200 OK"
    assert b"Insomnia" in answer.body
    assert django_app.calls == 2
