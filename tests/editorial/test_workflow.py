"""The article workflow's table on its own: every move from every state, and who may make it."""

import pytest

from aposbook.editorial import workflow
from aposbook.library.models import Article, ArticleStatus
from tests.factories import ArticleFactory
from tests.fixtures import make_user

pytestmark = pytest.mark.django_db

S = ArticleStatus
# Every move and the one state it leaves from (send-back leaves from three).
EXPECTED_SOURCES = {
    "submit": {S.DRAFT},
    "withdraw": {S.SUBMITTED},
    "claim": {S.SUBMITTED},
    "approve": {S.IN_REVIEW},
    "send-back": {S.SUBMITTED, S.IN_REVIEW, S.APPROVED},
    "publish": {S.APPROVED},
    "archive": {S.PUBLISHED},
    "republish": {S.ARCHIVED},
}
EXPECTED_TARGETS = {
    "submit": S.SUBMITTED,
    "withdraw": S.DRAFT,
    "claim": S.IN_REVIEW,
    "approve": S.APPROVED,
    "send-back": S.DRAFT,
    "publish": S.PUBLISHED,
    "archive": S.ARCHIVED,
    "republish": S.PUBLISHED,
}


@pytest.fixture
def people(db):
    return {
        "author": make_user("nora@example.com", "Nora", role="expert", credentials="PharmD"),
        "expert": make_user("erin@example.com", "Erin", role="expert", credentials="MS, RD"),
        "editor": make_user("mo@example.com", "Mo", role="moderator"),
        "member": make_user("alice@example.com", "Alice"),
    }


def article_in(status: str, people, *, reviewer: str | None = None) -> Article:
    return ArticleFactory(
        author=people["author"],
        status=status,
        reviewer=people[reviewer] if reviewer else None,
    )


def test_it_moves_each_state_only_where_the_table_says() -> None:
    assert {name: set(move.sources) for name, move in workflow.MOVES.items()} == EXPECTED_SOURCES
    assert {name: move.target for name, move in workflow.MOVES.items()} == EXPECTED_TARGETS


@pytest.mark.parametrize("move", sorted(EXPECTED_SOURCES))
@pytest.mark.parametrize("status", S.values)
def test_it_refuses_a_move_from_any_other_state(people, move: str, status: str) -> None:
    article = article_in(status, people, reviewer="expert")
    editor = people["editor"]
    refusal = workflow.refusal(article, move, editor)
    if status in EXPECTED_SOURCES[move]:
        assert refusal is None or "can't be" not in refusal
    else:
        assert refusal is not None and "can't be" in refusal


# (move, state, reviewer who took it on, who tries) → allowed?
WHO = [
    ("submit", S.DRAFT, None, "author", True),
    ("submit", S.DRAFT, None, "expert", False),
    ("submit", S.DRAFT, None, "editor", False),
    ("withdraw", S.SUBMITTED, None, "author", True),
    ("withdraw", S.SUBMITTED, None, "editor", False),
    ("claim", S.SUBMITTED, None, "author", False),
    ("claim", S.SUBMITTED, None, "expert", True),
    ("claim", S.SUBMITTED, None, "editor", True),
    ("claim", S.SUBMITTED, None, "member", False),
    ("approve", S.IN_REVIEW, "expert", "expert", True),
    ("approve", S.IN_REVIEW, "expert", "editor", False),
    ("approve", S.IN_REVIEW, "expert", "author", False),
    ("send-back", S.SUBMITTED, None, "expert", True),
    ("send-back", S.SUBMITTED, None, "author", False),
    ("send-back", S.IN_REVIEW, "expert", "expert", True),
    ("send-back", S.IN_REVIEW, "editor", "expert", False),
    ("send-back", S.IN_REVIEW, "expert", "editor", True),
    ("send-back", S.APPROVED, "expert", "expert", False),
    ("send-back", S.APPROVED, "expert", "editor", True),
    ("publish", S.APPROVED, "expert", "expert", False),
    ("publish", S.APPROVED, "expert", "author", False),
    ("publish", S.APPROVED, "expert", "editor", True),
    ("archive", S.PUBLISHED, "expert", "expert", False),
    ("archive", S.PUBLISHED, "expert", "editor", True),
    ("republish", S.ARCHIVED, "expert", "author", False),
    ("republish", S.ARCHIVED, "expert", "editor", True),
]


@pytest.mark.parametrize(("move", "status", "reviewer", "who", "allowed"), WHO)
def test_it_lets_only_the_right_person_make_each_move(
    people, move: str, status: str, reviewer: str | None, who: str, allowed: bool
) -> None:
    article = article_in(status, people, reviewer=reviewer)

    refusal = workflow.refusal(article, move, people[who])

    assert (refusal is None) == allowed, refusal


def test_it_never_lets_the_author_review_their_own_article_even_as_an_editor(people) -> None:
    editor_author = people["editor"]
    article = ArticleFactory(author=editor_author, status=S.SUBMITTED)

    assert workflow.refusal(article, "claim", editor_author) == workflow.NOT_YOUR_OWN


def test_it_lets_experts_and_editors_write_but_not_members(people) -> None:
    assert workflow.may_write(people["expert"])
    assert workflow.may_write(people["editor"])
    assert not workflow.may_write(people["member"])


def test_it_offers_the_author_only_the_moves_they_may_make(people) -> None:
    article = article_in(S.DRAFT, people)

    assert [move.name for move in workflow.allowed_moves(article, people["author"])] == ["submit"]
    assert workflow.allowed_moves(article, people["expert"]) == []
