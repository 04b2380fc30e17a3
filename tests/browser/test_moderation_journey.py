"""Reports and the moderation queue in a real browser.

A member reports a review, a moderator hides it from the queue, its author sees it hidden
and why, and another member sees "Removed by a moderator." in its place. Three established
members' reports hold a spam review at once; the moderator hides it, suspends its author,
and the moderators' audit log shows the hold, the hide and the suspension.
A new member's first post with a link waits for a moderator (only its author sees it, with
the reason) until a moderator shows it. Every page on the way is checked by the
`accessibility` fixture (see conftest.py)."""

import datetime as dt
import re
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from aposbook.accounts.models import User
from aposbook.discussions.models import Post
from aposbook.library.models import Solution
from aposbook.moderation.models import AuditEntry, Report
from aposbook.reviews.models import Review
from tests.browser.conftest import Accessibility
from tests.browser.pages import account_nav, log_in, main, url
from tests.factories import ReviewFactory, ThreadFactory
from tests.fixtures import PASSWORD, establish, make_user

pytestmark = pytest.mark.django_db(transaction=True)

SPAM = "Forget the research: order my magnesium gummies at a discount, link in my profile."
REASON = "Advertising a shop is not allowed: see the code of conduct, section 3."


@pytest.fixture
def spam_review(transactional_db: None) -> Review:
    call_command("load_demo", stdout=StringIO())
    seller = make_user(
        "seller@example.com", "Gummy Seller", date_joined=dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    )
    return ReviewFactory(author=seller, solution=Solution.objects.get(slug="magnesium"), story=SPAM)


def member_page(new_page: Callable[..., Page], user: User, path: str) -> Page:
    page = new_page()
    page.goto(path)
    log_in(page, email=user.email, password=PASSWORD)
    name = account_nav(page).get_by_role("link", name=user.display_name, exact=True)
    expect(name).to_be_visible()
    return page


def report_as_spam(page: Page, review: Review, live_server: Any) -> None:
    """Report `review` through the "Report" action of its card on the page."""
    main(page).locator(f"#review-{review.pk}").get_by_role("link", name="Report").click()
    expect(page).to_have_url(url(live_server, f"/moderation/report/review/{review.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a review")
    main(page).get_by_label("Spam or advertising").check()
    main(page).get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you. A moderator will look at it")


def test_a_reported_review_is_hidden_by_a_moderator(
    new_page: Callable[..., Page],
    live_server: Any,
    accessibility: Accessibility,
    spam_review: Review,
    alice: User,
    bob: User,
    mo: User,
) -> None:
    reviews = "/solutions/magnesium/reviews/"
    page = member_page(new_page, alice, reviews)
    report_as_spam(page, spam_review, live_server)
    assert Report.objects.get().reason == "spam"

    moderator = member_page(new_page, mo, "/moderation/queue/")
    entry = main(moderator).locator(f"#item-review-{spam_review.pk}")
    expect(entry).to_contain_text(SPAM)
    expect(entry).to_contain_text("Spam or advertising")
    entry.get_by_label("Hide it").check()
    entry.get_by_role("textbox", name="Reason").fill(REASON)
    entry.get_by_role("button", name="Decide").click()
    expect(main(moderator)).to_contain_text("Nothing is waiting")
    assert AuditEntry.objects.get().action == "hide"

    author = member_page(new_page, spam_review.author, reviews)
    expect(main(author)).to_contain_text("A moderator removed this.")
    expect(main(author)).to_contain_text(f"Reason: {REASON}")
    expect(main(author)).to_contain_text(SPAM)

    other = member_page(new_page, bob, reviews)
    expect(main(other).locator(f"#review-{spam_review.pk}")).to_have_text("Removed by a moderator.")
    expect(main(other)).not_to_contain_text(SPAM)


def test_three_reports_hold_a_review_then_a_moderator_hides_it_and_suspends_its_author(
    new_page: Callable[..., Page],
    live_server: Any,
    accessibility: Accessibility,
    spam_review: Review,
    mo: User,
) -> None:
    solution = "/solutions/magnesium/"
    reporters = [establish(make_user(f"reader{n}@example.com", f"Reader {n}")) for n in range(1, 4)]
    for number, reporter in enumerate(reporters, start=1):
        page = member_page(new_page, reporter, solution)
        expect(main(page)).to_contain_text(SPAM)
        report_as_spam(page, spam_review, live_server)
        # Two reports leave it up; the third established member's holds it.
        if number < 3:
            page.goto(solution)
            expect(main(page)).to_contain_text(SPAM)
    visitor = new_page()
    visitor.goto(solution)
    expect(main(visitor).get_by_role("heading", level=1)).to_have_text("Magnesium")
    expect(main(visitor)).not_to_contain_text(SPAM)
    expect(main(visitor).locator(f"#review-{spam_review.pk}")).to_have_count(0)

    moderator = member_page(new_page, mo, "/moderation/")
    main(moderator).get_by_role("navigation", name="Moderation").get_by_role(
        "link", name="Reports and held items"
    ).click()
    entry = main(moderator).locator(f"#item-review-{spam_review.pk}")
    expect(entry).to_contain_text("Held: Several members reported it")
    expect(entry).to_contain_text("3 open reports")
    expect(entry).to_contain_text(SPAM)
    entry.get_by_label("Hide it").check()
    entry.get_by_role("textbox", name="Reason").fill(REASON)
    entry.get_by_role("button", name="Decide").click()
    expect(moderator.get_by_role("status")).to_contain_text("Done: hide it")
    expect(main(moderator)).to_contain_text("Nothing is waiting")

    # The existing suspension flow: find the member, suspend them with a reason.
    nav = main(moderator).get_by_role("navigation", name="Moderation")
    nav.get_by_role("link", name="Members").click()
    main(moderator).get_by_label("Email address or name").fill("seller@example.com")
    main(moderator).get_by_role("button", name="Find").click()
    main(moderator).get_by_role("link", name="Suspend seller@example.com").click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Suspend Gummy Seller")
    expect(main(moderator)).to_contain_text("Held an item reported by several members")
    expect(main(moderator)).to_contain_text("Hid an item by Mo")
    main(moderator).get_by_role("textbox", name="Reason").fill(REASON)
    main(moderator).get_by_role("button", name="Suspend Gummy Seller").click()
    expect(moderator.get_by_role("status")).to_contain_text("has been suspended")

    # The audit log as moderators read it, filtered to the author: each step, newest first.
    nav = main(moderator).get_by_role("navigation", name="Moderation")
    nav.get_by_role("link", name="Audit log").click()
    main(moderator).get_by_label("Member (email address or name)").fill("seller@example.com")
    main(moderator).get_by_role("button", name="Filter").click()
    expect(main(moderator)).to_contain_text("3 entries match, newest first.")
    log = main(moderator).get_by_role("table", name="Entries of the moderation audit log")
    rows = log.locator("tbody tr")
    expect(rows).to_have_count(3)
    for row, (who, what) in zip(
        rows.all(),
        [
            ("Mo", "Suspended a member"),
            ("Mo", "Hid an item"),
            ("automatic: several members reported it", "Held an item reported by several members"),
        ],
        strict=True,
    ):
        expect(row).to_contain_text(who)
        expect(row).to_contain_text(what)
        expect(row).to_contain_text("seller@example.com")
    expect(rows.nth(0)).to_contain_text(f"Without an end date. Reason: {REASON}")
    expect(rows.nth(1)).to_contain_text(f"Reason: {REASON}")
    expect(rows.nth(2)).to_contain_text("Reported by 3 established members.")
    # One item's history: the hold and the hide, not the suspension.
    rows.nth(1).get_by_role("link", name=f"review {spam_review.pk}").click()
    expect(main(moderator)).to_contain_text("2 entries match, newest first.")
    expect(main(moderator).get_by_label("Item id")).to_have_value(str(spam_review.pk))
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "suspend",
        "hide",
        "auto_hide",
    ]

    visitor.goto(f"{solution}reviews/")
    expect(main(visitor).locator(f"#review-{spam_review.pk}")).to_have_text(
        "Removed by a moderator."
    )
    expect(main(visitor)).not_to_contain_text(SPAM)


