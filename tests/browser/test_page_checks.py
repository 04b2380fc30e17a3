"""The checks every browser test gets from conftest.py fail when they should: invalid HTML,
in a document or in a fragment htmx fetched, a page that scrolls sideways on a phone, and a
Content Security Policy violation.
The pages are stand-ins served at the live server's address, so they count as ours."""

from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import Accessibility

VALID_START = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A stand-in page</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
<h1>A stand-in page</h1>
"""
VALID_END = "</main></body></html>\n"


def serve(
    page: Page, live_server: Any, path: str, html: str, headers: dict[str, str] | None = None
) -> None:
    def fulfil(route: Route) -> None:
        route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=html, headers=headers
        )

    page.route(f"{live_server.url}{path}", fulfil)


def test_it_fails_a_page_whose_html_is_invalid_with_the_line_and_the_message(
    page: Page, live_server: Any, accessibility: Accessibility
) -> None:
    serve(
        page,
        live_server,
        "/invalid/",
        VALID_START
        + '<input aria-label="Search" hx-get="/search/suggest/">\n'
        + '<p>Written on <time datetime="2026-12-01T14:05:00.123456+00:00">1 December</time></p>\n'
        + VALID_END,
    )
    page.goto("/invalid/")

    with pytest.raises(AssertionError) as failure:
        accessibility.check(page)

    report = str(failure.value)
    assert f"the Nu HTML checker found 2 error(s) in {live_server.url}/invalid/:" in report
    assert "line 7: Attribute “hx-get” not allowed on element “input” at this point." in report
    assert "line 8: Bad value “2026-12-01T14:05:00.123456+00:00” for attribute “datetime”" in report


def test_it_fails_on_invalid_html_that_htmx_fetched_into_a_page(
    page: Page, live_server: Any, accessibility: Accessibility
) -> None:
    serve(
        page,
        live_server,
        "/with-htmx/",
        VALID_START
        + '<script src="/static/js/htmx.min.js"></script>\n'
        + '<button type="button" data-hx-get="/fragment/" data-hx-target="#out">Load</button>\n'
        + '<div id="out"></div>\n'
        + VALID_END,
    )
    serve(
        page,
        live_server,
        "/fragment/",
        '<p>Fetched</p>\n<p><span hx-post="/vote/">Vote</span></p>\n',
    )
    page.goto("/with-htmx/")
    page.get_by_role("button", name="Load").click()
    expect(page.locator("#out")).to_contain_text("Fetched")

    with pytest.raises(AssertionError) as failure:
        accessibility.check(page)

    report = str(failure.value)
    assert f"in the htmx fragment from GET {live_server.url}/fragment/:" in report
    assert "line 2: Attribute “hx-post” not allowed on element “span” at this point." in report


def test_it_fails_a_page_that_scrolls_sideways_on_a_phone(
    page: Page, live_server: Any, accessibility: Accessibility
) -> None:
    serve(
        page,
        live_server,
        "/too-wide/",
        VALID_START
        + '<div class="wide-box" style="width: 500px">A box of fixed width</div>\n'
        + VALID_END,
    )
    page.goto("/too-wide/")

    with pytest.raises(AssertionError) as failure:
        accessibility.check(page)

    report = str(failure.value)
    assert f"{live_server.url}/too-wide/ scrolls sideways on a 360 px phone" in report
    assert "main > div.wide-box (right edge at 508 px)" in report
    # The check puts the page back at the size the test gave it.
    assert page.viewport_size == {"width": 1280, "height": 720}


def test_it_fails_a_page_that_breaks_the_content_security_policy(
    page: Page, live_server: Any, accessibility: Accessibility
) -> None:
    serve(
        page,
        live_server,
        "/inline/",
        VALID_START
        + '<p class="note" style="color: red">Styled in line</p>\n'
        + "<script>document.title = 'Changed';</script>\n"
        + VALID_END,
        headers={"Content-Security-Policy": "default-src 'self'"},
    )
    page.goto("/inline/")

    with pytest.raises(AssertionError) as failure:
        accessibility.check(page)

    report = str(failure.value)
    assert "Content Security Policy violation(s)" in report
    assert "script-src-elem refused inline at" in report
    assert "style-src-attr refused inline at" in report
    expect(page).to_have_title("A stand-in page")
