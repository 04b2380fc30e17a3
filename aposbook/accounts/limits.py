"""Limits on what members post, in one place for reviews, discussions and questions.

New members (`User.is_new_member`) may post NEW_MEMBER_POSTS times in
NEW_MEMBER_POSTS_MINUTES, with at most NEW_MEMBER_LINKS links to other sites a post, and
their first post with a link waits for a moderator: spam accounts post many links fast
the moment they sign up, while a real member's first day rarely needs more. Anyone's
text posted again within SAME_TEXT_MINUTES waits too: spam is pasted in many places.

Each app's forms call `check_new_writing` (or `check_links` for an edit), and its services
ask `hold_reason` when they store a new post. Posts are counted from what is stored, which
each app lists through `registry.register(writing=…, kept=…)`, backed by an atomic counter
for posts sent at the same moment.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from aposbook.lib.markdown import external_links
from aposbook.lib.ratelimit import hit

from .models import User
from .registry import Writing, member_writing

SAME_TEXT_ELSEWHERE = "Same text posted elsewhere"
FIRST_LINK = "A new member's first post with a link"


def _posts_window() -> timedelta:
    return timedelta(minutes=settings.NEW_MEMBER_POSTS_MINUTES)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _comparable(text: str) -> str:
    """Texts count as the same whatever their spacing and letter case."""
    return " ".join(text.split()).casefold()


def check_links(author: User, texts: Sequence[str], *, now: datetime | None = None) -> None:
    """Refuse a new member's text with more links to other sites than NEW_MEMBER_LINKS."""
    count = sum(len(external_links(text)) for text in texts)
    if count <= settings.NEW_MEMBER_LINKS or not author.is_new_member(now):
        return
    raise ValidationError(
        f"New members may put at most {_plural(settings.NEW_MEMBER_LINKS, 'link')} to other "
        f"sites in a post, and yours has {count}: please remove "
        f"{_plural(count - settings.NEW_MEMBER_LINKS, 'link')}. The limit lifts once you have "
        "been a member for a day and something you wrote has stayed up or been answered.",
        code="too_many_links",
    )


def check_new_writing(author: User, texts: Sequence[str], *, now: datetime | None = None) -> None:
    """Refuse a new member's new post over the limits (links, then posts lately), with a
    message that says the limit and when they may post again."""
    now = now or timezone.now()
    if not author.is_new_member(now):
        return
    check_links(author, texts, now=now)
    recent = member_writing(author, since=now - _posts_window(), limit=settings.NEW_MEMBER_POSTS)
    if len(recent) >= settings.NEW_MEMBER_POSTS:
        # The oldest of the last NEW_MEMBER_POSTS posts leaves the window first.
        raise _too_many_posts(recent[-1].created_at + _posts_window() - now)
    # Posts sent at the same moment would all read the same count from the database: an
    # atomic counter lets no more than the limit through in one window either way.
    window = _posts_window()
    key = f"rate:new-member-posts:user:{author.pk}"
    if not hit(key, limit=settings.NEW_MEMBER_POSTS, window=int(window.total_seconds())):
        raise _too_many_posts(window)


def _too_many_posts(wait: timedelta) -> ValidationError:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return ValidationError(
        f"New members may post {_plural(settings.NEW_MEMBER_POSTS, 'time')} in "
        f"{_plural(settings.NEW_MEMBER_POSTS_MINUTES, 'minute')}, and you have reached that: "
        f"you can post this in {_plural(minutes, 'minute')}. Your text is kept below.",
        code="too_many_posts",
    )


def add_limit_errors(
    form: forms.Form, *, field: str, author: User, texts: Sequence[str], new: bool = True
) -> None:
    """Put a refusal of `check_new_writing` (or of `check_links`, for an edit: `new=False`)
    on `field` of a form that is valid so far; the form keeps what was typed."""
    if form.errors:
        return
    try:
        (check_new_writing if new else check_links)(author, texts)
    except ValidationError as error:
        form.add_error(field, error)


def hold_reason(author: User, texts: Sequence[str], *, now: datetime | None = None) -> str | None:
    """Why a new post must wait for a moderator, or None to show it at once."""
    now = now or timezone.now()
    wanted = {_comparable(text) for text in texts if text.strip()}
    since = now - timedelta(minutes=settings.SAME_TEXT_MINUTES)
    for writing in member_writing(author, since=since):
        if wanted & {_comparable(text) for text in writing.texts}:
            return SAME_TEXT_ELSEWHERE
    if any(external_links(text) for text in texts) and _first_link(author, now):
        return FIRST_LINK
    return None


@dataclass(frozen=True)
class BeforeEdit:
    """What an edit's hold needs to know, read before the edit is saved (afterwards the
    edited post itself would count as the author's post with a link)."""

    links: int
    first_link: bool  # a new member with no post with a link shown yet


def before_edit(author: User, text: str) -> BeforeEdit:
    first_link = _first_link(author, timezone.now())
    return BeforeEdit(links=len(external_links(text)), first_link=first_link)


def edit_hold_reason(before: BeforeEdit, after: str) -> str | None:
    """Why an edited post must wait for a moderator: a new member's edit that adds their
    first link waits like a first post with a link (else posting, then editing, would pass)."""
    if before.first_link and len(external_links(after)) > before.links:
        return FIRST_LINK
    return None


def _first_link(author: User, now: datetime) -> bool:
    """A new member with no post with a link shown yet (let through by a moderator)."""
    if not author.is_new_member(now):
        return False
    return not any(_shows_links(writing) for writing in member_writing(author, since=None))


def _shows_links(writing: Writing) -> bool:
    return writing.shown and any(external_links(text) for text in writing.texts)
