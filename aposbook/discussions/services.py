"""Writes for discussions: threads, replies, follows.

Each function is one transaction: it changes the rows, keeps the stored counters right with
`F()` expressions, and queues emails to followers after the commit. Who may act is checked
by the caller (the views, through the models' `*_refusal` methods and the log-in gate).
"""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from aposbook.accounts.limits import hold_reason
from aposbook.accounts.models import User
from aposbook.accounts.moderated import hold
from aposbook.accounts.registry import Writing
from aposbook.lib.forms import refuse_duplicate
from aposbook.lib.visibility import Visibility, shown
from aposbook.library.models import Topic

from .models import Follow, Post, Thread, ThreadNotice
from .tasks import notify_followers


def notify_after_commit(post: Post) -> None:
    """Followers hear about `post` once it is committed (and if it is shown by then; a held
    post's followers hear when a moderator lets it through)."""
    post_id = post.pk
    transaction.on_commit(lambda: notify_followers.enqueue(post_id=post_id))


@transaction.atomic
def start_thread(*, topic: Topic, author: User, title: str, body: str) -> Thread:
    """Open a thread with its first post; the author follows it from now on. The thread waits
    for a moderator when its opening post does (`hold_reason`). The same thread sent twice
    at once is stored once: ValidationError."""
    author.wait_for_own_writes()
    refuse_duplicate(Thread.objects.all(), topic=topic, author=author, title=title)
    reason = hold_reason(author, [title, body])
    now = timezone.now()
    thread = Thread.objects.create(
        topic=topic, author=author, title=title, created_at=now, last_activity_at=now
    )
    post = Post.objects.create(thread=thread, author=author, body=body, created_at=now)
    if reason:
        hold(post, reason=reason)
    follow(user=author, thread=thread)
    notify_after_commit(post)
    return thread


@transaction.atomic
def add_reply(*, thread: Thread, author: User, body: str, quoted_post: Post | None = None) -> Post:
    """Reply in a thread: the counters move in the same transaction, the author follows the
    thread, and followers hear about it after the commit; or it waits for a moderator
    (`hold_reason`). The same reply sent twice at once is stored once: ValidationError."""
    author.wait_for_own_writes()
    refuse_duplicate(thread.posts.all(), author=author, body=body)
    reason = hold_reason(author, [body])
    now = timezone.now()
    post = Post.objects.create(
        thread=thread, author=author, body=body, quoted_post=quoted_post, created_at=now
    )
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=F("reply_count") + 1, last_activity_at=now
    )
    if reason:
        hold(post, reason=reason)
    follow(user=author, thread=thread)
    notify_after_commit(post)
    return post


@transaction.atomic
def delete_post(*, post: Post) -> None:
    """Delete a reply, or the whole thread when it is the opening post."""
    thread = post.thread
    if _is_opening(post):
        thread.delete()
        return
    post.delete()
    if post.is_shown:
        _change_replies(thread.pk, -1)


def _is_opening(post: Post) -> bool:
    return not (
        Post.objects.filter(thread_id=post.thread_id)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .exists()
    )


def count_post(post: Post, sign: int) -> None:
    """Count a reply in its thread's replies (+1) or take it out (-1), when a moderator or a
    check shows, holds or hides it (registered in apps.py). The opening post is not a reply."""
    if not _is_opening(post):
        _change_replies(post.thread_id, sign)


def _change_replies(thread_id: int, sign: int) -> None:
    threads = Thread.objects.filter(pk=thread_id)
    if sign < 0:
        threads = threads.filter(reply_count__gt=0)
    threads.update(reply_count=F("reply_count") + sign)


def follow(*, user: User, thread: Thread | None = None, topic: Topic | None = None) -> bool:
    """Follow a thread or a topic; True if this started a follow."""
    try:
        with transaction.atomic():
            _, created = Follow.objects.get_or_create(user=user, thread=thread, topic=topic)
    except IntegrityError:
        # A second request got there first: the member follows it either way.
        return False
    return created


def unfollow(*, user: User, thread: Thread | None = None, topic: Topic | None = None) -> bool:
    deleted, _ = Follow.objects.filter(user=user, thread=thread, topic=topic).delete()
    return bool(deleted)


def forget_subscriptions(user: User) -> None:
    """Drop everything a member follows and when we last emailed them (the account purge)."""
    Follow.objects.filter(user=user).delete()
    ThreadNotice.objects.filter(user=user).delete()


def unsubscribe(*, user_id: int, thread_id: int | None, topic_id: int | None) -> int:
    """Stop the follows an email link names; returns how many were stopped."""
    targets = Q(pk__in=[])
    if thread_id is not None:
        targets |= Q(thread_id=thread_id)
    if topic_id is not None:
        targets |= Q(topic_id=topic_id)
    deleted, _ = Follow.objects.filter(targets, user_id=user_id).delete()
    return deleted


# --- The member's account (registered in apps.py) ------------------------------------------

LATEST_ON_PROFILE = 5


def export_member_discussions(user: User) -> dict[str, list[dict[str, Any]]]:
    """The threads the member started, their posts and their follows, oldest first."""
    return {
        "discussions_started": [
            {"title": thread.title, "topic": thread.topic.title, "created_at": thread.created_at}
            for thread in Thread.objects.filter(author=user)
            .select_related("topic")
            .order_by("created_at")
        ],
        "posts": [
            {
                "discussion": post.thread.title,
                "body": post.body,
                "created_at": post.created_at,
                "edited_at": post.edited_at,
            }
            for post in Post.objects.filter(author=user)
            .select_related("thread")
            .order_by("created_at")
        ],
        "follows": [
            {
                "discussion": follow.thread.title if follow.thread else None,
                "topic": follow.topic.title if follow.topic else None,
                "created_at": follow.created_at,
            }
            for follow in Follow.objects.filter(user=user)
            .select_related("thread", "topic")
            .order_by("created_at")
        ],
    }


def latest_member_threads(user: User, reader: User | AnonymousUser) -> dict[str, list[Thread]]:
    """The newest threads the member started on pages `reader` may open, for the member's
    public profile (one query)."""
    threads = (
        Thread.objects.filter(author=user, topic__in=Topic.objects.visible_to(reader))
        .opening_shown()
        .select_related("topic")
    )
    return {"threads": list(threads.order_by("-created_at")[:LATEST_ON_PROFILE])}


# --- What the limits for new members read (registered in apps.py) ---------------------------


def member_post_writing(user: User, since: datetime | None, limit: int) -> list[Writing]:
    """The member's posts since `since`, opening posts included, newest first (one query)."""
    posts = Post.objects.filter(author=user)
    if since is not None:
        posts = posts.filter(created_at__gte=since)
    rows = posts.order_by("-created_at").values_list("created_at", "body", "visibility")
    return [
        Writing(created_at=at, texts=(body,), shown=visibility == Visibility.SHOWN)
        for at, body, visibility in rows[:limit]
    ]


def member_has_kept_post(user: User, up_since: datetime) -> bool:
    """A post shown and up since before `up_since`, or one someone else replied to after."""
    answered = Post.objects.filter(
        shown(), thread=OuterRef("thread"), created_at__gt=OuterRef("created_at")
    ).exclude(author=user)
    posts = Post.objects.filter(shown(), author=user)
    return posts.filter(Q(created_at__lt=up_since) | Exists(answered)).exists()
