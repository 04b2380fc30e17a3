"""Who may do what: every gated action against every kind of visitor, as one table; then the
wrong methods refused, and other people's content left alone.

To cover a new feature, add one `Action` to ACTIONS. `member_feature(...)`, `signed_in(...)`,
`moderators_only(...)`, `editors_only(...)` and `open_to_all(...)` fill in the standard
refusals; give only what the allowed visitors see, and override a cell where the feature
differs. URLs and the names of the fields in `data` may name what `make_world` creates:
"{target}" (a verified member other than the visitor), "{thread}", "{question}",
"{answer}", "{review}" and "{application}", all the target's. An action that needs the
visitor's own review, post, answer or question makes it in `prepare` ("{my_review}",
"{my_post}", "{my_answer}", "{my_question}", "{answer_to_my_question}"); for a visitor
without an account, the target's stands in.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.utils import timezone

from aposbook.accounts.models import Role, User
from aposbook.accounts.services import email_change_token, verification_wait
from aposbook.discussions.models import Follow, Post, Thread
from aposbook.feedback.models import Feedback
from aposbook.library.models import Condition, Solution, Topic
from aposbook.moderation.models import ExpertApplication, Suspension
from aposbook.pages.models import ContactMessage
from aposbook.questions.models import Answer, AnswerVote, Question
from aposbook.reviews.models import Review, ReviewVote
from tests.factories import (
    AnswerFactory,
    EvidenceFactory,
    PostFactory,
    QuestionFactory,
    ReviewFactory,
    SolutionFactory,
    ThreadFactory,
)
from tests.fixtures import PASSWORD, make_user
from tests.helpers import SUSPENSION_MESSAGE, page_text
from tests.reviews.test_reviews import STORY, review_data

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "unverified", "member", "suspended", "deleted", "expert", "moderator"]

# What `make_world` and the actions' `prepare` make: the names of their primary keys.
World = dict[str, int | None]


@dataclass(frozen=True)
class Outcome:
    status: int
    text: str
    # Whether the action happens (a POST that is allowed); refused ones never do.
    stores: bool = False


LOG_IN = Outcome(403, "Please log in to use this feature")
CONFIRM_EMAIL = Outcome(403, "Please confirm your email address and try to log in again.")
SUSPENDED = Outcome(403, SUSPENSION_MESSAGE)
NOT_A_MODERATOR = Outcome(403, "This page is for moderators")
NOT_AN_EDITOR = Outcome(403, "This page is for health experts and moderators.")


def member_feature(allowed: Outcome, **cells: Outcome) -> dict[str, Outcome]:
    """Verified, active, unsuspended members may; a deleted account is logged out."""
    outcomes = {
        "anonymous": LOG_IN,
        "deleted": LOG_IN,
        "unverified": CONFIRM_EMAIL,
        "suspended": SUSPENDED,
        "member": allowed,
        "expert": allowed,
        "moderator": allowed,
    }
    return outcomes | cells


def signed_in(allowed: Outcome) -> dict[str, Outcome]:
    """Any logged-in account, even unverified or suspended: their own settings and data, and
    stopping emails."""
    return member_feature(allowed, unverified=allowed, suspended=allowed)


def moderators_only(allowed: Outcome, **cells: Outcome) -> dict[str, Outcome]:
    return member_feature(allowed, member=NOT_A_MODERATOR, expert=NOT_A_MODERATOR) | cells


def editors_only(allowed: Outcome) -> dict[str, Outcome]:
    """Health experts and moderators in good standing."""
    return member_feature(allowed, member=NOT_AN_EDITOR)


def open_to_all(allowed: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(PEOPLE, allowed)


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    # May name what `make_world` and `prepare` make, as may the names of the fields in `data`.
    url: str
    outcomes: dict[str, Outcome]
    data: dict[str, str] = field(default_factory=dict)
    # Counts how often the action happened, to check that refusals change nothing.
    count: Callable[[World], int] = lambda world: 0
    # Puts the world in the state the action needs; returns the names of what it made.
    prepare: Callable[[World], World | None] = lambda world: None


BODY = "This is a body long enough for every form here."
FOLLOWING_THREAD = "You follow this discussion: we will email you about new replies."
FOLLOWING_TOPIC = "You follow Insomnia: we will email you about its discussions."
EDITED_DOSE = "300 mg with dinner"


def my_review(world: World) -> World:
    review = ReviewFactory(
        author=User.objects.get(pk=world["me"]),
        solution=Solution.objects.get(pk=world["magnesium"]),
        condition=Condition.objects.get(pk=world["insomnia"]),
    )
    return {"my_review": review.pk}


def my_post(world: World) -> World:
    post = PostFactory(
        thread=Thread.objects.get(pk=world["thread"]), author=User.objects.get(pk=world["me"])
    )
    return {"my_post": post.pk}


def my_answer(world: World) -> World:
    answer = AnswerFactory(
        question=Question.objects.get(pk=world["question"]),
        author=User.objects.get(pk=world["me"]),
    )
    return {"my_answer": answer.pk}


def my_question(world: World) -> World:
    question = QuestionFactory(
        topic=Topic.objects.get(pk=world["topic"]),
        author=User.objects.get(pk=world["me"]),
        title="Is it safe with coffee?",
    )
    return {"my_question": question.pk}


def an_answer_to_my_question(world: World) -> World:
    question = QuestionFactory(
        topic=Topic.objects.get(pk=world["topic"]),
        author=User.objects.get(pk=world["me"]),
        title="Can I take it with tea?",
    )
    answer = AnswerFactory(question=question, author=User.objects.get(pk=world["target"]))
    return {"answer_to_my_question": answer.pk}


def suspended_target(world: World) -> None:
    Suspension.objects.create(user_id=world["target"], reason="Spam")


def following(world: World) -> None:
    """The visitor follows the target's thread and its topic."""
    if world["visitor"] is not None:
        Follow.objects.create(user_id=world["visitor"], thread_id=world["thread"])
        Follow.objects.create(user_id=world["visitor"], topic_id=world["topic"])


