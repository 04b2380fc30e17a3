"""One table of attacks, tried on every POST form the site shows and every address that
takes an object's id; each must be refused with a clear answer and change nothing.

Nothing here lists forms by hand: `visit_all` reads every page of the URLconf as a visitor,
two members, an expert and a moderator, and collects the POST forms those pages show, so a
new form is attacked the day it appears. A new address that takes an id fails
`test_every_address_that_takes_an_id_is_in_the_table` until it is given a row in ID_ADDRESSES
(who may act on the object) or in NO_ID_CHECK with the reason, and its parameter a value in
`make_world` (attack_world.py): an object alice owns, or bob for a member.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client

from tests.fixtures import PASSWORD, make_user
from tests.helpers import page_text
from tests.project.attack_world import (
    Form,
    World,
    make_world,
    route_of,
    site_routes,
    snapshot,
    takes_an_id,
    visit_all,
)

pytestmark = pytest.mark.django_db

XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
RAW_XSS = ("<script>alert", "<img src=x onerror")
EVIL = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"]

# Who may act on the object an address names; everyone else is refused.
OWNER = "its owner"  # alice owns the member content; bob is the intruder
MODERATOR = "moderators"  # alice, a member, is the intruder
EDITOR = "health experts and moderators"  # alice, a member, is the intruder
AUTHOR_OR_EDITOR = "its author and the editors"  # bob, a member, is the intruder
ANYONE = "anyone allowed to take part"  # readable or usable on anyone's object

ID_ADDRESSES: dict[str, str] = {
    "accounts:profile": ANYONE,
    "moderation:suspend": MODERATOR,
    "moderation:unsuspend": MODERATOR,
    "moderation:approve_application": MODERATOR,
    "moderation:refuse_application": MODERATOR,
    "moderation:decide": MODERATOR,
    "moderation:report": ANYONE,  # any member but the author may report an item
    "reviews:edit_review": OWNER,
    "reviews:delete_review": OWNER,
    "reviews:vote": ANYONE,
    "discussions:thread": ANYONE,
    "discussions:thread_feed": ANYONE,
    "discussions:reply": ANYONE,
    "discussions:follow_thread": ANYONE,
    "discussions:unfollow_thread": ANYONE,
    "discussions:post": ANYONE,
    "discussions:edit_post": OWNER,
    "discussions:stop_following": OWNER,
    "questions:question": ANYONE,
    "questions:edit_question": OWNER,
    "questions:answer": ANYONE,
    "questions:answer_emails": OWNER,
    "questions:edit_answer": OWNER,
    "questions:vote": ANYONE,
    "questions:accept": OWNER,
    "editorial:proposal": ANYONE,  # proposals are public, like the history
    "editorial:accept": EDITOR,
    "editorial:refuse": EDITOR,
    "editorial:withdraw": OWNER,
    "editorial:video": AUTHOR_OR_EDITOR,
    "editorial:publish_video": EDITOR,
    "editorial:refuse_video": EDITOR,
    "editorial:revision": ANYONE,
    "editorial:restore": EDITOR,
    "editorial:article": AUTHOR_OR_EDITOR,
    "editorial:edit_article": AUTHOR_OR_EDITOR,
    "editorial:move_article": AUTHOR_OR_EDITOR,
}
# Addresses with an id that the intruder table leaves out, and why.
NO_ID_CHECK: dict[str, str] = {}
# Who tries, for each kind of address, to act on an object that is not theirs.
INTRUDER = {OWNER: "bob", MODERATOR: "alice", EDITOR: "alice", AUTHOR_OR_EDITOR: "bob"}


@dataclass
class Attempt:
    who: str
    form: Form
    client: Client


def clients(world: World, **options: bool) -> dict[str, Client]:
    """One browser for each of the world's people, logged in (the visitor is not)."""
    result = {"anonymous": Client(**options)}
    for who in ("alice", "bob", "erin", "mo"):
        result[who] = Client(**options)
        result[who].force_login(getattr(world, who))
    return result


def attempts(world: World, *, with_text: bool = False) -> list[Attempt]:
    """Each distinct form, once for each person who sees it."""
    browsers = clients(world)
    seen = set()
    result = []
    for who, forms in visit_all(world).items():
        for form in forms:
            key = (who, form.action, tuple(name for name, *_ in form.fields))
            if key in seen or (with_text and not form.text_fields):
                continue
            seen.add(key)
            result.append(Attempt(who, form, browsers[who]))
    assert result, "no form found: the page reader is broken"
    return result


