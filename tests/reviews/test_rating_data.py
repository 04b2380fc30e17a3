"""Members' aggregate rating in a solution's schema.org data: only for what search engines
may show stars for (a DietarySupplement is a Product; a therapy is not)."""

import pytest

from tests.factories import ConditionFactory, ReviewFactory, SolutionFactory
from tests.helpers import node

pytestmark = pytest.mark.django_db


def test_a_supplement_s_data_carries_members_rating_over_all_its_reviews(client):
    magnesium = SolutionFactory(slug="magnesium", kind="supplement")
    ReviewFactory(solution=magnesium, effectiveness=6)
    ReviewFactory(solution=magnesium, effectiveness=9, condition=ConditionFactory())

    solution = node(client.get("/solutions/magnesium/"), "DietarySupplement")

    assert solution["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 7.5,
        "ratingCount": 2,
        "reviewCount": 2,
        "bestRating": 10,
        "worstRating": 1,
    }


def test_a_practice_gets_no_rating_whatever_members_say(client):
    cbt = SolutionFactory(slug="cbt-i", kind="practice")
    ReviewFactory(solution=cbt, effectiveness=9)

    assert "aggregateRating" not in node(client.get("/solutions/cbt-i/"), "MedicalTherapy")


def test_a_condition_page_carries_no_rating(client):
    insomnia = ConditionFactory(slug="insomnia")
    ReviewFactory(condition=insomnia, effectiveness=9)

    assert "aggregateRating" not in client.get("/conditions/insomnia/").content.decode()
