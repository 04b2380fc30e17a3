"""Who may do what: every gated action against every kind of visitor.

To cover a new feature, add one `Action` to ACTIONS. `member_feature(...)`,
`signed_in(...)`, `moderators_only(...)` and `open_to_all(...)` fill in the standard
refusals; give only what the allowed visitors see, and override a cell where the feature
differs. URLs may name what `make_world` creates: "{target}" (a verified member other than
the visitor), "{thread}", "{question}", "{answer}", "{review}" and "{application}", all
the target's.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.utils import timezone

from aposbook.accounts.models import User
from aposbook.discussions.models import Post, Thread
from aposbook.feedback.models import Feedback
from aposbook.moderation.models import ExpertApplication, Suspension
from aposbook.pages.models import ContactMessage
from aposbook.questions.models import Answer, AnswerVote, Question
from aposbook.reviews.models import Review, ReviewVote

from .factories import (
    AnswerFactory,
    EvidenceFactory,
    QuestionFactory,
    ReviewFactory,
    SolutionFactory,
    ThreadFactory,
)
from .fixtures import PASSWORD, make_user
from .test_moderation_routes import SUSPENSION_MESSAGE, URLCONF, page_text
from .test_reviews import review_data

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]

PEOPLE = ["anonymous", "unverified", "member", "suspended", "deleted", "expert", "moderator"]


@dataclass(frozen=True)
class Outcome:
    status: int
    text: str
    # Whether the action stores something (a POST that is allowed); refused ones never do.
    stores: bool = False


LOG_IN = Outcome(403, "Please log in to use this feature")
CONFIRM_EMAIL = Outcome(403, "Please confirm your email address and try to login again.")
SUSPENDED = Outcome(403, SUSPENSION_MESSAGE)
NOT_A_MODERATOR = Outcome(403, "This page is for moderators")


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
    """Any logged-in account, even unverified or suspended: their own settings and data."""
    return member_feature(allowed, unverified=allowed, suspended=allowed)


def moderators_only(allowed: Outcome, **cells: Outcome) -> dict[str, Outcome]:
    return member_feature(allowed, member=NOT_A_MODERATOR, expert=NOT_A_MODERATOR) | cells


def open_to_all(allowed: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(PEOPLE, allowed)


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    # May name what `make_world` creates, as may the names of the fields in `data`.
    url: str
    outcomes: dict[str, Outcome]
    data: dict[str, str] = field(default_factory=dict)
    # Counts what the action stores, to check that refusals store nothing.
    count: Callable[[], int] = lambda: 0
    # Puts the target in the state the action needs (suspended, for lifting a suspension).
    prepare: Callable[[User], object] = lambda target: None


BODY = "This is a body long enough for every form here."


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
        count=lambda: ExpertApplication.objects.count(),
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
        count=lambda: Suspension.objects.count(),
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
        count=lambda: ContactMessage.objects.count(),
    ),
    # Community: what the issue calls member features.
    Action(
        "write a review",
        "post",
        "/solutions/magnesium/reviews/new/",
        member_feature(Outcome(200, "Thank you: your review is published.", stores=True)),
        data=review_data(condition="insomnia"),
        count=lambda: Review.objects.count(),
    ),
    Action(
        "vote on a review",
        "post",
        "/reviews/{review}/vote/",
        member_feature(Outcome(200, "Magnesium", stores=True)),
        data={"helpful": "yes"},
        count=lambda: ReviewVote.objects.count(),
    ),
    Action(
        "start a discussion",
        "post",
        "/topics/condition/insomnia/discussions/new/",
        member_feature(Outcome(200, "A new discussion about sleep", stores=True)),
        data={"title": "A new discussion about sleep", "body": BODY},
        count=lambda: Thread.objects.count(),
    ),
    Action(
        "reply to a discussion",
        "post",
        "/discussions/{thread}/reply/",
        member_feature(Outcome(200, BODY, stores=True)),
        data={"body": BODY},
        count=lambda: Post.objects.count(),
    ),
    Action(
        "ask a question",
        "post",
        "/topics/condition/insomnia/questions/new/",
        member_feature(Outcome(200, "Does chamomile tea help anyone sleep?", stores=True)),
        data={"title": "Does chamomile tea help anyone sleep?"},
        count=lambda: Question.objects.count(),
    ),
    Action(
        "answer a question",
        "post",
        "/questions/{question}/answer/",
        member_feature(Outcome(200, BODY, stores=True)),
        data={"body": BODY},
        count=lambda: Answer.objects.count(),
    ),
    Action(
        "vote for an answer",
        "post",
        "/answers/{answer}/vote/",
        member_feature(Outcome(200, "Does it help?", stores=True)),
        count=lambda: AnswerVote.objects.count(),
    ),
    Action(
        "say whether a page helped",
        "post",
        "/topics/condition/insomnia/feedback/send/",
        open_to_all(Outcome(200, "Success! Thank you for your feedback.", stores=True)),
        data={"helpful": "yes"},
        count=lambda: Feedback.objects.count(),
    ),
    # The member's own account.
    Action("account settings", "get", "/accounts/settings/", signed_in(Outcome(200, "Save"))),
    Action(
        "change the display name",
        "post",
        "/accounts/settings/",
        signed_in(Outcome(200, "Your display name has been saved.", stores=True)),
        data={"display_name": "A new name"},
        count=lambda: User.objects.filter(display_name="A new name").count(),
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
        count=lambda: User.objects.filter(deleted_at__isnull=False).count(),
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
        count=lambda: Suspension.objects.filter(lifted_at__isnull=False).count(),
        prepare=lambda target: Suspension.objects.create(user=target, reason="Spam"),
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
        count=lambda: ExpertApplication.objects.filter(status="approved").count(),
    ),
    Action(
        "refuse an expert application",
        "post",
        "/moderation/expert-applications/{application}/refuse/",
        moderators_only(Outcome(200, "The application of Target was refused.", stores=True)),
        data={"refuse-{application}-reason": "The register link is broken."},
        count=lambda: ExpertApplication.objects.filter(status="refused").count(),
    ),
]


def make_world() -> dict[str, int]:
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
        "target": target.pk,
        "thread": ThreadFactory(topic=insomnia.topic, author=target).pk,
        "question": question.pk,
        "answer": AnswerFactory(question=question, author=target).pk,
        "review": ReviewFactory(author=target, solution=magnesium).pk,
        "application": application.pk,
    }


def prepare(action: Action) -> tuple[str, dict[str, str]]:
    """The action's URL and data, once what they name exists."""
    world = make_world()
    action.prepare(User.objects.get(pk=world["target"]))
    data = {name.format(**world): value for name, value in action.data.items()}
    return action.url.format(**world), data


