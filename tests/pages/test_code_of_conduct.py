"""The code of conduct is a page of its own, linked from the suspension message."""

import pytest

from aposbook.moderation.services import suspend_member
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def test_it_shows_the_code_of_conduct(client, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(0):
        response = client.get("/code-of-conduct/")

    assert response.status_code == 200
    text = page_text(response)
    for heading in [
        "Be kind",
        "Share experience, not medical advice",
        "Never put anyone in danger",
        "No selling, no hidden interests",
        "Cite your sources",
        "Respect privacy",
        "Health experts",
        "What moderators do",
        "How to appeal",
    ]:
        assert heading in text
    assert "encouraging anyone to stop, reduce or replace a prescribed medicine" in text


def test_it_explains_how_to_appeal(client, db) -> None:
    html = client.get("/code-of-conduct/").content.decode()

    assert 'href="/contact/?subject=appeal"' in html
    assert 'href="mailto:support@aposbook.com"' in html


def test_the_suspension_message_links_to_it(client, alice, mo) -> None:
    suspend_member(member=alice, reason="Spam", by=mo)
    client.force_login(alice)

    html = client.get("/experts/apply/").content.decode()

    assert 'href="/code-of-conduct/"' in html


def test_every_page_links_to_it_from_the_footer(client, db) -> None:
    html = client.get("/contact/").content.decode()
    footer = html[html.index("<footer") :]

    assert 'href="/code-of-conduct/">Code of conduct</a>' in footer
