"""A member's own settings in a real browser: a new email address confirmed from the email,
a new password, what they follow and their reply emails, the way to become a health expert;
a suspended member reading why and until when; a moderator's list of members; and a reader
going from an article's byline to its author's profile. Every page on the way is checked with
axe-core by the `accessibility` fixture (see conftest.py).

Emails leave after commit through the immediate task backend; the live server has no
transaction around a request, so they land in `mail.outbox` before the response."""

import re
from datetime import date, timedelta
from io import StringIO
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from aposbook.accounts.models import Role, User
from aposbook.discussions.models import Follow
from aposbook.moderation.forms import end_of_day
from aposbook.moderation.services import suspend_member
from tests.browser.pages import PASSWORD_LABEL, account_nav, log_in, main, url
from tests.factories import ConditionFactory, ThreadFactory
from tests.fixtures import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)

CHANGE_LINK = re.compile(r"https?://[^/\s]+/accounts/email/confirm/[^\s\"<]+")
NEW_PASSWORD = "a brand new passphrase"
REPLY_EMAILS = "Email me when someone replies in a discussion I follow"


def change_link_from(message: mail.EmailMessage, live_server: Any) -> str:
    """The link of an email-change email, on the live server (emails carry SITE_URL)."""
    match = CHANGE_LINK.search(message.body)
    assert match, message.body
    link = urlsplit(match.group(0))
    server = urlsplit(live_server.url)
    return urlunsplit((server.scheme, server.netloc, link.path, link.query, ""))


