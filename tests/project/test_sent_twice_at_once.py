"""The same message sent many times at the same moment (a double click, a retrying client, a
script) is stored once: the duplicate check runs again in the transaction that stores, after
the member's other writes in flight have finished (`User.wait_for_own_writes`). Needs
PostgreSQL, where the requests really run at once (SQLite runs one writer at a time)."""

from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from aposbook.discussions import services as discussions
from aposbook.discussions.models import Post, Thread
from aposbook.questions import services as questions
from aposbook.questions.models import Answer, Question
from tests.factories import ConditionFactory, QuestionFactory, ThreadFactory
from tests.fixtures import establish, make_user
from tests.helpers import page_text, run_together, textarea_value

TEXT = "Magnesium glycinate at night helped me fall asleep sooner after two weeks."
TITLE = "Waking up at four every night"
AT_ONCE = 20


def _places(world: dict[str, Any]) -> dict[str, tuple[str, dict[str, str], Any]]:
    """Where a member writes: the address, the data, and what a request stores."""
    return {
        "reply": (f"/discussions/{world['thread'].pk}/reply/", {"body": TEXT}, Post),
        "thread": (
            "/topics/condition/insomnia/discussions/new/",
            {"title": TITLE, "body": TEXT},
            Thread,
        ),
        "question": (
            "/topics/condition/insomnia/questions/new/",
            {"title": TITLE, "body": TEXT},
            Question,
        ),
        "answer": (f"/questions/{world['question'].pk}/answer/", {"body": TEXT}, Answer),
    }


@pytest.mark.postgres
@pytest.mark.parametrize("place", ["reply", "thread", "question", "answer"])
def test_the_same_text_sent_twenty_times_at_once_is_stored_once(transactional_db, place):
    cache.clear()  # the limits' counters
    bob = make_user("bob@example.com", "Bob")
    insomnia = ConditionFactory(name="Insomnia", slug="insomnia")
    world = {
        "thread": ThreadFactory(topic=insomnia.topic, author=bob, title="Magnesium?"),
        "question": QuestionFactory(topic=insomnia.topic, author=bob, title="Which form?"),
    }
    url, data, model = _places(world)[place]
    member = establish(make_user("nina@example.com", "Nina"))
    clients = []
    for _ in range(AT_ONCE):
        member_client = Client()
        member_client.force_login(member)
        clients.append(member_client)
    statuses: list[int] = []

    run_together(
        [
            lambda member_client=member_client: statuses.append(
                member_client.post(url, data).status_code
            )
            for member_client in clients
        ]
    )

    assert model.objects.filter(author=member).count() == 1
    # One redirect to what was stored; every other request is told it was already posted.
    assert sorted(statuses) == [302] + [400] * (AT_ONCE - 1)


def _send_twice(place: str, member, world: dict[str, Any]) -> None:
    topic = world["thread"].topic
    send = {
        "reply": lambda: discussions.add_reply(thread=world["thread"], author=member, body=TEXT),
        "thread": lambda: discussions.start_thread(
            topic=topic, author=member, title=TITLE, body=TEXT
        ),
        "question": lambda: questions.ask_question(
            topic=topic, author=member, title=TITLE, body=TEXT
        ),
        "answer": lambda: questions.add_answer(
            question=world["question"], author=member, body=TEXT
        ),
    }[place]
    send()
    send()


@pytest.mark.django_db
@pytest.mark.parametrize("place", ["reply", "thread", "question", "answer"])
def test_the_write_itself_refuses_what_the_member_just_sent(place, bob, alice):
    """The check in the form runs before the transaction; the write checks again inside it."""
    insomnia = ConditionFactory(name="Insomnia", slug="insomnia")
    world = {
        "thread": ThreadFactory(topic=insomnia.topic, author=bob, title="Magnesium?"),
        "question": QuestionFactory(topic=insomnia.topic, author=bob, title="Which form?"),
    }
    model = _places(world)[place][2]

    with pytest.raises(ValidationError, match="You have already posted this"):
        _send_twice(place, alice, world)

    assert model.objects.filter(author=alice).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("place", ["reply", "thread", "question", "answer"])
def test_the_page_says_so_when_only_the_write_finds_the_duplicate(
    place, client, bob, alice, monkeypatch
):
    """What a request sees when the other copy was stored while its form was being checked:
    the form again, with the message and the text kept."""
    insomnia = ConditionFactory(name="Insomnia", slug="insomnia")
    world = {
        "thread": ThreadFactory(topic=insomnia.topic, author=bob, title="Magnesium?"),
        "question": QuestionFactory(topic=insomnia.topic, author=bob, title="Which form?"),
    }
    url, data, model = _places(world)[place]
    for forms in ["aposbook.discussions.forms", "aposbook.questions.forms"]:
        monkeypatch.setattr(f"{forms}.refuse_duplicate", lambda *args, **kwargs: None)
    client.force_login(alice)

    assert client.post(url, data).status_code == 302
    response = client.post(url, data)

    assert response.status_code == 400
    assert "You have already posted this." in page_text(response)
    assert textarea_value(response, "body") == TEXT
    assert model.objects.filter(author=alice).count() == 1
