"""What the client-side tests share: reading a page as a reader sees it, the messages next
to form fields, signing up and logging in through the pages, unconfirmed members, the link
in an email, running jobs at the same moment (`run_together`), and a members-only page to
test the log-in gate with
(`@pytest.mark.urls("tests.helpers")`).

The browser tests have their own page helpers in tests/browser/pages.py."""

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html import unescape

from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from aposbook.accounts.gate import member_feature
from aposbook.accounts.models import User
from aposbook.lib.stored_pages import SOURCE_HEADER
from tests.fixtures import PASSWORD

SUSPENSION_MESSAGE = (
    "Your account has been suspended because you have violated our code of conduct. If you "
    "think this was a mistake, you can contact us by email at: support@aposbook.com or "
    'through the "Contact us" form.'
)

# What the security and CSP middleware add to every page; a stored page must keep them all.
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)
GATED_PAGE = "/members-only/"
GATED_TEXT = "The members-only page"

LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/(?:\?[^\s\"<]+)?)")


def page_text(response: HttpResponse) -> str:
    """The page as a reader sees it: without tags, entities decoded, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split()).replace(" .", ".")


def field_error(response: HttpResponse, field: str, prefix: str = "id_") -> str:
    """The message shown next to a form field."""
    html = response.content.decode()
    match = re.search(rf'id="{prefix}{field}_error"[^>]*>(.*?)</p>', html, re.S)
    return unescape(match.group(1)).strip() if match else ""


def textarea_value(response: HttpResponse, field: str) -> str:
    """What a re-rendered form kept in its text area."""
    match = re.search(
        rf'<textarea[^>]*name="{field}"[^>]*>(.*?)</textarea>', response.content.decode(), re.S
    )
    return unescape(match.group(1)).lstrip("\n") if match else ""


def input_value(response: HttpResponse, field: str) -> str:
    """What a re-rendered form kept in its input."""
    match = re.search(rf'<input[^>]*name="{field}"[^>]*value="([^"]*)"', response.content.decode())
    return unescape(match.group(1)) if match else ""


def sign_up(client: Client, email: str = "nina@example.com", **extra: str) -> HttpResponse:
    data = {
        "email": email,
        "display_name": "Nina",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }
    return client.post("/accounts/signup/", data)


def log_in(
    client: Client, email: str = "alice@example.com", password: str = PASSWORD, **extra: str
) -> HttpResponse:
    """Log in through the log-in page. (A test about something else uses
    `client.force_login(user)`.)"""
    return client.post("/accounts/login/", {"login": email, "password": password, **extra})


def unverified(user: User) -> User:
    """Turn a fixture member back into one who never clicked the confirmation link."""
    EmailAddress.objects.filter(user=user).update(verified=False)
    return user


def confirmation_link(message: mail.EmailMessage) -> str:
    """The path (and query) of the confirmation link in a plain-text email."""
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


@member_feature
def members_only(request: HttpRequest) -> HttpResponse:
    return HttpResponse(GATED_TEXT)


urlpatterns = [
    path(GATED_PAGE.strip("/") + "/", members_only),
    path("", include("aposbook.urls")),
]


def run_together(jobs: list[Callable[[], None]]) -> None:
    """Start every job at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def structured_data(response: HttpResponse) -> list[dict]:
    """The page's JSON-LD blocks, parsed; a `@graph` counts as its nodes."""
    nodes: list[dict] = []
    for block in JSON_LD.findall(response.content.decode()):
        data = json.loads(block)
        assert data.pop("@context") == "https://schema.org"
        nodes.extend(data.get("@graph", [data]))
    return nodes


def node(response: HttpResponse, kind: str) -> dict:
    """The one JSON-LD node of type `kind` on the page, top level or nested."""
    found = [item for item in _walk(structured_data(response)) if item.get("@type") == kind]
    assert len(found) == 1, f"{len(found)} nodes of type {kind}"
    return found[0]


def _walk(value: object) -> list[dict]:
    if isinstance(value, list):
        return [item for element in value for item in _walk(element)]
    if isinstance(value, dict):
        return [value, *(item for element in value.values() for item in _walk(element))]
    return []


def head_tag(response: HttpResponse, pattern: str) -> str:
    """The attribute value captured by `pattern` (a regex with one group) in the page."""
    match = re.search(pattern, response.content.decode())
    assert match, f"no match for {pattern}"
    return unescape(match[1])


def meta(response: HttpResponse, name: str) -> str:
    """The content of <meta property="NAME"> or <meta name="NAME">."""
    return head_tag(response, rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"')


def canonical(response: HttpResponse) -> str:
    return head_tag(response, r'<link rel="canonical" href="([^"]*)"')


@contextmanager
def pages_fresh_after(*urls: str, changed: bool = True) -> Iterator[None]:
    """Assert that visitors' stored copies of `urls` are fresh after the write in the block.

    Before it, each page is stored and served from the cache (or the test would prove
    nothing). After it, each page a visitor gets is the one the site builds now, with the
    cache off; and, unless `changed=False`, differs from before (or the write did not touch
    the page, and the test proves nothing either)."""
    visitor = Client()
    before = {}
    for url in urls:
        visitor.get(url)
        stored = visitor.get(url)
        assert stored.status_code == 200, f"{url} answered {stored.status_code}"
        assert stored[SOURCE_HEADER] == "hit", f"{url} is not served from the visitors' cache"
        before[url] = stored.content
    yield
    for url in urls:
        served = visitor.get(url)
        with override_settings(PAGE_CACHE_ENABLED=False):
            built = visitor.get(url)
        assert served.content == built.content, f"{url}: visitors still get the old page"
        if changed:
            assert served.content != before[url], f"{url}: the write changed nothing on it"
