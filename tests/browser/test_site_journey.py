"""What a new site and its first visitors meet in a real browser: the operator's first
moderator logs in and moderates; a visitor lost on a missing page finds the way, the
privacy policy and the terms of use. Every page on the way is checked with axe-core by the
`accessibility` fixture (see conftest.py)."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.pages import account_nav, log_in, main, url
from tests.fixtures import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_the_first_moderator_logs_in_and_opens_the_moderation_pages(
    page: Page, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODERATOR_PASSWORD", PASSWORD)
    call_command("create_moderator", "nora@example.com", "--name", "Nora", stdout=StringIO())

    page.goto("/")
    log_in(page, email="nora@example.com", password=PASSWORD)
    account_nav(page).get_by_role("link", name="Moderation").click()

    expect(page).to_have_url(url(live_server, "/moderation/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")
    expect(account_nav(page).get_by_role("link", name="Nora")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_visitor_on_a_missing_page_finds_the_way_and_the_policies(
    page: Page, live_server: Any
) -> None:
    response = page.goto("/conditions/nope/")

    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We cannot find this page")
    expect(main(page).get_by_role("combobox", name="Search a health condition")).to_be_visible()
    footer = page.get_by_role("navigation", name="Footer")
    footer.get_by_role("link", name="Privacy policy").click()

    expect(page).to_have_url(url(live_server, "/privacy/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy policy")
    expect(main(page)).to_contain_text("For 30 days you can change your mind")
    footer.get_by_role("link", name="Terms of use").click()

    expect(page).to_have_url(url(live_server, "/terms/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Terms of use")
    main(page).get_by_role("link", name="privacy policy").first.click()

    expect(page).to_have_url(url(live_server, "/privacy/"))
