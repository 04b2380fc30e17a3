"""A reader's way through the library in a real browser: search, condition, natural
solution, article, citation, leaving-site page. Every page on the way is checked with
axe-core by the `accessibility` fixture (see conftest.py)."""

import datetime as dt
import re
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command, get_commands
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Accessibility
from tests.browser.pages import url

SEARCH_LABEL = "Search a health condition"
VOCABULARY = "G47,F51,G43,F41,F32,R51"
# "Updated on April 30, 2017", or "30 April 2017".
DATE = re.compile(r"Updated on (\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4})")
PUBMED_STAND_IN = "<html lang=en><title>PubMed</title><h1>PubMed stand-in</h1></html>"


@pytest.fixture
def demo_library(transactional_db: None) -> None:
    """The demo content, with the ICD-10-CM terms of its conditions, as `make run` loads it.
    The journeys search the vocabulary, so a missing `import_icd10` fails them here."""
    if "import_icd10" not in get_commands():
        pytest.fail(
            "the `import_icd10` management command is missing "
            "(aposbook/library/management/commands/import_icd10.py): the library journeys "
            "search the ICD-10-CM vocabulary it imports",
            pytrace=False,
        )
    call_command("import_icd10", only=VOCABULARY, no_progress=True, stdout=StringIO())
    call_command("load_demo", stdout=StringIO())


def shown_date(byline: str) -> dt.date:
    """The "Updated on" date of an article card's byline."""
    match = DATE.search(byline)
    assert match, byline
    text = match.group(1)
    return dt.datetime.strptime(text, "%B %d, %Y" if text[0].isalpha() else "%d %B %Y").date()


def search_box(page: Page) -> Locator:
    """The page's own search box: the one in <main>, not the one in the header."""
    return page.get_by_role("main").get_by_label(SEARCH_LABEL)


def suggestion_list(box: Locator) -> Locator:
    """The live region the search box fills with suggestions, named by its aria-controls."""
    list_id = box.get_attribute("aria-controls")
    assert list_id, "the search box names its suggestion list with aria-controls"
    return box.page.locator(f"#{list_id}")


