"""The library's conditions, solutions, evidence, articles and videos as JSON."""

import datetime as dt

import pytest
from django.utils import timezone

from aposbook.library.models import ArticleStatus, VideoStatus
from tests.factories import ArticleFactory, ConditionFactory, VideoFactory

pytestmark = pytest.mark.django_db


def test_it_lists_conditions_with_their_codes_and_other_names(client, insomnia) -> None:
    ConditionFactory(name="Anxiety", slug="anxiety")

    response = client.get("/api/conditions")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert [item["name"] for item in data["items"]] == ["Anxiety", "Insomnia"]
    assert data["items"][1] == {
        "slug": "insomnia",
        "name": "Insomnia",
        "summary": "Trouble falling or staying asleep.",
        "icd10_codes": ["G47.0", "F51.0x"],
        "synonyms": ["Sleeplessness", "Trouble sleeping"],
        "page_url": "http://127.0.0.1:8000/conditions/insomnia/",
    }
    assert data["next_cursor"] is None


def test_it_finds_conditions_by_the_start_of_a_code(client, insomnia) -> None:
    ConditionFactory(name="Anxiety", slug="anxiety", icd10_codes="F41.1")

    def names(code: str) -> list[str]:
        return [item["name"] for item in client.get(f"/api/conditions?code={code}").json()["items"]]

    assert names("G47") == ["Insomnia"]
    assert names("f51") == ["Insomnia"]
    assert names("F41") == ["Anxiety"]
    assert names("47") == []


def test_it_shows_one_condition_with_its_text_and_related_conditions(client, insomnia) -> None:
    apnoea = ConditionFactory(name="Sleep apnoea", slug="sleep-apnoea")
    insomnia.related.add(apnoea)

    data = client.get("/api/conditions/insomnia").json()

    assert data["name"] == "Insomnia"
    assert "<h2>What it is</h2>" in data["body_html"]
    assert data["related"] == [{"slug": "sleep-apnoea", "name": "Sleep apnoea"}]
    assert data["reviewed_at"] is None


def test_it_answers_not_found_for_an_unknown_slug(client, db) -> None:
    for path in ["conditions", "solutions", "articles", "videos"]:
        response = client.get(f"/api/{path}/no-such-thing")

        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not Found"}


def test_it_lists_solutions_with_their_forms_and_filters_by_kind(
    client, magnesium, valerian
) -> None:
    data = client.get("/api/solutions").json()

    assert [item["name"] for item in data["items"]] == ["Magnesium", "Valerian"]
    assert data["items"][0]["forms"] == [
        {"name": "Magnesium glycinate", "description": ""},
        {"name": "Magnesium citrate", "description": ""},
    ]
    herbs = client.get("/api/solutions?kind=herb").json()["items"]
    assert [item["name"] for item in herbs] == ["Valerian"]
    assert client.get("/api/solutions?kind=potion").status_code == 422


def test_it_shows_one_solution_with_its_texts_as_html(client, magnesium) -> None:
    data = client.get("/api/solutions/magnesium").json()

    assert data["dosage_html"] == "<p>200–400 mg a day.</p>\n"
    assert data["side_effects_html"] == "<p>Loose stools at high doses.</p>\n"
    assert data["kind"] == "supplement"


def test_it_lists_the_evidence_strongest_first_with_references(client, library) -> None:
    data = client.get("/api/evidence").json()

    assert [(item["solution"]["slug"], item["grade"]) for item in data["items"]] == [
        ("valerian", "B"),
        ("magnesium", "C"),
    ]
    magnesium = data["items"][1]
    assert magnesium["condition"] == {"slug": "insomnia", "name": "Insomnia"}
    assert magnesium["grade_rule"].startswith("Small, short or uncontrolled studies")
    [reference] = magnesium["references"]
    assert reference["key"] == "abbasi-2012"
    assert reference["link"] == f"https://pubmed.ncbi.nlm.nih.gov/{reference['pmid']}/"