def my_follow(world: World) -> World:
    """The visitor's follow of the target's thread (for a visitor without an account, the
    target's own, as every author follows their thread)."""
    me = world["visitor"] or world["target"]
    follow, _ = Follow.objects.get_or_create(user_id=me, thread_id=world["thread"])
    return {"my_follow": follow.pk}


def an_email_change_link(world: World) -> World:
    """The link that would make target.new@example.org the target's address."""
    target = User.objects.get(pk=world["target"])
    return {"email_change": email_change_token(user=target, email="target.new@example.org")}


def follows(world: World, **what: int | None) -> int:
    """How many of the visitor's follows are of `what` (a thread_id or a topic_id)."""
    return Follow.objects.filter(user_id=world["visitor"], **what).count()


ACTIONS = [
    Action(
        "apply to be an expert (form)",
        "get",
        "/experts/apply/",
        member_feature(
            Outcome(200, "Send my application"),
            expert=Outcome(200, "You are already shown as a health expert"),
        ),
    ),
    Action(
        "apply to be an expert (send)",
        "post",
        "/experts/apply/",
        member_feature(
            Outcome(200, "Thank you. Your application has been sent", stores=True),
            expert=Outcome(200, "You are already shown as a health expert"),
        ),
        data={
            "profession": "Registered dietitian",
            "credentials": "MS, RD",
            "registry_url": "https://example.org/register/1",
        },
        count=lambda world: ExpertApplication.objects.count(),
    ),
    Action(
        "moderation dashboard",
        "get",
        "/moderation/",
        moderators_only(Outcome(200, "Members suspended now")),
    ),
    Action(
        "suspend a member",
        "post",
        "/moderation/members/{target}/suspend/",
        moderators_only(Outcome(200, "has been suspended", stores=True)),
        data={"reason": "Posted advertising for a supplement shop.", "until": "2099-01-01"},
        count=lambda world: Suspension.objects.count(),
    ),
    Action("contact form", "get", "/contact/", open_to_all(Outcome(200, "Send the message"))),
    Action(
        "contact form (send)",
        "post",
        "/contact/",
        open_to_all(
            Outcome(
                200,
                "Thank you. Your message has been sent; we answer within two working days.",
                stores=True,
            )
        ),
        data={
            "name": "A reader",
            "email": "reader@example.org",
            "subject": "question",
            "message": "Do you have a page about restless legs?",
        },
        count=lambda world: ContactMessage.objects.count(),
    ),
    # Reviews.
    Action(
        "write a review (form)",
        "get",
        "/solutions/magnesium/reviews/new/",
        member_feature(Outcome(200, "Review Magnesium")),
    ),
    Action(
        "write a review",
        "post",
        "/solutions/magnesium/reviews/new/",
        member_feature(Outcome(200, "Thank you: your review is published.", stores=True)),
        data=review_data(condition="insomnia"),
        count=lambda world: Review.objects.count(),
    ),
    Action(
        "edit my review (form)",
        "get",
        "/reviews/{my_review}/edit/",
        member_feature(Outcome(200, "Edit your review of Magnesium for insomnia")),
        prepare=my_review,
    ),
    Action(
        "edit my review",
        "post",
        "/reviews/{my_review}/edit/",
        member_feature(Outcome(200, "Your review is updated.", stores=True)),
        data=review_data(dose=EDITED_DOSE),
        count=lambda world: Review.objects.filter(dose=EDITED_DOSE).count(),
        prepare=my_review,
    ),
    Action(
        "delete my review (form)",
        "get",
        "/reviews/{my_review}/delete/",
        member_feature(Outcome(200, "Delete your review of Magnesium for insomnia?")),
        prepare=my_review,
    ),
    Action(
        "delete my review",
        "post",
        "/reviews/{my_review}/delete/",
        member_feature(Outcome(200, "Your review is deleted.", stores=True)),
        count=lambda world: int(not Review.objects.filter(pk=world["my_review"]).exists()),
        prepare=my_review,
    ),
    Action(
        "vote on a review",
        "post",
        "/reviews/{review}/vote/",
        member_feature(Outcome(200, "Magnesium", stores=True)),
        data={"helpful": "yes"},
        count=lambda world: ReviewVote.objects.count(),
    ),
    Action(
        "where members and the research disagree",
        "get",
        "/experts/disagreements/",
        editors_only(Outcome(200, "Where members' experience and the research disagree")),
    ),
    # Discussions.
    Action(
        "start a discussion (form)",
        "get",
        "/topics/condition/insomnia/discussions/new/",
        member_feature(Outcome(200, "Start a discussion about Insomnia")),
    ),
    Action(
        "start a discussion",
        "post",
        "/topics/condition/insomnia/discussions/new/",
        member_feature(Outcome(200, "A new discussion about sleep", stores=True)),
        data={"title": "A new discussion about sleep", "body": BODY},
        count=lambda world: Thread.objects.count(),
    ),
    Action(
        "reply to a discussion",
        "post",
        "/discussions/{thread}/reply/",
        member_feature(Outcome(200, BODY, stores=True)),
        data={"body": BODY},
        count=lambda world: Post.objects.count(),
    ),
    Action(
        "edit my post",
        "post",
        "/posts/{my_post}/edit/",
        member_feature(Outcome(200, BODY, stores=True)),
        data={"body": BODY},
        count=lambda world: Post.objects.filter(body=BODY, edited_at__isnull=False).count(),
        prepare=my_post,
    ),
    Action(
        "follow a discussion",
        "post",
        "/discussions/{thread}/follow/",
        member_feature(Outcome(200, FOLLOWING_THREAD, stores=True)),
        count=lambda world: follows(world, thread_id=world["thread"]),
    ),
    Action(
        "follow a topic",
        "post",
        "/topics/condition/insomnia/follow/",
        member_feature(Outcome(200, FOLLOWING_TOPIC, stores=True)),
        count=lambda world: follows(world, topic_id=world["topic"]),
    ),
    Action(
        "stop following a discussion",
        "post",
        "/discussions/{thread}/unfollow/",
        signed_in(Outcome(200, "You no longer follow this discussion.", stores=True)),
        count=lambda world: int(not follows(world, thread_id=world["thread"])),
        prepare=following,
    ),
    Action(
        "stop following a topic",
        "post",
        "/topics/condition/insomnia/unfollow/",
        signed_in(Outcome(200, "You no longer follow Insomnia.", stores=True)),
        count=lambda world: int(not follows(world, topic_id=world["topic"])),
        prepare=following,
    ),
    # Questions.
    Action(
        "ask a question",
        "post",
        "/topics/condition/insomnia/questions/new/",
        member_feature(Outcome(200, "Does chamomile tea help anyone sleep?", stores=True)),
        data={"title": "Does chamomile tea help anyone sleep?"},
        count=lambda world: Question.objects.count(),
    ),
    Action(
        "answer a question",
        "post",
        "/questions/{question}/answer/",
        member_feature(Outcome(200, BODY, stores=True)),
        data={"body": BODY},
        count=lambda world: Answer.objects.count(),
    ),
    Action(
        "edit my answer",
        "post",
        "/answers/{my_answer}/edit/",
        member_feature(Outcome(200, BODY, stores=True)),
        data={"body": BODY},
        count=lambda world: Answer.objects.filter(body=BODY, edited_at__isnull=False).count(),
        prepare=my_answer,
    ),
    Action(
        "edit my question",
        "post",
        "/questions/{my_question}/edit/",
        member_feature(Outcome(200, "Is it safe with coffee or tea?", stores=True)),
        data={"title": "Is it safe with coffee or tea?", "body": BODY},
        count=lambda world: Question.objects.filter(edited_at__isnull=False).count(),
        prepare=my_question,
    ),
    Action(
        "stop emails about answers to my question",
        "post",
        "/questions/{my_question}/answer-emails/",
        signed_in(
            Outcome(200, "We will not email you about new answers to this question.", stores=True)
        ),
        data={"send": "no"},
        count=lambda world: Question.objects.filter(answer_emails=False).count(),
        prepare=my_question,
    ),
    Action(
        "vote for an answer",
        "post",
        "/answers/{answer}/vote/",
        member_feature(Outcome(200, "Does it help?", stores=True)),
        count=lambda world: AnswerVote.objects.count(),
    ),
    Action(
        "accept an answer to my question",
        "post",
        "/answers/{answer_to_my_question}/accept/",
        member_feature(Outcome(200, "Accepted answer chosen by the member who asked", stores=True)),
        count=lambda world: Question.objects.filter(accepted_answer__isnull=False).count(),
        prepare=an_answer_to_my_question,
    ),
    # Feedback.
    Action(
        "say whether a page helped",
        "post",
        "/topics/condition/insomnia/feedback/send/",
        open_to_all(Outcome(200, "Success! Thank you for your feedback.", stores=True)),
        data={"helpful": "yes"},
        count=lambda world: Feedback.objects.count(),
    ),
    Action(
        "a page's feedback",
        "get",
        "/topics/condition/insomnia/feedback/",
        editors_only(Outcome(200, "Feedback on Insomnia")),
    ),
    Action(
        "all feedback", "get", "/feedback/", editors_only(Outcome(200, "Feedback from readers"))
    ),
    # The member's own account.
    Action("account settings", "get", "/accounts/settings/", signed_in(Outcome(200, "Save"))),
    Action(
        "change the display name",
        "post",
        "/accounts/settings/",
        signed_in(Outcome(200, "Your display name has been saved.", stores=True)),
        data={"display_name": "A new name"},
        count=lambda world: User.objects.filter(display_name="A new name").count(),
    ),
    Action(
        "change my email address (form)",
        "get",
        "/accounts/email/",
        signed_in(Outcome(200, "Change your email address")),
    ),
    Action(
        "change my email address",
        "post",
        "/accounts/email/",
        signed_in(Outcome(200, "We have sent a link to new@example.org.", stores=True)),
        data={"email": "new@example.org", "password": PASSWORD},
        # A link leaves only after the commit; the wait before another one starts at once.
        count=lambda world: int(verification_wait("new@example.org") > 0),
    ),
    Action(
        "confirm a new email address",
        "post",
        "/accounts/email/confirm/{email_change}/",
        open_to_all(Outcome(200, "Your email address is now target.new@example.org.", stores=True)),
        count=lambda world: User.objects.filter(email="target.new@example.org").count(),
        prepare=an_email_change_link,
    ),
    Action(
        "turn reply emails off",
        "post",
        "/accounts/settings/emails/",
        signed_in(Outcome(200, "Your email preferences have been saved.", stores=True)),
        count=lambda world: User.objects.filter(pk=world["visitor"], reply_emails=False).count(),
    ),
    Action(
        "stop a follow from my settings",
        "post",
        "/follows/{my_follow}/stop/",
        signed_in(Outcome(200, "You no longer follow", stores=True)),
        count=lambda world: int(not Follow.objects.filter(pk=world["my_follow"]).exists()),
        prepare=my_follow,
    ),
    Action(
        "download my data",
        "get",
        "/accounts/settings/export/",
        signed_in(Outcome(200, '"email_addresses"')),
    ),
    Action(
        "delete my account",
        "post",
        "/accounts/delete/",
        signed_in(Outcome(200, "Your account has been deleted.", stores=True)),
        data={"password": PASSWORD},
        count=lambda world: User.objects.filter(deleted_at__isnull=False).count(),
    ),
    # Moderation.
    Action(
        "find a member",
        "get",
        "/moderation/members/",
        moderators_only(Outcome(200, "target@example.com")),
        data={"q": "target"},
    ),
    Action(
        "every member",
        "get",
        "/moderation/members/",
        moderators_only(Outcome(200, "target@example.com")),
    ),
    Action(
        "audit log page",
        "get",
        "/moderation/log/",
        moderators_only(Outcome(200, "Every moderation decision, newest first")),
    ),
    Action(
        "suspensions page",
        "get",
        "/moderation/suspensions/",
        moderators_only(Outcome(200, "In force now")),
    ),
    Action(
        "lift a suspension",
        "post",
        "/moderation/members/{target}/unsuspend/",
        moderators_only(Outcome(200, "The suspension of Target has been lifted.", stores=True)),
        count=lambda world: Suspension.objects.filter(lifted_at__isnull=False).count(),
        prepare=suspended_target,
    ),
    Action(
        "expert applications page",
        "get",
        "/moderation/expert-applications/",
        moderators_only(Outcome(200, "Approve target@example.com")),
    ),
    Action(
        "approve an expert application",
        "post",
        "/moderation/expert-applications/{application}/approve/",
        moderators_only(Outcome(200, "Target is now shown as a health expert.", stores=True)),
        count=lambda world: ExpertApplication.objects.filter(status="approved").count(),
    ),
    Action(
        "refuse an expert application",
        "post",
        "/moderation/expert-applications/{application}/refuse/",
        moderators_only(Outcome(200, "The application of Target was refused.", stores=True)),
        data={"refuse-{application}-reason": "The register link is broken."},
        count=lambda world: ExpertApplication.objects.filter(status="refused").count(),
    ),
]


