"""The asker's email about answers: when it goes and to whom, and stopping it, from the
question's page or from the email without logging in."""

import datetime as dt

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from aposbook.accounts.moderated import hold, set_visibility
from aposbook.accounts.services import purge_deleted_accounts
from aposbook.lib.visibility import Visibility
from aposbook.moderation.models import Suspension
from aposbook.questions.models import Question, QuestionNotice, unsubscribe_token
from aposbook.questions.services import add_answer
from tests.accounts.test_delete import deleted_days_ago
from tests.factories import ConditionFactory, QuestionFactory
from tests.fixtures import make_user
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

ANSWER = "Glycinate is gentle on the stomach; take it an hour before bed."
SITE = "http://127.0.0.1:8000"


@pytest.fixture
def question(alice):
    insomnia = ConditionFactory(name="Insomnia", slug="insomnia")
    return QuestionFactory(
        topic=insomnia.topic, author=alice, title="Which magnesium form is best for sleep?"
    )


def answer(client, question, body: str, capture) -> None:
    with capture(execute=True):
        response = client.post(f"/questions/{question.pk}/answer/", {"body": body})
    assert response.status_code == 302, page_text(response)


def unsubscribe_path(message) -> str:
    """The /questions/unsubscribe/<token>/ address an email carries, without the site's."""
    header = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert header in message.body
    return header.removeprefix(SITE)


