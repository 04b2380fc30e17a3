"""The seed's article, entered through the editorial desk in a real browser rather than the
admin: the expert submits a video on its topic and writes the magnesium-and-sleep article
(headings, a list, citations (1)–(4) to references typed by PubMed ID or DOI and clicked in
the library's list, a related article), a second expert reviews it, an editor publishes the
article and the video, and readers find them with their byline, citations and links. Each
person has a browser of their own; every page on the way is checked with axe-core and the Nu
HTML checker by the `accessibility` fixture."""

import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from aposbook.accounts.models import User
from aposbook.lib.dates import human_date
from aposbook.library.models import Article, Topic, Video
from tests.browser.conftest import Accessibility
from tests.browser.pages import account_nav, log_in, main, url
from tests.fixtures import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_ARTICLE = Path(__file__).parents[2] / "aposbook/library/demo/articles/magnesium-and-sleep.md"
TITLE = "Magnesium and sleep: what the evidence says"
DEMO_SLUG = "magnesium-and-sleep"
PUBLISHED = "/articles/magnesium-and-sleep-what-the-evidence-says/"
SUMMARY = (
    "Magnesium is one of the most popular supplements for sleep. We look at what the trials "
    "actually found, how the forms differ, and who should be careful."
)
# References (1) and (2) typed by PubMed ID and DOI (both already in the library, so reused);
# (3) and (4) clicked in the library's list.
TYPED = "23853635\n10.1186/s12906-021-03297-z"
CLICKED = (
    ("Magnesium in man: implications for health and disease", 3),
    ("Magnesium: Fact Sheet for Health Professionals", 4),
)
TOPICS = (
    "Insomnia (Condition)",
    "Magnesium deficiency (Condition)",
    "Magnesium (Natural solution)",
    "Cognitive behavioural therapy for insomnia (CBT-I) (Natural solution)",
)
RELATED = "CBT-I: the insomnia treatment to try first"
VIDEO = "Sleep is your superpower"
VIDEO_URL = "https://www.youtube.com/watch?v=5MuIMqhT8DM"


def demo_body() -> str:
    """The demo article's Markdown, without its front matter."""
    return DEMO_ARTICLE.read_text().split("---\n", 2)[2]


@pytest.fixture
def demo_library(transactional_db: None) -> None:
    """The demo content as `make run` loads it, less the magnesium article and the video the
    journey enters through the desk."""
    call_command("load_demo", stdout=StringIO())
    demo = Article.objects.get(slug=DEMO_SLUG)
    demo.delete()
    Topic.objects.filter(pk=demo.topic_id).delete()
    Video.objects.filter(url=VIDEO_URL).delete()


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


def submit_video(page: Page) -> None:
    form = main(page)
    form.get_by_label("Video address").fill(VIDEO_URL)
    form.get_by_label("Title", exact=True).fill(VIDEO)
    form.get_by_label("Who made it").fill("TED")
    form.get_by_label("Summary", exact=True).fill("A talk by sleep scientist Matt Walker.")
    form.get_by_role("group", name="Topics").get_by_label("Insomnia (Condition)").check()
    form.get_by_role("button", name="Send for review").click()
    expect(page.locator("body")).to_contain_text("your video is waiting for an editor")


