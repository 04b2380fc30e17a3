"""The site's own team in a real browser, on the pages they look after: a moderator reads the
reviews of insomnia and magnesium, the moderation overview, lifts a suspension and reads the
page feedback; an expert reads the page feedback and where members and the research
disagree. The data is the kind that strains a layout: many reviews, long addresses in
stories, reasons and comments, and words too long for a phone.

Every page on the way is checked by the `accessibility` fixture (see conftest.py): axe-core,
the Nu HTML checker, and no sideways scrolling on a 360 px phone. The last test keeps the
header on one row at 1280 px for the people with the most links in it."""

import datetime as dt
import re
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Locator, Page, expect

from aposbook.accounts.models import User
from aposbook.accounts.moderated import set_visibility
from aposbook.feedback.models import Feedback
from aposbook.lib.visibility import Visibility
from aposbook.library.models import Condition, Solution
from aposbook.moderation.models import AuditEntry, Suspension
from aposbook.moderation.services import lift_suspension, suspend_member
from tests.browser.pages import account_nav, log_in, main, url
from tests.factories import PostFactory, ReviewFactory, ThreadFactory
from tests.fixtures import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)

LONG_ADDRESS = (
    "https://www.example.org/forum/threads/magnesium-glycinate-versus-citrate-for-sleep/"
    "page-12?utm_source=newsletter&utm_medium=email&utm_campaign=winter-sleep-2026#post-48213"
)
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis-like-tiredness"
STORY = (
    f"I read about it on {LONG_ADDRESS} and tried it for a month. The {LONG_WORD} went away "
    f"after the second week. <{LONG_ADDRESS}>"
)
CBT_I = "Cognitive behavioural therapy for insomnia (CBT-I)"
THREAD_TITLE = f"Has anyone else had {LONG_WORD} after a bad night?"
SUSPENSION_REASON = f"Advertised a shop in every review: {LONG_ADDRESS}"
FEEDBACK_COMMENT = f"The dose for children is missing; see {LONG_ADDRESS}"
# Dates in the past that the pages must show in the site's one format.
SUSPENDED_AT = dt.datetime(2026, 11, 2, 14, 5, tzinfo=dt.UTC)
FEEDBACK_AT = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def reviewed_library(transactional_db: None) -> None:
    """The demo library with reviews of magnesium and of CBT-I for insomnia: ten members
    rate CBT-I poorly though its evidence is strong (grade A), a disagreement for experts."""
    call_command("load_demo", stdout=StringIO())
    insomnia = Condition.objects.get(slug="insomnia")
    magnesium = Solution.objects.get(slug="magnesium")
    cbt_i = Solution.objects.get(slug="cbt-i")
    for number, effectiveness in enumerate([8, 6, 9], start=1):
        review = ReviewFactory(
            solution=magnesium,
            condition=insomnia,
            effectiveness=effectiveness,
            side_effects="mild",
            side_effects_text=f"A {LONG_WORD} feeling in the morning",
            dose="200 mg magnesium glycinate at bedtime",
            story=f"Review {number}. {STORY}",
            created_at=dt.datetime(2026, 11, 10 + number, 8, 0, tzinfo=dt.UTC),
        )
        # A new member's first post with a link waits for a moderator: these were let through.
        set_visibility(review, Visibility.SHOWN)
    for number in range(10):
        ReviewFactory(solution=cbt_i, condition=insomnia, effectiveness=3, story=f"Try {number}.")


