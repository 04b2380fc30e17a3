"""Members' review figures, and nothing about the members who wrote the reviews."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_gives_each_pairs_stored_figures(client, library, reviews) -> None:
    items = client.get("/api/review-figures?solution=magnesium").json()["items"]

    by_condition = {(item["condition"] or {}).get("slug"): item for item in items}
    pair = by_condition["insomnia"]
    assert pair["solution"] == {"slug": "magnesium", "name": "Magnesium"}
    assert pair["review_count"] == 2
    assert pair["average"] == 6.5
    assert pair["histogram"] == [0, 0, 0, 0, 1, 0, 0, 1, 0, 0]
    assert pair["side_effect_share"] == 50
    assert pair["recommend_share"] == 50
    assert (
        pair["page_url"] == "http://127.0.0.1:8000/solutions/magnesium/reviews/?condition=insomnia"
    )
    assert by_condition[None]["review_count"] == 1
    assert by_condition[None]["page_url"] == "http://127.0.0.1:8000/solutions/magnesium/reviews/"


def test_it_filters_figures_by_condition(client, library, reviews) -> None:
    items = client.get("/api/review-figures?condition=insomnia").json()["items"]

    assert [item["review_count"] for item in items] == [2]


def test_no_answer_names_a_member_or_quotes_a_review(client, library, reviews, alice, bob) -> None:
    paths = [
        "/api/review-figures",
        "/api/solutions/magnesium",
        "/api/evidence",
        "/api/articles",
        "/api/articles/magnesium-and-sleep",
    ]
    for path in paths:
        text = client.get(path).content.decode()

        for person in (alice, bob):
            assert person.email not in text, path
            assert person.display_name not in text, path
        assert "stomach ache" not in text, path
        assert "every evening" not in text, path
        assert "@" not in text, path


def test_an_article_names_its_author_only_as_the_byline_shows(client, library, erin) -> None:
    text = client.get("/api/articles/magnesium-and-sleep").content.decode()

    assert "Erin Hale, MS, RD" in text
    assert erin.email not in text
    assert f'"id": {erin.pk}' not in text
