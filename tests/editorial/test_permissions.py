"""Who may do what at the editorial desk: every action against every kind of visitor, one
table; then each POST without its CSRF token. The author is the expert who wrote the
article and proposed the edit; "expert" is another expert."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from aposbook.accounts.models import User
from aposbook.editorial import services
from aposbook.editorial.models import EditProposal, Revision
from aposbook.library.models import Video, VideoStatus
from aposbook.moderation.models import Suspension
from tests.factories import ArticleFactory, ConditionFactory, VideoFactory
from tests.fixtures import make_user
from tests.helpers import SUSPENSION_MESSAGE, page_text

pytestmark = pytest.mark.django_db

PEOPLE = ["visitor", "member", "expert", "author", "editor", "suspended", "deleted"]
TEXT = "Take it in the evening."
PROPOSED = "Take it in the early evening."


@dataclass(frozen=True)
class Outcome:
    status: int
    text: str
    stores: bool = False


LOG_IN = Outcome(403, "Please log in to use this feature")
SUSPENDED = Outcome(403, SUSPENSION_MESSAGE)
EDITORS_ONLY = Outcome(403, "Only editors (moderators and staff) decide proposals")
NOT_THE_PROPOSER = Outcome(403, "Only the member who proposed it can withdraw it.")
EXPERTS_ONLY = Outcome(403, "Only health experts submit videos and articles")
NOT_FOUND = Outcome(404, "")


def members_may(allowed: Outcome, **cells: Outcome) -> dict[str, Outcome]:
    outcomes = dict.fromkeys(["member", "expert", "author", "editor"], allowed)
    return {"visitor": LOG_IN, "deleted": LOG_IN, "suspended": SUSPENDED, **outcomes, **cells}


def editors_may(allowed: Outcome) -> dict[str, Outcome]:
    return members_may(EDITORS_ONLY, editor=allowed)


def open_to_all(allowed: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(PEOPLE, allowed)


@dataclass(frozen=True)
class World:
    proposal: EditProposal
    revision: Revision
    video: Video


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    url: Callable[[World], str]
    outcomes: dict[str, Outcome]
    data: Callable[[World], dict[str, str]] = lambda world: {}
    count: Callable[[World], int] = lambda world: 0


ARTICLE = "/articles/magnesium-and-sleep"


def pending(world: World) -> int:
    return int(not EditProposal.objects.get(pk=world.proposal.pk).is_pending)


ACTIONS = [
    Action(
        "suggest form",
        "get",
        lambda world: f"{ARTICLE}/suggest/",
        members_may(Outcome(200, "Send for review")),
    ),
    Action(
        "suggest",
        "post",
        lambda world: f"{ARTICLE}/suggest/",
        members_may(Outcome(200, "waiting for review", stores=True)),
        data=lambda world: {
            "body": "Take it at night.",
            "reason": "Shorter",
            "base": str(world.revision.pk),
        },
        count=lambda world: EditProposal.objects.count(),
    ),
    Action(
        "preview",
        "post",
        lambda world: f"{ARTICLE}/suggest/preview/",
        members_may(Outcome(200, "A preview")),
        data=lambda world: {"body": "A preview"},
    ),
    Action(
        "proposal page",
        "get",
        lambda world: world.proposal.get_absolute_url(),
        open_to_all(Outcome(200, "Proposed edit to")),
    ),
    Action(
        "accept",
        "post",
        lambda world: f"{world.proposal.get_absolute_url()}accept/",
        editors_may(Outcome(200, "The proposal is accepted", stores=True)),
        count=pending,
    ),
    Action(
        "refuse",
        "post",
        lambda world: f"{world.proposal.get_absolute_url()}refuse/",
        editors_may(Outcome(200, "The proposal is refused", stores=True)),
        data=lambda world: {"note": "The trials say evening."},
        count=pending,
    ),
    Action(
        "withdraw",
        "post",
        lambda world: f"{world.proposal.get_absolute_url()}withdraw/",
        members_may(
            NOT_THE_PROPOSER, author=Outcome(200, "You withdrew your proposal", stores=True)
        ),
        count=pending,
    ),
    Action(
        "history",
        "get",
        lambda world: f"{ARTICLE}/history/",
        open_to_all(Outcome(200, "History of")),
    ),
    Action(
        "compare",
        "get",
        lambda world: f"{ARTICLE}/history/compare/?from=1&to=1",
        open_to_all(Outcome(200, "from revision 1 to 1")),
    ),
    Action(
        "restore",
        "post",
        lambda world: f"{ARTICLE}/history/1/restore/",
        editors_may(Outcome(200, "Revision 1 is restored", stores=True)),
        count=lambda world: Revision.objects.count(),
    ),
    Action("desk", "get", lambda world: "/editorial/", members_may(Outcome(200, "Your proposals"))),
    Action(
        "video form",
        "get",
        lambda world: "/editorial/videos/new/",
        members_may(Outcome(200, "Submit a video"), member=EXPERTS_ONLY),
    ),
    Action(
        "submit a video",
        "post",
        lambda world: "/editorial/videos/new/",
        members_may(Outcome(200, "waiting for an editor", stores=True), member=EXPERTS_ONLY),
        data=lambda world: {
            "url": "https://vimeo.com/76979871",
            "title": "Sleep and the body clock",
            "creator": "A sleep clinic",
            "description": "How light and darkness set the body clock, in plain words.",
            "topics": str(world.video.topics.get().pk),
        },
        count=lambda world: Video.objects.count(),
    ),
    Action(
        "submitted video",
        "get",
        lambda world: f"/editorial/videos/{world.video.pk}/",
        members_may(NOT_FOUND, author=Outcome(200, "Status"), editor=Outcome(200, "Publish")),
    ),
    Action(
        "publish a video",
        "post",
        lambda world: f"/editorial/videos/{world.video.pk}/publish/",
        members_may(
            NOT_FOUND,
            author=EDITORS_ONLY,
            editor=Outcome(200, "The video is published", stores=True),
        ),
        count=lambda world: Video.objects.published().count(),
    ),
    Action(
        "refuse a video",
        "post",
        lambda world: f"/editorial/videos/{world.video.pk}/refuse/",
        members_may(
            NOT_FOUND, author=EDITORS_ONLY, editor=Outcome(200, "The video is refused", stores=True)
        ),
        data=lambda world: {"note": "The sound is poor."},
        count=lambda world: Video.objects.filter(status=VideoStatus.REFUSED).count(),
    ),
]


def make_visitor(kind: str, author: User) -> User | None:
    if kind == "visitor":
        return None
    if kind == "author":
        return author
    role = {"expert": "expert", "editor": "moderator"}.get(kind, "member")
    return make_user(f"{kind}@example.com", kind.title(), role=role)


def make_world() -> tuple[World, User]:
    author = make_user("nora@example.com", "Nora", role="expert", credentials="PharmD")
    article = ArticleFactory(slug="magnesium-and-sleep", author=author, body=TEXT)
    revision = services.base_revision_for(article.topic)
    proposal = services.propose_edit(
        topic=article.topic, proposer=author, body=PROPOSED, reason="Clearer", base=revision
    )
    video = VideoFactory(status=VideoStatus.SUBMITTED, submitted_by=author)
    video.topics.set([ConditionFactory().topic])
    return World(proposal=proposal, revision=revision, video=video), author


def become(client: Client, kind: str, visitor: User | None) -> None:
    if visitor is None:
        return
    client.force_login(visitor)
    if kind == "suspended":
        Suspension.objects.create(user=visitor, reason="Spam")
    if kind == "deleted":
        User.objects.filter(pk=visitor.pk).update(deleted_at=timezone.now(), is_active=False)


@pytest.mark.parametrize("kind", PEOPLE)
@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.name)
def test_each_visitor_sees_what_they_may_do(client, action: Action, kind: str) -> None:
    world, author = make_world()
    visitor = make_visitor(kind, author)
    become(client, kind, visitor)
    before = action.count(world)
    expected = action.outcomes[kind]

    response = getattr(client, action.method)(action.url(world), action.data(world), follow=True)

    assert response.status_code == expected.status
    assert expected.text in page_text(response)
    assert action.count(world) - before == (1 if expected.stores else 0)


def test_every_action_has_an_outcome_for_everyone() -> None:
    for action in ACTIONS:
        assert set(action.outcomes) == set(PEOPLE), action.name


@pytest.mark.parametrize(
    "action", [a for a in ACTIONS if a.method == "post"], ids=lambda action: action.name
)
def test_each_post_needs_its_csrf_token(action: Action) -> None:
    world, author = make_world()
    editor = make_user("editor@example.com", "Editor", role="moderator")
    client = Client(enforce_csrf_checks=True)
    client.force_login(author if action.name == "withdraw" else editor)
    before = action.count(world)

    response = client.post(action.url(world), action.data(world))

    assert response.status_code == 403
    assert action.count(world) == before
