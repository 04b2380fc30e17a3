"""Forms that visitors' stored pages show without a token (lib/security.py
`csrf_token_for_members`): a visitor's post needs none but must come from our own pages; a
member's needs the token, as everywhere."""

import pytest
from django.test import Client

from aposbook.feedback.models import Feedback
from aposbook.reviews.models import ReviewVote
from tests.factories import ConditionFactory, ReviewFactory
from tests.fixtures import make_user
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

SEND = "/topics/condition/insomnia/feedback/send/"


@pytest.fixture
def careful() -> Client:
    return Client(enforce_csrf_checks=True)


@pytest.fixture(autouse=True)
def insomnia():
    return ConditionFactory(name="Insomnia", slug="insomnia")


def test_a_visitor_sends_feedback_from_a_page_without_a_token(careful):
    page = careful.get("/conditions/insomnia/")
    assert b"csrfmiddlewaretoken" not in page.content

    response = careful.post(SEND, {"helpful": "yes"}, HTTP_SEC_FETCH_SITE="same-origin")

    assert response.status_code == 302
    assert Feedback.objects.filter(helpful=True, user=None).count() == 1


def test_htmx_sends_a_visitors_feedback_without_a_token(careful):
    response = careful.post(
        SEND, {"helpful": "no"}, HTTP_HX_REQUEST="true", HTTP_ORIGIN="http://testserver"
    )

    assert response.status_code == 200
    assert "Thank you for your feedback" in page_text(response)
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_SEC_FETCH_SITE": "cross-site"}, {"HTTP_ORIGIN": "https://elsewhere.example"}],
)
def test_another_site_cannot_send_feedback_through_a_visitors_browser(careful, headers):
    response = careful.post(SEND, {"helpful": "no"}, **headers)

    assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_a_member_still_needs_the_token(careful):
    member = make_user("nina@example.com", "Nina")
    careful.force_login(member)

    refused = careful.post(SEND, {"helpful": "yes"})
    page = careful.get("/conditions/insomnia/")
    token = page.context["csrf_token"]
    sent = careful.post(SEND, {"helpful": "yes", "csrfmiddlewaretoken": str(token)})

    assert refused.status_code == 403
    assert sent.status_code == 302
    assert list(Feedback.objects.values_list("user", flat=True)) == [member.pk]


def test_a_visitor_voting_on_a_review_meets_the_log_in_gate_and_nothing_is_counted(careful):
    review = ReviewFactory()

    response = careful.post(f"/reviews/{review.pk}/vote/", {"helpful": "yes"})

    assert response.status_code == 403
    assert "Please log in to use this feature" in page_text(response)
    assert ReviewVote.objects.count() == 0


def test_a_member_vote_without_the_token_is_refused(careful):
    review = ReviewFactory()
    careful.force_login(make_user("nina@example.com", "Nina"))

    response = careful.post(f"/reviews/{review.pk}/vote/", {"helpful": "yes"})

    assert response.status_code == 403
    assert ReviewVote.objects.count() == 0