def test_it_filters_the_evidence_by_condition_solution_and_grade(client, library) -> None:
    def solutions(query: str) -> list[str]:
        items = client.get(f"/api/evidence?{query}").json()["items"]
        return [item["solution"]["slug"] for item in items]

    assert solutions("solution=magnesium") == ["magnesium"]
    assert solutions("condition=insomnia&grade=B") == ["valerian"]
    assert solutions("condition=anxiety") == []
    assert client.get("/api/evidence?grade=E").status_code == 422


def test_it_lists_only_published_articles(client, library, erin) -> None:
    ArticleFactory(title="A draft", author=erin, status=ArticleStatus.DRAFT, published_at=None)
    ArticleFactory(title="Archived", author=erin, status=ArticleStatus.ARCHIVED)
    tomorrow = timezone.now() + dt.timedelta(days=1)
    ArticleFactory(title="Tomorrow", author=erin, published_at=tomorrow)

    data = client.get("/api/articles").json()

    assert [item["title"] for item in data["items"]] == ["Magnesium and sleep"]
    item = data["items"][0]
    assert item["author"] == "Erin Hale, MS, RD"
    assert {topic["slug"] for topic in item["topics"]} == {"insomnia", "magnesium"}
    assert "body_html" not in item


def test_it_filters_articles_and_videos_by_topic(client, library, valerian) -> None:
    assert len(client.get("/api/articles?topic=magnesium").json()["items"]) == 1
    assert client.get("/api/articles?topic=valerian").json()["items"] == []
    assert len(client.get("/api/videos?topic=insomnia").json()["items"]) == 1
    assert client.get("/api/videos?topic=magnesium").json()["items"] == []


def test_it_shows_an_article_with_its_sanitised_body_and_numbered_references(
    client, library
) -> None:
    data = client.get("/api/articles/magnesium-and-sleep").json()

    assert '<h2 id="what-the-trials-found">What the trials found</h2>' in data["body_html"]
    assert 'href="#ref-1"' in data["body_html"]
    assert [(item["number"], item["key"]) for item in data["references"]] == [(1, "abbasi-2012")]


def test_it_never_serves_an_unpublished_article_even_to_staff(admin_client, erin) -> None:
    ArticleFactory(slug="draft", author=erin, status=ArticleStatus.DRAFT, published_at=None)

    assert admin_client.get("/api/articles/draft").status_code == 404
    assert admin_client.get("/api/articles").json()["items"] == []


def test_it_lists_and_shows_only_published_videos(client, library) -> None:
    VideoFactory(slug="waiting", status=VideoStatus.SUBMITTED)
    VideoFactory(slug="refused", status=VideoStatus.REFUSED)

    data = client.get("/api/videos").json()

    assert [item["slug"] for item in data["items"]] == ["sleep-hygiene"]
    video = client.get("/api/videos/sleep-hygiene").json()
    assert video["provider"] == "youtube"
    assert video["embed_url"].startswith("https://www.youtube-nocookie.com/embed/")
    assert video["topics"] == [{"kind": "condition", "slug": "insomnia", "title": "Insomnia"}]
    assert client.get("/api/videos/waiting").status_code == 404
    assert client.get("/api/videos/refused").status_code == 404


def test_it_explains_a_bad_parameter(client, db) -> None:
    response = client.get("/api/conditions?limit=500")

    assert response.status_code == 422
    assert response.json() == {"detail": "limit: Input should be less than or equal to 100"}


def test_its_index_points_at_every_list_and_the_docs(client, db) -> None:
    data = client.get("/api/").json()

    assert data["lists"]["conditions"] == "http://127.0.0.1:8000/api/conditions"
    assert data["openapi"] == "http://127.0.0.1:8000/api/openapi.json"
    assert data["docs"] == "http://127.0.0.1:8000/api/docs"
    for url in data["lists"].values():
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        ("/api/conditions", 1),
        ("/api/conditions/insomnia", 2),
        ("/api/solutions", 2),
        ("/api/solutions/magnesium", 2),
        ("/api/evidence", 2),
        ("/api/articles", 2),
        ("/api/articles/magnesium-and-sleep", 3),
        ("/api/videos", 2),
        ("/api/videos/sleep-hygiene", 2),
        ("/api/review-figures", 1),
    ],
)
def test_it_reads_each_answer_in_a_few_queries(
    client, library, reviews, path, budget, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(budget):
        response = client.get(path)

    assert response.status_code == 200