def log_in_as(client: Client, kind: str) -> None:
    """Make `client` the kind of visitor named, from a fresh account."""
    if kind == "anonymous":
        return
    fields = {
        "expert": {"role": "expert", "credentials": "MS, RD"},
        "moderator": {"role": "moderator"},
    }
    user = make_user(
        f"{kind}@example.com", kind.title(), verified=kind != "unverified", **fields.get(kind, {})
    )
    client.force_login(user)
    if kind == "suspended":
        Suspension.objects.create(user=user, reason="Spam")
    if kind == "deleted":
        # Deleted in the restore window: still logged in on this browser, but inactive.
        User.objects.filter(pk=user.pk).update(deleted_at=timezone.now(), is_active=False)


@pytest.mark.parametrize("kind", PEOPLE)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.name)
def test_each_visitor_sees_what_they_may_do(client, action: Action, kind: str) -> None:
    url, data = prepare(action)
    log_in_as(client, kind)
    before = action.count()
    expected = action.outcomes[kind]

    response = getattr(client, action.method)(url, data, follow=True)

    assert response.status_code == expected.status
    assert expected.text in page_text(response)
    assert action.count() == before + (1 if expected.stores else 0)


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
    url, data = prepare(action)
    log_in_as(client, "moderator")
    before = action.count()

    response = client.post(url, data)

    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert action.count() == before