@pytest.fixture
def moderation_history(reviewed_library: None, mo: User) -> User:
    """Sam, suspended now with a reason holding a long address; Tom, whose suspension was
    lifted; a reader's comment with a long address on the insomnia page, and a discussion
    there with a long word in its title and an address in its reply. Returns Sam."""
    sam = make_user("sam.the.supplement.seller@example-shop-online.com", "Sam")
    suspend_member(member=sam, reason=SUSPENSION_REASON, by=mo)
    Suspension.objects.filter(user=sam).update(created_at=SUSPENDED_AT)
    AuditEntry.objects.filter(target_user=sam).update(created_at=SUSPENDED_AT)
    tom = make_user("tom@example.com", "Tom")
    suspend_member(member=tom, reason="Rude replies.", by=mo)
    lift_suspension(member=tom, by=mo)
    insomnia = Condition.objects.get(slug="insomnia")
    Feedback.objects.create(
        topic=insomnia.topic, helpful=False, comment=FEEDBACK_COMMENT, created_at=FEEDBACK_AT
    )
    Feedback.objects.create(topic=insomnia.topic, helpful=True)
    thread = ThreadFactory(topic=insomnia.topic, author=tom, title=THREAD_TITLE)
    PostFactory(thread=thread, author=mo, body=f"This may help: <{LONG_ADDRESS}>")
    return sam


def region(page: Page, name: str) -> Locator:
    return page.get_by_role("region", name=name, exact=True)


def logged_in_page(new_page: Callable[..., Page], user: User, path: str) -> Page:
    page = new_page()
    page.goto(path)
    log_in(page, email=user.email, password=PASSWORD)
    expect(account_nav(page).get_by_role("link", name=user.public_name, exact=True)).to_be_visible()
    return page


