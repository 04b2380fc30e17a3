"""Who may do what: every gated action against every kind of visitor.

To cover a new feature, add one `Action` to ACTIONS. `member_feature(...)`,
`moderators_only(...)` and `open_to_all(...)` fill in the standard refusals; give only what
the allowed visitors see, and override a cell where the feature differs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from aposbook.accounts.models import ExpertApplication, Suspension, User
from aposbook.pages.models import ContactMessage

from .fixtures import make_user
from .test_moderation_routes import SUSPENSION_MESSAGE, URLCONF, page_text

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


def moderators_only(allowed: Outcome, **cells: Outcome) -> dict[str, Outcome]:
    return member_feature(allowed, member=NOT_A_MODERATOR, expert=NOT_A_MODERATOR) | cells


def open_to_all(allowed: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(PEOPLE, allowed)


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    # May name "{target}", a verified member other than the visitor.
    url: str
    outcomes: dict[str, Outcome]
    data: dict[str, str] = field(default_factory=dict)
    # Counts what the action stores, to check that refusals store nothing.
    count: Callable[[], int] = lambda: 0


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
]


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
    cache.clear()
    target = make_user("target@example.com", "Target")
    log_in_as(client, kind)
    before = action.count()
    expected = action.outcomes[kind]

    response = getattr(client, action.method)(
        action.url.format(target=target.pk), action.data, follow=True
    )

    assert response.status_code == expected.status
    assert expected.text in page_text(response)
    assert action.count() == before + (1 if expected.stores else 0)


def test_every_action_has_an_outcome_for_every_visitor() -> None:
    for action in ACTIONS:
        assert set(action.outcomes) == set(PEOPLE), action.name
