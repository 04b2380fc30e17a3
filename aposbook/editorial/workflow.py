"""The publishing workflow of an article, in one table: which move goes from which state to
which, and who may make it.

    draft ──submit──► submitted ──claim──► in medical review ──approve──► approved
      ▲                 │  │                     │                          │
      └────withdraw─────┘  └──────send back──────┴────────send back─────────┘
                                                                            │
    archived ◄──archive── published ◄──────────────publish──────────────────┘
        └──────republish─────►

Writers are health experts and editors in good standing. The medical reviewer is a second
expert or an editor, never the author; only an editor publishes, archives and republishes.
Views and templates ask `refusal()` and `allowed_moves()`; `publishing.py` makes the moves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aposbook.library.models import Article, ArticleStatus

if TYPE_CHECKING:
    from aposbook.accounts.models import User

WRITERS_ONLY = "Only health experts and editors write articles. Apply to become a health expert."
AUTHOR_ONLY = "Only the article's author can do this."
NOT_YOUR_OWN = "You can't review your own article: a second expert or an editor will."
REVIEWERS_ONLY = "Only health experts and editors review articles."
CLAIMER_ONLY = "Only the reviewer who took on this article's review can do this."
EDITORS_ONLY = "Only editors (moderators and staff) publish, archive and republish articles."
WRONG_STATE = "This article is {status}: it can't be {done} now."


def may_write(user: User) -> bool:
    """Health experts and editors in good standing write articles."""
    return (user.is_expert or user.can_publish()) and user.can_post()


def may_review(user: User, article: Article) -> bool:
    """A second expert or an editor in good standing: never the article's author."""
    return article.author_id != user.pk and may_write(user)


def _author(user: User, article: Article) -> str | None:
    return None if article.author_id == user.pk and user.can_post() else AUTHOR_ONLY


def _reviewer(user: User, article: Article) -> str | None:
    if article.author_id == user.pk:
        return NOT_YOUR_OWN
    return None if may_review(user, article) else REVIEWERS_ONLY


def _claimer(user: User, article: Article) -> str | None:
    if refusal := _reviewer(user, article):
        return refusal
    return None if article.reviewer_id == user.pk else CLAIMER_ONLY


def _sender_back(user: User, article: Article) -> str | None:
    """Sending back: a reviewer before anyone took it on, then the reviewer working on it;
    an editor at any point (who may also unblock a review nobody finishes)."""
    if article.author_id == user.pk:
        return NOT_YOUR_OWN
    if user.can_publish():
        return None
    if article.status == ArticleStatus.SUBMITTED:
        return _reviewer(user, article)
    if article.status == ArticleStatus.IN_REVIEW:
        return _claimer(user, article)
    return EDITORS_ONLY


def _editor(user: User, article: Article) -> str | None:
    return None if user.can_publish() else EDITORS_ONLY


@dataclass(frozen=True)
class Move:
    name: str
    label: str  # the button
    done: str  # "sent back", for the messages
    sources: frozenset[str]
    target: str
    who: Callable[[User, Article], str | None]
    needs_note: bool = False


def _move(name: str, label: str, done: str, sources: set[str], target: str, **kw: Any) -> Move:
    return Move(name, label, done, frozenset(sources), target, **kw)


S = ArticleStatus
MOVES: dict[str, Move] = {
    move.name: move
    for move in [
        _move(
            "submit", "Submit for medical review", "submitted", {S.DRAFT}, S.SUBMITTED, who=_author
        ),
        _move("withdraw", "Withdraw to edit", "withdrawn", {S.SUBMITTED}, S.DRAFT, who=_author),
        _move("claim", "Take on the review", "taken on", {S.SUBMITTED}, S.IN_REVIEW, who=_reviewer),
        _move("approve", "Approve", "approved", {S.IN_REVIEW}, S.APPROVED, who=_claimer),
        _move(
            "send-back",
            "Send back to the author",
            "sent back",
            {S.SUBMITTED, S.IN_REVIEW, S.APPROVED},
            S.DRAFT,
            who=_sender_back,
            needs_note=True,
        ),
        _move("publish", "Publish", "published", {S.APPROVED}, S.PUBLISHED, who=_editor),
        _move("archive", "Archive", "archived", {S.PUBLISHED}, S.ARCHIVED, who=_editor),
        _move(
            "republish", "Publish again", "published again", {S.ARCHIVED}, S.PUBLISHED, who=_editor
        ),
    ]
}


def refusal(article: Article, move_name: str, user: User) -> str | None:
    """Why `user` may not make the move on `article` now, or None if they may."""
    move = MOVES[move_name]
    if not user.can_post():
        return WRITERS_ONLY
    if article.status not in move.sources:
        return WRONG_STATE.format(status=article.get_status_display().lower(), done=move.done)
    return move.who(user, article)


def allowed_moves(article: Article, user: User) -> list[Move]:
    """The moves `user` may make on `article` now, for its page's buttons."""
    return [move for name, move in MOVES.items() if refusal(article, name, user) is None]


def may_edit(article: Article, user: User) -> bool:
    """The author edits their article while it is a draft (after that, through proposals)."""
    return article.status == ArticleStatus.DRAFT and _author(user, article) is None


def may_see(article: Article, user: User) -> bool:
    """The article's desk page: its author, and once submitted, reviewers and editors."""
    if article.author_id == user.pk:
        return True
    if article.status == ArticleStatus.DRAFT:
        return user.can_publish()
    return may_write(user)
