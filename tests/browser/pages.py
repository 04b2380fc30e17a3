"""Finding one's way around Aposbook's pages in the browser tests."""

import re
from typing import Any

from playwright.sync_api import Locator, Page, expect

# Django's labels end with a colon ("Password:"); a name alone would also match "Password (again)".
PASSWORD_LABEL = re.compile(r"^Password:?$")


def url(live_server: Any, path: str) -> re.Pattern[str]:
    return re.compile(re.escape(f"{live_server.url}{path}") + "$")


def main(page: Page) -> Locator:
    return page.get_by_role("main")


def account_nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Your account")


def log_in(page: Page, *, email: str, password: str) -> None:
    """Log in through the header's "Log in" link, as a visitor would."""
    account_nav(page).get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    main(page).get_by_label("Email address").fill(email)
    main(page).get_by_label(PASSWORD_LABEL).fill(password)
    main(page).get_by_role("button", name="Log in").click()
