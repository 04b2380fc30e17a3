"""New members are slowed down: a few posts in ten minutes, a few links a post, on every kind
of member writing (reviews, new discussions, replies, questions, answers), counted together.
Established members are not slowed. The rule of who is new is `User.is_new_member`."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.utils import timezone

from aposbook.accounts.models import Role, User
from aposbook.discussions.models import Post, Thread
from aposbook.library.models import SolutionForm
from aposbook.questions.models import Answer, Question
from aposbook.questions.services import toggle_accept
from aposbook.reviews.models import Review
from aposbook.reviews.services import vote_on_review
from tests.factories import (
    AnswerFactory,
    ConditionFactory,
    EvidenceFactory,
    PostFactory,
    QuestionFactory,
    ReviewFactory,
    SolutionFactory,
    ThreadFactory,
)
from tests.fixtures import make_user
from tests.helpers import field_error, page_text, run_together, textarea_value
from tests.reviews.test_reviews import review_data

pytestmark = pytest.mark.django_db

TEXT = "Magnesium glycinate at night helped me fall asleep sooner after two weeks."
THREE_LINKS = (
    "I read [one](https://example.org/a), [two](https://example.net/b) "
    "and https://example.com/c about magnesium and sleep before trying it."
)
TOO_MANY_POSTS = "New members may post 3 times in 10 minutes, and you have reached that"
TOO_MANY_LINKS = (
    "New members may put at most 2 links to other sites in a post, and yours has 3: please "
    "remove 1 link."
)


@dataclass
class Place:
    """Somewhere a member writes: the address of its form, the data it sends, the field the
    text goes in, and what it stores."""

    name: str
    field: str

    def url(self, world: dict[str, Any]) -> str:
        return {
            "review": "/solutions/magnesium/reviews/new/",
            "thread": "/topics/condition/insomnia/discussions/new/",
            "reply": f"/discussions/{world['thread'].pk}/reply/",
            "question": "/topics/condition/insomnia/questions/new/",
            "answer": f"/questions/{world['question'].pk}/answer/",
        }[self.name]

    def data(self, text: str) -> dict[str, str]:
        if self.name == "review":
            return review_data(story=text)
        if self.name in {"thread", "question"}:
            return {"title": "Waking up at four every night", "body": text}
        return {"body": text}

    @property
    def model(self) -> type[Model]:
        return {
            "review": Review,
            "thread": Thread,
            "reply": Post,
            "question": Question,
            "answer": Answer,
        }[self.name]

    def stored(self, author: User) -> int:
        return self.model.objects.filter(author=author).count()  # type: ignore[attr-defined]

    def latest(self, author: User) -> Any:
        """The item the moderation state is on (a new thread's is its opening post)."""
        model = Post if self.name == "thread" else self.model
        return model.objects.filter(author=author).latest("pk")  # type: ignore[attr-defined]


PLACES = [
    Place("review", "story"),
    Place("thread", "body"),
    Place("reply", "body"),
    Place("question", "body"),
    Place("answer", "body"),
]


@pytest.fixture
def world(bob) -> dict[str, Any]:
    insomnia = ConditionFactory(name="Insomnia", slug="insomnia")
    magnesium = SolutionFactory(name="Magnesium", slug="magnesium")
    SolutionForm.objects.create(solution=magnesium, name="Citrate")
    EvidenceFactory(solution=magnesium, condition=insomnia)
    thread = ThreadFactory(topic=insomnia.topic, author=bob, title="Magnesium before bed?")
    question = QuestionFactory(topic=insomnia.topic, author=bob, title="Which magnesium form?")
    return {"insomnia": insomnia, "magnesium": magnesium, "thread": thread, "question": question}


def ago(**delta: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(**delta)


def newcomer() -> User:
    """A member who signed up a moment ago."""
    return make_user("nina@example.com", "Nina")


def established(world: dict[str, Any]) -> User:
    """A member for a week, whose review has been up for days."""
    member = make_user("olga@example.com", "Olga", date_joined=ago(days=7))
    ReviewFactory(author=member, solution=SolutionFactory(), created_at=ago(days=5))
    return member


def three_recent_posts(author: User, world: dict[str, Any], *, minutes: float) -> None:
    """A review, a reply and an answer, the oldest `minutes` ago: the kinds count together."""
    ReviewFactory(author=author, solution=SolutionFactory(), created_at=ago(minutes=minutes))
    reply = PostFactory(thread=world["thread"], author=author)
    Post.objects.filter(pk=reply.pk).update(created_at=ago(minutes=minutes - 1))
    answer = AnswerFactory(question=world["question"], author=author)
    Answer.objects.filter(pk=answer.pk).update(created_at=ago(minutes=minutes - 2))


def post(client: Client, place: Place, world: dict[str, Any], text: str) -> Any:
    return client.post(place.url(world), place.data(text))


# Posts in ten minutes


@pytest.mark.parametrize("place", PLACES, ids=lambda place: place.name)
def test_it_refuses_a_new_members_fourth_post_in_ten_minutes(client, world, place) -> None:
    member = newcomer()
    three_recent_posts(member, world, minutes=4)
    before = place.stored(member)
    client.force_login(member)

    response = post(client, place, world, TEXT)

    assert TOO_MANY_POSTS in field_error(response, place.field)
    assert "you can post this in 6 minutes" in field_error(response, place.field)
    assert textarea_value(response, place.field) == TEXT
    assert place.stored(member) == before


@pytest.mark.parametrize("place", PLACES, ids=lambda place: place.name)
def test_a_new_member_posts_again_once_ten_minutes_have_passed(client, world, place) -> None:
    member = newcomer()
    three_recent_posts(member, world, minutes=11)
    before = place.stored(member)
    client.force_login(member)

    response = post(client, place, world, TEXT)

    assert response.status_code == 302
    assert place.stored(member) == before + 1


def test_a_new_member_posts_three_times_through_the_pages(client, world) -> None:
    member = newcomer()
    client.force_login(member)
    for number in range(3):
        response = client.post(
            f"/discussions/{world['thread'].pk}/reply/", {"body": f"{TEXT} ({number})"}
        )
        assert response.status_code == 302

    response = client.post(f"/discussions/{world['thread'].pk}/reply/", {"body": TEXT})

    assert TOO_MANY_POSTS in page_text(response)
    assert Post.objects.filter(author=member).count() == 3


@pytest.mark.parametrize("place", PLACES, ids=lambda place: place.name)
def test_an_established_member_is_not_slowed(client, world, place) -> None:
    member = established(world)
    three_recent_posts(member, world, minutes=4)
    before = place.stored(member)
    client.force_login(member)

    response = post(client, place, world, THREE_LINKS)

    assert response.status_code == 302
    assert place.stored(member) == before + 1


def test_the_limits_are_settings(client, world, settings) -> None:
    settings.NEW_MEMBER_POSTS, settings.NEW_MEMBER_POSTS_MINUTES = 1, 60
    member = newcomer()
    reply = PostFactory(thread=world["thread"], author=member)
    Post.objects.filter(pk=reply.pk).update(created_at=ago(minutes=30))
    client.force_login(member)

    response = client.post(f"/discussions/{world['thread'].pk}/reply/", {"body": TEXT})

    assert (
        "New members may post 1 time in 60 minutes, and you have reached that: you can post "
        "this in 30 minutes." in field_error(response, "body")
    )


# Links in a post


@pytest.mark.parametrize("place", PLACES, ids=lambda place: place.name)
def test_it_refuses_more_than_two_links_from_a_new_member(client, world, place) -> None:
    member = newcomer()
    client.force_login(member)

    response = post(client, place, world, THREE_LINKS)

    assert TOO_MANY_LINKS in field_error(response, place.field)
    assert textarea_value(response, place.field) == THREE_LINKS
    assert place.stored(member) == 0


def test_links_to_our_own_pages_do_not_count(client, world) -> None:
    member = newcomer()
    client.force_login(member)
    text = (
        "See [the magnesium page](/solutions/magnesium/), [the insomnia page]"
        "(/conditions/insomnia/) and [the reviews](/solutions/magnesium/reviews/)."
    )

    response = client.post(f"/discussions/{world['thread'].pk}/reply/", {"body": text})

    assert response.status_code == 302


def test_it_refuses_an_edit_that_adds_too_many_links(client, world) -> None:
    member = newcomer()
    reply = PostFactory(thread=world["thread"], author=member, body=TEXT)
    answer = AnswerFactory(question=world["question"], author=member, body=TEXT)
    question = QuestionFactory(topic=world["insomnia"].topic, author=member)
    review = ReviewFactory(author=member, solution=world["magnesium"], story=TEXT * 2)
    client.force_login(member)

    for url, data, field in [
        (f"/posts/{reply.pk}/edit/", {"body": THREE_LINKS}, "body"),
        (f"/answers/{answer.pk}/edit/", {"body": THREE_LINKS}, "body"),
        (
            f"/questions/{question.pk}/edit/",
            {"title": question.title, "body": THREE_LINKS},
            "body",
        ),
        (f"/reviews/{review.pk}/edit/", review_data(story=THREE_LINKS), "story"),
    ]:
        response = client.post(url, data)
        assert TOO_MANY_LINKS in field_error(response, field), url
        assert textarea_value(response, field) == THREE_LINKS

    reply.refresh_from_db(), answer.refresh_from_db(), review.refresh_from_db()
    assert (reply.body, answer.body, review.story) == (TEXT, TEXT, TEXT * 2)
    assert Question.objects.get(pk=question.pk).body == ""


def test_an_edit_that_adds_a_new_members_first_link_waits_for_a_moderator(client, world) -> None:
    member = newcomer()
    # Different texts: a copy of the same text would wait for a moderator from the start.
    reply = PostFactory(thread=world["thread"], author=member, body=TEXT)
    answer = AnswerFactory(question=world["question"], author=member, body=TEXT + " Truly.")
    question = QuestionFactory(topic=world["insomnia"].topic, author=member)
    review = ReviewFactory(author=member, solution=world["magnesium"], story=TEXT * 2)
    assert {item.visibility for item in (reply, answer, question, review)} == {"shown"}
    client.force_login(member)

    for url, data in [
        (f"/posts/{reply.pk}/edit/", {"body": WITH_LINK}),
        (f"/answers/{answer.pk}/edit/", {"body": WITH_LINK}),
        (f"/questions/{question.pk}/edit/", {"title": question.title, "body": WITH_LINK}),
        (f"/reviews/{review.pk}/edit/", review_data(story=WITH_LINK)),
    ]:
        assert client.post(url, data).status_code == 302, url

    for item in (reply, answer, question, review):
        item.refresh_from_db()
        assert (item.visibility, item.moderation_reason) == (
            "held",
            "A new member's first post with a link",
        ), item


def test_an_edit_without_a_new_link_is_shown_at_once(client, world) -> None:
    member = newcomer()
    reply = PostFactory(thread=world["thread"], author=member, body=TEXT)
    client.force_login(member)

    client.post(f"/posts/{reply.pk}/edit/", {"body": TEXT + " Still true."})

    reply.refresh_from_db()
    assert reply.visibility == "shown"


# Who is a new member


def test_a_member_is_new_for_a_day() -> None:
    member = make_user("nina@example.com", "Nina", date_joined=ago(hours=23))

    assert member.is_new_member()


def test_an_older_account_with_nothing_kept_is_still_new(world) -> None:
    member = make_user("nina@example.com", "Nina", date_joined=ago(days=30))
    ThreadFactory(topic=world["insomnia"].topic, author=member)
    Post.objects.filter(author=member).update(created_at=ago(hours=2))

    assert member.is_new_member()


def test_writing_up_for_a_day_makes_a_member_established(world) -> None:
    member = make_user("nina@example.com", "Nina", date_joined=ago(days=30))
    reply = PostFactory(thread=world["thread"], author=member)
    Post.objects.filter(pk=reply.pk).update(created_at=ago(hours=25))

    assert not member.is_new_member()


def test_a_helpful_vote_on_a_review_keeps_it(world, bob) -> None:
    member = make_user("nina@example.com", "Nina", date_joined=ago(days=2))
    review = ReviewFactory(author=member, solution=world["magnesium"])
    assert member.is_new_member()

    vote_on_review(review=review, voter=bob, helpful=True)

    assert not member.is_new_member()


def test_a_reply_from_someone_else_keeps_a_post(world, bob) -> None:
    member = make_user("nina@example.com", "Nina", date_joined=ago(days=2))
    thread = ThreadFactory(topic=world["insomnia"].topic, author=member)
    PostFactory(thread=thread, author=member)
    assert member.is_new_member()

    PostFactory(thread=thread, author=bob)

    assert not member.is_new_member()


def test_an_answer_keeps_a_question_and_acceptance_keeps_an_answer(world, bob) -> None:
    asker = make_user("nina@example.com", "Nina", date_joined=ago(days=2))
    helper = make_user("pia@example.com", "Pia", date_joined=ago(days=2))
    question = QuestionFactory(topic=world["insomnia"].topic, author=asker)
    answer = AnswerFactory(question=question, author=helper)
    assert not asker.is_new_member()
    assert helper.is_new_member()

    toggle_accept(answer=answer)

    assert not helper.is_new_member()


@pytest.mark.parametrize("role", [Role.EXPERT, Role.MODERATOR, Role.STAFF])
def test_experts_moderators_and_staff_are_never_new(role) -> None:
    member = make_user("nina@example.com", "Nina", role=role, credentials="RD")

    assert not member.is_new_member()


def test_an_expert_is_not_slowed(client, world) -> None:
    expert = make_user("erin@example.com", "Erin", role=Role.EXPERT, credentials="MS, RD")
    three_recent_posts(expert, world, minutes=2)
    client.force_login(expert)

    response = client.post(f"/discussions/{world['thread'].pk}/reply/", {"body": THREE_LINKS})

    assert response.status_code == 302


# Posts that wait for a moderator


WITH_LINK = "Here is what helped me sleep again: https://example.org/my-sleep-notes for all."


@pytest.mark.parametrize("place", PLACES, ids=lambda place: place.name)
def test_a_new_members_first_post_with_a_link_waits_for_a_moderator(client, world, place) -> None:
    member = newcomer()
    client.force_login(member)

    response = post(client, place, world, WITH_LINK)

    assert response.status_code == 302
    item = place.latest(member)
    assert (item.visibility, item.moderation_reason) == (
        "held",
        "A new member's first post with a link",
    )


@pytest.mark.parametrize("place", PLACES, ids=lambda place: place.name)
def test_an_established_members_link_is_shown_at_once(client, world, place) -> None:
    member = established(world)
    client.force_login(member)

    post(client, place, world, WITH_LINK)

    assert place.latest(member).visibility == "shown"


@pytest.mark.parametrize("place", PLACES, ids=lambda place: place.name)
def test_the_same_text_posted_elsewhere_within_an_hour_waits(client, world, place) -> None:
    member = established(world)
    elsewhere = ThreadFactory(topic=world["insomnia"].topic, author=member, body=TEXT)
    client.force_login(member)

    post(client, place, world, TEXT)

    item = place.latest(member)
    assert (item.visibility, item.moderation_reason) == ("held", "Same text posted elsewhere")
    # The first copy stays up.
    assert Post.objects.get(thread=elsewhere).visibility == "shown"


def test_a_held_reply_is_shown_to_its_author_only(client, world, alice) -> None:
    member = newcomer()
    client.force_login(member)
    client.post(f"/discussions/{world['thread'].pk}/reply/", {"body": WITH_LINK})
    url = world["thread"].get_absolute_url()

    own = page_text(client.get(url))
    client.force_login(alice)
    others = page_text(client.get(url))

    assert "my-sleep-notes" not in others and "Here is what helped me" not in others
    assert "Here is what helped me" in own
    assert "waiting for a moderator" in own
    assert "A new member's first post with a link" in own
    assert Thread.objects.get(pk=world["thread"].pk).reply_count == 0


@pytest.mark.postgres
def test_replies_sent_at_the_same_moment_stay_within_the_limit(transactional_db) -> None:
    """Each request reads the count before any has stored its reply: the atomic counter
    still lets only three through. (PostgreSQL: SQLite runs one writer at a time.)"""
    bob = make_user("bob@example.com", "Bob")
    thread = ThreadFactory(topic=ConditionFactory().topic, author=bob)
    member = newcomer()
    clients = []
    for _ in range(8):
        member_client = Client()
        member_client.force_login(member)
        clients.append(member_client)

    run_together(
        [
            lambda n=n, member_client=member_client: member_client.post(
                f"/discussions/{thread.pk}/reply/", {"body": f"{TEXT} Reply number {n}."}
            )
            for n, member_client in enumerate(clients)
        ]
    )

    assert Post.objects.filter(author=member).count() == 3