def check_each(cases: Iterable[Attempt], attack: Callable[[Attempt], str | None]) -> None:
    """Runs `attack` on each case and fails with every case that was not refused."""
    failures = []
    for case in cases:
        cache.clear()  # a rate limit must not be what refuses the attack
        before = snapshot()
        problem = attack(case)
        if snapshot() != before:
            problem = (problem + "; " if problem else "") + "it changed stored data"
        if problem:
            failures.append(f"{case.who} → POST {case.form.action}: {problem}")
    assert not failures, "\n".join(failures)


TOO_LONG = re.compile(r"at most [\d,]+ characters|too long: please keep it under")
WRONG_PASSWORD = re.compile(r"(?i)password is not correct|incorrect password|current password")


def refused(response: HttpResponse, status: set[int], text: str) -> str | None:
    if response.status_code not in status:
        return f"answered {response.status_code}, expected {sorted(status)}"
    if text not in page_text(response):
        return f"the answer does not say {text!r}"
    return None


def test_every_address_that_takes_an_id_is_in_the_table() -> None:
    with_id = {route.name for route in site_routes() if takes_an_id(route)}

    assert with_id == set(ID_ADDRESSES) | set(NO_ID_CHECK)


def test_every_form_refuses_a_post_without_its_csrf_token() -> None:
    """Except a visitor's post to a form that visitors' stored pages show without a token
    (lib/security.csrf_token_for_members): a visitor has no session to borrow; the next
    test refuses such posts when another site sends them."""
    world = make_world()
    browsers = clients(world, enforce_csrf_checks=True)

    def attack(case: Attempt) -> str | None:
        response = browsers[case.who].post(case.form.action, case.form.data())
        return refused(response, {403}, "Please send the form again")

    check_each([case for case in attempts(world) if not tokenless_for_visitors(case)], attack)


def tokenless_for_visitors(case: Attempt) -> bool:
    return case.who == "anonymous" and "csrfmiddlewaretoken" not in dict(case.form.data())


def test_a_visitors_tokenless_form_refuses_a_post_from_another_site() -> None:
    world = make_world()
    browsers = clients(world, enforce_csrf_checks=True)
    cases = [case for case in attempts(world) if tokenless_for_visitors(case)]

    def attack(case: Attempt) -> str | None:
        response = browsers[case.who].post(
            case.form.action, case.form.data(), HTTP_ORIGIN="https://elsewhere.example"
        )
        return refused(response, {403}, "Please send the form again")

    assert cases, "visitors' pages show no form without a token: drop this test"
    check_each(cases, attack)


def poisoned(form: Form, value: str) -> dict[str, str]:
    """The form as shown, with every field a person types into set to `value`."""
    return form.data(**dict.fromkeys(form.text_fields, value))


def test_every_form_refuses_nul_bytes() -> None:
    def attack(case: Attempt) -> str | None:
        response = case.client.post(case.form.action, poisoned(case.form, "Magnesium\x00 works"))
        return refused(response, {200, 400}, "Null characters are not allowed")

    check_each(attempts(make_world(), with_text=True), attack)


def test_every_form_refuses_text_that_is_not_utf8() -> None:
    def attack(case: Attempt) -> str | None:
        body = urlencode(poisoned(case.form, "MARK")).replace("MARK", "caf%E9%FF")
        response = case.client.post(
            case.form.action, body, content_type="application/x-www-form-urlencoded"
        )
        return refused(response, {400}, "We could not understand this request")

    check_each(attempts(make_world(), with_text=True), attack)


def test_every_form_refuses_text_over_its_size_limit() -> None:
    def attack(case: Attempt) -> str | None:
        response = case.client.post(case.form.action, poisoned(case.form, "x" * 100_000))
        text = page_text(response)
        # A password is never too long; it is only wrong.
        passwords = all("password" in name for name in case.form.text_fields)
        said = WRONG_PASSWORD if passwords else TOO_LONG
        if response.status_code not in {200, 400} or not said.search(text):
            return f"answered {response.status_code} without saying {said.pattern!r}"
        return None

    check_each(attempts(make_world(), with_text=True), attack)