def test_it_emails_the_asker_about_an_answer(
    client, alice, bob, question, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    answer(client, question, ANSWER, django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [["alice@example.com"]]
    message = mail.outbox[0]
    assert message.subject == (
        "[Aposbook] New answer to your question “Which magnesium form is best for sleep?”"
    )
    assert "Bob answered your question “Which magnesium form is best for sleep?”" in message.body
    assert ANSWER in message.body
    assert f"{SITE}/questions/{question.pk}/#answer-" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_path(message).startswith("/questions/unsubscribe/")
    html = message.alternatives[0][0]
    assert f"<p>{ANSWER}</p>" in html
    assert "Stop these emails" in html


def test_it_emails_the_asker_once_a_day_per_question(
    client, alice, bob, erin, question, django_capture_on_commit_callbacks, monkeypatch
):
    client.force_login(bob)
    answer(client, question, ANSWER, django_capture_on_commit_callbacks)
    client.force_login(erin)
    answer(client, question, f"As a dietitian: {ANSWER}", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1

    later = timezone.now() + dt.timedelta(hours=24, minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    client.force_login(bob)
    answer(client, question, f"A day later: {ANSWER}", django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2
    assert QuestionNotice.objects.get(user=alice, question=question).sent_at == later


def test_it_counts_the_day_per_question(
    client, alice, bob, question, django_capture_on_commit_callbacks
):
    other = QuestionFactory(topic=question.topic, author=alice, title="Is it safe every night?")
    client.force_login(bob)

    answer(client, question, ANSWER, django_capture_on_commit_callbacks)
    answer(client, other, f"{ANSWER} Every night.", django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2


def test_it_never_emails_the_answerer(client, bob, question, django_capture_on_commit_callbacks):
    # An answer whose author is the asker (written before askers could not answer).
    Question.objects.filter(pk=question.pk).update(author=bob)
    question.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        add_answer(question=question, author=bob, body=ANSWER)

    assert mail.outbox == []


@pytest.mark.parametrize("standing", ["suspended", "unverified", "deleted", "inactive"])
def test_it_does_not_email_an_asker_who_may_not_post(
    client, bob, django_capture_on_commit_callbacks, standing
):
    asker = make_user("ann@example.com", "Ann", verified=standing != "unverified")
    if standing == "suspended":
        Suspension.objects.create(user=asker, reason="Spam links.")
    elif standing == "deleted":
        asker.deleted_at = timezone.now()
        asker.save()
    elif standing == "inactive":
        asker.is_active = False
        asker.save()
    question = QuestionFactory(author=asker, title="Does chamomile help anyone sleep?")
    client.force_login(bob)

    answer(client, question, ANSWER, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    # Not counted as emailed: once the account may post again, the next answer reaches it.
    assert not QuestionNotice.objects.exists()


def test_it_does_not_email_about_a_question_whose_asker_is_gone(
    client, bob, question, django_capture_on_commit_callbacks
):
    Question.objects.filter(pk=question.pk).update(author=None)
    client.force_login(bob)

    answer(client, question, ANSWER, django_capture_on_commit_callbacks)

    assert mail.outbox == []


# Stopping the emails on the question's page


def test_the_asker_stops_and_restarts_the_emails_on_the_page(
    client, alice, bob, question, django_capture_on_commit_callbacks
):
    client.force_login(alice)

    response = client.post(f"/questions/{question.pk}/answer-emails/", {"send": "no"}, follow=True)

    assert "We will not email you about new answers to this question." in page_text(response)
    assert "Email me when someone answers" in page_text(response)
    assert not Question.objects.get(pk=question.pk).answer_emails
    client.force_login(bob)
    answer(client, question, ANSWER, django_capture_on_commit_callbacks)
    assert mail.outbox == []

    client.force_login(alice)
    client.post(f"/questions/{question.pk}/answer-emails/", {"send": "yes"})
    assert Question.objects.get(pk=question.pk).answer_emails


def test_a_suspended_asker_may_stop_the_emails(client, alice, question):
    Suspension.objects.create(user=alice, reason="Rude answers.")
    client.force_login(alice)

    client.post(f"/questions/{question.pk}/answer-emails/", {"send": "no"})

    assert not Question.objects.get(pk=question.pk).answer_emails


def test_it_refuses_to_change_someone_elses_emails(client, bob, mo, question):
    for member in (bob, mo):
        client.force_login(member)
        response = client.post(f"/questions/{question.pk}/answer-emails/", {"send": "no"})
        assert response.status_code == 403
        assert "Only the member who asked the question gets emails" in page_text(response)
    assert Question.objects.get(pk=question.pk).answer_emails


def test_it_refuses_get_for_the_emails_switch(client, alice, question):
    client.force_login(alice)

    response = client.get(f"/questions/{question.pk}/answer-emails/", {"send": "no"})

    assert response.status_code == 405
    assert Question.objects.get(pk=question.pk).answer_emails


def test_it_says_when_the_emails_switch_is_not_understood(client, alice, question):
    client.force_login(alice)

    response = client.post(
        f"/questions/{question.pk}/answer-emails/", {"send": "maybe"}, follow=True
    )

    assert "Please say whether to email you about answers." in page_text(response)
    assert Question.objects.get(pk=question.pk).answer_emails


# Unsubscribing from the email


def test_it_asks_before_unsubscribing_and_changes_nothing_on_get(
    client, bob, question, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    answer(client, question, ANSWER, django_capture_on_commit_callbacks)
    path = unsubscribe_path(mail.outbox[0])
    client.logout()

    response = client.get(path)

    assert response.status_code == 200
    assert "Stop these emails?" in page_text(response)
    assert "Which magnesium form is best for sleep?" in page_text(response)
    assert Question.objects.get(pk=question.pk).answer_emails


def test_it_unsubscribes_on_post_without_logging_in(
    client, bob, question, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    answer(client, question, ANSWER, django_capture_on_commit_callbacks)
    path = unsubscribe_path(mail.outbox[0])
    client.logout()

    response = client.post(path)

    assert response.status_code == 200
    assert "You have unsubscribed" in page_text(response)
    assert not Question.objects.get(pk=question.pk).answer_emails


def test_it_unsubscribes_with_a_one_click_post_without_a_csrf_token(alice, question):
    strict = Client(enforce_csrf_checks=True)
    token = unsubscribe_token(user_id=alice.pk, question_id=question.pk)

    response = strict.post(f"/questions/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not Question.objects.get(pk=question.pk).answer_emails


def test_it_stops_only_the_askers_own_emails(client, alice, bob, question):
    # A link names a member and a question; it never stops emails meant for someone else.
    token = unsubscribe_token(user_id=bob.pk, question_id=question.pk)

    client.post(f"/questions/unsubscribe/{token}/")

    assert Question.objects.get(pk=question.pk).answer_emails


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        signing.dumps({"user": 1, "question": 1}, salt="aposbook.unsubscribe"),
        signing.dumps({"user": 1, "question": 1}, salt="aposbook.questions.unsubscribe")[:-3]
        + "abc",
        signing.dumps({"user": "1", "question": 1}, salt="aposbook.questions.unsubscribe"),
    ],
    ids=["garbage", "a-discussions-link", "tampered", "not-a-number"],
)
def test_it_refuses_a_forged_unsubscribe_link(client, question, token):
    response = client.post(f"/questions/unsubscribe/{token}/")

    assert response.status_code == 400
    assert "This link is not valid" in page_text(response)
    assert Question.objects.get(pk=question.pk).answer_emails


def test_it_unsubscribes_only_with_get_or_post(client, alice, question):
    token = unsubscribe_token(user_id=alice.pk, question_id=question.pk)

    assert client.delete(f"/questions/unsubscribe/{token}/").status_code == 405
    assert Question.objects.get(pk=question.pk).answer_emails


def test_the_purge_forgets_when_the_asker_was_emailed_and_keeps_the_question(
    client, alice, bob, question, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    answer(client, question, ANSWER, django_capture_on_commit_callbacks)
    assert QuestionNotice.objects.filter(user=alice).exists()
    deleted_days_ago(alice, 31)

    purge_deleted_accounts()

    assert not QuestionNotice.objects.exists()
    assert Question.objects.filter(pk=question.pk, author=alice).exists()


def test_it_emails_the_asker_when_a_moderator_lets_a_held_answer_through(
    bob, question, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        held = add_answer(question=question, author=bob, body=ANSWER)
        hold(held, reason="Same text posted elsewhere")
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        set_visibility(held, Visibility.SHOWN)

    assert [message.to for message in mail.outbox] == [["alice@example.com"]]
    assert ANSWER in mail.outbox[0].body
