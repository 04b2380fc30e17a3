"""The library's articles (newest first, by the date their cards show) and videos page by
key (cursor), with the topic filter: every item once, in order, both ways, at the cost of
page 1 whatever the depth."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from aposbook.lib.paging import NOTICE
from aposbook.library import views
from aposbook.library.models import Article, ArticleStatus, Video
from tests.factories import ArticleFactory, ConditionFactory, VideoFactory
from tests.helpers import page_text
from tests.keyset import assert_walks_every_item_once_at_page_one_cost, page_link, walk

pytestmark = pytest.mark.django_db

PAGE_SIZE = 5


@pytest.fixture
def library(monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", PAGE_SIZE)
    topic = ConditionFactory(name="Insomnia", slug="insomnia").topic
    now = timezone.now()
    for n in range(63):
        day = now - dt.timedelta(days=n // 3)  # three at a time share their date
        # Some were updated after publication, some published after their last update:
        # the card's date, and the order, is the later of the two.
        article = ArticleFactory(
            published_at=day if n % 2 else day - dt.timedelta(days=40),
            updated_at=day - dt.timedelta(days=40) if n % 2 else day,
        )
        video = VideoFactory(published_at=day)
        if n % 3 != 1:
            article.topics.add(topic)
            video.topics.add(topic)
    ArticleFactory(title="A draft", status=ArticleStatus.DRAFT).topics.add(topic)
    return topic


def _titles(kind: str):
    def titles(response) -> list[str]:
        return re.findall(rf'<h3><a href="/{kind}s/[^"]*">([^<]*)</a></h3>', response.text)

    return titles


def _expected(model, **filters) -> list[str]:
    rows = model.objects.published().filter(**filters)
    if model is Article:
        ordered = sorted(rows, key=lambda article: (article.last_updated, article.pk))
    else:
        ordered = sorted(rows, key=lambda video: (video.published_at, video.pk))
    return [row.title for row in reversed(ordered)]


@pytest.mark.parametrize(("kind", "model"), [("article", Article), ("video", Video)])
@pytest.mark.parametrize(
    ("topic", "filters"), [("", {}), ("insomnia", {"topics__slug": "insomnia"})]
)
def test_it_walks_every_article_and_video_once_at_page_one_cost(
    client, library, kind, model, topic, filters, django_assert_max_num_queries
):
    walked = walk(client, f"/library/?topic={topic}&type={kind}", _titles(kind))

    assert_walks_every_item_once_at_page_one_cost(walked, _expected(model, **filters))
    assert len(walked.forward) > 8
    with django_assert_max_num_queries(walked.first_queries):
        client.get(walked.deepest_query)


def test_the_page_links_keep_the_filters_and_say_newer_and_older(client, library):
    response = client.get("/library/?topic=insomnia&type=video")

    assert page_link(response, "next").startswith("topic=insomnia&type=video&cursor=")
    second = client.get(f"/library/?{page_link(response, 'next')}")
    assert page_link(second, "prev").startswith("topic=insomnia&type=video&cursor=")
    assert "Newer Older" in page_text(second)
    assert "A draft" not in response.text


def test_the_overview_shows_the_newest_of_each_with_links_to_all(client, library):
    response = client.get("/library/", {"cursor": "anything"})  # only for one kind's list

    assert _titles("article")(response) == _expected(Article)[:PAGE_SIZE]
    assert _titles("video")(response) == _expected(Video)[:PAGE_SIZE]
    assert '<a href="?type=article">All articles</a>' in response.text
    assert NOTICE not in page_text(response)


@pytest.mark.parametrize("query", [{"cursor": "made-up"}, {"page": "4"}])
def test_an_edited_cursor_or_an_old_page_number_shows_the_first_page(client, library, query):
    response = client.get("/library/", {"type": "article", **query})

    assert response.status_code == 200
    assert _titles("article")(response) == _expected(Article)[:PAGE_SIZE]
    assert (NOTICE in page_text(response)) is ("cursor" in query)
