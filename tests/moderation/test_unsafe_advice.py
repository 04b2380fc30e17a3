"""The unsafe-advice notice on the forms of reviews, discussions, questions and answers:
the writer sees what matched and why, keeps the text, and may edit it or post anyway."""

from dataclasses import dataclass

import pytest

from aposbook.discussions.models import Follow, Post, Thread
from aposbook.lib.visibility import UNSAFE_ADVICE, Moderated
from aposbook.library.forms import UNSAFE_ADVICE_ERROR
from aposbook.library.models import DoseLimit, Medicine, SafetyRule, Solution, SolutionForm
from aposbook.library.safety_seed import seed
from aposbook.questions.models import Answer, Question
from aposbook.reviews.models import Review
from tests.factories import (
    ConditionFactory,
    QuestionFactory,
    ReferenceFactory,
    SolutionFactory,
    ThreadFactory,
)
from tests.helpers import field_error, page_text, textarea_value

pytestmark = pytest.mark.django_db

UNSAFE = "Stop taking your insulin, cinnamon keeps my sugar levels fine."
SAFE = "Please talk to your nurse before changing your insulin; cinnamon is just for taste."
NOTICE = "Before you post: please check this advice"


@dataclass
class Writing:
    """One form that publishes a member's text: where it posts, what else it needs, where
    the text lands."""

    url: str
    field: str
    data: dict[str, str]
    model: type
    text_of: str


@pytest.fixture(autouse=True)
def safety_rules(db) -> None:
    """The rules the migration seeds, back if a transactional test emptied the tables."""
    seed(Medicine, SafetyRule)


@pytest.fixture
def magnesium():
    solution = SolutionFactory(name="Magnesium", slug="magnesium")
    SolutionForm.objects.create(solution=solution, name="Citrate")
    return solution


@pytest.fixture
def writings(alice, bob, magnesium) -> dict[str, Writing]:
    insomnia = ConditionFactory(name="Insomnia", slug="insomnia")
    thread = ThreadFactory(topic=insomnia.topic, author=bob, title="Sleep and sugar levels")
    question = QuestionFactory(topic=insomnia.topic, author=bob, title="Does anything help?")
    review = {
        "condition": "",
        "effectiveness": "6",
        "side_effects": "none",
        "dose": "",
        "duration": "1-3-months",
        "recommends": "yes",
    }
    return {
        "thread": Writing(
            "/topics/condition/insomnia/discussions/new/",
            "body",
            {"title": "Living with diabetes and poor sleep"},
            Thread,
            "posts__body",
        ),
        "reply": Writing(f"/discussions/{thread.pk}/reply/", "body", {}, Post, "body"),
        "question": Writing(
            "/topics/condition/insomnia/questions/new/",
            "body",
            {"title": "What helps with sleep and diabetes?"},
            Question,
            "body",
        ),
        "answer": Writing(f"/questions/{question.pk}/answer/", "body", {}, Answer, "body"),
        "review": Writing("/solutions/magnesium/reviews/new/", "story", review, Review, "story"),
    }


def published(writing: Writing, text: str) -> bool:
    return writing.model.objects.filter(**{writing.text_of: text}).exists()


def item_with(writing: Writing, text: str) -> Moderated:
    """The review, post, question or answer that holds `text` (a thread's first post)."""
    if writing.model is Thread:
        return Post.objects.get(body=text)
    return writing.model.objects.get(**{writing.text_of: text})


@pytest.mark.parametrize("kind", ["thread", "reply", "question", "answer", "review"])
def test_it_warns_before_publishing_and_keeps_the_text(client, alice, writings, kind) -> None:
    writing = writings[kind]
    client.force_login(alice)

    response = client.post(writing.url, writing.data | {writing.field: UNSAFE})

    assert response.status_code in (200, 400)
    assert not published(writing, UNSAFE)
    text = page_text(response)
    assert NOTICE in text
    assert "Stopping a medicine:" in text
    assert "<mark>Stop taking your insulin</mark>" in response.content.decode()
    assert "talk to their doctor before they stop or change a medicine" in text
    assert field_error(response, writing.field) == UNSAFE_ADVICE_ERROR
    assert textarea_value(response, writing.field) == UNSAFE
    assert '<button type="submit" name="post_anyway" value="on"' in response.content.decode()


