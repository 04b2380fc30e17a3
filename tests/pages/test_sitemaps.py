"""/sitemap.xml (an index of one section per kind of page, with last-modified dates) and
/robots.txt."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from aposbook.accounts.moderated import hold, set_visibility
from aposbook.lib.visibility import Visibility
from aposbook.library.models import ArticleStatus, VideoStatus
from tests.factories import (
    AnswerFactory,
    ArticleFactory,
    ConditionFactory,
    QuestionFactory,
    SolutionFactory,
    ThreadFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://aposbook.example"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SECTIONS = ["pages", "conditions", "solutions", "articles", "videos", "discussions", "questions"]


@pytest.fixture(autouse=True)
def public_address(settings) -> None:
    settings.SITE_URL = SITE


def _urls(client, url: str) -> dict[str, str | None]:
    """The sitemap's addresses, each with its lastmod."""
    response = client.get(url)
    assert response.status_code == 200
    assert "xml" in response["Content-Type"]
    root = ET.fromstring(response.content)
    entries = root.findall(f"{NS}url") or root.findall(f"{NS}sitemap")
    return {entry.findtext(f"{NS}loc"): entry.findtext(f"{NS}lastmod") for entry in entries}


def test_the_index_lists_one_section_per_kind_of_page(client):
    ConditionFactory(slug="insomnia")

    index = _urls(client, "/sitemap.xml")

    assert list(index) == [f"{SITE}/sitemap-{name}.xml" for name in SECTIONS]
    assert index[f"{SITE}/sitemap-conditions.xml"] is not None
    assert index[f"{SITE}/sitemap-articles.xml"] is None  # no articles yet


def test_sections_list_public_pages_with_their_last_change(client):
    when = dt.datetime(2026, 5, 4, 3, 2, 1, tzinfo=dt.UTC)
    condition = ConditionFactory(slug="insomnia")
    SolutionFactory(slug="magnesium")
    ArticleFactory(slug="sleep", published_at=when - dt.timedelta(days=9), updated_at=when)
    ArticleFactory(slug="draft", status=ArticleStatus.DRAFT, published_at=None)
    VideoFactory(slug="talk", published_at=when)
    VideoFactory(slug="waiting", status=VideoStatus.SUBMITTED)
    thread = ThreadFactory(topic=condition.topic)

    conditions = _urls(client, "/sitemap-conditions.xml")
    articles = _urls(client, "/sitemap-articles.xml")
    videos = _urls(client, "/sitemap-videos.xml")
    threads = _urls(client, "/sitemap-discussions.xml")

    assert list(conditions) == [f"{SITE}/conditions/insomnia/"]
    assert conditions[f"{SITE}/conditions/insomnia/"].startswith(str(timezone.now().year))
    assert articles == {f"{SITE}/articles/sleep/": "2026-05-04"}
    assert videos == {f"{SITE}/videos/talk/": "2026-05-04"}
    assert list(threads) == [f"{SITE}/discussions/{thread.pk}/"]
    assert f"{SITE}/solutions/magnesium/" in _urls(client, "/sitemap-solutions.xml")
    pages = _urls(client, "/sitemap-pages.xml")
    assert f"{SITE}/" in pages
    assert f"{SITE}/conditions/" in pages


def test_a_question_is_dated_by_its_latest_answer(client):
    question = QuestionFactory()
    answer = AnswerFactory(question=question)
    later = timezone.now() + dt.timedelta(days=2)
    type(answer).objects.filter(pk=answer.pk).update(created_at=later)

    questions = _urls(client, "/sitemap-questions.xml")

    assert questions == {f"{SITE}/questions/{question.pk}/": later.date().isoformat()}


def test_community_pages_about_an_unpublished_article_stay_out(client):
    draft = ArticleFactory(status=ArticleStatus.DRAFT, published_at=None)
    ThreadFactory(topic=draft.topic)
    QuestionFactory(topic=draft.topic)

    assert _urls(client, "/sitemap-discussions.xml") == {}
    assert _urls(client, "/sitemap-questions.xml") == {}


def test_a_question_a_moderator_removed_or_holds_stays_out(client):
    kept = QuestionFactory()
    set_visibility(QuestionFactory(), Visibility.HIDDEN, reason="Spam")
    hold(QuestionFactory(), reason="Your first post with a link waits for a moderator")

    assert list(_urls(client, "/sitemap-questions.xml")) == [f"{SITE}/questions/{kept.pk}/"]


def test_an_unknown_section_is_not_found(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.parametrize("section", ["", *(f"-{name}" for name in SECTIONS)])
def test_sitemap_queries_stay_flat_as_content_grows(client, django_assert_max_num_queries, section):
    for count in (2, 15):
        for _ in range(count):
            condition = ConditionFactory()
            SolutionFactory()
            ArticleFactory()
            VideoFactory()
            ThreadFactory(topic=condition.topic)
            AnswerFactory(question=QuestionFactory(topic=condition.topic))
        # A section: its page of addresses, the count for paging, and the sites framework's
        # row (cached after the first request). The index: one date per section.
        with django_assert_max_num_queries(len(SECTIONS) * 2 if not section else 3):
            assert client.get(f"/sitemap{section}.xml").status_code == 200


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for area in ["/accounts/", "/members/", "/editorial/", "/moderation/", "/admin/"]:
        assert f"Disallow: {area}" in lines
    assert "Disallow: /conditions/" not in lines
    assert lines[-1] == f"Sitemap: {SITE}/sitemap.xml"