def open_settings(page: Page, live_server: Any, name: str) -> None:
    account_nav(page).get_by_role("link", name=name).click()
    expect(page).to_have_url(url(live_server, "/accounts/settings/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Account settings")


def test_a_member_changes_their_email_address_and_logs_in_with_the_new_one(
    page: Page, live_server: Any, mailoutbox: list[mail.EmailMessage]
) -> None:
    nina = make_user("nina@example.com", "Nina")
    page.goto("/")
    log_in(page, email="nina@example.com", password=PASSWORD)
    open_settings(page, live_server, "Nina")

    main(page).get_by_role("link", name="Change my email address").click()
    expect(page).to_have_url(url(live_server, "/accounts/email/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your email address")
    form = main(page)
    form.get_by_label("New email address").fill("Nina.New@Example.org")
    form.get_by_label("Your password").fill("not my password")
    form.get_by_role("button", name="Send me the link").click()

    # A mistake is said next to its field, and what was typed stays.
    expect(form.get_by_text("This password is not correct.")).to_be_visible()
    expect(form.get_by_label("New email address")).to_have_value("Nina.New@Example.org")
    assert mailoutbox == []
    form.get_by_label("Your password").fill(PASSWORD)
    form.get_by_role("button", name="Send me the link").click()

    expect(page).to_have_url(url(live_server, "/accounts/settings/"))
    expect(page.get_by_role("status")).to_have_text(
        "We have sent a link to nina.new@example.org. Your email address changes when you "
        "click it; until then, keep logging in with nina@example.com."
    )
    assert [message.to for message in mailoutbox] == [["nina.new@example.org"]]
    nina.refresh_from_db()
    assert nina.email == "nina@example.com"

    # The link is opened later, in a browser that is not logged in.
    account_nav(page).get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_have_text("You have logged out.")
    page.goto(change_link_from(mailoutbox[0], live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your new email address")
    expect(main(page)).to_contain_text(
        "Please confirm that nina.new@example.org is your email address."
    )
    main(page).get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(url(live_server, "/accounts/login/"))
    expect(page.get_by_role("status")).to_have_text(
        "Your email address is now nina.new@example.org. Log in with it."
    )
    assert [message.to for message in mailoutbox[1:]] == [["nina@example.com"]]
    main(page).get_by_label("Email address").fill("nina.new@example.org")
    main(page).get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    main(page).get_by_role("button", name="Log in").click()

    expect(account_nav(page).get_by_role("link", name="Nina")).to_be_visible()
    open_settings(page, live_server, "Nina")
    expect(main(page)).to_contain_text("nina.new@example.org")


def test_a_member_changes_their_password(page: Page, live_server: Any) -> None:
    make_user("nina@example.com", "Nina")
    page.goto("/")
    log_in(page, email="nina@example.com", password=PASSWORD)
    open_settings(page, live_server, "Nina")

    main(page).get_by_role("link", name="Change my password").click()
    expect(page).to_have_url(url(live_server, "/accounts/password/change/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    form = main(page)
    form.get_by_label("Current password").fill("not my password")
    form.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    form.get_by_label("New password (again)").fill(NEW_PASSWORD)
    form.get_by_role("button", name="Change my password").click()

    expect(form.get_by_text("Please type your current password.")).to_be_visible()
    form.get_by_label("Current password").fill(PASSWORD)
    form.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    form.get_by_label("New password (again)").fill(NEW_PASSWORD)
    form.get_by_role("button", name="Change my password").click()

    expect(page).to_have_url(url(live_server, "/accounts/settings/"))
    expect(page.get_by_role("status")).to_have_text("Your password has been changed.")
    assert User.objects.get(email="nina@example.com").check_password(NEW_PASSWORD)


def test_a_member_stops_a_follow_and_turns_reply_emails_off_in_the_settings(
    page: Page, live_server: Any
) -> None:
    nina = make_user("nina@example.com", "Nina")
    insomnia = ConditionFactory(name="Insomnia", slug="insomnia")
    # Starting a discussion follows it; the topic is followed from its page.
    ThreadFactory(topic=insomnia.topic, author=nina, title="Waking at three every night")
    Follow.objects.create(user=nina, topic=insomnia.topic)
    page.goto("/")
    log_in(page, email="nina@example.com", password=PASSWORD)
    open_settings(page, live_server, "Nina")

    follows = page.get_by_role("region", name="Discussions and topics you follow")
    expect(follows.get_by_role("listitem")).to_have_count(2)
    expect(follows.get_by_role("link", name="Insomnia")).to_have_attribute(
        "href", "/topics/condition/insomnia/discussions/"
    )
    follows.get_by_role("button", name="Stop following “Waking at three every night”").click()

    expect(page).to_have_url(url(live_server, "/accounts/settings/#follows"))
    expect(page.get_by_role("status")).to_have_text(
        "You no longer follow “Waking at three every night”."
    )
    expect(follows.get_by_role("listitem")).to_have_count(1)
    expect(follows.get_by_role("listitem")).to_contain_text("Insomnia")

    preferences = page.get_by_role("region", name="Email preferences")
    reply_emails = preferences.get_by_label(REPLY_EMAILS)
    expect(reply_emails).to_be_checked()
    reply_emails.uncheck()
    preferences.get_by_role("button", name="Save my email preferences").click()

    expect(page.get_by_role("status")).to_have_text("Your email preferences have been saved.")
    expect(preferences.get_by_label(REPLY_EMAILS)).not_to_be_checked()
    expect(follows).to_contain_text("Reply emails are off, so we do not email you about these.")
    assert not User.objects.get(pk=nina.pk).reply_emails

    experts = page.get_by_role("region", name="Health experts")
    experts.get_by_role("link", name="Apply to be a health expert").click()
    expect(page).to_have_url(url(live_server, "/experts/apply/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply to be a health expert")


def test_a_suspended_member_reads_why_and_until_when_on_the_gate(
    page: Page, live_server: Any
) -> None:
    sam = make_user("sam@example.com", "Sam")
    suspend_member(
        member=sam,
        reason="Selling supplements in reviews.",
        by=None,
        until=end_of_day(date(2099, 12, 1)),
    )
    page.goto("/")
    log_in(page, email="sam@example.com", password=PASSWORD)
    open_settings(page, live_server, "Sam")

    page.get_by_role("region", name="Health experts").get_by_role(
        "link", name="Apply to be a health expert"
    ).click()

    expect(page).to_have_url(url(live_server, "/experts/apply/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is suspended")
    # Said once, under the heading: the banner of other pages steps aside here.
    alert = page.get_by_role("alert")
    expect(alert).to_have_count(1)
    expect(main(page).get_by_role("alert")).to_contain_text(
        "Reason: Selling supplements in reviews."
    )
    expect(alert).to_contain_text("Your account is suspended until 1 December 2099.")
    expect(alert.get_by_role("link", name='"Contact us"')).to_have_attribute(
        "href", "/contact/?subject=appeal"
    )


def test_a_moderator_sees_every_member_newest_first_and_searches(
    page: Page, live_server: Any
) -> None:
    long_ago = timezone.now() - timedelta(days=100)
    make_user("mo@example.com", "Mo", role=Role.MODERATOR, date_joined=long_ago)
    make_user("alice@example.com", "Alice", date_joined=long_ago + timedelta(days=1))
    make_user("bob@example.com", "Bob", date_joined=long_ago + timedelta(days=2))
    page.goto("/")
    log_in(page, email="mo@example.com", password=PASSWORD)

    account_nav(page).get_by_role("link", name="Moderation").click()
    page.get_by_role("navigation", name="Moderation").get_by_role("link", name="Members").click()

    expect(page).to_have_url(url(live_server, "/moderation/members/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    table = page.get_by_role("table", name="Every member, newest first")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("bob@example.com")
    expect(rows.nth(2)).to_contain_text("mo@example.com")

    search = page.get_by_role("search", name="Find a member")
    search.get_by_label("Email address or name").fill("ali")
    page.get_by_role("button", name="Find").click()

    expect(page).to_have_url(url(live_server, "/moderation/members/?q=ali"))
    results = page.get_by_role("table", name="Members matching “ali”").locator("tbody tr")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("alice@example.com")
    page.get_by_role("link", name="Show every member").click()
    expect(page.get_by_role("table", name="Every member, newest first")).to_be_visible()


def test_a_reader_goes_from_an_article_byline_to_the_author_s_profile(
    page: Page, live_server: Any
) -> None:
    call_command("load_demo", stdout=StringIO())
    page.goto("/articles/magnesium-and-sleep/")

    page.locator(".byline").get_by_role("link", name="Mara Ellis (demo), MS, RD").click()

    author = User.objects.get(email="mara.ellis@demo.aposbook.com")
    expect(page).to_have_url(url(live_server, f"/members/{author.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mara Ellis (demo)")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Health expert")
    expect(main(page).locator("dt:text-is('Credentials') + dd")).to_have_text("MS, RD")
