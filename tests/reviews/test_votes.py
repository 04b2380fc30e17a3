"""Helpful votes on reviews: one per member, changeable, never on one's own review, and
"most helpful" ranked by the Wilson lower bound stored on the review."""

import re

import pytest

from aposbook.accounts.models import Role
from aposbook.reviews.models import Review, ReviewVote, wilson_lower_bound
from aposbook.reviews.services import VoteRefused, vote_on_review
from tests.factories import ReviewFactory, SolutionFactory, UserFactory
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

OWN = "You cannot vote on your own review."


@pytest.fixture
def magnesium():
    return SolutionFactory(name="Magnesium", slug="magnesium")


@pytest.fixture
def review(magnesium, bob):
    return ReviewFactory(author=bob, solution=magnesium)


def counts(review: Review) -> tuple[int, int]:
    review.refresh_from_db()
    return review.helpful_count, review.not_helpful_count


def test_a_member_marks_a_review_helpful(client, alice, review) -> None:
    client.force_login(alice)

    response = client.post(
        f"/reviews/{review.pk}/vote/",
        {"helpful": "yes", "next": f"/solutions/magnesium/reviews/#review-{review.pk}"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/solutions/magnesium/reviews/#review-{review.pk}"
    assert counts(review) == (1, 0)
    assert review.helpfulness == pytest.approx(wilson_lower_bound(1, 1))
    assert ReviewVote.objects.get().voter == alice


def test_a_member_votes_once(client, alice, review) -> None:
    client.force_login(alice)

    client.post(f"/reviews/{review.pk}/vote/", {"helpful": "yes"})
    client.post(f"/reviews/{review.pk}/vote/", {"helpful": "yes"})

    assert counts(review) == (1, 0)
    assert ReviewVote.objects.count() == 1


def test_a_member_changes_their_vote(client, alice, review) -> None:
    client.force_login(alice)
    client.post(f"/reviews/{review.pk}/vote/", {"helpful": "yes"})

    client.post(f"/reviews/{review.pk}/vote/", {"helpful": "no"})

    assert counts(review) == (0, 1)
    assert review.helpfulness == 0.0
    assert ReviewVote.objects.get().helpful is False


def test_nobody_votes_on_their_own_review(client, bob, review) -> None:
    client.force_login(bob)

    response = client.post(f"/reviews/{review.pk}/vote/", {"helpful": "yes"}, follow=True)

    assert OWN in page_text(response)
    assert counts(review) == (0, 0)
    assert not ReviewVote.objects.exists()


def test_the_service_refuses_a_vote_on_ones_own_review(bob, review) -> None:
    with pytest.raises(VoteRefused, match=OWN):
        vote_on_review(review=review, voter=bob, helpful=True)


def test_voting_refuses_get(client, alice, review) -> None:
    client.force_login(alice)

    assert client.get(f"/reviews/{review.pk}/vote/?helpful=yes").status_code == 405
    assert counts(review) == (0, 0)


def test_a_vote_without_an_answer_changes_nothing(client, alice, review) -> None:
    client.force_login(alice)

    response = client.post(f"/reviews/{review.pk}/vote/", {"helpful": "maybe"}, follow=True)

    assert "Please say whether the review was helpful." in page_text(response)
    assert counts(review) == (0, 0)


def test_it_sends_voters_back_only_to_this_site(client, alice, review) -> None:
    client.force_login(alice)

    response = client.post(
        f"/reviews/{review.pk}/vote/", {"helpful": "yes", "next": "https://evil.example/"}
    )

    assert response["Location"] == f"/solutions/magnesium/reviews/#review-{review.pk}"


def test_htmx_swaps_the_vote_buttons(client, alice, review) -> None:
    client.force_login(alice)

    response = client.post(
        f"/reviews/{review.pk}/vote/",
        {"helpful": "yes", "next": "/solutions/magnesium/"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<div class="review-votes" id="review-{review.pk}-votes">')
    assert "<html" not in html
    assert re.search(r'value="yes" class="vote-button" aria-pressed="true">Helpful', html)
    assert 'Helpful <span class="vote-count">(1)</span>' in html
    assert 'name="next" value="/solutions/magnesium/"' in html


def test_htmx_shows_the_refusal_in_the_fragment(client, bob, review) -> None:
    client.force_login(bob)

    response = client.post(
        f"/reviews/{review.pk}/vote/", {"helpful": "yes"}, headers={"HX-Request": "true"}
    )

    assert OWN in response.content.decode()
    assert not ReviewVote.objects.exists()


def test_the_page_shows_the_members_vote_and_no_buttons_on_their_own(client, alice, magnesium):
    theirs = ReviewFactory(solution=magnesium)
    own = ReviewFactory(author=alice, solution=magnesium)
    vote_on_review(review=theirs, voter=alice, helpful=False)
    client.force_login(alice)

    html = client.get("/solutions/magnesium/reviews/").content.decode()

    assert re.search(r'value="no" class="vote-button" aria-pressed="true">Not helpful', html)
    assert f'action="/reviews/{own.pk}/vote/"' not in html
    assert "0 found your review helpful, 0 did not." in html
    assert f'href="/reviews/{own.pk}/edit/"' in html
    assert f'href="/reviews/{theirs.pk}/edit/"' not in html


def test_visitors_vote_buttons_post_without_htmx_to_reach_the_gate(client, review) -> None:
    html = client.get("/solutions/magnesium/reviews/").content.decode()

    assert f'action="/reviews/{review.pk}/vote/"' in html
    assert "data-hx-post" not in html
    response = client.post(f"/reviews/{review.pk}/vote/", {"helpful": "yes"})
    assert response.status_code == 403
    assert "Please log in to use this feature" in page_text(response)


def voters(count: int) -> list:
    return [UserFactory(role=Role.MEMBER, credentials="") for _ in range(count)]


def give_votes(review: Review, people: list, helpful: int) -> None:
    for index, person in enumerate(people):
        vote_on_review(review=review, voter=person, helpful=index < helpful)


def test_most_helpful_ranks_by_the_wilson_lower_bound(client, magnesium) -> None:
    people = voters(100)
    few = ReviewFactory(solution=magnesium, story="Three of three " + "x " * 30)
    many = ReviewFactory(solution=magnesium, story="Forty of fifty " + "x " * 30)
    loud = ReviewFactory(solution=magnesium, story="Thirty of a hundred " + "x " * 30)
    give_votes(few, people[:3], helpful=3)
    give_votes(many, people[:50], helpful=40)
    give_votes(loud, people[:100], helpful=30)

    html = client.get("/solutions/magnesium/reviews/?sort=helpful").content.decode()

    order = [int(pk) for pk in re.findall(r'<article class="card review" id="review-(\d+)"', html)]
    # By raw helpful count the order would be loud (30), many (40)… and 3/3 last; by share,
    # 3/3 (100%) first. The Wilson bound weighs the share by how many voted.
    assert order == [many.pk, few.pk, loud.pk]
    many.refresh_from_db()
    few.refresh_from_db()
    assert many.helpfulness == pytest.approx(0.6696, abs=1e-4)
    assert few.helpfulness == pytest.approx(0.4385, abs=1e-4)
    page = client.get("/solutions/magnesium/").content.decode()
    assert page.index(f'id="review-{many.pk}"') < page.index(f'id="review-{few.pk}"')


@pytest.mark.parametrize(
    ("helpful", "total", "expected"),
    [(0, 0, 0.0), (1, 1, 0.2065), (3, 3, 0.4385), (40, 50, 0.6696), (0, 10, 0.0), (10, 10, 0.7225)],
)
def test_the_wilson_lower_bound(helpful, total, expected) -> None:
    assert wilson_lower_bound(helpful, total) == pytest.approx(expected, abs=1e-4)