def test_a_moderator_reads_the_reviews_and_lifts_a_suspension(
    new_page: Callable[..., Page], live_server: Any, moderation_history: User, mo: User
) -> None:
    page = logged_in_page(new_page, mo, "/conditions/insomnia/")
    expect(page).to_have_url(url(live_server, "/conditions/insomnia/"))
    beside_research = region(page, "Members' experience beside the research")
    magnesium = beside_research.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Magnesium", exact=True)
    )
    # The grade is read once, by eye and by a screen reader alike.
    expect(magnesium.locator(".figures-grade")).to_have_text("Research evidence: C — limited")
    magnesium.get_by_role("link", name="Magnesium", exact=True).click()

    expect(page).to_have_url(url(live_server, "/solutions/magnesium/"))
    reviews = region(page, "Members' experience")
    expect(reviews.get_by_role("article")).to_have_count(3)
    reviews.get_by_role("link", name="All 3 reviews of Magnesium").click()

    expect(page).to_have_url(url(live_server, "/solutions/magnesium/reviews/"))
    cards = main(page).get_by_role("article")
    expect(cards).to_have_count(3)
    first_review = cards.filter(has_text="Review 1.")
    expect(first_review).to_contain_text(LONG_WORD)
    written = first_review.locator("time")
    expect(written).to_have_text("11 November 2026")
    expect(written).to_have_attribute("datetime", "2026-11-11T08:00:00+00:00")

    account_nav(page).get_by_role("link", name="Moderation").click()
    expect(page).to_have_url(url(live_server, "/moderation/"))
    decisions = region(page, "Recent decisions")
    sams_entry = decisions.get_by_role("row").filter(has_text="sam.the.supplement.seller")
    expect(sams_entry).to_contain_text(LONG_ADDRESS)
    when = sams_entry.locator("time")
    expect(when).to_have_text("2 November 2026, 14:05")
    expect(when).to_have_attribute("datetime", "2026-11-02T14:05:00+00:00")

    page.get_by_role("navigation", name="Moderation").get_by_role(
        "link", name="Suspensions"
    ).click()
    expect(page).to_have_url(url(live_server, "/moderation/suspensions/"))
    in_force = region(page, "In force now")
    expect(in_force).to_contain_text(SUSPENSION_REASON)
    expect(in_force.locator("time").first).to_have_text("2 November 2026, 14:05")
    expect(region(page, "History")).to_contain_text("Rude replies.")
    in_force.get_by_role(
        "button", name="Lift the suspension of sam.the.supplement.seller@example-shop-online.com"
    ).click()

    expect(page).to_have_url(url(live_server, "/moderation/suspensions/"))
    expect(page.get_by_role("status")).to_have_text("The suspension of Sam has been lifted.")
    expect(region(page, "In force now")).to_contain_text("Nobody is suspended.")
    expect(region(page, "History")).to_contain_text(SUSPENSION_REASON)
    assert not Suspension.objects.in_force().exists()

    account_nav(page).get_by_role("link", name="Page feedback").click()
    expect(page).to_have_url(url(live_server, "/feedback/"))
    recent = region(page, "Recent feedback")
    comment = recent.get_by_role("row").filter(has_text=FEEDBACK_COMMENT)
    expect(comment.locator("time")).to_have_text("20 November 2026, 09:30")
    region(page, "Pages with recent feedback").get_by_role("link", name="Insomnia").click()

    expect(page).to_have_url(url(live_server, "/topics/condition/insomnia/feedback/"))
    expect(main(page)).to_contain_text(FEEDBACK_COMMENT)
    page.get_by_role("heading", level=1).get_by_role("link", name="Insomnia").click()

    expect(page).to_have_url(url(live_server, "/conditions/insomnia/"))
    region(page, "Discussions").get_by_role("link", name="All discussions about Insomnia").click()

    expect(page).to_have_url(url(live_server, "/topics/condition/insomnia/discussions/"))
    expect(main(page).get_by_role("button", name="Follow Insomnia")).to_be_visible()
    row = main(page).get_by_role("listitem").filter(has_text=THREAD_TITLE)
    expect(row.locator("time")).to_have_text(re.compile(r"^\d+\sminutes? ago$"))
    row.get_by_role("link", name=THREAD_TITLE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(THREAD_TITLE)
    expect(main(page)).to_contain_text(LONG_ADDRESS)


def test_an_expert_reads_page_feedback_and_where_members_and_research_disagree(
    new_page: Callable[..., Page], live_server: Any, moderation_history: User, erin: User
) -> None:
    page = logged_in_page(new_page, erin, "/solutions/cbt-i/")
    expect(page).to_have_url(url(live_server, "/solutions/cbt-i/"))
    account_nav(page).get_by_role("link", name="Page feedback").click()

    expect(page).to_have_url(url(live_server, "/feedback/"))
    expect(main(page)).to_contain_text(FEEDBACK_COMMENT)
    account_nav(page).get_by_role("link", name="Disagreements").click()

    expect(page).to_have_url(url(live_server, "/experts/disagreements/"))
    pair = main(page).get_by_role("listitem").filter(has_text="CBT-I")
    expect(pair.locator(".figures-grade")).to_have_text("Research evidence: A — strong")
    expect(pair).to_contain_text("Members' experience and the research disagree here")
    pair.get_by_role("link", name=f"Read the reviews of {CBT_I} for insomnia").click()

    expect(page).to_have_url(url(live_server, "/solutions/cbt-i/reviews/?condition=insomnia"))
    expect(main(page).get_by_role("article")).to_have_count(10)


HEADER_ROWS = """() => {
    const items = [...document.querySelector(".site-header .header-row").children];
    return items.map(item => {
        const box = item.getBoundingClientRect();
        return {name: item.getAttribute("aria-label") || item.className || item.tagName,
                top: box.top, bottom: box.bottom};
    });
}"""


@pytest.mark.parametrize("person", ["erin", "mo"])
def test_the_header_stays_on_one_row_at_1280_px(
    new_page: Callable[..., Page],
    live_server: Any,
    reviewed_library: None,
    person: str,
    request: pytest.FixtureRequest,
) -> None:
    user: User = request.getfixturevalue(person)
    page = logged_in_page(new_page, user, "/conditions/insomnia/")
    # Measured once the page and its stylesheet have loaded, not while it is still arriving.
    page.wait_for_load_state("load")
    page.set_viewport_size({"width": 1280, "height": 800})

    items = page.evaluate(HEADER_ROWS)
    # One row: every part of the header overlaps every other vertically.
    lowest_top = max(item["top"] for item in items)
    highest_bottom = min(item["bottom"] for item in items)
    assert lowest_top < highest_bottom, f"the header wraps for {user.public_name}: {items}"