def make_visitor(kind: str) -> User | None:
    """A fresh account of the kind named, in good standing for now (see `become`)."""
    if kind == "anonymous":
        return None
    fields = {
        "expert": {"role": Role.EXPERT, "credentials": "MS, RD"},
        "moderator": {"role": Role.MODERATOR},
    }
    return make_user(
        f"{kind}@example.com", kind.title(), verified=kind != "unverified", **fields.get(kind, {})
    )


def make_world(visitor: User | None) -> World:
    """The target member and what they wrote or asked for, for the actions to act on."""
    target = make_user("target@example.com", "Target")
    magnesium = SolutionFactory(name="Magnesium", slug="magnesium")
    insomnia = EvidenceFactory(
        solution=magnesium, condition__name="Insomnia", condition__slug="insomnia"
    ).condition
    question = QuestionFactory(topic=insomnia.topic, author=target, title="Does it help?")
    application = ExpertApplication.objects.create(
        user=target,
        profession="Registered dietitian",
        credentials="MS, RD",
        registry_url="https://example.org/register/2",
    )
    return {
        "visitor": visitor.pk if visitor else None,
        "me": (visitor or target).pk,
        "target": target.pk,
        "magnesium": magnesium.pk,
        "insomnia": insomnia.pk,
        "topic": insomnia.topic.pk,
        "thread": ThreadFactory(topic=insomnia.topic, author=target).pk,
        "question": question.pk,
        "answer": AnswerFactory(question=question, author=target).pk,
        "review": ReviewFactory(author=target, solution=magnesium).pk,
        "application": application.pk,
    }


