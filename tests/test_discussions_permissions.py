"""Who may do what in discussions, questions and feedback, as one table; and every view
that changes data refuses GET and refuses the wrong member."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from aposbook.accounts.models import Role
from aposbook.discussions.models import Follow, Post, Thread
from aposbook.feedback.models import Feedback
from aposbook.questions.models import Answer, AnswerVote, Question

from .factories import AnswerFactory, ConditionFactory, PostFactory, QuestionFactory, ThreadFactory
from .fixtures import make_user
from .test_discussions import (
    LOGIN_GATE,
    SUSPENDED_GATE,
    UNVERIFIED_GATE,
    log_in,
    make_suspended,
    make_unverified,
    page_text,
)

pytestmark = pytest.mark.django_db

EDITORS_ONLY = "This page is for health experts and moderators."
GATES = {"anonymous": LOGIN_GATE, "unverified": UNVERIFIED_GATE, "suspended": SUSPENDED_GATE}
ACTORS = ["anonymous", "unverified", "member", "suspended", "expert", "moderator"]


@dataclass
class World:
    """Bob's thread and question, and the acting person's own post, question and answer."""

    actor: object
    thread: Thread
    question: Question
    bobs_answer: Answer
    own_post: Post | None
    own_answer: Answer | None
    own_question: Question | None


def make_actor(name: str):
    return {
        "anonymous": lambda: None,
        "unverified": make_unverified,
        "member": lambda: make_user("alice@example.com", "Alice"),
        "suspended": make_suspended,
        "expert": lambda: make_user("erin@example.com", "Erin", role=Role.EXPERT),
        "moderator": lambda: make_user("mo@example.com", "Mo", role=Role.MODERATOR),
    }[name]()


@pytest.fixture
def world(client, request, bob) -> World:
    cache.clear()
    topic = ConditionFactory(name="Insomnia", slug="insomnia").topic
    actor = make_actor(request.param)
    thread = ThreadFactory(topic=topic, author=bob)
    question = QuestionFactory(topic=topic, author=bob)
    own = {"own_post": None, "own_answer": None, "own_question": None}
    if actor is not None:
        own_question = QuestionFactory(topic=topic, author=actor)
        own = {
            "own_post": PostFactory(thread=thread, author=actor),
            "own_answer": AnswerFactory(question=question, author=actor),
            "own_question": own_question,
        }
        AnswerFactory(question=own_question, author=bob)
        # Posting follows the thread; each action starts from no follows at all.
        Follow.objects.filter(user=actor).delete()
        log_in(client, actor)
    return World(actor, thread, question, AnswerFactory(question=question, author=bob), **own)


# (action, who may: "members" | "accounts" | "everyone" | "editors", request, did it happen?)
ACTIONS = {
    "start a thread": (
        "members",
        lambda w: ("post", "/topics/condition/insomnia/discussions/new/", THREAD),
        lambda w: Thread.objects.filter(title=THREAD["title"]).exists(),
    ),
    "open the new thread form": (
        "members",
        lambda w: ("get", "/topics/condition/insomnia/discussions/new/", {}),
        None,
    ),
    "reply": (
        "members",
        lambda w: ("post", f"/discussions/{w.thread.pk}/reply/", {"body": BODY}),
        lambda w: Post.objects.filter(body=BODY).exists(),
    ),
    "edit own post": (
        "members",
        lambda w: ("post", _own_post_url(w), {"body": BODY}),
        lambda w: Post.objects.filter(body=BODY, edited_at__isnull=False).exists(),
    ),
    "follow a thread": (
        "members",
        lambda w: ("post", f"/discussions/{w.thread.pk}/follow/", {}),
        lambda w: Follow.objects.filter(user=w.actor, thread=w.thread).exists(),
    ),
    "follow a topic": (
        "members",
        lambda w: ("post", "/topics/condition/insomnia/follow/", {}),
        lambda w: Follow.objects.filter(user=w.actor, topic__isnull=False).exists(),
    ),
    "stop following a thread": (
        "accounts",
        lambda w: _following(w, "post", f"/discussions/{w.thread.pk}/unfollow/"),
        lambda w: not Follow.objects.filter(user=w.actor, thread=w.thread).exists(),
    ),
    "stop following a topic": (
        "accounts",
        lambda w: _following(w, "post", "/topics/condition/insomnia/unfollow/"),
        lambda w: not Follow.objects.filter(user=w.actor, topic__isnull=False).exists(),
    ),
    "ask a question": (
        "members",
        lambda w: ("post", "/topics/condition/insomnia/questions/new/", {"title": QUESTION}),
        lambda w: Question.objects.filter(title=QUESTION).exists(),
    ),
    "answer": (
        "members",
        lambda w: ("post", f"/questions/{w.question.pk}/answer/", {"body": BODY}),
        lambda w: Answer.objects.filter(body=BODY).exists(),
    ),
    "edit own answer": (
        "members",
        lambda w: ("post", _own_answer_url(w), {"body": BODY}),
        lambda w: Answer.objects.filter(body=BODY, edited_at__isnull=False).exists(),
    ),
    "vote": (
        "members",
        lambda w: ("post", f"/answers/{w.bobs_answer.pk}/vote/", {}),
        lambda w: AnswerVote.objects.filter(answer=w.bobs_answer).exists(),
    ),
    "accept an answer to own question": (
        "members",
        lambda w: ("post", _accept_url(w), {}),
        lambda w: Question.objects.filter(accepted_answer__isnull=False).exists(),
    ),
    "send feedback": (
        "everyone",
        lambda w: ("post", "/topics/condition/insomnia/feedback/send/", {"helpful": "yes"}),
        lambda w: Feedback.objects.exists(),
    ),
    "read a page's feedback": (
        "editors",
        lambda w: ("get", "/topics/condition/insomnia/feedback/", {}),
        None,
    ),
    "read all feedback": ("editors", lambda w: ("get", "/feedback/", {}), None),
}
THREAD = {"title": "A new discussion about sleep", "body": "What helped you sleep through?"}
QUESTION = "Does chamomile tea help anyone sleep?"
BODY = "This is a body long enough for every form here."


def _following(w: World, method: str, url: str) -> tuple[str, str, dict]:
    """The request, once the actor follows the thread and its topic."""
    if w.actor is not None:
        Follow.objects.create(user=w.actor, thread=w.thread)
        Follow.objects.create(user=w.actor, topic=w.thread.topic)
    return method, url, {}


def _own_post_url(w: World) -> str:
    return f"/posts/{w.own_post.pk if w.own_post else w.thread.posts.first().pk}/edit/"


def _own_answer_url(w: World) -> str:
    return f"/answers/{w.own_answer.pk if w.own_answer else w.bobs_answer.pk}/edit/"


def _accept_url(w: World) -> str:
    question = w.own_question or w.question
    return f"/answers/{question.answers.first().pk}/accept/"


def _expected(who_may: str, actor: str) -> str:
    """What the actor sees: "allowed", a gate's message, or the editors-only message."""
    if who_may == "everyone":
        return "allowed"
    if actor == "anonymous":
        return LOGIN_GATE
    if who_may == "accounts":
        return "allowed"
    if actor in GATES:
        return GATES[actor]
    if who_may == "editors" and actor == "member":
        return EDITORS_ONLY
    return "allowed"


