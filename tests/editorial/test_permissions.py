"""Who may do what at the editorial desk: every action against every kind of visitor, one
table; then each POST without its CSRF token. The author is the expert who wrote the
article and proposed the edit; "expert" is another expert; "reviewer" is the expert who
took on the medical review of the author's article in review."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from aposbook.accounts.models import User
from aposbook.editorial import services
from aposbook.editorial.models import EditProposal, Revision
from aposbook.library.models import Article, ArticleStatus, Topic, Video, VideoStatus
from aposbook.moderation.models import Suspension
from tests.factories import ArticleFactory, ConditionFactory, VideoFactory
from tests.fixtures import make_user
from tests.helpers import SUSPENSION_MESSAGE, page_text

pytestmark = pytest.mark.django_db

PEOPLE = ["visitor", "member", "expert", "reviewer", "author", "editor", "suspended", "deleted"]
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
WRITERS_ONLY = Outcome(403, "Only health experts and editors write articles.")
NOT_SEEN = Outcome(403, "Only the author and the editors see a draft")
WRITERS_SEE = Outcome(403, "Only health experts and editors follow articles through review.")
AUTHOR_ONLY = Outcome(403, "Only the article's author can do this.")
NOT_YOUR_OWN = Outcome(403, "You can't review your own article")
CLAIMER_ONLY = Outcome(403, "Only the reviewer who took on this article's review")
PUBLISHERS_ONLY = Outcome(403, "Only editors (moderators and staff) publish, archive")
RECORDERS_ONLY = Outcome(403, "Only editors (moderators and staff) record")
EXPERTS_ONLY = Outcome(403, "Only health experts submit videos and articles")
EXPERTS_ADD = Outcome(403, "Only health experts add information")
NOT_FOUND = Outcome(404, "")


def members_may(allowed: Outcome, **cells: Outcome) -> dict[str, Outcome]:
    outcomes = dict.fromkeys(["member", "expert", "reviewer", "author", "editor"], allowed)
    return {"visitor": LOG_IN, "deleted": LOG_IN, "suspended": SUSPENDED, **outcomes, **cells}


def editors_may(allowed: Outcome) -> dict[str, Outcome]:
    return members_may(EDITORS_ONLY, editor=allowed)


def open_to_all(allowed: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(PEOPLE, allowed)


def writers_may(allowed: Outcome, **cells: Outcome) -> dict[str, Outcome]:
    return members_may(allowed, member=WRITERS_SEE, **cells)


@dataclass(frozen=True)
class World:
    proposal: EditProposal
    revision: Revision
    reviewer: User
    video: Video
    articles: dict[str, Article]


def moved(status: str) -> Callable[[World], int]:
    """1 once the world's article in `status` has left it."""
    return lambda world: int(Article.objects.get(pk=world.articles[status].pk).status != status)


def article_url(status: str, suffix: str = "") -> Callable[[World], str]:
    return lambda world: f"/editorial/articles/{world.articles[status].pk}/{suffix}"