def prepare(action: Action, visitor: User | None) -> tuple[World, str, dict[str, str]]:
    """The world, and the action's URL and data once what they name exists."""
    world = make_world(visitor)
    world |= action.prepare(world) or {}
    data = {name.format(**world): value for name, value in action.data.items()}
    return world, action.url.format(**world), data


def become(client: Client, kind: str, visitor: User | None) -> None:
    """Make `client` the kind of visitor named."""
    if visitor is None:
        return
    client.force_login(visitor)
    if kind == "suspended":
        Suspension.objects.create(user=visitor, reason="Spam")
    if kind == "deleted":
        # Deleted in the restore window: still logged in on this browser, but inactive.
        User.objects.filter(pk=visitor.pk).update(deleted_at=timezone.now(), is_active=False)


@pytest.mark.parametrize("kind", PEOPLE)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.name)
def test_each_visitor_sees_what_they_may_do(client, action: Action, kind: str) -> None:
    visitor = make_visitor(kind)
    world, url, data = prepare(action, visitor)
    become(client, kind, visitor)
    before = action.count(world)
    expected = action.outcomes[kind]

    response = getattr(client, action.method)(url, data, follow=True)

    assert response.status_code == expected.status
    assert expected.text in page_text(response)
    assert action.count(world) == before + (1 if expected.stores else 0)


