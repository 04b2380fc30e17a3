"""What the attack table (test_attacks.py) works on: the site's addresses read from the
URLconf, a small world of objects with owners, and the POST forms each page shows."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from aposbook.accounts.models import Role, User
from aposbook.discussions.models import Follow
from aposbook.editorial.models import Revision
from aposbook.editorial.services import current_revision, propose_edit, submit_video
from aposbook.library.models import ArticleStatus, Video
from aposbook.moderation.models import ExpertApplication
from tests.factories import (
    AnswerFactory,
    ArticleFactory,
    EvidenceFactory,
    PostFactory,
    QuestionFactory,
    ReviewFactory,
    SolutionFactory,
    ThreadFactory,
)
from tests.fixtures import make_user


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str  # the address with its converters: "reviews/<int:review_id>/edit/"
    params: tuple[str, ...]


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> list[Route]:
    routes = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            routes += _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            converters = pattern.pattern.converters  # type: ignore[attr-defined]
            params = tuple(converters) if converters else tuple(pattern.pattern.regex.groupindex)
            routes.append(Route(namespace + pattern.name, prefix + str(pattern.pattern), params))
    return routes


def site_routes() -> list[Route]:
    """Every named address of the site, the admin's left out (it has its own CSRF-checked
    forms and is for staff only)."""
    return [
        route for route in _walk(get_resolver().url_patterns) if not route.name.startswith("admin:")
    ]


def takes_an_id(route: Route) -> bool:
    """Whether the address names an object by its number (`<int:review_id>`, `<pk>`…)."""
    return any(param in {"id", "pk", "number"} or param.endswith("_id") for param in route.params)


@dataclass
class World:
    alice: User  # a member who owns the member content
    bob: User  # another member
    erin: User  # a health expert, who wrote the draft article and sent the video
    mo: User  # a moderator
    values: dict[str, object] = field(default_factory=dict)

    def url(self, route: Route) -> str:
        kwargs = {param: self.values[param] for param in route.params}
        for prefix, slug in SLUGS.items():
            if route.pattern.startswith(prefix) and "slug" in kwargs:
                kwargs["slug"] = slug
        if route.pattern.startswith("moderation/") and "kind" in kwargs:
            # Reports and decisions name a kind of member item, not of topic: alice's post.
            kwargs["kind"] = "post"
            kwargs["item_id"] = self.values["post_id"]
        return reverse(route.name, kwargs=kwargs)


# The slug an address takes, by what the address starts with (a condition's by default).
SLUGS = {
    "solutions/": "magnesium",
    "articles/": "magnesium-and-sleep",
    "videos/": "sleep-hygiene",
}


def make_world() -> World:
    alice = make_user("alice@example.com", "Alice")
    bob = make_user("bob@example.com", "Bob")
    erin = make_user("erin@example.com", "Erin Hale", role=Role.EXPERT, credentials="MS, RD")
    mo = make_user("mo@example.com", "Mo", role=Role.MODERATOR)
    magnesium = SolutionFactory(name="Magnesium", slug="magnesium", body="A mineral.")
    insomnia = EvidenceFactory(
        solution=magnesium,
        condition__name="Insomnia",
        condition__slug="insomnia",
        condition__body="Trouble sleeping.",
    ).condition
    topic = insomnia.topic
    thread = ThreadFactory(topic=topic, author=alice, title="Magnesium at night")
    post = PostFactory(thread=thread, author=alice, body="It helped me after a week.")
    follow = Follow.objects.get_or_create(user=alice, thread=thread)[0]
    question = QuestionFactory(topic=topic, author=alice, title="Does magnesium help?")
    answer = AnswerFactory(question=question, author=alice, body="It helped me a little.")
    proposal = propose_edit(
        topic=topic,
        proposer=alice,
        body="Trouble sleeping, most nights.",
        reason="Clearer",
        base=current_revision(topic),
    )
    revision = Revision.objects.filter(topic=topic).order_by("-number").first()
    assert revision is not None
    article = ArticleFactory(
        title="Magnesium and sleep",
        slug="magnesium-and-sleep",
        author=erin,
        status=ArticleStatus.DRAFT,
        published_at=None,
    )
    video = submit_video(
        video=Video(
            title="Sleep hygiene",
            creator="A sleep clinic",
            url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            description="Tips.",
        ),
        topics=[topic],
        submitter=erin,
    )
    application = ExpertApplication.objects.create(
        user=bob,
        profession="Registered dietitian",
        credentials="MS, RD",
        registry_url="https://example.org/register/2",
    )
    world = World(alice=alice, bob=bob, erin=erin, mo=mo)
    world.values = {
        "member_id": bob.pk,
        "review_id": ReviewFactory(author=alice, solution=magnesium).pk,
        "thread_id": thread.pk,
        "post_id": post.pk,
        "follow_id": follow.pk,
        "question_id": question.pk,
        "answer_id": answer.pk,
        "proposal_id": proposal.pk,
        "video_id": video.pk,
        "article_id": article.pk,
        "application_id": application.pk,
        "item_id": post.pk,
        "number": revision.number,
        "slug": "insomnia",
        "section": "conditions",
        "kind": "condition",
        "move": "submit",
        "token": "not-a-real-token",
        "key": "not-a-real-key",
        "uidb36": "1",
    }
    return world


@dataclass
class Form:
    """A POST form as a page shows it: where it goes and what it sends unchanged."""

    page: str
    action: str
    fields: list[tuple[str, str, str]]  # (name, type, value)

    def data(self, **changes: str) -> dict[str, str]:
        values: dict[str, str] = {}
        for name, _kind, value in self.fields:
            values.setdefault(name, value)
        return values | changes

    @property
    def text_fields(self) -> list[str]:
        typed = {"text", "textarea", "email", "search", "url", "password", "tel"}
        return [name for name, kind, _ in self.fields if kind in typed and name != "website"]


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str, str]]]] = []
        self._form: list[tuple[str, str, str]] | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = []
            self.forms.append((a.get("action", ""), self._form))
        elif self._form is None or "name" not in a:
            if tag == "option" and self._form is not None and self._select and "selected" in a:
                self._form.append((self._select, "select", a.get("value", "")))
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind in {"checkbox", "radio"}:  # A browser sends "on" for one with no value.
                self._form.append((a["name"], kind, a.get("value", "on")))
            elif kind not in {"submit", "button", "reset", "file", "image"}:
                self._form.append((a["name"], kind, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = (a["name"], [])
        elif tag == "select":
            self._select = a["name"]

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea and self._form is not None:
            name, parts = self._textarea
            self._form.append((name, "textarea", "".join(parts).removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def post_forms(page: str, html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    forms = []
    for action, fields in parser.forms:
        target = urlsplit(urljoin(page, action or page))
        if target.netloc and target.netloc != "testserver":
            continue
        forms.append(Form(page, target.path + (f"?{target.query}" if target.query else ""), fields))
    return forms


def route_of(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return ""
    return match.view_name


def snapshot() -> dict[str, list[tuple]]:
    """Every row the site's apps and allauth keep, to show a refused request changed nothing."""
    rows = {}
    for model in apps.get_models():
        label = model._meta.app_label
        if label in {"sessions", "admin", "contenttypes", "auth", "django_tasks_database", "sites"}:
            continue
        rows[model._meta.label] = sorted(map(tuple, model.objects.values_list()), key=repr)
    return rows


def visit_all(world: World) -> dict[str, list[Form]]:
    """The POST forms every page shows, to each of the world's people: {who: forms}."""
    found: dict[str, list[Form]] = {}
    for who in ("anonymous", "alice", "bob", "erin", "mo"):
        client = Client()
        if who != "anonymous":
            client.force_login(getattr(world, who))
        forms = []
        for route in site_routes():
            if route.name in NOT_VISITED:
                continue
            page = world.url(route)
            response = client.get(page)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                forms += post_forms(page, response.content.decode())
        found[who] = forms
    return found


# Pages not read for forms: logging out would end the visit, and these answer files.
NOT_VISITED = {"account_logout", "accounts:export", "pages:favicon", "pages:security_txt"}
