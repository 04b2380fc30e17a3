"""Visitors' pages served from the cache (lib/pagecache.py, lib/stored_pages.py): who gets a
stored page, what it may carry, the HTTP caching headers, and the versions that make a
write's change visible at once. Each feature's own writes are checked page by page in
tests/project/test_fresh_pages.py."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone

from aposbook.lib import pagecache, stored_pages
from aposbook.lib.pagecache import LIBRARY, changed, current_versions
from aposbook.lib.stored_pages import SOURCE_HEADER
from aposbook.library.models import Condition
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EvidenceFactory,
    ReviewFactory,
    SolutionFactory,
    VideoFactory,
)
from tests.fixtures import make_user
from tests.helpers import SECURITY_HEADERS, page_text, pages_fresh_after

pytestmark = pytest.mark.django_db


@pytest.fixture
def magnesium():
    solution = SolutionFactory(name="Magnesium", slug="magnesium")
    EvidenceFactory(solution=solution, condition=ConditionFactory(name="Insomnia", slug="insomnia"))
    return solution


def visitor_pages(magnesium) -> list[str]:
    article = ArticleFactory(title="Magnesium and sleep")
    article.topics.add(magnesium.topic)
    video = VideoFactory(title="How magnesium works")
    return [
        "/",
        "/conditions/",
        "/solutions/",
        "/library/",
        "/conditions/insomnia/",
        magnesium.get_absolute_url(),
        f"{magnesium.get_absolute_url()}reviews/",
        article.get_absolute_url(),
        video.get_absolute_url(),
        "/privacy/",
        "/search/suggest/?q=insom",
    ]


def test_a_visitor_page_is_built_once_then_served_from_the_cache(client, magnesium):
    for url in visitor_pages(magnesium):
        first, second = client.get(url), client.get(url)

        assert (first[SOURCE_HEADER], second[SOURCE_HEADER]) == ("miss", "hit"), url
        assert first.content == second.content, url


def test_a_visitor_page_sets_no_cookie_and_carries_no_token(client, magnesium):
    for url in visitor_pages(magnesium):
        for response in (client.get(url), client.get(url)):
            assert not response.cookies, url
            assert b"csrfmiddlewaretoken" not in response.content, url
            assert response["Vary"] == "Cookie", url


def test_visitor_pages_tell_a_cdn_how_long_to_keep_them_and_how_to_revalidate(client, magnesium):
    url = magnesium.get_absolute_url()
    response = client.get(url)

    assert response["Cache-Control"] == "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
    assert response["ETag"].startswith('"')
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == response["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_changed_page_gets_a_new_etag(client, magnesium):
    url = magnesium.get_absolute_url()
    etag = client.get(url)["ETag"]
    ReviewFactory(solution=magnesium, story="It helped me fall asleep within the hour.")

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200 and response["ETag"] != etag
    assert "It helped me fall asleep within the hour." in page_text(response)


def test_members_get_their_own_page_marked_private(client, magnesium):
    url = magnesium.get_absolute_url()
    Client().get(url)  # a visitor's copy is stored
    client.force_login(make_user("nina@example.com", "Nina"))

    response = client.get(url)

    assert SOURCE_HEADER not in response
    assert response["Cache-Control"] == "private"
    assert "Nina" in page_text(response) and b"csrfmiddlewaretoken" in response.content


def test_a_visitor_never_gets_a_members_page(client, magnesium):
    url = magnesium.get_absolute_url()
    member = Client()
    member.force_login(make_user("nina@example.com", "Nina"))
    member.get(url)

    response = client.get(url)

    assert response[SOURCE_HEADER] == "miss"
    assert "Nina" not in page_text(response)
    assert b"csrfmiddlewaretoken" not in response.content


def test_a_one_off_message_is_shown_fresh_and_never_stored(client, magnesium):
    url = magnesium.get_absolute_url()
    client.get(url)
    thanks = "Success! Thank you for your feedback."

    sent = client.post(
        f"/topics/solution/{magnesium.slug}/feedback/send/", {"helpful": "yes"}, follow=True
    )

    assert thanks in page_text(sent)
    assert thanks not in page_text(client.get(url))
    assert thanks not in page_text(Client().get(url))


def test_a_page_is_stored_only_for_reads(client, magnesium):
    response = client.head(magnesium.get_absolute_url())

    assert response.status_code == 200
    assert client.get(magnesium.get_absolute_url())[SOURCE_HEADER] == "hit"


def test_an_error_page_is_not_stored(client):
    assert SOURCE_HEADER not in client.get("/conditions/no-such-condition/")
    ConditionFactory(name="No such condition", slug="no-such-condition")

    assert client.get("/conditions/no-such-condition/").status_code == 200


def test_a_long_made_up_address_is_built_each_time(client, magnesium):
    url = f"{magnesium.get_absolute_url()}?{'x' * 400}=1"

    assert client.get(url).status_code == 200
    assert SOURCE_HEADER not in client.get(url)


def test_a_library_change_reaches_every_page_that_shows_the_library(client, magnesium):
    insomnia = Condition.objects.get(slug="insomnia")
    urls = ["/", "/conditions/", "/conditions/insomnia/", magnesium.get_absolute_url()]
    with pages_fresh_after(*urls):
        insomnia.name = "Sleeplessness"
        insomnia.featured = True
        insomnia.save()


def test_a_change_names_new_versions_now_and_again_when_it_commits(
    django_capture_on_commit_callbacks,
):
    before = current_versions([LIBRARY])[LIBRARY]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        changed(LIBRARY)
        during = current_versions([LIBRARY])[LIBRARY]

    after = current_versions([LIBRARY])[LIBRARY]
    assert len(callbacks) == 2  # the new version, and when the next scheduled article is due
    assert len({before, during, after}) == 3


def test_a_page_built_while_a_write_was_uncommitted_is_not_served_after_it(client, magnesium):
    """The race the second version closes: a visitor's page built from rows read before a
    write commits carries the version named at the write, which the commit replaces."""
    url = magnesium.get_absolute_url()
    with transaction.atomic():
        changed(pagecache.topic_tag(magnesium.topic_id))
        client.get(url)  # built and stored "before the commit"
        assert client.get(url)[SOURCE_HEADER] == "hit"
        pagecache._new_versions([pagecache.topic_tag(magnesium.topic_id)])  # the commit's

    assert client.get(url)[SOURCE_HEADER] == "miss"


def test_pages_are_not_shared_while_the_cache_is_only_this_process(client, magnesium, monkeypatch):
    monkeypatch.setattr(cache, "shared", lambda: False, raising=False)
    url = magnesium.get_absolute_url()

    assert SOURCE_HEADER not in client.get(url)
    assert SOURCE_HEADER not in client.get(url)


def test_no_stored_page_is_trusted_once_the_cache_is_back(client, magnesium):
    url = magnesium.get_absolute_url()
    client.get(url)
    for callback in pagecache.shared_cache.after_outage:
        callback()

    assert client.get(url)[SOURCE_HEADER] == "miss"


def test_a_new_release_builds_its_own_pages(client, magnesium, monkeypatch):
    url = magnesium.get_absolute_url()
    client.get(url)
    monkeypatch.setattr(stored_pages, "code_version", lambda: "next-release")

    assert client.get(url)[SOURCE_HEADER] == "miss"


def test_the_cache_can_be_turned_off(client, magnesium, settings):
    settings.PAGE_CACHE_ENABLED = False

    assert SOURCE_HEADER not in client.get(magnesium.get_absolute_url())
    assert SOURCE_HEADER not in client.get(magnesium.get_absolute_url())


# Models whose rows no visitor's page shows, and why; every other model of ours must say
# what its changes touch (`shown_on_pages`), or a write could leave a stale page behind.
NOT_ON_VISITOR_PAGES = {
    "discussions.Follow": "who follows what shows only to that member",
    "discussions.ThreadNotice": "when we last emailed a member",
    "questions.QuestionNotice": "when we last emailed a member",
    "editorial.Revision": "saved with the topic or article it revises, which says it",
    "editorial.EditProposal": "proposals show on the editors' desk, never to visitors",
    "editorial.TrustedExpert": "the editors' list",
    "feedback.Feedback": "answers show on the editors' pages only",
    "moderation.AuditEntry": "moderators' log",
    "moderation.Report": "moderators' queue",
    "moderation.Suspension": "a suspended member's writing stays as it is",
    "moderation.ExpertApplication": "moderators' queue; approval saves the user, which says it",
    "pages.ContactMessage": "the support inbox",
    "reviews.ReviewStats": "moved in the same transaction as the review or vote that says it",
    "search.SearchDocument": "search results pages are built for each query, never stored",
}


def test_every_model_says_what_its_changes_touch_or_why_no_page_shows_it():
    ours = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("aposbook.") and not model._meta.auto_created
    ]
    watched = pagecache.watched_models()
    silent = [
        model._meta.label
        for model in ours
        if model not in watched and model._meta.label not in NOT_ON_VISITOR_PAGES
    ]

    assert silent == []
    assert {m._meta.label for m in ours if m in watched} & set(NOT_ON_VISITOR_PAGES) == set()


def test_a_stored_page_keeps_every_security_header(client, magnesium):
    url = magnesium.get_absolute_url()
    built, stored = client.get(url), client.get(url)

    assert stored[SOURCE_HEADER] == "hit"
    for header in SECURITY_HEADERS:
        assert stored[header] == built[header], header


def test_an_article_scheduled_for_later_appears_when_its_time_comes(client, magnesium, monkeypatch):
    """No write happens at 9:00 when an article scheduled for 9:00 goes live: pages that
    show the library are kept only until then."""
    soon = timezone.now() + dt.timedelta(minutes=5)
    article = ArticleFactory(title="Magnesium at night", published_at=soon)
    client.get("/library/")
    assert "Magnesium at night" not in page_text(client.get("/library/"))
    assert client.get("/library/")[SOURCE_HEADER] == "hit"

    later = soon + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get("/library/")
    article_page = client.get(article.get_absolute_url())

    assert response[SOURCE_HEADER] == "miss"
    assert "Magnesium at night" in page_text(response)
    assert article_page.status_code == 200


def test_a_change_elsewhere_leaves_a_page_stored_and_a_later_one_here_still_counts(
    client, magnesium
):
    valerian = SolutionFactory(name="Valerian")
    url = magnesium.get_absolute_url()
    client.get(url)
    ReviewFactory(solution=valerian)  # another topic's page changes, by a new member

    after_elsewhere = client.get(url)
    again = client.get(url)
    ReviewFactory(solution=magnesium, story="Calmer evenings within a fortnight, I found.")
    after_here = client.get(url)

    assert (after_elsewhere[SOURCE_HEADER], again[SOURCE_HEADER]) == ("hit", "hit")
    assert after_here[SOURCE_HEADER] == "miss"
    assert "Calmer evenings within a fortnight" in page_text(after_here)