def test_every_form_refuses_a_body_over_the_request_limit(settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000

    def attack(case: Attempt) -> str | None:
        response = case.client.post(case.form.action, case.form.data(padding="x" * 60_000))
        return refused(response, {400}, "We could not understand this request")

    check_each(attempts(make_world()), attack)


def test_no_address_or_form_shows_a_script_it_was_sent() -> None:
    """Reflected: every address with the payload in its query, every form with it in every
    field. Stored: then every page, to everyone, must show it only as text."""
    world = make_world()
    browsers = clients(world)
    failures = []
    query = "?" + urlencode(dict.fromkeys(("q", "next", "page", "quote", "to", "sort"), XSS))
    for who, browser in browsers.items():
        for route in site_routes():
            if route.name in {"account_logout"}:
                continue
            response = browser.get(world.url(route) + query)
            if response.status_code >= 500 or any(
                raw in response.content.decode() for raw in RAW_XSS
            ):
                failures.append(
                    f"{who} → GET {route.name}: {response.status_code}, shows the script"
                )
    for case in attempts(world, with_text=True):
        cache.clear()
        response = case.client.post(case.form.action, poisoned(case.form, XSS), follow=True)
        if response.status_code >= 500 or any(raw in response.content.decode() for raw in RAW_XSS):
            failures.append(f"{case.who} → POST {case.form.action}: shows the script")
    for who, browser in clients(world).items():
        for route in site_routes():
            if route.name in {"account_logout"}:
                continue
            response = browser.get(world.url(route))
            html = response.get("Content-Type", "").startswith("text/html")
            if html and any(raw in response.content.decode() for raw in RAW_XSS):
                failures.append(f"{who} → GET {route.name}: shows a stored script")
    assert not failures, "\n".join(failures)


def test_nobody_acts_on_an_object_that_is_not_theirs() -> None:
    """Each address with an id, tried by the member who is not allowed (another member's
    object, a moderator's or an editor's action) and by a visitor: refused, nothing changed.
    The POST sends what the allowed person's form sends, so only the permission stops it."""
    world = make_world()
    browsers = clients(world)
    forms = {route_of(case.form.action): case.form for case in attempts(world)}
    routes = {route.name: route for route in site_routes()}
    failures = []
    for name, allowed in ID_ADDRESSES.items():
        if allowed == ANYONE:
            continue
        url = world.url(routes[name])
        data = forms[name].data() if name in forms else {}
        for who in (INTRUDER[allowed], "anonymous"):
            before = snapshot()
            read = browsers[who].get(url)
            sent = browsers[who].post(url, data)
            if read.status_code not in {403, 404, 405} or sent.status_code not in {403, 404}:
                failures.append(f"{who} → {name}: GET {read.status_code}, POST {sent.status_code}")
            if snapshot() != before:
                failures.append(f"{who} → {name}: changed stored data")
    assert not failures, "\n".join(failures)


def test_moderator_pages_refuse_members() -> None:
    world = make_world()
    alice = clients(world)["alice"]
    for route in site_routes():
        # Reporting is for every member; the rest of moderation is not.
        if not route.name.startswith("moderation:") or route.name == "moderation:report":
            continue
        url = world.url(route)
        before = snapshot()
        read, sent = alice.get(url), alice.post(url, {"reason": "Spam", "until": ""})
        assert read.status_code in {403, 405}, route.name
        assert sent.status_code == 403, route.name
        assert "This page is for moderators" in page_text(sent), route.name
        assert snapshot() == before, route.name


def offsite(response: HttpResponse) -> bool:
    """Whether the answer sends the browser to another site."""
    if not 300 <= response.status_code < 400:
        return False
    location = response["Location"]
    parts = urlsplit(location.replace("\\\\", "/"))
    return bool(parts.scheme or parts.netloc) and parts.netloc != "testserver"


def test_no_address_or_form_redirects_to_another_site() -> None:
    world = make_world()
    browsers = clients(world)
    failures = []
    for evil in EVIL:
        for who in ("anonymous", "alice"):
            for route in site_routes():
                if route.name == "account_logout":
                    continue
                response = browsers[who].get(world.url(route) + "?" + urlencode({"next": evil}))
                if offsite(response):
                    failures.append(f"{who} → GET {route.name}?next={evil}: {response['Location']}")
        for case in attempts(world):
            cache.clear()
            response = case.client.post(case.form.action, case.form.data(next=evil))
            if offsite(response):
                failures.append(f"{case.who} → POST {case.form.action}: {response['Location']}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("evil", EVIL)
def test_logging_in_or_out_never_leads_to_another_site(client: Client, evil: str) -> None:
    make_user("nina@example.com", "Nina")
    response = client.post(
        "/accounts/login/", {"login": "nina@example.com", "password": PASSWORD, "next": evil}
    )
    assert response.status_code == 302
    assert not offsite(response)

    response = client.post("/accounts/logout/", {"next": evil})
    assert response.status_code == 302
    assert not offsite(response)


@pytest.mark.parametrize("evil", EVIL)
def test_the_leaving_page_never_redirects_and_refuses_unsigned_links(client, evil) -> None:
    for sig in ("", "forged", "AAAA:BBBB"):
        response = client.get("/leave/", {"to": evil, "sig": sig})

        assert response.status_code == 400
        assert "Location" not in response
        assert "signature" in page_text(response)