def test_every_action_has_an_outcome_for_every_visitor() -> None:
    for action in ACTIONS:
        assert set(action.outcomes) == set(PEOPLE), action.name


@pytest.mark.parametrize(
    "action",
    [action for action in ACTIONS if action.method == "post"],
    ids=lambda action: action.name,
)
def test_each_action_that_stores_needs_the_csrf_token(action: Action) -> None:
    client = Client(enforce_csrf_checks=True)
    visitor = make_visitor("moderator")
    world, url, data = prepare(action, visitor)
    become(client, "moderator", visitor)
    before = action.count(world)

    response = client.post(url, data)

    assert response.status_code == 403
    # The site's page for a form without its CSRF token (`CSRF_FAILURE_VIEW`).
    assert "Please send the form again" in page_text(response)
    assert action.count(world) == before


# The wrong methods are refused, and change nothing.


def what_is_stored() -> dict[str, int]:
    return {
        "reviews": Review.objects.count(),
        "review votes": ReviewVote.objects.count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
        "follows": Follow.objects.count(),
        "questions": Question.objects.count(),
        "answers": Answer.objects.count(),
        "answer votes": AnswerVote.objects.count(),
        "accepted answers": Question.objects.filter(accepted_answer__isnull=False).count(),
        "edited questions": Question.objects.filter(edited_at__isnull=False).count(),
        "questions without emails": Question.objects.filter(answer_emails=False).count(),
        "feedback": Feedback.objects.count(),
    }


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/reviews/{review}/vote/"),
        ("put", "/solutions/magnesium/reviews/new/"),
        ("put", "/reviews/{review}/edit/"),
        ("delete", "/reviews/{review}/delete/"),
        ("get", "/discussions/{thread}/follow/"),
        ("get", "/discussions/{thread}/unfollow/"),
        ("get", "/topics/condition/insomnia/follow/"),
        ("get", "/topics/condition/insomnia/unfollow/"),
        ("get", "/answers/{answer}/vote/"),
        ("get", "/answers/{answer_to_my_question}/accept/"),
        ("get", "/questions/{my_question}/answer-emails/"),
        ("put", "/questions/{my_question}/edit/"),
        ("get", "/topics/condition/insomnia/feedback/send/"),
        ("get", "/follows/{my_follow}/stop/"),
    ],
)
def test_it_refuses_the_wrong_methods(client, alice, method, url) -> None:
    world = make_world(alice)
    world |= an_answer_to_my_question(world) | my_question(world)
    following(world)
    world |= my_follow(world)
    client.force_login(alice)
    before = what_is_stored()

    response = getattr(client, method)(url.format(**world))

    assert response.status_code == 405
    assert what_is_stored() == before


