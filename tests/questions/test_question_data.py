"""A question's page as search engines read it: a QAPage with the answers it shows."""

import pytest

from aposbook.accounts.moderated import set_visibility
from aposbook.lib.visibility import Visibility
from aposbook.questions import services
from tests.factories import AnswerFactory, QuestionFactory
from tests.helpers import meta, node, structured_data

pytestmark = pytest.mark.django_db

SITE = "https://aposbook.example"


@pytest.fixture(autouse=True)
def public_address(settings) -> None:
    settings.SITE_URL = SITE


def test_a_question_page_is_a_qa_page_with_its_accepted_and_other_answers(client, alice, bob):
    question = QuestionFactory(author=alice, title="Does magnesium help?", body="I sleep badly.")
    accepted = AnswerFactory(question=question, author=bob, body="It helped me.")
    other = AnswerFactory(question=question, body="Not for me.")
    services.toggle_accept(answer=accepted)

    response = client.get(f"/questions/{question.pk}/")

    assert node(response, "QAPage")
    entity = node(response, "Question")
    assert entity["name"] == "Does magnesium help?"
    assert entity["text"] == "I sleep badly."
    assert entity["answerCount"] == 2
    assert entity["author"]["name"] == "Alice"
    assert entity["acceptedAnswer"]["text"] == "It helped me."
    assert entity["acceptedAnswer"]["author"]["name"] == "Bob"
    answer_url = f"{SITE}/questions/{question.pk}/#answer-{accepted.pk}"
    assert entity["acceptedAnswer"]["url"] == answer_url
    [suggested] = entity["suggestedAnswer"]
    assert suggested["text"] == "Not for me."
    assert suggested["upvoteCount"] == other.vote_count
    assert meta(response, "og:title") == "Does magnesium help?"


def test_a_question_without_answers_or_details_still_has_its_text(client):
    question = QuestionFactory(title="Is valerian safe?", body="")

    entity = node(client.get(f"/questions/{question.pk}/"), "Question")

    assert entity["text"] == "Is valerian safe?"
    assert entity["answerCount"] == 0
    assert "acceptedAnswer" not in entity
    assert "suggestedAnswer" not in entity


def test_search_engines_read_no_removed_answer_and_no_removed_question(client, alice, bob):
    question = QuestionFactory(author=alice, title="Does magnesium help?")
    AnswerFactory(question=question, author=bob, body="It helped me.")
    removed = AnswerFactory(question=question, body="Stop your pills and take this instead.")
    set_visibility(removed, Visibility.HIDDEN, reason="Unsafe advice")

    entity = node(client.get(f"/questions/{question.pk}/"), "Question")
    assert [answer["text"] for answer in entity["suggestedAnswer"]] == ["It helped me."]

    set_visibility(question, Visibility.HIDDEN, reason="Spam")
    assert structured_data(client.get(f"/questions/{question.pk}/")) == []