ARTICLE_FORM = {
    "title": "Magnesium for better sleep",
    "summary": "What the trials say about magnesium and sleep.",
    "body": "Magnesium may help.",
    "references": "",
}


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
        "add information form",
        "get",
        lambda world: "/conditions/insomnia/add-information/",
        members_may(Outcome(200, "Add information to"), member=EXPERTS_ADD),
    ),
    Action(
        "add information",
        "post",
        lambda world: "/conditions/insomnia/add-information/",
        members_may(Outcome(200, "waiting for review", stores=True), member=EXPERTS_ADD),
        data=lambda world: {
            "heading": "Light in the morning",
            "body": "Bright light soon after waking helps set the body clock earlier (1).",
            "references": "10.1000/xyz123 | Lee K | Light and sleep | Sleep Journal | 2021",
        },
        count=lambda world: EditProposal.objects.count(),
    ),
    Action(
        "write form",
        "get",
        lambda world: "/editorial/articles/new/",
        members_may(Outcome(200, "Save the draft"), member=WRITERS_ONLY),
    ),
    Action(
        "write",
        "post",
        lambda world: "/editorial/articles/new/",
        members_may(Outcome(200, "Your draft is saved", stores=True), member=WRITERS_ONLY),
        data=lambda world: ARTICLE_FORM,
        count=lambda world: Article.objects.count(),
    ),
    Action(
        "draft page",
        "get",
        article_url("draft"),
        members_may(NOT_SEEN, author=Outcome(200, "Citation check"), editor=Outcome(200, "Draft")),
    ),
    Action(
        "edit draft",
        "post",
        article_url("draft", "edit/"),
        members_may(
            NOT_SEEN,
            author=Outcome(200, "Your changes are saved", stores=True),
            editor=Outcome(403, "Only the author edits an article"),
        ),
        data=lambda world: ARTICLE_FORM,
        count=lambda world: Article.objects.filter(title=ARTICLE_FORM["title"]).count(),
    ),
    Action(
        "submit",
        "post",
        article_url("draft", "submit/"),
        members_may(
            NOT_SEEN,
            author=Outcome(200, "The article is submitted", stores=True),
            editor=AUTHOR_ONLY,
        ),
        count=moved(ArticleStatus.DRAFT),
    ),
    Action(
        "withdraw article",
        "post",
        article_url("submitted", "withdraw/"),
        writers_may(AUTHOR_ONLY, author=Outcome(200, "The article is withdrawn", stores=True)),
        count=moved(ArticleStatus.SUBMITTED),
    ),
    Action(
        "claim review",
        "post",
        article_url("submitted", "claim/"),
        writers_may(Outcome(200, "The article is taken on", stores=True), author=NOT_YOUR_OWN),
        count=moved(ArticleStatus.SUBMITTED),
    ),
    Action(
        "approve",
        "post",
        article_url("in_review", "approve/"),
        writers_may(
            CLAIMER_ONLY,
            reviewer=Outcome(200, "The article is approved", stores=True),
            author=NOT_YOUR_OWN,
        ),
        count=moved(ArticleStatus.IN_REVIEW),
    ),
    Action(
        "send back",
        "post",
        article_url("in_review", "send-back/"),
        writers_may(
            CLAIMER_ONLY,
            reviewer=Outcome(200, "The article is sent back", stores=True),
            editor=Outcome(200, "The article is sent back", stores=True),
            author=NOT_YOUR_OWN,
        ),
        data=lambda world: {"note": "Please cite the 2021 trial."},
        count=moved(ArticleStatus.IN_REVIEW),
    ),
    Action(
        "publish",
        "post",
        article_url("approved", "publish/"),
        writers_may(PUBLISHERS_ONLY, editor=Outcome(200, "The article is published", stores=True)),
        count=moved(ArticleStatus.APPROVED),
    ),
    Action(
        "archive",
        "post",
        article_url("published", "archive/"),
        members_may(
            PUBLISHERS_ONLY,
            member=WRITERS_SEE,
            editor=Outcome(200, "The article is archived", stores=True),
        ),
        count=moved(ArticleStatus.PUBLISHED),
    ),
    Action(
        "record a medical review",
        "post",
        lambda world: "/conditions/insomnia/medical-review/",
        members_may(RECORDERS_ONLY, editor=Outcome(200, "is recorded", stores=True)),
        data=lambda world: {"reviewer": str(world.reviewer.pk)},
        count=lambda world: Topic.objects.filter(reviewed_at__isnull=False).count(),
    ),
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


def make_visitor(kind: str, author: User, world: World) -> User | None:
    if kind == "visitor":
        return None
    if kind == "author":
        return author
    if kind == "reviewer":
        return world.reviewer
    role = {"expert": "expert", "editor": "moderator"}.get(kind, "member")
    return make_user(f"{kind}@example.com", kind.title(), role=role)


def make_world() -> tuple[World, User]:
    author = make_user("nora@example.com", "Nora", role="expert", credentials="PharmD")
    article = ArticleFactory(slug="magnesium-and-sleep", author=author, body=TEXT)
    revision = services.base_revision_for(article.topic)
    proposal = services.propose_edit(
        topic=article.topic, proposer=author, body=PROPOSED, reason="Clearer", base=revision
    )
    reviewer = make_user("reviewer@example.com", "Reviewer", role="expert", credentials="MD")
    insomnia = ConditionFactory(name="Insomnia", slug="insomnia")
    video = VideoFactory(status=VideoStatus.SUBMITTED, submitted_by=author)
    video.topics.set([insomnia.topic])
    articles = {"published": article}
    for status in ("draft", "submitted", "in_review", "approved"):
        articles[status] = ArticleFactory(
            author=author,
            status=status,
            reviewer=reviewer if status in ("in_review", "approved") else None,
            body=TEXT,
        )
    world = World(
        proposal=proposal, revision=revision, reviewer=reviewer, video=video, articles=articles
    )
    return world, author


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
    visitor = make_visitor(kind, author, world)
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
