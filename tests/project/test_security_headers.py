"""The headers every page carries, and security.txt."""

import re
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


def directives(client: Client, path: str = "/") -> dict[str, list[str]]:
    header = client.get(path)["Content-Security-Policy"]
    parsed = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in parsed}


def test_every_page_has_a_policy_without_inline_code_or_eval(client: Client) -> None:
    policy = directives(client)

    assert policy["default-src"] == ["'self'"]
    for name in ("script-src", "style-src"):
        assert policy[name] == ["'self'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_only_the_two_video_players_may_be_framed(client: Client) -> None:
    assert directives(client)["frame-src"] == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ]


def test_error_pages_carry_the_policy_too(client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_it_switches_off_browser_features_the_site_does_not_use(client: Client) -> None:
    header = client.get("/")["Permissions-Policy"]

    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in header
    assert 'fullscreen=(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")' in (
        header
    )


def test_it_keeps_other_windows_out_of_the_site(client: Client) -> None:
    assert client.get("/")["Cross-Origin-Opener-Policy"] == "same-origin"


def test_templates_load_htmx_with_eval_switched_off(client: Client) -> None:
    html = client.get("/").content.decode()

    assert html.index("js/htmx.min.js") < html.index("js/htmx-config.js")


def test_security_txt_says_whom_to_tell_until_when(client: Client, settings) -> None:
    settings.SITE_URL = "https://aposbook.example"
    settings.SECURITY_CONTACT = "mailto:security@aposbook.example"

    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:security@aposbook.example"
    assert fields["Canonical"] == "https://aposbook.example/.well-known/security.txt"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", fields["Expires"])
    expires = datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    # RFC 9116: in the future, and less than a year away.
    assert timezone.now() < expires < timezone.now() + timedelta(days=365)


def test_security_txt_refuses_post(client: Client) -> None:
    assert client.post("/.well-known/security.txt").status_code == 405
