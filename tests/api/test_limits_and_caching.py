"""Per-client rate limits (429 with Retry-After), caching like the pages, and the docs."""

import re

import pytest

from tests.factories import ConditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_a_minute(settings):
    settings.API_RATE_LIMIT = 2
    settings.API_RATE_WINDOW = 60


def test_it_refuses_a_client_past_its_limit_and_says_when_to_come_back(
    client, two_a_minute
) -> None:
    assert client.get("/api/conditions").status_code == 200
    assert client.get("/api/solutions").status_code == 200

    response = client.get("/api/conditions")

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Cache-Control" not in response


def test_each_client_has_its_own_limit(client, alice, two_a_minute) -> None:
    visitor = {"REMOTE_ADDR": "203.0.113.7"}
    for _ in range(2):
        client.get("/api/conditions", **visitor)
    assert client.get("/api/conditions", **visitor).status_code == 429

    assert client.get("/api/conditions", REMOTE_ADDR="203.0.113.8").status_code == 200
    client.force_login(alice)
    assert client.get("/api/conditions", **visitor).status_code == 200


def test_the_schema_and_docs_count_against_no_limit(client, two_a_minute) -> None:
    for _ in range(3):
        assert client.get("/api/openapi.json").status_code == 200


def test_a_visitor_gets_an_answer_shared_caches_may_keep(client) -> None:
    ConditionFactory()

    response = client.get("/api/conditions")

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=60", "s-maxage=300"}
    assert re.fullmatch(r'"[0-9a-f]+"', response["ETag"])


def test_an_unchanged_answer_is_not_sent_again(client) -> None:
    condition = ConditionFactory()
    etag = client.get("/api/conditions")["ETag"]

    again = client.get("/api/conditions", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""

    condition.summary = "A new summary."
    condition.save()
    assert client.get("/api/conditions", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_member_gets_a_private_answer(client, alice) -> None:
    client.force_login(alice)

    response = client.get("/api/conditions")

    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_errors_are_not_cached(client, db) -> None:
    response = client.get("/api/conditions/nothing-here")

    assert response.status_code == 404
    assert "Cache-Control" not in response
    assert "ETag" not in response


def test_the_schema_describes_every_operation(client, db) -> None:
    schema = client.get("/api/openapi.json").json()

    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/",
        "/api/conditions",
        "/api/conditions/{slug}",
        "/api/solutions",
        "/api/solutions/{slug}",
        "/api/evidence",
        "/api/articles",
        "/api/articles/{slug}",
        "/api/videos",
        "/api/videos/{slug}",
        "/api/review-figures",
    }
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, path
        assert "429" in operations["get"]["responses"], path


def test_the_docs_page_runs_from_our_own_files_with_nothing_inline(client, db) -> None:
    response = client.get("/api/docs")

    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(' src="/static/' in tag for tag in scripts)
    assert re.search(r"<script[^>]*>\s*[^<\s]", html) is None
    assert re.search(r"\sstyle=", html) is None
    assert re.search(r'(src|href)="(https?:)?//', html) is None
    assert 'data-openapi-url="/api/openapi.json"' in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
