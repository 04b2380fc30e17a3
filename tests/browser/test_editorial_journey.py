"""The editorial desk in a real browser: an expert suggests an edit to the magnesium article,
an editor reads the diff and accepts it, and the page shows the new text with a new revision
in its history. Every page on the way is checked with axe-core (conftest.py)."""

import re
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from aposbook.editorial.models import EditProposal, Revision
from aposbook.library.models import Article
from tests.browser.pages import account_nav, log_in, main
from tests.fixtures import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = "/articles/magnesium-and-sleep/"
OLD = "inexpensive, and generally safe for healthy adults at sensible doses."
NEW = "inexpensive, and generally safe for most healthy adults at sensible doses."


@pytest.fixture
def demo_library(transactional_db: None) -> None:
    call_command("load_demo", stdout=StringIO())


def logged_in(new_page: Callable[..., Page], email: str, name: str, path: str) -> Page:
    page = new_page()
    page.goto(path)
    log_in(page, email=email, password=PASSWORD)
    expect(account_nav(page).get_by_role("link", name=name, exact=True)).to_be_visible()
    return page


def test_an_expert_suggests_an_edit_and_an_editor_accepts_it(
    new_page: Callable[..., Page], demo_library: None
) -> None:
    make_user("erin@example.com", "Erin Hale", role="expert", credentials="MS, RD")
    make_user("mo@example.com", "Mo", role="moderator")

    # The expert finds "Suggest an edit" at the foot of the article and changes one phrase.
    expert = logged_in(new_page, "erin@example.com", "Erin Hale", ARTICLE)
    main(expert).get_by_role("link", name="Suggest an edit").click()
    expect(expert.get_by_role("heading", level=1)).to_contain_text("Suggest an edit")
    text = main(expert).get_by_label("Text", exact=True)
    text.fill(text.input_value().replace(OLD, NEW))
    expect(expert.locator("#preview")).to_contain_text("for most healthy adults")
    main(expert).get_by_label("Why this change?").fill("Not safe for every healthy adult")
    main(expert).get_by_role("button", name="Send for review").click()
    expect(main(expert)).to_contain_text("waiting for review")
    assert "most healthy adults" not in Article.objects.get(slug="magnesium-and-sleep").body
    proposal = EditProposal.objects.get()

    # The editor opens the desk, reads the change word by word and accepts it.
    editor = logged_in(new_page, "mo@example.com", "Mo", "/editorial/")
    main(editor).get_by_role("link", name="Magnesium and sleep: what the evidence says").click()
    diff = editor.get_by_role("group", name="Changes this proposal makes")
    expect(diff.locator("ins")).to_contain_text("most")
    # Marked for sight without colour: the inserted words are underlined.
    expect(diff.locator("ins").first).to_have_css("text-decoration-line", re.compile("underline"))
    expect(main(editor)).to_contain_text("Not safe for every healthy adult")
    expect(main(editor)).to_contain_text("Erin Hale")
    main(editor).get_by_role("button", name="Accept and publish").click()

    # The article shows the new text, and its history the new revision.
    expect(editor).to_have_url(f"{editor.url.split(ARTICLE)[0]}{ARTICLE}")
    expect(main(editor)).to_contain_text("for most healthy adults")
    main(editor).get_by_role("link", name="History of this page").click()
    history = editor.get_by_role("table")
    expect(history).to_contain_text("Not safe for every healthy adult")
    expect(history).to_contain_text("accepted by Mo")
    assert Revision.objects.filter(topic=proposal.topic).count() == 2