def test_it_takes_a_reader_from_a_search_to_a_cited_source(
    page: Page, live_server: Any, demo_library: None
) -> None:
    page.goto("/")
    box = search_box(page)
    box.fill("insomnia")
    box.press("Enter")

    expect(page).to_have_url(url(live_server, "/conditions/insomnia/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Insomnia")
    solutions = page.get_by_role("region", name=re.compile(r"^Natural solutions for insomnia"))
    solutions.get_by_role("link", name="Magnesium", exact=True).click()

    expect(page).to_have_url(url(live_server, "/solutions/magnesium/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Magnesium")
    page.get_by_role("link", name="Magnesium and sleep: what the evidence says").click()

    expect(page).to_have_url(url(live_server, "/articles/magnesium-and-sleep/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Magnesium and sleep: what the evidence says"
    )
    # The renderer links each number of a group such as "(1, 2)": the first citation of
    # reference 1 is the link "1" with the id cite-ref-1-1.
    citation = page.locator("a.citation#cite-ref-1-1")
    expect(citation).to_have_text("1")
    expect(citation).to_have_attribute("href", "#ref-1")
    citation.click()
    expect(page).to_have_url(url(live_server, "/articles/magnesium-and-sleep/#ref-1"))
    reference = page.get_by_role("region", name="References").locator("#ref-1")
    expect(reference).to_be_in_viewport()

    # And back up to where the text cites it, as on Wikipedia.
    back = reference.get_by_role("link", name="Back to citation 1 of reference 1", exact=True)
    expect(back).to_have_text(re.compile(r"^↑"))
    back.click()
    expect(page).to_have_url(url(live_server, "/articles/magnesium-and-sleep/#cite-ref-1-1"))
    expect(citation).to_be_in_viewport()
    citation.click()

    source = reference.get_by_role("link", name=re.compile(r"^PubMed \d+$"))
    expect(source).to_have_attribute("href", re.compile(r"^/leave/\?to=[^&]+&sig=[^&]+$"))
    pmid = source.inner_text().removeprefix("PubMed ")
    source.click()

    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/leave/?to=")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ready to leave?")
    expect(page.get_by_role("main")).to_contain_text(
        "You are now leaving Aposbook.com and going to an external site managed by another "
        "organization."
    )
    page.route(
        "https://pubmed.ncbi.nlm.nih.gov/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=PUBMED_STAND_IN),
    )
    page.get_by_role("link", name="Continue to the site").click()

    expect(page).to_have_url(f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("PubMed stand-in")


def test_it_says_when_a_condition_name_is_not_recognised(
    page: Page, live_server: Any, demo_library: None
) -> None:
    page.goto("/")
    box = search_box(page)
    box.fill("xyzzy")
    box.press("Enter")

    expect(page).to_have_url(url(live_server, "/search/?q=xyzzy"))
    expect(page.get_by_role("alert")).to_have_text(
        "Oops! Condition name you have entered is invalid."
    )
    expect(search_box(page)).to_have_value("xyzzy")


def test_it_suggests_conditions_while_the_reader_types(
    page: Page, live_server: Any, demo_library: None, accessibility: Accessibility
) -> None:
    page.goto("/")
    box = search_box(page)
    box.press_sequentially("inso", delay=50)

    suggestions = suggestion_list(box)
    expect(suggestions.get_by_role("option", name="Insomnia", exact=True)).to_be_visible()
    # The list arrived after the page loaded: check the page again as the reader sees it.
    accessibility.check(page)

    suggestions.get_by_role("option", name="Insomnia", exact=True).click()
    expect(page).to_have_url(url(live_server, "/conditions/insomnia/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Insomnia")


def test_it_moves_through_the_suggestions_with_the_keyboard(
    page: Page, live_server: Any, demo_library: None, accessibility: Accessibility
) -> None:
    page.goto("/")
    box = search_box(page)
    expect(box).to_have_attribute("role", "combobox")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("anx", delay=50)

    listbox = page.get_by_role("listbox")
    options = listbox.get_by_role("option")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", listbox.get_attribute("id") or "?")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    count = options.count()
    assert count >= 2, "the journey needs at least two suggestions for “anx”"
    ids = [options.nth(index).get_attribute("id") for index in range(count)]
    assert all(ids) and len(set(ids)) == count, ids

    def expect_chosen(index: int) -> None:
        expect(box).to_have_attribute("aria-activedescendant", ids[index] or "?")
        expect(options.nth(index)).to_have_attribute("aria-selected", "true")
        expect(listbox.locator('[aria-selected="true"]')).to_have_count(1)
        expect(box).to_be_focused()

    box.press("ArrowDown")
    expect_chosen(0)
    box.press("ArrowDown")
    expect_chosen(1)
    box.press("ArrowUp")
    expect_chosen(0)
    box.press("ArrowUp")  # from the first, round to the last
    expect_chosen(count - 1)
    accessibility.check(page)

    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    expect(box).to_have_value("anx")

    box.press("ArrowDown")  # opens the list again, on its first suggestion
    expect(listbox).to_be_visible()
    expect_chosen(0)
    first = options.first
    name = first.evaluate("option => option.firstChild.textContent.trim()")
    href = first.get_attribute("href")
    box.press("Enter")

    expect(page).to_have_url(f"{live_server.url}{href}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def test_it_searches_what_was_typed_when_no_suggestion_is_chosen(
    page: Page, live_server: Any, demo_library: None
) -> None:
    page.goto("/")
    box = search_box(page)
    box.press_sequentially("insomnia", delay=50)
    expect(page.get_by_role("listbox").get_by_role("option").first).to_be_visible()

    box.press("Enter")

    expect(page).to_have_url(url(live_server, "/conditions/insomnia/"))


def test_it_filters_the_library_by_a_topic_named_in_the_address(
    page: Page, live_server: Any, demo_library: None
) -> None:
    page.goto("/library/")
    filters = page.get_by_role("form", name="Filter the library")
    topic = filters.get_by_label("Topic", exact=True)
    expect(topic.locator("optgroup")).to_have_count(2)
    topic.select_option(label="Insomnia")
    filters.get_by_label("Show", exact=True).select_option(label="Articles")
    filters.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(url(live_server, "/library/?topic=insomnia&type=article"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Library: Insomnia")
    expect(
        page.get_by_role("region", name="Articles").get_by_role("listitem").first
    ).to_be_visible()
    expect(page.get_by_role("region", name="Videos")).to_have_count(0)


def test_it_lists_the_latest_articles_by_the_date_they_show(page: Page, demo_library: None) -> None:
    page.goto("/")
    cards = page.get_by_role("region", name="Latest articles").get_by_role("listitem")
    expect(cards.first).to_be_visible()

    bylines = [cards.nth(index).locator(".byline").inner_text() for index in range(cards.count())]

    dates = [shown_date(byline) for byline in bylines]
    assert len(dates) >= 2, bylines
    assert dates == sorted(dates, reverse=True), bylines


def test_it_finds_a_condition_without_javascript(
    new_page: Callable[..., Page], live_server: Any, demo_library: None
) -> None:
    page = new_page(javascript=False)
    page.goto("/")
    box = search_box(page)
    box.fill("inso")
    expect(suggestion_list(box)).to_be_empty()
    box.fill("insomnia")
    page.get_by_role("main").get_by_role("button", name="Search").click()

    expect(page).to_have_url(url(live_server, "/conditions/insomnia/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Insomnia")
