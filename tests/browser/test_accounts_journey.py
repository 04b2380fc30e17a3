"""A member's way through their account in a real browser: sign up, confirm the address
from the email, delete the account and restore it by logging in again; and a suspended
member who appeals through the "Contact us" form. Every page on the way is checked with
axe-core by the `accessibility` fixture (see conftest.py).

Emails leave after commit through the immediate task backend; the live server has no
transaction around a request, so they land in `mail.outbox` before the response."""

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import Page, expect

from aposbook.accounts.models import User
from aposbook.moderation.forms import end_of_day
from aposbook.moderation.services import suspend_member
from aposbook.pages.models import ContactMessage, ContactSubject
from tests.browser.pages import PASSWORD_LABEL, account_nav, log_in, main, url
from tests.fixtures import PASSWORD, make_user

LINK_SENT = (
    "A verification link will be sent to {} within the next 2 minutes. "
    "Please click it to validate your email."
)
SPAM_HINT = "*If you didn't get the link, please check your spam folder"
RESTORE_QUESTION = "This account has been deleted. Do you want to restore it?"
SUSPENSION_MESSAGE = (
    "Your account has been suspended because you have violated our code of conduct. "
    "If you think this was a mistake, you can contact us by email at: "
    'support@aposbook.com or through the "Contact us" form.'
)
CONFIRMATION_LINK = re.compile(r"https?://[^/\s]+/accounts/confirm-email/[^\s\"<]+")
APPEAL = "I was quoting a study, not selling anything. Please look at my review again."


def link_from_last_email(live_server: Any) -> str:
    """The confirmation link of the last email, on the live server: the link is built from
    SITE_URL, so only its scheme and host are put right for the live server."""
    assert mail.outbox, "no email was sent"
    message = mail.outbox[-1]
    match = CONFIRMATION_LINK.search(message.body)
    assert match, message.body
    link = urlsplit(match.group(0))
    server = urlsplit(live_server.url)
    return urlunsplit((server.scheme, server.netloc, link.path, link.query, ""))


