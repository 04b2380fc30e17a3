"""Searching the library and the community by their words, in a real browser: the results
page and its filters are checked with axe-core, the Nu HTML checker and a 360 px screen by
the `accessibility` fixture (see conftest.py)."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from aposbook.library.models import Condition
from tests.factories import ThreadFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def library_and_talk(transactional_db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    ThreadFactory(
        topic=Condition.objects.get(slug="insomnia").topic,
        title="Cutting caffeine after noon",
        body="I stopped **caffeine** after lunch and fell asleep sooner.",
    )


def test_it_finds_articles_and_discussions_and_narrows_them(
    page: Page, live_server: Any, library_and_talk: None
) -> None:
    page.goto("/search/?q=caffeine")

    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Articles", exact=True)).to_be_visible()
    discussions = main.get_by_role("region", name="Discussions")
    expect(discussions.get_by_role("link", name="Cutting caffeine after noon")).to_be_visible()
    expect(discussions.locator("mark").first).to_have_text("caffeine")

    main.get_by_label("Show").select_option("discussions")
    main.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(f"{live_server.url}/search/?q=caffeine&kind=discussions&topic=")
    expect(main.get_by_role("link", name="Cutting caffeine after noon")).to_be_visible()
    expect(main.get_by_role("heading", name="Articles", exact=True)).to_have_count(0)
