"""The re-review schedule: every published article and topic page is due for a medical
review a set time after its last one; editors record reviews; readers see the date."""

import datetime as dt

import pytest
from django.utils import timezone

from aposbook.library.models import ArticleStatus, Topic
from tests.factories import ArticleFactory, ConditionFactory, SolutionFactory
from tests.helpers import field_error, page_text

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def reviewed(owner, days_ago: int, reviewer=None):
    Topic.objects.filter(pk=owner.topic.pk).update(
        reviewed_at=NOW - dt.timedelta(days=days_ago), reviewed_by=reviewer
    )
    owner.topic.refresh_from_db()
    return owner


def test_it_makes_a_review_due_a_year_after_the_last(erin) -> None:
    condition = reviewed(ConditionFactory(), days_ago=10, reviewer=erin)

    assert condition.topic.review_due == condition.topic.reviewed_at + dt.timedelta(days=365)
    assert not condition.topic.is_review_overdue()


def test_it_reads_the_interval_from_the_settings(settings) -> None:
    settings.MEDICAL_REVIEW_INTERVAL_DAYS = 30
    condition = reviewed(ConditionFactory(), days_ago=31)

    assert condition.topic.review_due == condition.topic.reviewed_at + dt.timedelta(days=30)
    assert condition.topic.is_review_overdue()


def test_it_lists_as_overdue_what_readers_see_and_was_not_reviewed_in_time() -> None:
    never = ConditionFactory(name="Never reviewed")
    stale = reviewed(SolutionFactory(name="Stale"), days_ago=400)
    reviewed(ConditionFactory(name="Fresh"), days_ago=100)
    old_article = reviewed(ArticleFactory(title="Old article"), days_ago=366)
    reviewed(
        ArticleFactory(title="Old draft", status=ArticleStatus.DRAFT, published_at=None),
        days_ago=500,
    )
    reviewed(ArticleFactory(title="Archived", status=ArticleStatus.ARCHIVED), days_ago=500)

    overdue = set(Topic.objects.review_overdue().values_list("title", flat=True))

    assert overdue == {never.name, stale.name, old_article.title}


def test_an_editor_records_a_review_by_a_named_expert(client, mo, erin) -> None:
    ConditionFactory(name="Insomnia", slug="insomnia")
    client.force_login(mo)

    form = client.get("/conditions/insomnia/medical-review/")
    assert "never been medically reviewed" in page_text(form)
    assert Topic.objects.get(slug="insomnia").reviewed_at is None  # a GET records nothing

    response = client.post("/conditions/insomnia/medical-review/", {"reviewer": str(erin.pk)})

    assert response.status_code == 302
    topic = Topic.objects.get(slug="insomnia")
    assert topic.reviewed_by == erin
    assert topic.review_due > NOW + dt.timedelta(days=364)
    page = page_text(client.get("/conditions/insomnia/"))
    date = f"{topic.reviewed_at.day} {topic.reviewed_at:%B %Y}"
    assert f"Medically reviewed on {date} by Erin Hale, MS, RD" in page


def test_an_editor_records_their_own_review_of_a_solution(client, mo) -> None:
    SolutionFactory(name="Magnesium", slug="magnesium")
    client.force_login(mo)

    client.post("/solutions/magnesium/medical-review/", {"reviewer": str(mo.pk)})

    assert Topic.objects.get(slug="magnesium").reviewed_by == mo
    assert "Medically reviewed on" in page_text(client.get("/solutions/magnesium/"))


def test_it_refuses_the_author_as_their_articles_reviewer(client, mo, erin) -> None:
    ArticleFactory(author=erin, slug="magnesium-and-sleep")
    client.force_login(mo)

    response = client.post("/articles/magnesium-and-sleep/medical-review/", {"reviewer": erin.pk})

    assert response.status_code == 400
    assert "The author can't be the article's medical reviewer." in field_error(
        response, "reviewer"
    )


def test_a_re_review_of_an_article_names_the_new_reviewer_in_its_byline(client, mo, erin) -> None:
    ArticleFactory(slug="magnesium-and-sleep")
    client.force_login(mo)

    client.post("/articles/magnesium-and-sleep/medical-review/", {"reviewer": erin.pk})

    assert "Medically reviewed by Erin Hale, MS, RD" in page_text(
        client.get("/articles/magnesium-and-sleep/")
    )


@pytest.mark.parametrize("who", ["alice", "erin"])
def test_it_refuses_recording_a_review_to_anyone_but_an_editor(client, request, who: str) -> None:
    ConditionFactory(name="Insomnia", slug="insomnia")
    member = request.getfixturevalue(who)
    client.force_login(member)

    response = client.post("/conditions/insomnia/medical-review/", {"reviewer": member.pk})

    assert response.status_code == 403
    assert "Only editors (moderators and staff) record" in page_text(response)
    assert Topic.objects.get(slug="insomnia").reviewed_at is None


def test_the_desk_lists_overdue_reviews_with_their_count(client, mo) -> None:
    reviewed(ConditionFactory(name="Insomnia"), days_ago=400)
    reviewed(ConditionFactory(name="Migraine"), days_ago=10)
    client.force_login(mo)

    text = page_text(client.get("/editorial/"))

    assert "Medical reviews overdue (1)" in text
    assert "Insomnia (condition): last reviewed on" in text
    assert "Migraine" not in text


def test_the_condition_page_keeps_its_query_budget_with_a_review(
    client, erin, django_assert_max_num_queries
) -> None:
    reviewed(ConditionFactory(name="Insomnia", slug="insomnia"), days_ago=3, reviewer=erin)

    with django_assert_max_num_queries(12):
        response = client.get("/conditions/insomnia/")

    assert "Medically reviewed on" in page_text(response)