@pytest.mark.django_db(transaction=True)
def test_it_signs_up_confirms_deletes_and_restores_an_account(
    page: Page, live_server: Any, mailoutbox: list[mail.EmailMessage]
) -> None:
    page.goto("/")
    account_nav(page).get_by_role("link", name="Sign up").click()

    expect(page).to_have_url(url(live_server, "/accounts/signup/"))
    form = main(page)
    form.get_by_label("Email address").fill("nina@example.com")
    form.get_by_label("Display name").fill("Nina")
    form.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    form.get_by_label("Password (again)").fill(PASSWORD)
    form.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(url(live_server, "/accounts/confirm-email/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(main(page)).to_contain_text(LINK_SENT.format("nina@example.com"))
    expect(main(page)).to_contain_text(SPAM_HINT)
    assert [message.to for message in mailoutbox] == [["nina@example.com"]]

    page.goto(link_from_last_email(live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    main(page).get_by_role("button", name="Confirm").click()

    # Confirming in the browser that signed up logs the new member in.
    expect(account_nav(page).get_by_role("link", name="Nina")).to_be_visible()
    user = User.objects.get(email="nina@example.com")
    assert user.has_verified_email

    account_nav(page).get_by_role("link", name="Nina").click()
    expect(page).to_have_url(url(live_server, "/accounts/settings/"))
    main(page).get_by_role("link", name="Delete my account").click()

    expect(page).to_have_url(url(live_server, "/accounts/delete/"))
    main(page).get_by_label("Your password").fill(PASSWORD)
    main(page).get_by_role("button", name="Delete my account").click()

    expect(page).to_have_url(url(live_server, "/"))
    expect(page.get_by_role("status")).to_contain_text("Your account has been deleted.")
    expect(account_nav(page).get_by_role("link", name="Log in")).to_be_visible()
    expect(account_nav(page).get_by_role("link", name="Nina")).to_have_count(0)
    user.refresh_from_db()
    assert user.is_deleted and not user.is_active

    log_in(page, email="nina@example.com", password=PASSWORD)

    expect(page).to_have_url(url(live_server, "/accounts/restore/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(RESTORE_QUESTION)
    main(page).get_by_role("button", name="Restore").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Welcome back! Your account has been restored."
    )
    expect(account_nav(page).get_by_role("link", name="Nina")).to_be_visible()
    user.refresh_from_db()
    assert user.is_active
    assert user.deleted_at is None


@pytest.mark.django_db(transaction=True)
def test_a_suspended_member_appeals_through_the_contact_form(
    page: Page, live_server: Any, mailoutbox: list[mail.EmailMessage]
) -> None:
    sam = make_user("sam@example.com", "Sam")
    suspend_member(
        member=sam,
        reason="Selling supplements in reviews.",
        by=None,
        until=end_of_day(date(2099, 12, 1)),
    )
    mailoutbox.clear()

    page.goto("/")
    log_in(page, email="sam@example.com", password=PASSWORD)

    expect(page).to_have_url(url(live_server, "/"))
    expect(account_nav(page).get_by_role("link", name="Sam")).to_be_visible()
    suspension = page.get_by_role("alert").filter(has_text="Your account has been suspended")
    # Why, and until when, on the site as in the email.
    expect(suspension.locator("p")).to_have_text(
        [
            SUSPENSION_MESSAGE,
            "Reason: Selling supplements in reviews.",
            "Your account is suspended until 1 December 2099.",
        ]
    )
    suspension.get_by_role("link", name='"Contact us"').click()

    expect(page).to_have_url(url(live_server, "/contact/?subject=appeal"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact us")
    form = main(page)
    subject = form.get_by_label("Subject")
    expect(subject).to_have_value(ContactSubject.APPEAL)
    expect(subject.locator("option:checked")).to_have_text("Appeal a suspension")
    expect(form.get_by_label("Your name")).to_have_value("Sam")
    expect(form.get_by_label("Your email address")).to_have_value("sam@example.com")
    form.get_by_label("Message").fill(APPEAL)
    form.get_by_role("button", name="Send the message").click()

    expect(page).to_have_url(url(live_server, "/contact/sent/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Message sent")
    expect(main(page).get_by_role("status")).to_have_text(
        "Thank you. Your message has been sent; we answer within two working days."
    )
    appeal = ContactMessage.objects.get()
    assert (appeal.subject, appeal.message, appeal.user) == (ContactSubject.APPEAL, APPEAL, sam)
    assert [message.to for message in mailoutbox] == [[settings.SUPPORT_EMAIL]]
    assert mailoutbox[0].subject == "[Aposbook] Appeal a suspension, from Sam"
    assert mailoutbox[0].reply_to == ["sam@example.com"]
    assert APPEAL in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_member_locked_out_by_wrong_passwords_logs_in_with_an_emailed_code(
    page: Page, live_server: Any, mailoutbox: list[mail.EmailMessage]
) -> None:
    make_user("lena@example.com", "Lena")
    page.goto("/")
    for _ in range(5):
        log_in(page, email="lena@example.com", password="not my password")
    log_in(page, email="lena@example.com", password=PASSWORD)

    expect(main(page)).to_contain_text("Too many wrong passwords for this account.")
    main(page).get_by_role("link", name="Email me a log-in code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in with a code")
    main(page).get_by_label("Email address").fill("lena@example.com")
    main(page).get_by_role("button", name="Email me a code").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your log-in code")
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mailoutbox[-1].body, re.M)
    assert code, mailoutbox[-1].body
    main(page).get_by_label("Code from the email").fill(code.group(1))
    main(page).get_by_role("button", name="Log in").click()

    expect(account_nav(page).get_by_role("link", name="Lena")).to_be_visible()