@pytest.mark.parametrize("world", ACTORS, indirect=True, ids=ACTORS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_it_lets_each_person_do_what_their_account_allows(client, world, action):
    who_may, make_request, happened = ACTIONS[action]
    method, url, data = make_request(world)
    actor = next(name for name in ACTORS if _matches(world.actor, name))
    expected = _expected(who_may, actor)

    response = getattr(client, method)(url, data)

    if expected == "allowed":
        assert response.status_code in (200, 302), page_text(response)[:500]
        assert happened is None or happened(world)
    else:
        assert response.status_code == 403
        assert expected in page_text(response)
        if happened is not None and who_may != "accounts":
            assert not happened(world)


def _matches(user, name: str) -> bool:
    if user is None:
        return name == "anonymous"
    return {
        "unverified": "una@",
        "member": "alice@",
        "suspended": "sam@",
        "expert": "erin@",
        "moderator": "mo@",
    }.get(name, "-") in user.email


# Every view that changes data refuses GET (or, for a form, changes nothing on GET)


@pytest.fixture
def content(bob, alice):
    topic = ConditionFactory(name="Insomnia", slug="insomnia").topic
    thread = ThreadFactory(topic=topic, author=bob)
    question = QuestionFactory(topic=topic, author=alice)
    return {"thread": thread, "answer": AnswerFactory(question=question, author=bob)}


@pytest.mark.parametrize(
    "url",
    [
        "/discussions/{thread}/follow/",
        "/discussions/{thread}/unfollow/",
        "/topics/condition/insomnia/follow/",
        "/topics/condition/insomnia/unfollow/",
        "/answers/{answer}/vote/",
        "/answers/{answer}/accept/",
        "/topics/condition/insomnia/feedback/send/",
    ],
)
def test_it_refuses_get_on_views_that_change_data(client, alice, content, url):
    Follow.objects.create(user=alice, thread=content["thread"])
    log_in(client, alice)

    response = client.get(url.format(thread=content["thread"].pk, answer=content["answer"].pk))

    assert response.status_code == 405
    assert Follow.objects.filter(user=alice).count() == 1
    assert not AnswerVote.objects.exists() and not Feedback.objects.exists()
    assert Question.objects.get().accepted_answer is None


@pytest.mark.parametrize(
    "url",
    [
        "/discussions/{thread}/reply/",
        "/topics/condition/insomnia/discussions/new/",
        "/posts/{post}/edit/",
        "/questions/{question}/answer/",
        "/topics/condition/insomnia/questions/new/",
        "/answers/{answer}/edit/",
    ],
)
def test_it_changes_nothing_on_get_of_a_form_view(client, bob, content, url):
    thread, answer = content["thread"], content["answer"]
    post = thread.posts.get()
    log_in(client, bob)

    response = client.get(
        url.format(thread=thread.pk, post=post.pk, question=answer.question_id, answer=answer.pk)
    )

    assert response.status_code in (200, 302)
    assert (Thread.objects.count(), Post.objects.count()) == (1, 1)
    assert (Question.objects.count(), Answer.objects.count()) == (1, 1)
    post.refresh_from_db()
    answer.refresh_from_db()
    assert post.edited_at is None and answer.edited_at is None


# Every view that changes someone's content refuses the wrong member


def test_it_refuses_to_edit_someone_elses_post(client, alice, mo, content):
    post = content["thread"].posts.get()

    for member in (alice, mo):
        response = log_in(client, member).post(f"/posts/{post.pk}/edit/", {"body": BODY})
        assert response.status_code == 403
        assert "You can edit only your own posts." in page_text(response)
    post.refresh_from_db()
    assert post.body != BODY and post.edited_at is None


def test_it_refuses_to_edit_someone_elses_answer(client, alice, content):
    answer = content["answer"]

    response = log_in(client, alice).post(f"/answers/{answer.pk}/edit/", {"body": BODY})

    assert response.status_code == 403
    assert "You can edit only your own answers." in page_text(response)
    assert Answer.objects.get(pk=answer.pk).body != BODY


def test_it_refuses_an_acceptance_by_the_answers_author(client, bob, content):
    answer = content["answer"]

    response = log_in(client, bob).post(f"/answers/{answer.pk}/accept/")

    assert response.status_code == 403
    assert "Only the member who asked the question can accept an answer." in page_text(response)
    assert Question.objects.get().accepted_answer is None


def test_it_refuses_a_vote_by_the_answers_author(client, bob, content):
    response = log_in(client, bob).post(f"/answers/{content['answer'].pk}/vote/")

    assert response.status_code == 403
    assert "You can't vote for your own answer." in page_text(response)
    assert not AnswerVote.objects.exists()


def test_it_stops_only_the_readers_own_follow(client, alice, bob, content):
    thread = content["thread"]

    log_in(client, alice).post(f"/discussions/{thread.pk}/unfollow/")

    assert Follow.objects.filter(user=bob, thread=thread).exists()


def test_it_sends_members_back_to_the_page_after_logging_in(client, content):
    thread = content["thread"]

    response = client.get(f"/discussions/{thread.pk}/reply/")

    assert response.status_code == 403
    assert f"next=/discussions/{thread.pk}/reply/" in response.content.decode()
