"""The site's icon: an SVG linked from every page, and /favicon.ico for browsers that ask."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def icon() -> bytes:
    return Path(str(finders.find("favicon.svg"))).read_bytes()


def test_every_page_links_the_svg_icon(client) -> None:
    html = client.get("/contact/").content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_the_icon_is_an_svg_in_the_static_files() -> None:
    assert icon().startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')


def test_favicon_ico_answers_with_the_icon(client, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(0):
        response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content == icon()
    assert "max-age=604800" in response["Cache-Control"]


def test_favicon_ico_refuses_a_post(client) -> None:
    assert client.post("/favicon.ico").status_code == 405
