"""The privacy policy and the terms of use: their own pages, linked from every page's footer
and from the sign-up form, and held to what the code does (a test fails when a figure the
policy quotes changes in the code)."""

import pytest
from django.conf import settings

from aposbook.accounts.models import RESTORE_WINDOW
from aposbook.feedback.forms import FEEDBACK_WINDOW
from aposbook.pages.forms import RATE_WINDOW
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def test_it_shows_the_privacy_policy(client, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(0):
        response = client.get("/privacy/")

    assert response.status_code == 200
    text = page_text(response)
    assert "Privacy policy · Aposbook" in text
    for heading in [
        "When you read the site",
        "Your account",
        "What you write and send",
        "The emails we send",
        "Downloading your data",
        "Deleting your account",
        "What we keep, and for how long",
        "Questions and requests",
    ]:
        assert heading in text


def test_the_privacy_policy_gives_the_deletion_window(client) -> None:
    text = page_text(client.get("/privacy/"))

    assert RESTORE_WINDOW.days == 30
    assert "For 30 days you can change your mind" in text
    assert "After those 30 days, we remove your personal data for good" in text
    assert 'shown as written by a "deleted member"' in text


def test_the_privacy_policy_says_how_to_download_the_data(client) -> None:
    text = page_text(client.get("/privacy/"))

    assert '"Download my data" gives you a file (JSON)' in text


def test_the_privacy_policy_lists_the_emails_we_send(client) -> None:
    text = page_text(client.get("/privacy/"))

    assert settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS == 3
    assert settings.EMAIL_VERIFICATION_COOLDOWN == 2 * 60
    assert "the link expires after 3 days, and we send at most one every 2 minutes" in text
    assert "password reset link" in text
    assert "at most one email per discussion per day" in text
    assert "one-click unsubscribe link" in text
    assert "moderation decisions" in text
    assert "We send no newsletters and no advertising." in text


def test_the_privacy_policy_says_no_ip_address_is_stored(client) -> None:
    text = page_text(client.get("/privacy/"))

    assert RATE_WINDOW == FEEDBACK_WINDOW == 3600
    assert "The site's own code does not store your IP address" in text
    assert "under a keyed hash of your address rather than the address itself" in text
    assert "disappear after an hour at most" in text
    assert (
        "password-reset pages count attempts the same way, under the same kind of keyed hash"
        in (text)
    )


def test_the_privacy_policy_gives_how_long_a_session_lasts(client) -> None:
    text = page_text(client.get("/privacy/"))

    assert settings.SESSION_COOKIE_AGE == 14 * DAY
    assert 'If you tick "Keep me logged in", it lasts two weeks' in text


def test_the_privacy_policy_says_how_to_ask_about_your_data(client) -> None:
    html = client.get("/privacy/").content.decode()

    assert 'href="/contact/?subject=privacy"' in html
    assert 'href="mailto:support@aposbook.com"' in html


def test_it_shows_the_terms_of_use(client, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(0):
        response = client.get("/terms/")

    assert response.status_code == 200
    text = page_text(response)
    assert "Terms of use · Aposbook" in text
    assert "Information, not medical advice" in text
    assert "You keep the rights to what you write." in text
    assert "After a deletion you have 30 days to restore the account" in text
    html = response.content.decode()
    assert 'href="/code-of-conduct/">code of conduct</a>' in html
    assert 'href="/privacy/#deletion">privacy policy</a>' in html
    assert 'href="/contact/?subject=appeal">appeal it</a>' in html


@pytest.mark.parametrize(
    "link",
    [
        '<a href="/privacy/">Privacy policy</a>',
        '<a href="/terms/">Terms of use</a>',
        '<a href="/experts/apply/">Become a health expert</a>',
    ],
)
def test_every_page_links_to_it_from_the_footer(client, link) -> None:
    html = client.get("/code-of-conduct/").content.decode()
    footer = html[html.index("<footer") :]

    assert link in footer


def test_the_sign_up_form_links_to_the_terms_privacy_and_expert_application(client) -> None:
    response = client.get("/accounts/signup/")

    html = response.content.decode()
    assert 'By signing up, you agree to our <a href="/terms/">terms of use</a>.' in html
    assert 'Our <a href="/privacy/">privacy policy</a> says what we store about you' in html
    main = html[html.index("<main") : html.index("</main>")]
    assert '<a href="/experts/apply/">Become a health expert</a>' in main