def write_article(page: Page) -> None:
    form = main(page)
    form.get_by_label("Title", exact=True).fill(TITLE)
    form.get_by_label("Summary", exact=True).fill(SUMMARY)
    form.get_by_label("Text", exact=True).fill(demo_body())
    form.get_by_label("References", exact=True).fill(TYPED)
    library = form.get_by_role("group", name="References in our library")
    for title, number in CLICKED:
        library.get_by_label(re.compile(re.escape(title))).check()
        expect(library.get_by_role("status")).to_contain_text(f"as ({number}): ")
    topics = form.get_by_role("group", name="Topics")
    for topic in TOPICS:
        topics.get_by_label(topic, exact=True).check()
    form.get_by_role("group", name="Related articles").get_by_label(RELATED).check()
    form.get_by_role("button", name="Save the draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    check = page.get_by_role("region", name="Citation check")
    expect(check).to_contain_text("Every citation points to a reference")
    main(page).get_by_role("button", name="Submit for medical review").click()
    expect(main(page)).to_contain_text("Where it stands: Submitted for medical review")


def review_article(page: Page) -> None:
    waiting = page.get_by_role("region", name=re.compile("^Articles waiting for a medical"))
    waiting.get_by_role("link", name=TITLE).click()
    main(page).get_by_role("button", name="Take on the review").click()
    expect(main(page)).to_contain_text("Where it stands: In medical review")
    main(page).get_by_role("button", name="Approve").click()
    expect(main(page)).to_contain_text("Medically reviewed, ready to publish")
    expect(main(page).get_by_role("button", name="Publish")).to_have_count(0)


def publish_video(page: Page) -> None:
    page.goto("/editorial/")
    waiting = page.get_by_role("region", name=re.compile("^Videos waiting for review"))
    waiting.get_by_role("link", name=VIDEO).click()
    main(page).get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(VIDEO)


def test_an_expert_enters_the_seed_article_and_its_video_through_the_desk(
    new_page: Callable[..., Page],
    live_server: Any,
    demo_library: None,
    accessibility: Accessibility,
    erin: User,
    mo: User,
) -> None:
    sam = make_user("sam@example.com", "Sam Ortiz", role="expert", credentials="MD")

    # The expert submits a video on the article's topic, then writes the article.
    writer = person_page(new_page, erin, "/editorial/videos/new/")
    submit_video(writer)
    writer.goto("/editorial/articles/new/")
    write_article(writer)

    # A second expert finds it on the desk, takes on the review and approves it.
    review_article(person_page(new_page, sam, "/editorial/"))

    # An editor publishes the video and the article.
    editor = person_page(new_page, mo, "/editorial/")
    publish_video(editor)
    editor.goto("/editorial/")
    queue = editor.get_by_role("region", name=re.compile("^Articles submitted and in review"))
    queue.get_by_role("link", name=TITLE).click()
    main(editor).get_by_role("button", name="Publish").click()

    # The published page: byline, headings, the list, citations linked to the references.
    expect(editor).to_have_url(url(live_server, PUBLISHED))
    article = main(editor)
    expect(editor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(article.locator(".byline").first).to_have_text(
        "Written by Erin Hale, MS, RD · Medically reviewed by Sam Ortiz, MD · "
        f"Updated on {human_date(timezone.now())}"
    )
    expect(article).to_contain_text("Medically reviewed on")
    expect(article.get_by_role("heading", name="Forms of magnesium", level=2)).to_be_visible()
    expect(article.get_by_role("listitem").filter(has_text="Magnesium oxide")).to_be_visible()
    for number, source in ((1, "primary insomnia in elderly"), (3, "Magnesium in man")):
        citation = article.get_by_role("link", name=str(number), exact=True).first
        expect(citation).to_have_attribute("href", f"#ref-{number}")
        citation.click()
        expect(editor.locator(f"#ref-{number}")).to_contain_text(source)
    expect(editor.locator("#ref-4")).to_contain_text("Fact Sheet for Health Professionals")
    expect(editor.locator("#ref-5")).to_have_count(0)
    videos = article.get_by_role("region", name="Videos on these topics")
    expect(videos.get_by_role("link", name=VIDEO)).to_be_visible()
    related = article.get_by_role("region", name="Related articles")
    related.get_by_role("link", name=RELATED).click()
    expect(editor).to_have_url(url(live_server, "/articles/cbt-i-for-insomnia/"))

    # Readers find it in the library and on its topics' pages, the video on its topic's page.
    reader = new_page()
    for path in (
        "/library/",
        "/conditions/insomnia/",
        "/conditions/magnesium-deficiency/",
        "/solutions/magnesium/",
        "/solutions/cbt-i/",
    ):
        reader.goto(path)
        link = main(reader).get_by_role("link", name=TITLE)
        expect(link).to_be_visible()
    reader.goto("/conditions/insomnia/")
    expect(main(reader).get_by_role("link", name=VIDEO)).to_be_visible()
    main(reader).get_by_role("link", name=TITLE).click()
    expect(main(reader)).to_contain_text("Medically reviewed by Sam Ortiz, MD")
