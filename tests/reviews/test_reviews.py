"""Reviews: writing, editing and deleting through the pages, the stored figures after each
change, the figures and chart on the solution and condition pages, sorting and filtering,
members' experience beside the research, and flat query counts."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aposbook.lib.pagecache import EVERYTHING, LIBRARY, MEMBERS
from aposbook.lib.pagecache import changed as pages_changed
from aposbook.library.models import EvidenceGrade, SolutionForm
from aposbook.reviews.models import Review, ReviewStats, ReviewVote
from aposbook.reviews.services import recompute_review_stats, recompute_review_votes
from tests.factories import ConditionFactory, EvidenceFactory, ReviewFactory, SolutionFactory
from tests.helpers import page_text
from tests.keyset import page_link

pytestmark = pytest.mark.django_db

LABEL = "Personal experience, not medical advice."
STORY = "I took two capsules every evening for six weeks and fell asleep sooner most nights."
DISAGREE = "Members' experience and the research disagree here:"


@pytest.fixture
def migraine():
    return ConditionFactory(name="Migraine", slug="migraine")


@pytest.fixture
def magnesium(insomnia, migraine):
    solution = SolutionFactory(name="Magnesium", slug="magnesium")
    for position, name in enumerate(["Citrate", "Oxide", "Glycinate"]):
        SolutionForm.objects.create(solution=solution, name=name, position=position)
    EvidenceFactory(solution=solution, condition=insomnia, grade=EvidenceGrade.C)
    EvidenceFactory(solution=solution, condition=migraine, grade=EvidenceGrade.B)
    return solution


def form_of(solution, name: str) -> SolutionForm:
    return solution.forms.get(name=name)


def review_data(**fields: str) -> dict[str, str]:
    data = {
        "condition": "insomnia",
        "effectiveness": "8",
        "side_effects": "mild",
        "side_effects_text": "Loose stools in the first week.",
        "solution_form": "",
        "dose": "200 mg at bedtime",
        "duration": "1-3-months",
        "recommends": "yes",
        "story": STORY,
    }
    return data | fields


def stats_for(solution, condition=None) -> ReviewStats:
    return ReviewStats.objects.get(solution=solution, condition=condition)


def fresh_figures(solution, condition=None) -> dict:
    """The figures counted afresh from the reviews, to compare with the stored ones."""
    reviews = list(Review.objects.filter(solution=solution, condition=condition))
    return {
        "review_count": len(reviews),
        "effectiveness_sum": sum(review.effectiveness for review in reviews),
        "histogram": [sum(r.effectiveness == score for r in reviews) for score in range(1, 11)],
        "side_effect_count": sum(review.side_effects != "none" for review in reviews),
        "recommend_count": sum(review.recommends for review in reviews),
    }


def stored_figures(solution, condition=None) -> dict:
    stats = stats_for(solution, condition)
    return {
        "review_count": stats.review_count,
        "effectiveness_sum": stats.effectiveness_sum,
        "histogram": stats.histogram,
        "side_effect_count": stats.side_effect_count,
        "recommend_count": stats.recommend_count,
    }


# Writing, editing, deleting


def test_it_publishes_a_review_and_counts_it(client, alice, magnesium, insomnia) -> None:
    client.force_login(alice)
    citrate = form_of(magnesium, "Citrate")

    response = client.post(
        "/solutions/magnesium/reviews/new/", review_data(solution_form=str(citrate.pk))
    )

    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/solutions/magnesium/reviews/?sort=newest#review-{review.pk}"
    assert (review.author, review.solution, review.condition) == (alice, magnesium, insomnia)
    assert (review.effectiveness, review.side_effects, review.solution_form) == (8, "mild", citrate)
    assert (review.dose, review.duration, review.recommends) == (
        "200 mg at bedtime",
        "1-3-months",
        True,
    )
    assert review.story_html == f"<p>{STORY}</p>\n"
    stats = stats_for(magnesium, insomnia)
    assert (stats.review_count, stats.average, stats.histogram[7]) == (1, 8.0, 1)
    assert (stats.side_effect_share, stats.recommend_share) == (100, 100)


def test_it_shows_the_write_form_on_get(client, alice, magnesium) -> None:
    client.force_login(alice)

    response = client.get("/solutions/magnesium/reviews/new/?condition=insomnia")

    text = page_text(response)
    assert response.status_code == 200
    assert "Review Magnesium" in text
    assert '<option value="insomnia" selected>Insomnia</option>' in response.content.decode()
    assert "Glycinate" in text and "Other, or not sure" in text
    assert "Less than a month" in text and "Over a year" in text
    assert not Review.objects.exists()


def test_it_reviews_a_solution_without_a_condition(client, alice, magnesium) -> None:
    client.force_login(alice)

    client.post("/solutions/magnesium/reviews/new/", review_data(condition="", side_effects="none"))

    review = Review.objects.get()
    assert review.condition is None
    assert review.side_effects_text == ""
    stats = stats_for(magnesium)
    assert (stats.review_count, stats.side_effect_count, stats.recommend_count) == (1, 0, 1)


def test_the_figures_follow_creates_edits_and_deletes(client, alice, bob, magnesium, insomnia):
    ReviewFactory(solution=magnesium, condition=insomnia, effectiveness=3, recommends=False)
    client.force_login(alice)
    client.post("/solutions/magnesium/reviews/new/", review_data(effectiveness="9"))
    review = Review.objects.get(author=alice)
    assert stored_figures(magnesium, insomnia) == fresh_figures(magnesium, insomnia)
    assert stats_for(magnesium, insomnia).average == 6.0

    client.post(
        f"/reviews/{review.pk}/edit/",
        review_data(effectiveness="5", side_effects="none", recommends="no"),
    )

    stats = stats_for(magnesium, insomnia)
    assert stored_figures(magnesium, insomnia) == fresh_figures(magnesium, insomnia)
    assert (stats.review_count, stats.average) == (2, 4.0)
    assert stats.histogram == [0, 0, 1, 0, 1, 0, 0, 0, 0, 0]
    assert (stats.side_effect_share, stats.recommend_share) == (0, 0)

    client.post(f"/reviews/{review.pk}/delete/")

    stats = stats_for(magnesium, insomnia)
    assert not Review.objects.filter(pk=review.pk).exists()
    assert stored_figures(magnesium, insomnia) == fresh_figures(magnesium, insomnia)
    assert (stats.review_count, stats.average, stats.histogram[2]) == (1, 3.0, 1)


def test_deleting_a_review_removes_its_votes(client, alice, bob, magnesium) -> None:
    review = ReviewFactory(author=alice, solution=magnesium)
    client.force_login(bob)
    client.post(f"/reviews/{review.pk}/vote/", {"helpful": "yes"})
    client.force_login(alice)

    response = client.post(f"/reviews/{review.pk}/delete/", follow=True)

    assert "Your review is deleted." in page_text(response)
    assert not ReviewVote.objects.exists()
    assert stats_for(magnesium).review_count == 0


def test_it_asks_before_deleting(client, alice, magnesium) -> None:
    review = ReviewFactory(author=alice, solution=magnesium)
    client.force_login(alice)

    response = client.get(f"/reviews/{review.pk}/delete/")

    assert "Delete your review of Magnesium?" in page_text(response)
    assert Review.objects.filter(pk=review.pk).exists()


def test_it_keeps_one_review_per_member_per_pair(client, alice, magnesium, insomnia) -> None:
    client.force_login(alice)
    client.post("/solutions/magnesium/reviews/new/", review_data())

    response = client.post("/solutions/magnesium/reviews/new/", review_data(effectiveness="2"))

    assert response.status_code == 200
    assert (
        "You have already reviewed Magnesium for insomnia. You can edit that review instead."
        in page_text(response)
    )
    assert Review.objects.count() == 1
    assert stats_for(magnesium, insomnia).review_count == 1


def test_one_member_may_review_other_pairs(client, alice, magnesium) -> None:
    client.force_login(alice)
    for condition in ["insomnia", "migraine", ""]:
        client.post("/solutions/magnesium/reviews/new/", review_data(condition=condition))

    response = client.post("/solutions/magnesium/reviews/new/", review_data(condition=""))

    assert "You have already reviewed Magnesium. You can edit that review" in page_text(response)
    assert Review.objects.filter(author=alice).count() == 3


def test_it_says_before_the_form_that_the_pair_is_already_reviewed(
    client, alice, magnesium, insomnia, django_assert_max_num_queries
) -> None:
    review = ReviewFactory(author=alice, solution=magnesium, condition=insomnia)
    client.force_login(alice)

    # The session, the account and its standing, the solution, the member's reviews of it,
    # and the conditions left to review.
    with django_assert_max_num_queries(7):
        response = client.get("/solutions/magnesium/reviews/new/?condition=insomnia")

    assert response.status_code == 200
    text = page_text(response)
    assert "You have already reviewed Magnesium for insomnia." in text
    html = response.content.decode()
    assert f'<a class="button" href="/reviews/{review.pk}/edit/">Edit your review</a>' in html
    assert "Publish your review" not in text and 'name="story"' not in html
    # Another condition, or none in particular, is still open.
    assert '<form method="get" action="/solutions/magnesium/reviews/new/"' in html
    assert '<option value="" selected>No particular condition</option>' in html
    assert '<option value="migraine">Migraine</option>' in html
    assert 'value="insomnia"' not in html


def test_it_says_so_for_a_review_of_no_particular_condition(
    client, alice, magnesium, insomnia
) -> None:
    review = ReviewFactory(author=alice, solution=magnesium, condition=None)
    client.force_login(alice)

    response = client.get("/solutions/magnesium/reviews/new/")

    assert "You have already reviewed Magnesium." in page_text(response)
    html = response.content.decode()
    assert f'href="/reviews/{review.pk}/edit/"' in html
    picker = re.search(r'<select name="condition".*?</select>', html, re.S).group()
    assert '<option value="insomnia">Insomnia</option>' in picker
    assert 'value=""' not in picker
    # Picking insomnia leads to the form.
    form_page = client.get("/solutions/magnesium/reviews/new/?condition=insomnia")
    assert '<option value="insomnia" selected>Insomnia</option>' in form_page.content.decode()


def test_it_says_when_every_condition_is_reviewed(
    client, alice, magnesium, insomnia, migraine
) -> None:
    for condition in [None, insomnia, migraine]:
        ReviewFactory(author=alice, solution=magnesium, condition=condition)
    client.force_login(alice)

    text = page_text(client.get("/solutions/magnesium/reviews/new/?condition=migraine"))

    assert "You have already reviewed Magnesium for migraine." in text
    assert "You have reviewed Magnesium for every condition we list." in text


def test_it_shows_the_form_when_only_another_member_reviewed_the_pair(
    client, alice, bob, magnesium, insomnia
) -> None:
    ReviewFactory(author=bob, solution=magnesium, condition=insomnia)
    ReviewFactory(author=alice, solution=magnesium, condition=None)
    client.force_login(alice)

    response = client.get("/solutions/magnesium/reviews/new/?condition=insomnia")

    assert "You have already reviewed" not in page_text(response)
    assert "Publish your review" in page_text(response)


@pytest.mark.parametrize("condition", ["insomnia", None])
def test_the_database_refuses_a_second_review_of_a_pair(alice, magnesium, insomnia, condition):
    chosen = insomnia if condition else None
    ReviewFactory(author=alice, solution=magnesium, condition=chosen)

    with pytest.raises(IntegrityError):
        Review.objects.create(
            author=alice,
            solution=magnesium,
            condition=chosen,
            effectiveness=5,
            side_effects="none",
            duration="1-3-months",
            recommends=True,
            story=STORY,
        )


def test_an_edited_review_says_so(client, alice, magnesium) -> None:
    review = ReviewFactory(author=alice, solution=magnesium, story=STORY)
    assert "edited" not in page_text(client.get("/solutions/magnesium/reviews/"))
    client.force_login(alice)

    client.post(f"/reviews/{review.pk}/edit/", review_data(story=STORY + " Then it stopped."))

    review.refresh_from_db()
    assert review.edited_at is not None
    assert "Then it stopped." in review.story_html
    client.logout()
    text = page_text(client.get("/solutions/magnesium/reviews/"))
    assert f"edited {review.edited_at:%-d %B %Y}" in text


def test_the_edit_form_shows_the_review_and_keeps_its_condition(
    client, alice, magnesium, insomnia
) -> None:
    review = ReviewFactory(author=alice, solution=magnesium, condition=insomnia)
    client.force_login(alice)

    response = client.get(f"/reviews/{review.pk}/edit/")
    client.post(f"/reviews/{review.pk}/edit/", review_data(condition="migraine"))

    assert review.story in page_text(response)
    assert 'name="condition"' not in response.content.decode()
    review.refresh_from_db()
    assert review.condition.slug == "insomnia"


# The pages


def test_the_solution_page_shows_figures_chart_and_reviews(client, magnesium, insomnia):
    for score, recommends in [(8, True), (8, True), (6, False), (2, False)]:
        ReviewFactory(
            solution=magnesium, condition=insomnia, effectiveness=score, recommends=recommends
        )
    ReviewFactory(
        solution=magnesium, effectiveness=9, side_effects="severe", side_effects_text="Cramps"
    )

    response = client.get("/solutions/magnesium/")

    text = page_text(response)
    html = response.content.decode()
    assert "Members' experience" in text
    # Over every review, with and without a condition: 5 reviews, average 6.6.
    assert "Members' reviews 5 Average effectiveness 6.6/10" in text
    assert "Had side effects 20% Would recommend it 60%" in text
    # For insomnia alone, beside its research grade.
    assert "Research evidence: C — limited Members' reviews 4 Average effectiveness 6.0/10" in text
    assert "No member has reviewed Magnesium for migraine yet." in text
    assert LABEL in text
    assert "All 5 reviews of Magnesium" in text
    assert html.count('class="card review"') == 3
    assert 'href="/solutions/magnesium/reviews/?condition=insomnia"' in html
    assert 'href="/solutions/magnesium/reviews/new/?condition=insomnia"' in html


def test_the_chart_is_an_svg_with_a_text_alternative(client, magnesium, insomnia) -> None:
    ReviewFactory(solution=magnesium, condition=insomnia, effectiveness=8)
    ReviewFactory(solution=magnesium, condition=insomnia, effectiveness=8)
    ReviewFactory(solution=magnesium, condition=insomnia, effectiveness=3)

    html = client.get("/conditions/insomnia/").content.decode()

    [svg] = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert 'role="img"' in svg
    label = "Ratings of Magnesium for insomnia from 1 (did nothing) to 10 (worked very well)."
    assert f'aria-label="{label} 1: 0 reviews, 2: 0 reviews, 3: 1 review,' in svg
    assert f"<title>{label}" in svg
    assert svg.count("<rect") == 10
    # Hidden by a wrapper: a table keeps its width whatever its own class says.
    table = re.search(
        r'<div class="visually-hidden">\s*<table>.*?</table>', html, flags=re.S
    ).group()
    assert "Number of reviews of Magnesium for insomnia for each rating" in table
    assert '<th scope="row">8</th><td>2</td>' in table
    assert '<th scope="row">3</th><td>1</td>' in table


def test_the_chart_escapes_the_names_in_its_labels(client, insomnia) -> None:
    odd = SolutionFactory(name='Root "<script>alert(1)</script>', slug="odd-root")
    EvidenceFactory(solution=odd, condition=insomnia, grade=EvidenceGrade.C)
    ReviewFactory(solution=odd, condition=insomnia, effectiveness=7)

    html = client.get("/solutions/odd-root/reviews/").content.decode()

    [svg] = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert "<script>" not in svg
    assert 'aria-label="Ratings of Root &quot;&lt;script&gt;alert(1)&lt;/script&gt;' in svg
    assert "<title>Ratings of Root &quot;&lt;script&gt;" in svg


def test_the_condition_page_shows_each_solutions_figures(client, magnesium, insomnia) -> None:
    valerian = SolutionFactory(name="Valerian", slug="valerian")
    EvidenceFactory(solution=valerian, condition=insomnia, grade=EvidenceGrade.D)
    ReviewFactory(solution=valerian, condition=insomnia, effectiveness=4)
    ReviewFactory(solution=magnesium, effectiveness=10)  # no condition: not on this page

    text = page_text(client.get("/conditions/insomnia/"))

    assert "Members' experience beside the research" in text
    assert "Valerian Research evidence: D — very weak Members' reviews 1" in text
    assert "Average effectiveness 4.0/10" in text
    assert "No member has reviewed Magnesium for insomnia yet." in text


def test_the_reviews_page_sorts_and_filters(client, magnesium, insomnia, migraine) -> None:
    now = timezone.now()
    old = ReviewFactory(
        solution=magnesium,
        condition=insomnia,
        effectiveness=9,
        story="Old " + STORY,
        created_at=now - dt.timedelta(days=30),
    )
    new = ReviewFactory(
        solution=magnesium,
        condition=migraine,
        effectiveness=2,
        story="New " + STORY,
        created_at=now - dt.timedelta(days=1),
    )
    middle = ReviewFactory(
        solution=magnesium,
        effectiveness=5,
        story="Middle " + STORY,
        created_at=now - dt.timedelta(days=10),
    )

    def order(query: str) -> list[int]:
        html = client.get(f"/solutions/magnesium/reviews/{query}").content.decode()
        return [
            int(pk) for pk in re.findall(r'<article class="card review" id="review-(\d+)"', html)
        ]

    assert order("?sort=newest") == [new.pk, middle.pk, old.pk]
    assert order("?sort=highest") == [old.pk, middle.pk, new.pk]
    assert order("?sort=lowest") == [new.pk, middle.pk, old.pk]
    assert order("?sort=newest&condition=insomnia") == [old.pk]
    assert order("?condition=none") == [middle.pk]
    assert order("?sort=nonsense&condition=nowhere") == order("")
    text = page_text(client.get("/solutions/magnesium/reviews/?condition=migraine"))
    assert "Reviews of Magnesium for migraine" in text
    assert "Members' reviews 1 Average effectiveness 2.0/10" in text


def test_the_reviews_page_is_paginated_without_counting(client, magnesium) -> None:
    for _ in range(23):
        ReviewFactory(solution=magnesium)

    first = client.get("/solutions/magnesium/reviews/?sort=newest")
    second = client.get(f"/solutions/magnesium/reviews/?{page_link(first, 'next')}")

    assert first.content.decode().count('class="card review"') == 20
    assert second.content.decode().count('class="card review"') == 3
    assert page_link(second, "next") is None
    assert 'href="?sort=newest&amp;cursor=' in first.content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get("/solutions/magnesium/reviews/")
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


def test_visitors_see_the_write_button(client, magnesium) -> None:
    response = client.get("/solutions/magnesium/")

    assert '<a class="button" href="/solutions/magnesium/reviews/new/">Write a review</a>' in (
        response.content.decode()
    )


def test_the_reviews_page_of_an_unknown_solution_is_not_found(client, db) -> None:
    assert client.get("/solutions/nothing/reviews/").status_code == 404


# Members' experience beside the research


def review_many(solution, condition, scores: list[int]) -> None:
    for score in scores:
        ReviewFactory(solution=solution, condition=condition, effectiveness=score)


@pytest.mark.parametrize(
    ("grade", "scores", "disagree"),
    [
        (EvidenceGrade.D, [8] * 10, True),
        (EvidenceGrade.D, [9] * 9 + [7], True),  # average 8.8
        (EvidenceGrade.D, [8] * 9, False),  # 9 reviews are too few
        (EvidenceGrade.D, [8] * 9 + [7], False),  # average 7.9
        (EvidenceGrade.A, [4] * 10, True),
        (EvidenceGrade.A, [5] * 10, False),
        (EvidenceGrade.B, [10] * 10, False),
        (EvidenceGrade.C, [1] * 10, False),
    ],
)
def test_it_says_when_members_and_research_disagree(client, insomnia, grade, scores, disagree):
    chamomile = SolutionFactory(name="Chamomile", slug="chamomile")
    EvidenceFactory(solution=chamomile, condition=insomnia, grade=grade)
    review_many(chamomile, insomnia, scores)

    for url in ["/conditions/insomnia/", "/solutions/chamomile/"]:
        assert (DISAGREE in page_text(client.get(url))) is disagree


def test_the_disagreement_explains_itself(client, insomnia) -> None:
    chamomile = SolutionFactory(name="Chamomile", slug="chamomile")
    EvidenceFactory(solution=chamomile, condition=insomnia, grade=EvidenceGrade.D)
    review_many(chamomile, insomnia, [9] * 11 + [6])

    text = page_text(client.get("/conditions/insomnia/"))

    assert (
        f"{DISAGREE} members rate it 8.8/10 on average from 12 reviews, but the research "
        "evidence is very weak (grade D)."
    ) in text


def test_experts_see_the_pairs_that_disagree(client, erin, insomnia, migraine) -> None:
    chamomile = SolutionFactory(name="Chamomile", slug="chamomile")
    EvidenceFactory(solution=chamomile, condition=insomnia, grade=EvidenceGrade.D)
    EvidenceFactory(solution=chamomile, condition=migraine, grade=EvidenceGrade.D)
    melatonin = SolutionFactory(name="Melatonin", slug="melatonin")
    EvidenceFactory(solution=melatonin, condition=insomnia, grade=EvidenceGrade.A)
    review_many(chamomile, insomnia, [9] * 10)
    review_many(chamomile, migraine, [5] * 10)
    review_many(melatonin, insomnia, [3] * 12)
    review_many(chamomile, None, [10] * 10)  # no condition, no grade: never a disagreement
    client.force_login(erin)

    response = client.get("/experts/disagreements/")

    text = page_text(response)
    assert response.status_code == 200
    assert "Melatonin for insomnia" in text
    assert "Chamomile for insomnia" in text
    assert "Chamomile for migraine" not in text
    assert text.index("Melatonin for insomnia") < text.index("Chamomile for insomnia")
    assert 'href="/solutions/chamomile/reviews/?condition=insomnia"' in response.content.decode()


def test_moderators_see_the_disagreements_and_members_do_not(client, mo, alice) -> None:
    client.force_login(mo)
    assert client.get("/experts/disagreements/").status_code == 200

    client.force_login(alice)
    response = client.get("/experts/disagreements/")

    assert response.status_code == 403
    assert "This page is for health experts and moderators" in page_text(response)


def test_visitors_get_the_gate_for_the_disagreements(client, db) -> None:
    response = client.get("/experts/disagreements/")

    assert response.status_code == 403
    assert "Please log in to use this feature" in page_text(response)


# Query counts stay flat as reviews grow


def grow_reviews(magnesium, insomnia, migraine, count: int) -> None:
    have = Review.objects.count()
    conditions = [insomnia, migraine, None]
    for n in range(have, count):
        ReviewFactory(solution=magnesium, condition=conditions[n % 3], effectiveness=1 + n % 10)


# The whole page's budget (library, discussions and reviews), and the reviews' own share:
# the stats rows, the first reviews, and for a member their votes on those reviews; on a
# solution page also the rating in its schema.org data.
PAGE_BUDGETS = [
    ("/solutions/magnesium/", 11, 3),
    ("/conditions/insomnia/", 9, 1),
    # The list pages by key: no count of the reviews, nor of the hidden and held ones.
    ("/solutions/magnesium/reviews/", 4, 3),
]


def rebuild_everything() -> None:
    """No page or shared part stays stored: what is measured is the cost of a build."""
    pages_changed(EVERYTHING, LIBRARY, MEMBERS)


def review_queries(queries) -> int:
    return sum('"community_review' in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize(("url", "budget", "own"), PAGE_BUDGETS)
def test_page_queries_stay_flat_as_reviews_grow(
    client, magnesium, insomnia, migraine, django_assert_max_num_queries, url, budget, own
) -> None:
    counts = []
    for total in [3, 40]:
        grow_reviews(magnesium, insomnia, migraine, total)
        rebuild_everything()
        with django_assert_max_num_queries(budget) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries.captured_queries))
        assert review_queries(queries) == own

    assert counts[0] == counts[1]


@pytest.mark.parametrize(("url", "budget", "own"), PAGE_BUDGETS)
def test_member_page_queries_stay_flat_as_reviews_grow(
    client, alice, magnesium, insomnia, migraine, django_assert_max_num_queries, url, budget, own
) -> None:
    client.force_login(alice)
    counts = []
    for total in [3, 40]:
        grow_reviews(magnesium, insomnia, migraine, total)
        rebuild_everything()
        # A member's page also reads the session, the account and its standing, and their
        # votes on the reviews shown.
        with django_assert_max_num_queries(budget + 4) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries.captured_queries))

    assert counts[0] == counts[1]


# Repair


def test_recompute_rebuilds_the_figures_and_votes(alice, bob, magnesium, insomnia) -> None:
    review = ReviewFactory(author=alice, solution=magnesium, condition=insomnia, effectiveness=6)
    ReviewFactory(
        solution=magnesium, effectiveness=2, side_effects="mild", side_effects_text="Ache"
    )
    ReviewVote.objects.create(review=review, voter=bob, helpful=True)  # outside the services
    ReviewStats.objects.filter(solution=magnesium).update(review_count=99, effectiveness_sum=0)

    assert recompute_review_stats() == 2
    assert recompute_review_votes() == 1

    assert stored_figures(magnesium, insomnia) == fresh_figures(magnesium, insomnia)
    assert stored_figures(magnesium) == fresh_figures(magnesium)
    review.refresh_from_db()
    assert (review.helpful_count, review.not_helpful_count) == (1, 0)
    assert review.helpfulness == pytest.approx(0.2065, abs=1e-4)


def test_the_recompute_command_reports(magnesium) -> None:
    ReviewFactory(solution=magnesium)
    out = StringIO()

    call_command("recompute_review_stats", "--solution", "magnesium", stdout=out)

    assert "Recounted 1 review figure rows; corrected the votes of 0 reviews." in out.getvalue()
