"""An article's way from an expert's draft to the library in a real browser: the expert writes
it with citations, a second expert reviews it, an editor publishes it, and readers find it in
the library and on its topics' pages with its byline. Each person has a browser of their
own; every page on the way is checked with axe-core by the `accessibility` fixture."""

import re
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from aposbook.accounts.models import User
from tests.browser.conftest import Accessibility
from tests.browser.pages import account_nav, log_in, main, url
from tests.fixtures import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Magnesium before bed: what the trials say"
SUMMARY = "Two small trials suggest magnesium helps some adults fall asleep sooner."
BODY = (
    "## What the trials found\n\n"
    "Older adults fell asleep sooner with magnesium (1, 2).\n\n"
    "## How to take it\n\n"
    "- In the evening\n"
    "- With food"
)
REFERENCES = (
    "10.5555/trial.one | Lee K, Park J | Magnesium and sleep onset | Sleep Research | 2021\n"
    "10.5555/trial.two | Ortiz S | Magnesium in older adults | Journal of Sleep | 2022"
)


@pytest.fixture
def demo_library(transactional_db: None) -> None:
    """The demo content, as `make run` loads it: insomnia and magnesium among others."""
    call_command("load_demo", stdout=StringIO())


def person_page(new_page: Callable[..., Page], user: User, path: str) -> Page:
    """A browser of the person's own, logged in through the header, back on `path`."""
    page = new_page()
    page.goto(path)
    log_in(page, email=user.email, password=PASSWORD)
    expect(
        account_nav(page).get_by_role("link", name=user.display_name, exact=True)
    ).to_be_visible()
    page.goto(path)
    return page


def test_an_expert_writes_an_article_a_second_expert_reviews_an_editor_publishes(
    new_page: Callable[..., Page],
    live_server: Any,
    demo_library: None,
    accessibility: Accessibility,
    erin: User,
    mo: User,
) -> None:
    sam = make_user("sam@example.com", "Sam Ortiz", role="expert", credentials="MD")

    # The expert writes the article with two citations and two topics, and checks it.
    writer = person_page(new_page, erin, "/editorial/articles/new/")
    form = main(writer)
    form.get_by_label("Title", exact=True).fill(TITLE)
    form.get_by_label("Summary", exact=True).fill(SUMMARY)
    form.get_by_label("Text", exact=True).fill(BODY)
    form.get_by_label("References", exact=True).fill(REFERENCES)
    form.get_by_label("Insomnia (Condition)").check()
    form.get_by_label("Magnesium (Natural solution)").check()
    form.get_by_role("button", name="Save the draft").click()

    expect(writer.get_by_role("heading", level=1)).to_have_text(TITLE)
    check = writer.get_by_role("region", name="Citation check")
    expect(check).to_contain_text("Every citation points to a reference")
    main(writer).get_by_role("button", name="Submit for medical review").click()
    expect(main(writer)).to_contain_text("Where it stands: Submitted for medical review")

    # A second expert finds it on the desk, takes on the review and approves it.
    reviewer = person_page(new_page, sam, "/editorial/")
    waiting = reviewer.get_by_role("region", name=re.compile("^Articles waiting for a medical"))
    waiting.get_by_role("link", name=TITLE).click()
    main(reviewer).get_by_role("button", name="Take on the review").click()
    expect(main(reviewer)).to_contain_text("Where it stands: In medical review")
    main(reviewer).get_by_role("button", name="Approve").click()
    expect(main(reviewer)).to_contain_text("Medically reviewed, ready to publish")
    expect(main(reviewer).get_by_role("button", name="Publish")).to_have_count(0)

    # An editor publishes it.
    editor = person_page(new_page, mo, "/editorial/")
    queue = editor.get_by_role("region", name=re.compile("^Articles submitted and in review"))
    queue.get_by_role("link", name=TITLE).click()
    main(editor).get_by_role("button", name="Publish").click()

    expect(editor).to_have_url(
        url(live_server, "/articles/magnesium-before-bed-what-the-trials-say/")
    )
    expect(editor.get_by_role("heading", level=1)).to_have_text(TITLE)
    byline = main(editor).locator(".byline").first
    expect(byline).to_contain_text(
        "Written by Erin Hale, MS, RD · Medically reviewed by Sam Ortiz, MD · Updated on"
    )
    expect(main(editor)).to_contain_text("Medically reviewed on")
    main(editor).get_by_role("link", name="1", exact=True).first.click()
    expect(editor.locator("#ref-1")).to_contain_text("Magnesium and sleep onset")

    # Readers find it in the library and on both topics' pages.
    reader = new_page()
    for path in ("/library/", "/conditions/insomnia/", "/solutions/magnesium/"):
        reader.goto(path)
        link = main(reader).get_by_role("link", name=TITLE)
        expect(link).to_be_visible()
    link.click()
    expect(main(reader)).to_contain_text("Medically reviewed by Sam Ortiz, MD")
