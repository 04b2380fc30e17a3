"""Long lists of choices on the editorial desk's forms can be filtered by name; without
JavaScript the whole list shows and the form works as before."""

import re
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


ABBASI = "The effect of magnesium supplementation on primary insomnia in elderly"


def test_a_click_adds_a_library_reference_to_the_list_and_another_takes_it_out(
    new_page: Callable[..., Page], expert: None
) -> None:
    page = writing_page(new_page)
    form = main(page)
    references = form.get_by_label("References", exact=True)
    library = form.get_by_role("group", name="References in our library")
    references.fill("10.1186/s12906-021-03297-z")

    library.get_by_label("Filter the references in our library by name").fill("abbasi")
    library.get_by_label(ABBASI).check()

    expect(references).to_have_value("10.1186/s12906-021-03297-z\n23853635")
    expect(library.get_by_role("status")).to_contain_text("Added to the references as (2)")
    expect(library.get_by_label(ABBASI)).to_be_checked()
    expect(library.get_by_label(ABBASI)).to_have_accessible_name(
        re.compile(r"\(in your list as reference \(2\)\)$")
    )
    # A line typed by hand ticks its reference too; unticking takes the line out.
    references.fill("23853635")
    expect(library.get_by_label(ABBASI)).to_have_accessible_name(
        re.compile(r"\(in your list as reference \(1\)\)$")
    )
    library.get_by_label(ABBASI).uncheck()
    expect(references).to_have_value("")
    expect(library.get_by_role("status")).to_contain_text("Taken out of the references")


def test_without_javascript_ticked_references_are_cited_after_the_lines(
    new_page: Callable[..., Page], expert: None
) -> None:
    page = writing_page(new_page, javascript=False)
    form = main(page)
    form.get_by_label("Title", exact=True).fill("Magnesium and older adults' sleep")
    form.get_by_label("Summary", exact=True).fill(
        "What a trial of magnesium in older adults with insomnia found."
    )
    form.get_by_label("Text", exact=True).fill("Older adults slept better with magnesium (1).")
    form.get_by_role("group", name="References in our library").get_by_label(ABBASI).check()
    form.get_by_role("button", name="Save the draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Magnesium and older adults' sleep")
    expect(page.get_by_role("region", name="Citation check")).to_contain_text(
        "Every citation points to a reference"
    )
    expect(main(page)).to_contain_text(ABBASI)
