"""The parts of a member's page that are the same for everyone (lib/shared_parts.py): read
once, reused for every member until a write names what they show."""

import datetime as dt

import pytest
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aposbook.lib.pagecache import LIBRARY, changed
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    EvidenceFactory,
    ReviewFactory,
    SolutionFactory,
    VideoFactory,
)
from tests.fixtures import make_user
from tests.helpers import node, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def magnesium():
    solution = SolutionFactory(name="Magnesium", slug="magnesium")
    insomnia = ConditionFactory(name="Insomnia", slug="insomnia")
    EvidenceFactory(solution=solution, condition=insomnia)
    ReviewFactory(solution=solution, condition=insomnia)
    return solution


@pytest.fixture
def member(client):
    client.force_login(make_user("nina@example.com", "Nina"))
    return client


def tables_read(client, url: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return " ".join(query["sql"] for query in queries)


@pytest.mark.parametrize("url", ["/solutions/magnesium/", "/conditions/insomnia/"])
def test_a_members_second_page_reuses_the_evidence_and_the_figures(member, magnesium, url):
    first = tables_read(member, url)
    second = tables_read(member, url)

    for table in (
        "library_solutionforcondition",
        "community_reviewstats",
        "library_article",
        "library_video",
    ):
        assert table in first
        assert table not in second


@pytest.mark.parametrize("url", ["/", "/library/", "/library/?type=article"])
def test_a_members_second_home_or_library_page_reuses_the_lists(member, magnesium, url):
    ArticleFactory(title="Magnesium and sleep")
    first = tables_read(member, url)
    second = tables_read(member, url)

    assert "library_article" in first
    assert "library_article" not in second


def test_a_members_second_article_page_reuses_its_references_related_and_videos(member, magnesium):
    article = ArticleFactory(title="Magnesium and sleep")
    article.topics.add(magnesium.topic)
    article.related.add(ArticleFactory(title="Valerian at bedtime"))
    VideoFactory(title="How magnesium works").topics.add(magnesium.topic)
    url = article.get_absolute_url()
    first = tables_read(member, url)
    second = tables_read(member, url)
    response = member.get(url)

    for table in ("library_articlereference", "library_video", "library_article_related"):
        assert table in first
        assert table not in second
    assert "Valerian at bedtime" in page_text(response)
    assert "How magnesium works" in page_text(response)
    assert node(response, "Article")["headline"] == "Magnesium and sleep"


def test_the_library_lists_are_kept_apart_by_filter_and_page(member):
    for number in range(25):
        ArticleFactory(title=f"Article number {number:02}")
    first_page = page_text(member.get("/library/?type=article"))
    videos = page_text(member.get("/library/?type=video"))
    cursor = member.get("/library/?type=article").context["articles"].next_cursor
    second_page = page_text(member.get(f"/library/?type=article&cursor={cursor}"))

    assert "Article number 24" in first_page and "Article number 24" not in second_page
    assert "Article number 00" in second_page and "Article number 00" not in first_page
    assert "Article number" not in videos


def test_a_new_article_or_a_new_author_name_reaches_members_lists(member):
    article = ArticleFactory(title="Magnesium and sleep")
    member.get("/")
    member.get("/library/")
    ArticleFactory(title="Valerian at bedtime")
    article.author.display_name = "Dr Renamed"
    article.author.save()

    for url in ("/", "/library/"):
        text = page_text(member.get(url))
        assert "Valerian at bedtime" in text, url
        assert "Dr Renamed" in text, url


def test_a_part_showing_a_scheduled_article_is_rebuilt_when_its_time_comes(member, monkeypatch):
    soon = timezone.now() + dt.timedelta(minutes=5)
    ArticleFactory(title="Magnesium at night", published_at=soon)
    before = page_text(member.get("/library/"))

    later = soon + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = page_text(member.get("/library/"))

    assert "Magnesium at night" not in before
    assert "Magnesium at night" in after


def test_the_members_own_parts_are_still_built_for_them(member, magnesium):
    member.get("/solutions/magnesium/")

    response = member.get("/solutions/magnesium/")

    assert "Nina" in page_text(response)  # the account menu
    assert b"csrfmiddlewaretoken" in response.content  # their vote forms' token


def test_a_new_review_reaches_the_figures_members_see(member, magnesium):
    before = page_text(member.get("/solutions/magnesium/"))
    ReviewFactory(solution=magnesium)

    after = page_text(member.get("/solutions/magnesium/"))

    assert "All 1 review of Magnesium" in before
    assert "All 2 reviews of Magnesium" in after


def test_an_article_body_is_shared_until_the_library_changes(member):
    article = ArticleFactory(title="Magnesium and sleep", body="First words.")
    member.get(article.get_absolute_url())
    article.body = "Second words."
    article.save()

    assert "Second words." in page_text(member.get(article.get_absolute_url()))


def test_a_part_is_kept_under_the_versions_of_its_tags():
    part = Template('{% shared_part "test" 1 on "library" %}{{ value }}{% endshared_part %}')

    first = part.render(Context({"value": "one"}))
    kept = part.render(Context({"value": "two"}))
    changed(LIBRARY)
    rebuilt = part.render(Context({"value": "three"}))

    assert (first, kept, rebuilt) == ("one", "one", "three")


def test_parts_with_different_names_are_kept_apart():
    one = Template('{% shared_part "a" x on "library" %}{{ x }}{% endshared_part %}')

    assert one.render(Context({"x": 1})) == "1"
    assert one.render(Context({"x": 2})) == "2"


def test_a_part_without_tags_is_refused():
    with pytest.raises(TemplateSyntaxError):
        Template('{% shared_part "test" %}x{% endshared_part %}')
