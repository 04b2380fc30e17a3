"""Questions and answers: asking, answering, votes, the accepted answer, experts' badges."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aposbook.questions.models import Answer, AnswerVote, Question
from aposbook.questions.services import delete_answer, toggle_vote
from tests.factories import AnswerFactory, QuestionFactory
from tests.fixtures import make_user
from tests.helpers import field_error, input_value, page_text, textarea_value

pytestmark = pytest.mark.django_db

ANSWER = "Magnesium glycinate helped me; take it an hour before bed."
NOT_THE_ASKER = "Only the member who asked the question can accept an answer."
OWN_ANSWER = "You can't vote for your own answer."


@pytest.fixture
def question(insomnia, alice):
    return QuestionFactory(
        topic=insomnia.topic,
        author=alice,
        title="Which magnesium form is best for sleep?",
        body="I read about citrate and glycinate.",
    )


def answer_ids_in_order(client, question) -> list[int]:
    html = client.get(f"/questions/{question.pk}/").content.decode()
    positions = {
        answer.pk: html.find(f'id="answer-{answer.pk}"') for answer in Answer.objects.all()
    }
    return [pk for pk, at in sorted(positions.items(), key=lambda item: item[1]) if at >= 0]


# Asking


def test_it_asks_a_question_on_a_topic(client, alice, insomnia):
    client.force_login(alice)

    response = client.post(
        "/topics/condition/insomnia/questions/new/",
        {"title": "Does valerian help with waking at night?", "body": ""},
    )

    question = Question.objects.get()
    assert response["Location"] == f"/questions/{question.pk}/"
    assert (question.topic, question.author, question.answer_count) == (insomnia.topic, alice, 0)
    assert "Does valerian help with waking at night?" in page_text(client.get(response["Location"]))


def test_it_shows_the_ask_form_to_members(client, alice, insomnia):
    client.force_login(alice)
    response = client.get("/topics/condition/insomnia/questions/new/")

    assert response.status_code == 200
    assert "Ask a question about Insomnia" in page_text(response)


@pytest.mark.parametrize(
    ("title", "body", "field", "message"),
    [
        ("", "", "title", "Please write your title."),
        ("Valerian?", "", "title", "Your title is too short"),
        ("why " * 40, "", "title", "Your title is too long"),
        ("<script>alert(1)</script> valerian", "", "title", "Please remove the HTML tags"),
        ("Does valerian help at night?", "Short", "body", "Your description is too short"),
        ("Does valerian help at night?", "<iframe src=x></iframe> hi", "body", "Please remove"),
        ("Does valerian help at night?", "b" * 5000, "body", "Please break up very long words"),
    ],
    ids=["no-title", "short", "long", "script", "short-body", "iframe-body", "long-word"],
)
def test_it_refuses_a_bad_question_and_keeps_the_input(
    client, alice, insomnia, title, body, field, message
):
    client.force_login(alice)
    response = client.post(
        "/topics/condition/insomnia/questions/new/", {"title": title, "body": body}
    )

    assert response.status_code == 400
    assert message in field_error(response, field)
    assert input_value(response, "title") == title
    assert textarea_value(response, "body") == body
    assert not Question.objects.exists()


def test_it_refuses_the_same_question_twice_within_a_minute(client, alice, insomnia):
    client.force_login(alice)
    data = {"title": "Does valerian help with waking at night?", "body": ""}
    client.post("/topics/condition/insomnia/questions/new/", data)

    again = client.post("/topics/condition/insomnia/questions/new/", data)

    assert field_error(again, "title") == "You have already posted this."
    assert Question.objects.count() == 1


# Answering


def test_it_posts_an_answer_and_counts_it(client, bob, question):
    client.force_login(bob)
    response = client.post(f"/questions/{question.pk}/answer/", {"body": ANSWER})

    answer = Answer.objects.get()
    assert response["Location"] == f"/questions/{question.pk}/#answer-{answer.pk}"
    assert Question.objects.get(pk=question.pk).answer_count == 1
    assert ANSWER in page_text(client.get(f"/questions/{question.pk}/"))


def test_it_leads_a_get_to_the_answer_form_and_posts_nothing(client, bob, question):
    client.force_login(bob)
    response = client.get(f"/questions/{question.pk}/answer/")

    assert response["Location"] == f"/questions/{question.pk}/#answer"
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Please write your answer."),
        ("Try it.", "Your answer is too short"),
        ("<script>alert(1)</script> it helped me a lot", "Please remove the HTML tags"),
        ("[see](javascript:alert(document.cookie)) it helped", "Please remove the HTML tags"),
        ("x" * 11_000, "Your answer is too long"),
        ("💤 " * 60, "Please write in words"),
    ],
    ids=["empty", "short", "script", "js-link", "long", "emoji"],
)
def test_it_refuses_a_bad_answer_and_keeps_the_input(client, bob, question, body, message):
    client.force_login(bob)
    response = client.post(f"/questions/{question.pk}/answer/", {"body": body})

    assert response.status_code == 400
    assert message in field_error(response, "body")
    assert textarea_value(response, "body") == body
    assert Question.objects.get(pk=question.pk).answer_count == 0


def test_it_refuses_the_same_answer_twice_within_a_minute(client, bob, question):
    client.force_login(bob)
    client.post(f"/questions/{question.pk}/answer/", {"body": ANSWER})

    again = client.post(f"/questions/{question.pk}/answer/", {"body": ANSWER})

    assert field_error(again, "body") == "You have already posted this."
    assert Question.objects.get(pk=question.pk).answer_count == 1


def test_it_counts_answers_after_a_deletion(question):
    first, second = AnswerFactory(question=question), AnswerFactory(question=question)
    Question.objects.filter(pk=question.pk).update(accepted_answer=first)

    delete_answer(answer=first)

    question.refresh_from_db()
    assert (question.answer_count, question.accepted_answer) == (1, None)
    assert list(question.answers.all()) == [second]


def test_it_lets_the_author_edit_an_answer_within_24_hours(client, bob, question):
    answer = AnswerFactory(question=question, author=bob, body=ANSWER)
    client.force_login(bob)

    response = client.post(f"/answers/{answer.pk}/edit/", {"body": f"{ANSWER} Edited to add."})

    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.body.endswith("Edited to add.") and answer.edited_at is not None
    assert "edited" in page_text(client.get(f"/questions/{question.pk}/"))


def test_it_refuses_to_edit_an_answer_after_24_hours(client, bob, question):
    answer = AnswerFactory(question=question, author=bob, body=ANSWER)
    Answer.objects.filter(pk=answer.pk).update(created_at=timezone.now() - dt.timedelta(days=1))

    client.force_login(bob)
    response = client.post(f"/answers/{answer.pk}/edit/", {"body": "Changed now."})

    assert response.status_code == 403
    assert "You can edit an answer only within 24 hours of posting it." in page_text(response)
    assert Answer.objects.get(pk=answer.pk).body == ANSWER


# The asker


def test_it_offers_the_asker_no_answer_form(client, alice, bob, question):
    client.force_login(alice)
    asker_page = client.get(f"/questions/{question.pk}/")

    text = page_text(asker_page)
    assert "Your answer" not in text and "Post your answer" not in text
    assert "Answer this question" not in text
    assert "Your question" in text
    assert "We email you when someone answers, at most once a day." in text
    client.force_login(bob)
    assert "Post your answer" in page_text(client.get(f"/questions/{question.pk}/"))


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_an_answer_from_the_asker(client, alice, question, method):
    client.force_login(alice)

    response = getattr(client, method)(f"/questions/{question.pk}/answer/", {"body": ANSWER})

    assert response.status_code == 403
    assert "You asked this question, so you can't answer it." in page_text(response)
    assert not Answer.objects.exists()
    assert Question.objects.get(pk=question.pk).answer_count == 0


# Editing the question


def test_it_lets_the_asker_edit_the_question_within_24_hours(client, alice, question):
    client.force_login(alice)
    form = client.get(f"/questions/{question.pk}/edit/")
    assert input_value(form, "title") == "Which magnesium form is best for sleep?"
    assert textarea_value(form, "body") == "I read about citrate and glycinate."

    response = client.post(
        f"/questions/{question.pk}/edit/",
        {
            "title": "Which magnesium form is best for sleep at night?",
            "body": "I read about citrate and glycinate. I take **no** other supplements.",
        },
    )

    assert response["Location"] == f"/questions/{question.pk}/"
    question.refresh_from_db()
    assert question.title == "Which magnesium form is best for sleep at night?"
    assert "<strong>no</strong>" in question.body_html
    assert question.edited_at is not None
    text = page_text(client.get(f"/questions/{question.pk}/"))
    assert "Asked by Alice" in text and "· edited" in text
    assert "Edit your question" in text


def test_it_keeps_the_question_s_own_title_on_an_edit_right_after_asking(client, alice, insomnia):
    client.force_login(alice)
    title = "Does valerian help with waking at night?"
    client.post("/topics/condition/insomnia/questions/new/", {"title": title, "body": ""})
    question = Question.objects.get()

    response = client.post(
        f"/questions/{question.pk}/edit/", {"title": title, "body": "Details added a moment later."}
    )

    assert response.status_code == 302
    assert Question.objects.get().body == "Details added a moment later."


def test_it_refuses_a_bad_edit_and_keeps_the_input(client, alice, question):
    client.force_login(alice)

    response = client.post(f"/questions/{question.pk}/edit/", {"title": "Why?", "body": "Short"})

    assert response.status_code == 400
    assert "Your title is too short" in field_error(response, "title")
    assert "Your description is too short" in field_error(response, "body")
    assert input_value(response, "title") == "Why?"
    assert textarea_value(response, "body") == "Short"
    question.refresh_from_db()
    assert (question.title, question.edited_at) == ("Which magnesium form is best for sleep?", None)


def test_it_refuses_to_edit_a_question_after_24_hours(client, alice, question):
    Question.objects.filter(pk=question.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=24, minutes=1)
    )
    client.force_login(alice)

    response = client.post(
        f"/questions/{question.pk}/edit/",
        {"title": "Which magnesium form is the best one?", "body": ""},
    )

    assert response.status_code == 403
    assert "You can edit a question only within 24 hours of asking it." in page_text(response)
    assert Question.objects.get(pk=question.pk).edited_at is None
    assert "Edit your question" not in page_text(client.get(f"/questions/{question.pk}/"))


def test_it_refuses_to_edit_someone_elses_question(client, bob, mo, question):
    for member in (bob, mo):
        client.force_login(member)
        response = client.post(
            f"/questions/{question.pk}/edit/",
            {"title": "Somebody else's better question?", "body": ""},
        )
        assert response.status_code == 403
        assert "You can edit only your own questions." in page_text(response)
        assert "Edit your question" not in page_text(client.get(f"/questions/{question.pk}/"))
    assert Question.objects.get(pk=question.pk).edited_at is None


def test_it_changes_nothing_on_get_of_the_edit_page(client, alice, question):
    client.force_login(alice)

    response = client.get(f"/questions/{question.pk}/edit/")

    assert response.status_code == 200
    assert "Edit your question" in page_text(response)
    assert Question.objects.get(pk=question.pk).edited_at is None


# Votes


def test_it_counts_a_vote_and_takes_it_back(client, bob, question):
    answer = AnswerFactory(question=question)
    client.force_login(bob)

    client.post(f"/answers/{answer.pk}/vote/")
    assert Answer.objects.get(pk=answer.pk).vote_count == 1
    assert AnswerVote.objects.filter(answer=answer, user=bob).exists()
    assert "1 vote" in page_text(client.get(f"/questions/{question.pk}/"))

    client.post(f"/answers/{answer.pk}/vote/")
    assert Answer.objects.get(pk=answer.pk).vote_count == 0
    assert not AnswerVote.objects.exists()


def test_it_counts_each_members_vote_once(bob, erin, question):
    answer = AnswerFactory(question=question)

    assert toggle_vote(answer=answer, user=bob) is True
    assert toggle_vote(answer=answer, user=erin) is True

    assert Answer.objects.get(pk=answer.pk).vote_count == 2
    assert AnswerVote.objects.filter(answer=answer).count() == 2


def test_it_swaps_the_vote_button_for_htmx(client, bob, question):
    answer = AnswerFactory(question=question)

    client.force_login(bob)
    response = client.post(f"/answers/{answer.pk}/vote/", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<div class="vote" id="vote-{answer.pk}">')
    assert 'aria-pressed="true"' in html
    assert "1 vote" in html


def test_it_refuses_a_vote_for_your_own_answer(client, bob, question):
    answer = AnswerFactory(question=question, author=bob)

    client.force_login(bob)
    response = client.post(f"/answers/{answer.pk}/vote/")

    assert response.status_code == 403
    assert OWN_ANSWER in page_text(response)
    assert Answer.objects.get(pk=answer.pk).vote_count == 0
    html = client.get(f"/questions/{question.pk}/").content.decode()
    assert f'action="/answers/{answer.pk}/vote/"' not in html


# Accepting


def test_it_lets_the_asker_accept_an_answer_shown_first(client, alice, bob, erin, question):
    popular = AnswerFactory(question=question, author=erin)
    chosen = AnswerFactory(question=question, author=bob)
    toggle_vote(answer=popular, user=bob)
    assert answer_ids_in_order(client, question) == [popular.pk, chosen.pk]

    client.force_login(alice)
    response = client.post(f"/answers/{chosen.pk}/accept/")

    assert response["Location"] == f"/questions/{question.pk}/#answer-{chosen.pk}"
    assert Question.objects.get(pk=question.pk).accepted_answer == chosen
    assert answer_ids_in_order(client, question) == [chosen.pk, popular.pk]
    assert "✓ Accepted answer" in page_text(client.get(f"/questions/{question.pk}/"))


def test_it_lets_the_asker_change_and_withdraw_the_acceptance(client, alice, question):
    first, second = AnswerFactory(question=question), AnswerFactory(question=question)
    client.force_login(alice)

    client.post(f"/answers/{first.pk}/accept/")
    client.post(f"/answers/{second.pk}/accept/")
    assert Question.objects.get(pk=question.pk).accepted_answer == second

    client.post(f"/answers/{second.pk}/accept/")
    assert Question.objects.get(pk=question.pk).accepted_answer is None


def test_it_refuses_an_acceptance_by_anyone_but_the_asker(client, bob, mo, question):
    answer = AnswerFactory(question=question, author=bob)

    for member in (bob, mo):
        client.force_login(member)
        response = client.post(f"/answers/{answer.pk}/accept/")
        assert response.status_code == 403
        assert NOT_THE_ASKER in page_text(response)
    assert Question.objects.get(pk=question.pk).accepted_answer is None


def test_it_offers_the_accept_button_only_to_the_asker(client, alice, bob, question):
    answer = AnswerFactory(question=question, author=bob)
    button = f'action="/answers/{answer.pk}/accept/"'

    client.force_login(bob)
    assert button not in client.get(f"/questions/{question.pk}/").content.decode()
    client.force_login(alice)
    assert button in client.get(f"/questions/{question.pk}/").content.decode()


# Experts


def test_it_shows_the_expert_badge_and_credentials_on_experts_answers(client, bob, erin, question):
    AnswerFactory(question=question, author=erin, body="As a dietitian: glycinate is gentle.")
    AnswerFactory(question=question, author=bob, body="I am no expert but citrate worked.")

    page = page_text(client.get(f"/questions/{question.pk}/"))

    assert "Erin Hale Health expert MS, RD" in page
    assert "Bob Health expert" not in page


def test_it_names_a_deleted_member_without_their_name(client, question):
    gone = make_user("gone@example.com", "Gone Person")
    AnswerFactory(question=question, author=gone)
    gone.deleted_at = timezone.now()
    gone.save()

    page = page_text(client.get(f"/questions/{question.pk}/"))

    assert "deleted member" in page
    assert "Gone Person" not in page


def test_it_offers_visitors_the_vote_on_an_answer_whose_author_is_gone(client, question):
    answer = AnswerFactory(question=question)
    Answer.objects.filter(pk=answer.pk).update(author=None)  # the account was removed

    html = client.get(f"/questions/{question.pk}/").content.decode()

    # The button leads a visitor to the log-in gate, as on every other answer.
    assert f'action="/answers/{answer.pk}/vote/"' in html


# Unanswered questions


def test_it_lists_unanswered_questions_on_the_topic_page(client, insomnia, question):
    answered = QuestionFactory(topic=insomnia.topic, title="Is melatonin safe every night?")
    AnswerFactory(question=answered)

    page = page_text(client.get("/conditions/insomnia/"))

    assert "Questions waiting for an answer" in page
    assert "Which magnesium form is best for sleep?" in page
    assert "Is melatonin safe every night?" not in page
    assert "Ask a question" in page
    assert "All questions about Insomnia" in page


def test_it_lists_all_or_only_unanswered_questions(client, insomnia, question):
    answered = QuestionFactory(topic=insomnia.topic, title="Is melatonin safe every night?")
    AnswerFactory(question=answered)

    everything = page_text(client.get("/topics/condition/insomnia/questions/"))
    unanswered = page_text(client.get("/topics/condition/insomnia/questions/?unanswered=1"))

    assert "Is melatonin safe every night? 1 answer" in everything
    assert "Which magnesium form is best for sleep? No answers yet" in everything
    assert "Is melatonin safe every night?" not in unanswered
    assert "Which magnesium form is best for sleep?" in unanswered


# XSS


def test_it_escapes_question_titles_and_strips_markup_from_bodies(client, insomnia):
    question = QuestionFactory(
        topic=insomnia.topic,
        title='"><img src=x onerror=alert(1)> really?',
        body="<script>alert(1)</script> **bold**",
    )
    AnswerFactory(question=question, body="<svg onload=alert(1)> answer [x](javascript:alert(1))")

    for url in (f"/questions/{question.pk}/", "/conditions/insomnia/"):
        html = client.get(url).content.decode()
        assert "<img src=x" not in html and "<svg onload" not in html, url
        assert "<script>alert(1)" not in html, url
        assert 'href="javascript' not in html, url


# Queries


@pytest.mark.parametrize("as_member", [False, True])
def test_it_keeps_question_page_queries_flat(client, bob, erin, question, as_member):
    if as_member:
        client.force_login(bob)
    counts = []
    for size in (2, 12):
        for number in range(size):
            answer = AnswerFactory(question=question, author=erin if number % 2 else None)
            toggle_vote(answer=answer, user=bob)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/questions/{question.pk}/").status_code == 200
        counts.append(len(queries))

    # The question, a count and a page of answers; a member adds the session, the account,
    # their standing (2) and their votes.
    assert counts == ([8, 8] if as_member else [3, 3])


def test_it_keeps_the_question_list_queries_flat(client, insomnia):
    counts = []
    for size in (2, 25):
        for _ in range(size):
            QuestionFactory(topic=insomnia.topic)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/topics/condition/insomnia/questions/").status_code == 200
        counts.append(len(queries))

    # The topic and one page of questions: paged by key, no COUNT(*) (see test_list_paging).
    assert counts == [2, 2]
