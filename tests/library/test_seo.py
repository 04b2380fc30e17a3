"""What search engines and feed readers get from the library's pages: JSON-LD, canonical
links, Open Graph and Twitter tags, and the Atom feeds of articles."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from aposbook.library.demo.loader import load_demo
from aposbook.library.models import Article, ArticleStatus, Condition, Solution, Video
from aposbook.library.structured_data import SOLUTION_TYPES
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    ReferenceFactory,
    SolutionFactory,
    UserFactory,
    VideoFactory,
    cite,
)
from tests.helpers import canonical, meta, node, structured_data

pytestmark = pytest.mark.django_db

SITE = "https://aposbook.example"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def public_address(settings) -> None:
    settings.SITE_URL = SITE


@pytest.fixture
def insomnia():
    return ConditionFactory(
        name="Insomnia",
        slug="insomnia",
        summary="Trouble falling or staying asleep.",
        synonyms="Sleeplessness",
        icd10_codes="G47.0, F51.0x",
    )


@pytest.fixture
def magnesium():
    return SolutionFactory(name="Magnesium", slug="magnesium", kind="supplement")


def test_a_condition_page_describes_the_condition_with_its_icd10_codes(client, insomnia, mo):
    insomnia.topic.reviewed_at = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
    insomnia.topic.reviewed_by = mo
    insomnia.topic.save()

    response = client.get("/conditions/insomnia/")

    page = node(response, "MedicalWebPage")
    assert page["url"] == f"{SITE}/conditions/insomnia/"
    assert page["lastReviewed"] == "2026-03-01T09:30:00+00:00"
    assert page["reviewedBy"]["name"] == "Mo"
    condition = node(response, "MedicalCondition")
    assert condition["name"] == "Insomnia"
    assert condition["alternateName"] == ["Sleeplessness"]
    assert condition["code"] == [
        {"@type": "MedicalCode", "codeValue": "G47.0", "codingSystem": "ICD-10-CM"},
        {"@type": "MedicalCode", "codeValue": "F51.0", "codingSystem": "ICD-10-CM"},
    ]


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        ("supplement", "DietarySupplement"),
        ("herb", "DietarySupplement"),
        ("food", "DietarySupplement"),
        ("practice", "MedicalTherapy"),
    ],
)
def test_a_solution_page_describes_the_solution_by_its_kind(client, kind, schema_type):
    SolutionFactory(name="Sleep remedy", slug="remedy", kind=kind, summary="It may help.")

    response = client.get("/solutions/remedy/")

    solution = node(response, schema_type)
    assert solution["name"] == "Sleep remedy"
    assert solution["description"] == "It may help."
    assert solution["url"] == f"{SITE}/solutions/remedy/"
    assert "aggregateRating" not in solution  # no reviews yet


def test_an_article_page_is_a_medical_web_page_carrying_an_article(client, mo):
    erin = UserFactory(display_name="Erin Hale", credentials="MS, RD")
    article = ArticleFactory(
        slug="magnesium-and-sleep",
        title="Magnesium and sleep",
        summary="What the trials say.",
        author=erin,
        reviewer=mo,
        published_at=dt.datetime(2016, 3, 1, tzinfo=dt.UTC),
        updated_at=dt.datetime(2017, 4, 30, 12, tzinfo=dt.UTC),
    )
    study = ReferenceFactory(
        title="Magnesium in the elderly", journal="J Res Med Sci", year=2012, pmid="23853635"
    )
    cite(article, study)
    article.topics.add(ConditionFactory(name="Insomnia").topic)

    response = client.get("/articles/magnesium-and-sleep/")

    page = node(response, "MedicalWebPage")
    assert page["reviewedBy"]["name"] == "Mo"
    assert page["mainEntity"] == {"@id": f"{SITE}/articles/magnesium-and-sleep/#article"}
    entity = node(response, "Article")
    assert entity["headline"] == "Magnesium and sleep"
    assert entity["author"]["name"] == "Erin Hale"
    assert entity["author"]["hasCredential"]["name"] == "MS, RD"
    assert entity["author"]["url"] == f"{SITE}/members/{erin.pk}/"
    assert entity["datePublished"] == "2016-03-01T00:00:00+00:00"
    assert entity["dateModified"] == "2017-04-30T12:00:00+00:00"
    assert entity["about"] == [{"@type": "Thing", "name": "Insomnia"}]
    [citation] = entity["citation"]
    assert citation["name"] == "Magnesium in the elderly"
    assert citation["datePublished"] == "2012"
    assert citation["isPartOf"]["name"] == "J Res Med Sci"
    assert citation["url"] == "https://pubmed.ncbi.nlm.nih.gov/23853635/"


def test_json_ld_cannot_close_its_script_element(client):
    SolutionFactory(slug="tricky", summary="</script><script>alert(1)</script> & more")

    response = client.get("/solutions/tricky/")

    page = response.content.decode()
    assert "</script><script>alert(1)" not in page
    assert "\\u003C/script\\u003E" in page
    solution = node(response, "DietarySupplement")
    assert solution["description"] == "</script><script>alert(1)</script> & more"


def test_a_youtube_video_page_has_a_video_object_with_its_still_image(client):
    VideoFactory(
        slug="sleep-hygiene",
        title="Sleep hygiene",
        description="Ten habits.",
        url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        published_at=dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
    )

    response = client.get("/videos/sleep-hygiene/")

    video = node(response, "VideoObject")
    assert video["name"] == "Sleep hygiene"
    assert video["description"] == "Ten habits."
    assert video["uploadDate"] == "2025-01-02T03:04:05+00:00"
    assert video["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    thumbnail = "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    assert video["thumbnailUrl"] == thumbnail
    assert meta(response, "og:image") == thumbnail
    assert meta(response, "og:type") == "video.other"


def test_a_vimeo_video_names_no_made_up_image(client):
    VideoFactory(slug="talk", url="https://vimeo.com/76979871")

    response = client.get("/videos/talk/")

    assert "thumbnailUrl" not in node(response, "VideoObject")
    assert 'property="og:image"' not in response.content.decode()
    assert meta(response, "twitter:card") == "summary"


def test_pages_name_their_public_address_without_tracking_parameters(client, insomnia):
    response = client.get("/conditions/insomnia/?utm_source=news&fbclid=abc")

    assert canonical(response) == f"{SITE}/conditions/insomnia/"
    assert meta(response, "og:url") == f"{SITE}/conditions/insomnia/"


def test_a_page_of_a_list_is_canonical_to_itself(client):
    response = client.get("/library/?type=article&page=2&utm_medium=email")

    assert canonical(response) == f"{SITE}/library/?type=article&page=2"


def test_pages_have_open_graph_and_twitter_tags(client, insomnia):
    article = ArticleFactory(title="Magnesium and sleep", summary="What the trials say.")

    condition_page = client.get("/conditions/insomnia/")
    article_page = client.get(article.get_absolute_url())

    assert meta(condition_page, "og:title") == "Insomnia"
    assert meta(condition_page, "og:description") == "Trouble falling or staying asleep."
    assert meta(condition_page, "og:type") == "website"
    assert meta(condition_page, "twitter:card") == "summary"
    assert meta(condition_page, "twitter:title") == "Insomnia"
    assert meta(article_page, "og:type") == "article"
    assert meta(article_page, "twitter:description") == "What the trials say."
    assert meta(article_page, "og:url") == f"{SITE}{article.get_absolute_url()}"


def test_every_page_links_to_the_library_feed_and_topic_pages_to_their_own(client, insomnia):
    home = client.get("/").content.decode()
    page = client.get("/conditions/insomnia/").content.decode()

    feed = '<link rel="alternate" type="application/atom+xml" href="/feeds/articles/"'
    assert feed in home
    assert feed in page
    assert 'type="application/atom+xml" href="/feeds/conditions/insomnia/"' in page


def _entries(response) -> list[ET.Element]:
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_the_library_feed_lists_published_articles_newest_first(client):
    writer = UserFactory(display_name="Erin Hale", credentials="MS, RD")
    now = timezone.now()
    older = ArticleFactory(title="Older", author=writer, updated_at=now - dt.timedelta(days=5))
    newer = ArticleFactory(title="Newer", author=writer, updated_at=now - dt.timedelta(days=1))
    ArticleFactory(title="A draft", status=ArticleStatus.DRAFT, published_at=None)
    ArticleFactory(title="Scheduled", published_at=now + dt.timedelta(days=3))

    response = client.get("/feeds/articles/")

    entries = _entries(response)
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Newer", "Older"]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == f"{SITE}{newer.get_absolute_url()}"
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "Erin Hale, MS, RD"
    assert first.findtext(f"{ATOM}summary") == newer.summary
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE}/feeds/articles/"
    assert older.title in response.content.decode()


def test_a_topic_feed_lists_only_that_topic_s_articles(client, insomnia, magnesium):
    about_insomnia = ArticleFactory(title="Sleep well")
    about_insomnia.topics.add(insomnia.topic)
    ArticleFactory(title="Magnesium forms").topics.add(magnesium.topic)
    ArticleFactory(title="Unpublished", status=ArticleStatus.DRAFT).topics.add(insomnia.topic)

    conditions = _entries(client.get("/feeds/conditions/insomnia/"))
    solutions = _entries(client.get("/feeds/solutions/magnesium/"))

    assert [entry.findtext(f"{ATOM}title") for entry in conditions] == ["Sleep well"]
    assert [entry.findtext(f"{ATOM}title") for entry in solutions] == ["Magnesium forms"]


def test_a_topic_feed_of_an_unknown_topic_is_not_found(client, insomnia):
    assert client.get("/feeds/conditions/no-such-thing/").status_code == 404
    assert client.get("/feeds/solutions/insomnia/").status_code == 404


@pytest.mark.parametrize("url", ["/feeds/articles/", "/feeds/conditions/insomnia/"])
def test_feeds_cost_the_same_queries_however_many_articles(
    client, django_assert_max_num_queries, insomnia, url
):
    for count in (2, 20):
        for _ in range(count):
            ArticleFactory().topics.add(insomnia.topic)
        with django_assert_max_num_queries(3):
            assert client.get(url).status_code == 200


def test_structured_data_is_valid_json_on_every_library_page(client, insomnia, magnesium):
    article = ArticleFactory()
    video = VideoFactory()
    for url in [
        "/conditions/insomnia/",
        "/solutions/magnesium/",
        article.get_absolute_url(),
        video.get_absolute_url(),
    ]:
        assert structured_data(client.get(url)), url


def test_a_page_kept_out_of_search_engines_names_no_canonical_address(client):
    for url in ["/conditions/no-such-thing/", "/leave/?to=https%3A%2F%2Fexample.org&sig=bad"]:
        page = client.get(url).content.decode()

        assert 'content="noindex"' in page
        assert 'rel="canonical"' not in page
        assert 'property="og:url"' not in page


def test_every_demo_page_describes_itself_to_search_engines(client):
    load_demo()

    for condition in Condition.objects.all():
        entity = node(client.get(condition.get_absolute_url()), "MedicalCondition")
        assert entity["code"], condition
    for solution in Solution.objects.all():
        node(client.get(solution.get_absolute_url()), SOLUTION_TYPES[solution.kind])
    for article in Article.objects.published():
        entity = node(client.get(article.get_absolute_url()), "Article")
        assert entity["citation"], article
        assert entity["author"]["hasCredential"], article
    for video in Video.objects.published():
        node(client.get(video.get_absolute_url()), "VideoObject")


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/", "Natural solutions for health conditions"),
        ("/conditions/", "Health conditions from A to Z"),
        ("/solutions/", "Natural solutions"),
        ("/library/", "Library: articles and videos"),
        ("/library/?topic=insomnia", "Library: articles and videos about Insomnia"),
    ],
)
def test_lists_have_their_own_card_title(client, insomnia, url, title):
    response = client.get(url)

    assert meta(response, "og:title") == title
    assert meta(response, "og:url") == f"{SITE}{url}"
