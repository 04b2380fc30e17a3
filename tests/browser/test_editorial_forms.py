"""Long lists of choices on the editorial desk's forms can be filtered by name; without
JavaScript the whole list shows and the form works as before."""

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.pages import account_nav, log_in, main
from tests.fixtures import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def expert(transactional_db: None) -> None:
    call_command("load_demo", stdout=StringIO())
    make_user("erin@example.com", "Erin Hale", role="expert", credentials="MS, RD")


def writing_page(new_page: Callable[..., Page], *, javascript: bool = True) -> Page:
    page = new_page(javascript=javascript)
    page.goto("/editorial/articles/new/")
    log_in(page, email="erin@example.com", password=PASSWORD)
    expect(account_nav(page).get_by_role("link", name="Erin Hale")).to_be_visible()
    return page


def test_an_expert_finds_a_topic_by_typing_part_of_its_name(
    new_page: Callable[..., Page], expert: None
) -> None:
    page = writing_page(new_page)
    topics = main(page).get_by_role("group", name="Topics")

    topics.get_by_label("Filter the topics by name").fill("insom")

    expect(topics.get_by_label("Insomnia (Condition)", exact=True)).to_be_visible()
    expect(topics.get_by_label("Magnesium (Natural solution)", exact=True)).to_be_hidden()
    expect(topics).to_contain_text(" shown")
    topics.get_by_label("Insomnia (Condition)", exact=True).check()
    topics.get_by_label("Filter the topics by name").fill("magnes")
    # What is chosen stays in sight.
    expect(topics.get_by_label("Insomnia (Condition)", exact=True)).to_be_visible()
    expect(topics.get_by_label("Magnesium (Natural solution)", exact=True)).to_be_visible()


def test_without_javascript_every_topic_shows(new_page: Callable[..., Page], expert: None) -> None:
    page = writing_page(new_page, javascript=False)
    topics = main(page).get_by_role("group", name="Topics")

    expect(topics.get_by_label("Filter the topics by name")).to_have_count(0)
    expect(topics.get_by_label("Insomnia (Condition)", exact=True)).to_be_visible()
    expect(topics.get_by_label("Magnesium (Natural solution)", exact=True)).to_be_visible()