@pytest.mark.parametrize(
    "url",
    [
        "/discussions/{thread}/reply/",
        "/topics/condition/insomnia/discussions/new/",
        "/posts/{my_post}/edit/",
        "/questions/{question}/answer/",
        "/topics/condition/insomnia/questions/new/",
        "/answers/{my_answer}/edit/",
        "/questions/{my_question}/edit/",
    ],
)
def test_it_changes_nothing_on_get_of_a_form_view(client, alice, url) -> None:
    world = make_world(alice)
    world |= my_post(world) | my_answer(world) | my_question(world)
    client.force_login(alice)
    before = what_is_stored()

    response = client.get(url.format(**world))

    assert response.status_code in (200, 302)
    assert what_is_stored() == before
    assert not Post.objects.filter(edited_at__isnull=False).exists()
    assert not Answer.objects.filter(edited_at__isnull=False).exists()


@pytest.mark.parametrize(
    ("url", "back"),
    [
        (
            "/solutions/magnesium/reviews/new/?condition=insomnia",
            "/solutions/magnesium/reviews/new/%3Fcondition%3Dinsomnia",
        ),
        ("/discussions/{thread}/reply/", "/discussions/{thread}/reply/"),
    ],
)
def test_the_gate_sends_visitors_back_after_logging_in(client, url, back) -> None:
    world = make_world(None)

    response = client.get(url.format(**world))

    assert response.status_code == 403
    assert f"/accounts/login/?next={back.format(**world)}" in response.content.decode()


