"""Who may do what with reviews: the permission matrix, methods refused, and other people's
reviews left alone."""

import pytest
from allauth.account.models import EmailAddress

from aposbook.moderation.models import Suspension
from aposbook.reviews.models import Review, ReviewVote

from .factories import EvidenceFactory, ReviewFactory, SolutionFactory
from .fixtures import make_user
from .test_reviews import STORY, page_text, review_data

pytestmark = pytest.mark.django_db

LOGIN = "Please log in to use this feature"
UNVERIFIED = "Please confirm your email address and try to login again."
SUSPENDED = "Your account has been suspended because you have violated our code of conduct."
EXPERTS_ONLY = "This page is for health experts and moderators"


@pytest.fixture
def magnesium():
    solution = SolutionFactory(name="Magnesium", slug="magnesium")
    EvidenceFactory(solution=solution, condition__slug="insomnia", condition__name="Insomnia")
    return solution


@pytest.fixture
def people(alice, bob, erin, mo) -> dict:
    """Everyone the matrix asks about; bob is the author of the review others vote on."""
    unverified = make_user("ursula@example.com", "Ursula")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    suspended = make_user("sid@example.com", "Sid")
    Suspension.objects.create(user=suspended, reason="Spam", created_by=mo)
    return {
        "anonymous": None,
        "unverified": unverified,
        "suspended": suspended,
        "member": alice,
        "expert": erin,
        "moderator": mo,
        "bob": bob,
    }


def own_review(person, magnesium) -> Review:
    return ReviewFactory(author=person, solution=magnesium, story=STORY)


# Each action: (method, url, data), given the acting person's own review and bob's review.
ACTIONS = {
    "write form": lambda own, other: ("get", "/solutions/magnesium/reviews/new/", None),
    "write": lambda own, other: (
        "post",
        "/solutions/magnesium/reviews/new/",
        review_data(condition="insomnia"),
    ),
    "edit form": lambda own, other: ("get", f"/reviews/{own.pk}/edit/", None),
    "edit": lambda own, other: ("post", f"/reviews/{own.pk}/edit/", review_data()),
    "delete form": lambda own, other: ("get", f"/reviews/{own.pk}/delete/", None),
    "delete": lambda own, other: ("post", f"/reviews/{own.pk}/delete/", {}),
    "vote": lambda own, other: ("post", f"/reviews/{other.pk}/vote/", {"helpful": "yes"}),
    "disagreements": lambda own, other: ("get", "/experts/disagreements/", None),
}

REFUSED = {"anonymous": LOGIN, "unverified": UNVERIFIED, "suspended": SUSPENDED}
ALLOWED = {"get": 200, "post": 302}

MATRIX = [
    pytest.param(action, who, expected, id=f"{action}-{who}")
    for action in ACTIONS
    for who, expected in [
        ("anonymous", LOGIN),
        ("unverified", UNVERIFIED),
        ("suspended", SUSPENDED),
        ("member", EXPERTS_ONLY if action == "disagreements" else "allowed"),
        ("expert", "allowed"),
        ("moderator", "allowed"),
    ]
]


@pytest.mark.parametrize(("action", "who", "expected"), MATRIX)
def test_the_permission_matrix(client, people, magnesium, action, who, expected) -> None:
    person = people[who]
    author = person if person is not None else people["member"]
    own = own_review(author, magnesium) if action != "write" else None
    other = ReviewFactory(author=people["bob"], solution=magnesium)
    if person is not None:
        client.force_login(person)
    method, url, data = ACTIONS[action](own, other)
    before = (Review.objects.count(), ReviewVote.objects.count())

    response = getattr(client, method)(url, data) if data is not None else client.get(url)

    if expected == "allowed":
        assert response.status_code == ALLOWED[method], page_text(response)[:300]
        return
    assert response.status_code == 403
    assert expected in page_text(response)
    assert (Review.objects.count(), ReviewVote.objects.count()) == before


def test_the_gate_sends_visitors_back_to_the_form_after_logging_in(client, magnesium) -> None:
    response = client.get("/solutions/magnesium/reviews/new/?condition=insomnia")

    assert (
        "/accounts/login/?next=/solutions/magnesium/reviews/new/%3Fcondition%3Dinsomnia"
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/reviews/{pk}/vote/"),
        ("put", "/solutions/magnesium/reviews/new/"),
        ("put", "/reviews/{pk}/edit/"),
        ("delete", "/reviews/{pk}/delete/"),
    ],
)
def test_it_refuses_the_wrong_methods(client, alice, bob, magnesium, method, url) -> None:
    review = ReviewFactory(author=bob, solution=magnesium)
    client.force_login(alice)

    response = getattr(client, method)(url.format(pk=review.pk))

    assert response.status_code == 405
    assert Review.objects.filter(pk=review.pk).exists()
    assert not ReviewVote.objects.exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "edit"), ("post", "edit"), ("get", "delete"), ("post", "delete")],
)
def test_it_refuses_someone_elses_review(client, alice, bob, mo, magnesium, method, path):
    review = ReviewFactory(author=bob, solution=magnesium, effectiveness=3, story=STORY)
    for person in [alice, mo]:  # moderating reviews is not editing them
        client.force_login(person)

        response = getattr(client, method)(
            f"/reviews/{review.pk}/{path}/", review_data(effectiveness="10")
        )

        assert response.status_code == 404
    review.refresh_from_db()
    assert (review.effectiveness, review.story) == (3, STORY)
