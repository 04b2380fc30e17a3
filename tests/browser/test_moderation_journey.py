"""Reports and the moderation queue in a real browser: a member reports a review, a
moderator hides it from the queue, its author sees it hidden and why, and another member
sees "Removed by a moderator." in its place. Every page on the way is checked by the
`accessibility` fixture (see conftest.py)."""

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from aposbook.accounts.models import User
from aposbook.library.models import Solution
from aposbook.moderation.models import AuditEntry, Report
from aposbook.reviews.models import Review
from tests.browser.conftest import Accessibility
from tests.browser.pages import account_nav, log_in, main, url
from tests.factories import ReviewFactory
from tests.fixtures import PASSWORD, make_user

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
    card = main(page).locator(f"#review-{spam_review.pk}")
    card.get_by_role("link", name="Report").click()
    expect(page).to_have_url(url(live_server, f"/moderation/report/review/{spam_review.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a review")
    main(page).get_by_label("Spam or advertising").check()
    main(page).get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you. A moderator will look at it")
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
