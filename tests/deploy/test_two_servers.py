"""The web processes are stateless: two gunicorn servers (A and B) and one db_worker on one
PostgreSQL and one Redis, driven alternately by visitors who do not know which server
answers. Whatever one server does, the other sees at once.

Slow (it prepares a database and starts three processes), so it runs only when asked:

    TWO_SERVERS=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        REDIS_URL=redis://127.0.0.1:6379/0 pytest tests/deploy

Without PostgreSQL or Redis it skips, saying which is missing; under REQUIRE_POSTGRES=1
(.ci/run's PostgreSQL phase, which has both) that is a failure instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
import redis
import requests

from tests.conftest import required
from tests.deploy.site import (
    PUBLIC_ORIGIN,
    STAFF_EMAIL,
    STAFF_PASSWORD,
    Browser,
    Site,
    form_fields,
    plain_text,
    two_servers_and_a_worker,
)
from tests.helpers import LINK, page_text

ASKED = os.environ.get("TWO_SERVERS", "") == "1"
PASSWORD = "a long pass phrase 4 two servers"
SOLUTION_PAGE = "/solutions/magnesium/"
WRITE_REVIEW = "/solutions/magnesium/reviews/new/"
REVIEW = {
    "condition": "insomnia",
    "effectiveness": "8",
    "side_effects": "none",
    "side_effects_text": "",
    "solution_form": "",
    "dose": "200 mg at bedtime",
    "duration": "1-3-months",
    "recommends": "yes",
    "story": "I took two capsules every evening for six weeks and fell asleep sooner most nights.",
}
NEW_SYNONYM = "Owl-hour wakefulness"
# Whether the answer came from the visitors' page cache (aposbook/lib/stored_pages.py).
PAGE_SOURCE = "X-Page-Cache"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ASKED,
        reason="starts two gunicorn servers and a db_worker on PostgreSQL and Redis (about a "
        "minute): run with TWO_SERVERS=1 (.ci/run does)",
    ),
]


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    try:
        if url and redis.Redis.from_url(url, socket_connect_timeout=1).ping():
            return url
    except redis.RedisError:
        pass
    reason = f"needs Redis: set REDIS_URL=redis://… to a running Redis (now {url!r})"
    if required("REQUIRE_POSTGRES"):
        pytest.fail(f"REQUIRE_POSTGRES=1: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    work: Path = tmp_path_factory.mktemp("two-servers")
    with two_servers_and_a_worker(os.environ["DATABASE_URL"], redis_url(), work) as running:
        yield running


def send_sign_up(browser: Browser, server: str, address: str) -> requests.Response:
    browser.get(server, "/accounts/signup/")
    name = address.split("@")[0].title()
    form = {"email": address, "display_name": name, "password1": PASSWORD, "password2": PASSWORD}
    return browser.post(server, "/accounts/signup/", form)


def confirmation_path(message: Message) -> str:
    link = LINK.search(plain_text(message))
    assert link, plain_text(message)
    return link.group(1)


def member(site: Site, address: str) -> None:
    """A member signed up on A who confirmed the address through the emailed link on B."""
    browser = Browser()
    assert send_sign_up(browser, site.a, address).status_code == 302
    path = confirmation_path(site.wait_for_email(address)[1])
    browser.get(site.b, path)
    assert browser.post(site.b, path, {}).status_code == 302


def log_in(browser: Browser, server: str, address: str, password: str = PASSWORD) -> None:
    browser.get(server, "/accounts/login/")
    response = browser.post(server, "/accounts/login/", {"login": address, "password": password})
    assert response.status_code == 302, text_of(response)


def text_of(response: requests.Response) -> str:
    """The page as a reader sees it (tests.helpers.page_text reads any response's bytes)."""
    return page_text(response)  # type: ignore[arg-type]


def review_counts(html: str) -> list[int]:
    """Every "Members' reviews N" figure on a page, in order."""
    return [int(n) for n in re.findall(r"<dt>Members' reviews</dt><dd>(\d+)</dd>", html)]


def test_the_worker_sends_the_verification_email_and_the_other_server_confirms_it(
    site: Site,
) -> None:
    browser = Browser()

    send_sign_up(browser, site.a, "nina@example.com")

    sender, message = site.wait_for_email("nina@example.com")
    assert sender == site.worker.process.pid
    assert sender not in site.web_pids()
    assert message["Subject"] == "[Aposbook] Please confirm your email address"
    assert f"{PUBLIC_ORIGIN}/accounts/confirm-email/" in plain_text(message)
    path = confirmation_path(message)
    assert browser.get(site.b, path).status_code == 200
    assert browser.post(site.b, path, {}).status_code == 302
    # Confirming in the browser that signed up (on A) logs it in, here on B.
    assert browser.get(site.b, WRITE_REVIEW).status_code == 200
    verified = "SELECT verified FROM account_emailaddress WHERE email = %s"
    assert site.sql(verified, "nina@example.com") == [(True,)]


def test_a_member_logged_in_on_one_server_is_logged_in_on_the_other(site: Site) -> None:
    member(site, "omar@example.com")
    browser = Browser()
    refused = browser.get(site.b, WRITE_REVIEW)
    assert refused.status_code == 403
    assert "Please log in to use this feature" in text_of(refused)

    log_in(browser, site.a, "omar@example.com")

    for server in (site.b, site.a, site.b):
        form = browser.get(server, WRITE_REVIEW)
        assert form.status_code == 200
        assert "Review Magnesium" in text_of(form)


def test_a_review_posted_on_one_server_shows_on_the_other_at_once(site: Site) -> None:
    member(site, "ruth@example.com")
    ruth, anonymous = Browser(), Browser()
    log_in(ruth, site.b, "ruth@example.com")
    # Visitors' pages are stored in the shared cache: built by one server, served by both.
    anonymous.get(site.a, SOLUTION_PAGE)
    before = anonymous.get(site.b, SOLUTION_PAGE)
    assert (before.status_code, before.headers[PAGE_SOURCE]) == (200, "hit")
    assert ruth.get(site.a, WRITE_REVIEW + "?condition=insomnia").status_code == 200

    posted = ruth.post(site.a, WRITE_REVIEW, REVIEW)

    assert posted.status_code == 302, text_of(posted)
    # The message stored on A is shown by B.
    assert "Thank you: your review is published." in text_of(
        ruth.get(site.b, posted.headers["Location"])
    )
    after = anonymous.get(site.b, SOLUTION_PAGE, **{"If-None-Match": before.headers["ETag"]})
    assert (after.status_code, after.headers[PAGE_SOURCE]) == (200, "miss")
    assert after.headers["ETag"] != before.headers["ETag"]
    # The demo library has no reviews: now the solution's figures over all conditions and
    # for insomnia each count this one.
    assert "No member has reviewed Magnesium yet." in text_of(before)
    assert review_counts(before.text) == []
    assert review_counts(after.text) == [1, 1]
    assert review_counts(ruth.get(site.b, SOLUTION_PAGE).text) == review_counts(after.text)


def test_a_synonym_added_on_one_server_is_found_by_the_others_search(site: Site) -> None:
    staff, searcher = Browser(), Browser()
    query = f"/search/suggest/?q={NEW_SYNONYM[:9]}"
    # A has its search index (and any stored answer) from before the change.
    assert "Insomnia" not in text_of(searcher.get(site.a, query))
    log_in(staff, site.b, STAFF_EMAIL, STAFF_PASSWORD)
    [(condition_id, synonyms)] = site.sql(
        "SELECT id, synonyms FROM library_condition WHERE slug = 'insomnia'"
    )
    change = f"/admin/library/condition/{condition_id}/change/"
    fields = form_fields(staff.get(site.b, change).text, "condition_form")
    others = [(name, value) for name, value in fields if name != "synonyms"]

    saved = staff.post(site.b, change, [*others, ("synonyms", f"{synonyms}\n{NEW_SYNONYM}")])

    assert saved.status_code == 302, text_of(saved)
    assert "Insomnia" in text_of(searcher.get(site.a, query))
    found = searcher.get(site.a, f"/search/?q={NEW_SYNONYM}")
    assert (found.status_code, found.headers["Location"]) == (302, "/conditions/insomnia/")
