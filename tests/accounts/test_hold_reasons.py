"""Which new posts wait for a moderator (`aposbook.accounts.limits.hold_reason`): a new
member's first post with a link, and anyone's text posted again within the hour."""

import datetime as dt

import pytest
from django.utils import timezone

from aposbook.accounts.limits import FIRST_LINK, SAME_TEXT_ELSEWHERE, hold_reason
from aposbook.accounts.moderated import set_visibility
from aposbook.discussions.models import Post
from aposbook.lib.visibility import Visibility
from tests.factories import (
    AnswerFactory,
    ConditionFactory,
    PostFactory,
    QuestionFactory,
    ReviewFactory,
    SolutionFactory,
    ThreadFactory,
)
from tests.fixtures import make_user

pytestmark = pytest.mark.django_db

TEXT = "Buy the best magnesium here, it cured my insomnia in one night, really."
WITH_LINK = "I wrote down what helped me on https://example.org/sleep-notes for anyone."


def ago(**delta: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(**delta)


@pytest.fixture
def thread(bob):
    return ThreadFactory(topic=ConditionFactory().topic, author=bob)


@pytest.fixture
def veteran(db):
    """A member for a month, whose reply has been up for a week."""
    member = make_user("olga@example.com", "Olga", date_joined=ago(days=30))
    ReviewFactory(author=member, solution=SolutionFactory(), created_at=ago(days=7))
    return member


def test_nothing_holds_an_ordinary_post(veteran) -> None:
    assert hold_reason(veteran, [TEXT]) is None


@pytest.mark.parametrize("kind", ["review", "reply", "question", "answer"])
def test_the_same_text_again_within_an_hour_is_held(veteran, thread, kind) -> None:
    if kind == "review":
        ReviewFactory(author=veteran, solution=SolutionFactory(), story=TEXT)
    elif kind == "reply":
        PostFactory(thread=thread, author=veteran, body=TEXT)
    elif kind == "question":
        QuestionFactory(topic=thread.topic, author=veteran, body=TEXT)
    else:
        AnswerFactory(question=QuestionFactory(topic=thread.topic), author=veteran, body=TEXT)

    assert hold_reason(veteran, [TEXT]) == SAME_TEXT_ELSEWHERE
    # Spacing and letter case do not make a copy different.
    assert hold_reason(veteran, [f"  {TEXT.upper()}\n"]) == SAME_TEXT_ELSEWHERE


def test_a_question_title_copied_into_a_reply_is_held(veteran, thread) -> None:
    QuestionFactory(topic=thread.topic, author=veteran, title="Which magnesium cured you?")

    assert hold_reason(veteran, ["which magnesium cured you?"]) == SAME_TEXT_ELSEWHERE


def test_the_same_text_after_an_hour_is_not_held(veteran, thread) -> None:
    PostFactory(thread=thread, author=veteran, body=TEXT)
    Post.objects.filter(author=veteran).update(created_at=ago(minutes=61))

    assert hold_reason(veteran, [TEXT]) is None


def test_another_members_copy_does_not_hold_mine(veteran, thread, bob) -> None:
    PostFactory(thread=thread, author=bob, body=TEXT)

    assert hold_reason(veteran, [TEXT]) is None


def test_the_copy_window_is_a_setting(veteran, thread, settings) -> None:
    settings.SAME_TEXT_MINUTES = 5
    PostFactory(thread=thread, author=veteran, body=TEXT)
    Post.objects.filter(author=veteran).update(created_at=ago(minutes=6))

    assert hold_reason(veteran, [TEXT]) is None


def test_a_new_members_first_post_with_a_link_is_held() -> None:
    newcomer = make_user("nina@example.com", "Nina")

    assert hold_reason(newcomer, [WITH_LINK]) == FIRST_LINK
    assert hold_reason(newcomer, [TEXT]) is None


def test_a_new_members_later_link_is_not_held_once_a_moderator_let_one_through(thread) -> None:
    newcomer = make_user("nina@example.com", "Nina")
    first = PostFactory(thread=thread, author=newcomer, body=WITH_LINK)
    assert first.is_held
    assert hold_reason(newcomer, ["And another page: https://example.net/more-notes"]) == FIRST_LINK

    set_visibility(first, Visibility.SHOWN)

    assert hold_reason(newcomer, ["And another page: https://example.net/more-notes"]) is None


def test_an_established_members_link_is_not_held(veteran) -> None:
    assert hold_reason(veteran, [WITH_LINK]) is None


def test_a_link_to_our_own_pages_is_not_held() -> None:
    newcomer = make_user("nina@example.com", "Nina")

    assert hold_reason(newcomer, ["Read [our magnesium page](/solutions/magnesium/)."]) is None