WITH_LINK = "What helped me sleep again is in [my notes](https://example.org/my-sleep-notes)."
APPROVED = "A real member's notes about sleep, not an advertisement."


def test_a_new_members_first_link_waits_until_a_moderator_shows_it(
    new_page: Callable[..., Page],
    live_server: Any,
    accessibility: Accessibility,
    bob: User,
    mo: User,
) -> None:
    thread = ThreadFactory(author=establish(bob), title="Waking at three every night")
    address = thread.get_absolute_url()
    newcomer = make_user("nina@example.com", "Nina")

    page = member_page(new_page, newcomer, address)
    main(page).get_by_role("textbox", name="Your reply").fill(WITH_LINK)
    main(page).get_by_role("button", name="Post your reply").click()
    post = Post.objects.get(author=newcomer)
    mine = main(page).locator(f"#post-{post.pk}")
    expect(mine).to_contain_text("Only you can see this for now: it is waiting for a moderator.")
    expect(mine).to_contain_text("Reason: A new member's first post with a link")
    expect(mine).to_contain_text("What helped me sleep again")

    other = member_page(new_page, bob, address)
    expect(main(other)).not_to_contain_text("What helped me sleep again")
    expect(main(other)).not_to_contain_text("waiting for a moderator")
    expect(main(other).locator(f"#post-{post.pk}")).to_have_count(0)

    moderator = member_page(new_page, mo, "/moderation/queue/")
    entry = main(moderator).locator(f"#item-post-{post.pk}")
    expect(entry).to_contain_text("Held: A new member's first post with a link")
    expect(entry).to_contain_text("https://example.org/my-sleep-notes")
    entry.get_by_label("Show it (again)").check()
    entry.get_by_role("textbox", name="Reason").fill(APPROVED)
    entry.get_by_role("button", name="Decide").click()
    expect(moderator.get_by_role("status")).to_contain_text("Done: show it (again)")
    expect(main(moderator)).to_contain_text("Nothing is waiting")

    for reader in (other, page):
        reader.reload()
        shown = main(reader).locator(f"#post-{post.pk}")
        expect(shown).to_contain_text("What helped me sleep again")
        expect(shown).not_to_contain_text("waiting for a moderator")
    visitor = new_page()
    visitor.goto(address)
    link = main(visitor).locator(f"#post-{post.pk}").get_by_role("link", name="my notes")
    expect(link).to_have_attribute("rel", re.compile(r"\bnofollow\b.*\bugc\b"))
    expect(link).to_have_attribute("href", re.compile(r"^/leave/"))