@pytest.mark.parametrize("kind", ["thread", "reply", "question", "answer", "review"])
def test_the_writer_may_post_anyway(client, alice, writings, kind) -> None:
    writing = writings[kind]
    client.force_login(alice)

    response = client.post(writing.url, writing.data | {writing.field: UNSAFE, "post_anyway": "on"})

    assert response.status_code == 302
    item = item_with(writing, UNSAFE)
    assert item.is_held
    assert item.moderation_reason == UNSAFE_ADVICE == "Possible unsafe advice"
    (start, end), *_ = item.moderation_matches
    assert item.moderated_text()[start:end] == "Stop taking your insulin"


def test_a_held_reply_waits_for_a_moderator_and_sends_no_email(
    client, alice, bob, writings, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    thread = Thread.objects.get(author=bob)
    Follow.objects.get_or_create(user=bob, thread=thread)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(writings["reply"].url, {"body": SAFE})
    assert len(mailoutbox) == 1  # a reply that is shown is emailed to followers…
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(writings["reply"].url, {"body": UNSAFE, "post_anyway": "on"})

    client.force_login(bob)
    assert "Stop taking your insulin" not in page_text(client.get(f"/discussions/{thread.pk}/"))
    assert mailoutbox == []  # …a held one is not


@pytest.mark.parametrize("kind", ["thread", "reply", "question", "answer", "review"])
def test_an_edited_safe_text_is_published_without_a_notice(client, alice, writings, kind) -> None:
    writing = writings[kind]
    client.force_login(alice)

    response = client.post(writing.url, writing.data | {writing.field: SAFE})

    assert response.status_code == 302
    assert item_with(writing, SAFE).is_shown


def test_post_anyway_does_not_pass_other_mistakes(client, alice, writings) -> None:
    client.force_login(alice)
    response = client.post(
        "/topics/condition/insomnia/discussions/new/",
        {"title": "", "body": UNSAFE, "post_anyway": "on"},
    )

    assert response.status_code == 400
    assert not Thread.objects.filter(author=alice).exists()
    assert NOTICE in page_text(response)
    assert textarea_value(response, "body") == UNSAFE


def test_a_reviews_dose_is_read_against_the_solutions_limit(client, alice, writings) -> None:
    magnesium = Solution.objects.get(slug="magnesium")
    DoseLimit.objects.create(
        solution=magnesium,
        kind=DoseLimit.Kind.LIBRARY,
        amount=500,
        unit="mg",
        applies_to="magnesium from supplements",
        reference=ReferenceFactory(),
    )
    client.force_login(alice)
    story = "Two capsules every evening for six weeks, and I fall asleep sooner most nights."
    data = writings["review"].data | {"story": story, "dose": "2 g at bedtime"}

    response = client.post("/solutions/magnesium/reviews/new/", data)

    assert not Review.objects.exists()
    assert "A dose above the library's limit:" in page_text(response)
    assert "<mark>2 g</mark>" in response.content.decode()
    assert "500 mg a day (magnesium from supplements)" in page_text(response)
    assert field_error(response, "dose") == UNSAFE_ADVICE_ERROR


def test_an_edit_posted_anyway_is_held_too(client, alice, writings) -> None:
    client.force_login(alice)
    client.post(writings["reply"].url, {"body": SAFE})
    post = Post.objects.get(body=SAFE)

    warned = client.post(f"/posts/{post.pk}/edit/", {"body": UNSAFE})
    assert NOTICE in page_text(warned)
    client.post(f"/posts/{post.pk}/edit/", {"body": UNSAFE, "post_anyway": "on"})

    post.refresh_from_db()
    assert (post.body, post.is_held) == (UNSAFE, True)