# Other people's content is left alone: moderating is not editing.


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "edit"), ("post", "edit"), ("get", "delete"), ("post", "delete")],
)
def test_it_refuses_someone_elses_review(client, alice, bob, mo, method, path) -> None:
    solution = SolutionFactory(name="Magnesium", slug="magnesium")
    EvidenceFactory(solution=solution, condition__slug="insomnia", condition__name="Insomnia")
    review = ReviewFactory(author=bob, solution=solution, effectiveness=3, story=STORY)
    for person in [alice, mo]:
        client.force_login(person)

        response = getattr(client, method)(
            f"/reviews/{review.pk}/{path}/", review_data(effectiveness="10")
        )

        assert response.status_code == 404
    review.refresh_from_db()
    assert (review.effectiveness, review.story) == (3, STORY)


@pytest.fixture
def bobs_answer(alice, bob) -> Answer:
    """Bob's answer to alice's question."""
    return AnswerFactory(question=QuestionFactory(author=alice), author=bob)


def test_it_refuses_to_edit_someone_elses_post(client, alice, mo, bob) -> None:
    post = ThreadFactory(author=bob).posts.get()

    for member in (alice, mo):
        client.force_login(member)
        response = client.post(f"/posts/{post.pk}/edit/", {"body": BODY})
        assert response.status_code == 403
        assert "You can edit only your own posts." in page_text(response)
    post.refresh_from_db()
    assert post.body != BODY and post.edited_at is None


def test_it_refuses_to_edit_someone_elses_answer(client, alice, bobs_answer) -> None:
    client.force_login(alice)

    response = client.post(f"/answers/{bobs_answer.pk}/edit/", {"body": BODY})

    assert response.status_code == 403
    assert "You can edit only your own answers." in page_text(response)
    assert Answer.objects.get(pk=bobs_answer.pk).body != BODY


def test_it_refuses_to_edit_someone_elses_question(client, bob, bobs_answer) -> None:
    question = bobs_answer.question  # alice's

    client.force_login(bob)
    response = client.post(
        f"/questions/{question.pk}/edit/", {"title": "A question bob would rather ask?"}
    )

    assert response.status_code == 403
    assert "You can edit only your own questions." in page_text(response)
    assert Question.objects.get(pk=question.pk).edited_at is None


def test_it_refuses_to_stop_someone_elses_emails(client, bob, bobs_answer) -> None:
    question = bobs_answer.question  # alice's

    client.force_login(bob)
    response = client.post(f"/questions/{question.pk}/answer-emails/", {"send": "no"})

    assert response.status_code == 403
    assert Question.objects.get(pk=question.pk).answer_emails


def test_it_refuses_an_answer_by_the_asker(client, alice, bobs_answer) -> None:
    client.force_login(alice)

    response = client.post(f"/questions/{bobs_answer.question_id}/answer/", {"body": BODY})

    assert response.status_code == 403
    assert "You asked this question, so you can't answer it." in page_text(response)
    assert Answer.objects.count() == 1


def test_it_refuses_an_acceptance_by_the_answers_author(client, bob, bobs_answer) -> None:
    client.force_login(bob)

    response = client.post(f"/answers/{bobs_answer.pk}/accept/")

    assert response.status_code == 403
    assert "Only the member who asked the question can accept an answer." in page_text(response)
    assert Question.objects.get().accepted_answer is None


def test_it_refuses_a_vote_by_the_answers_author(client, bob, bobs_answer) -> None:
    client.force_login(bob)

    response = client.post(f"/answers/{bobs_answer.pk}/vote/")

    assert response.status_code == 403
    assert "You can't vote for your own answer." in page_text(response)
    assert not AnswerVote.objects.exists()


def test_it_stops_only_the_readers_own_follow(client, alice, bob) -> None:
    thread = ThreadFactory(author=bob)
    Follow.objects.create(user=alice, thread=thread)
    client.force_login(alice)

    client.post(f"/discussions/{thread.pk}/unfollow/")

    assert not Follow.objects.filter(user=alice, thread=thread).exists()
    assert Follow.objects.filter(user=bob, thread=thread).exists()
