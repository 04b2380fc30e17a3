"""Discussions: threads attached to a topic, their posts, and who follows what."""

from __future__ import annotations

from typing import TypedDict
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

from aposbook.accounts.models import User
from aposbook.lib.pagecache import item_tag, topic_tag
from aposbook.lib.paging import cursor_at
from aposbook.lib.visibility import Visibility
from aposbook.lib.writing import EditableWriting
from aposbook.library.models import Topic

POSTS_PER_PAGE = 20
# A thread's posts page by key, oldest first, on the index community_post_thread_order.
POST_ORDER = ("created_at", "pk")
POST_PAGES = "thread_posts"  # the cursors' list name
UNSUBSCRIBE_SALT = "aposbook.unsubscribe"


class ThreadQuerySet(models.QuerySet["Thread"]):
    def latest_activity(self) -> ThreadQuerySet:
        """Most recently active first, with what a thread list shows."""
        return self.select_related("author").order_by("-last_activity_at", "-pk")

    def listed_for(self, user: User | AnonymousUser) -> ThreadQuerySet:
        """Threads a list shows `user`: not those whose opening post waits for a moderator or
        was removed by one (its title would still show), unless `user` started them."""
        shown = _opening_post(visibility=Visibility.SHOWN)
        if user.is_authenticated:
            return self.filter(shown | models.Q(author=user))
        return self.filter(shown)

    def with_opening_visibility(self) -> ThreadQuerySet:
        """Each thread's opening post's visibility as `opening_visibility` (same query)."""
        opening = Post.objects.filter(
            thread=models.OuterRef("pk"), created_at=models.OuterRef("created_at")
        )
        return self.annotate(opening_visibility=models.Subquery(opening.values("visibility")[:1]))

    def opening_shown(self) -> ThreadQuerySet:
        """Threads whose opening post everyone sees: for the author's public profile."""
        return self.filter(_opening_post(visibility=Visibility.SHOWN))


def _opening_post(**filters: object) -> models.Exists:
    """A thread's opening post, which `start_thread` creates at the thread's own time."""
    return models.Exists(
        Post.objects.filter(
            thread=models.OuterRef("pk"), created_at=models.OuterRef("created_at"), **filters
        )
    )


class Thread(models.Model):
    """A discussion about one topic: a title, an opening post and the replies to it."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
    )
    title = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(
        default=0, help_text="Posts after the opening one, kept up to date on every reply."
    )
    is_locked = models.BooleanField(default=False, help_text="A locked thread takes no replies.")

    objects = ThreadQuerySet.as_manager()

    class Meta:
        db_table = "community_thread"
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            models.Index(
                fields=["topic", "-last_activity_at"], name="community_thread_topic_active"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def page_tags(self) -> list[str]:
        return [topic_tag(self.topic_id), item_tag("thread", self.pk)]

    def get_absolute_url(self) -> str:
        return reverse("discussions:thread", args=[self.pk])

    REMOVED_TITLE = "A removed discussion"

    def title_for(self, user: User | AnonymousUser) -> str:
        """The title as `user` may read it: a moderator removed the opening post, so its
        title goes too, except for the author (who sees the notice on the post). Needs
        `with_opening_visibility()`."""
        visibility = getattr(self, "opening_visibility", Visibility.SHOWN)
        if visibility == Visibility.HIDDEN and not (
            user.is_authenticated and user.pk == self.author_id
        ):
            return self.REMOVED_TITLE
        return self.title

    def is_held_from(self, user: User | AnonymousUser) -> bool:
        """Whether the opening post waits for a moderator and `user` may not see it yet
        (only the author and moderators do). Needs `with_opening_visibility()`."""
        if getattr(self, "opening_visibility", Visibility.SHOWN) != Visibility.HELD:
            return False
        may_see = user.is_authenticated and (user.pk == self.author_id or user.can_moderate())
        return not may_see


class PostQuerySet(models.QuerySet["Post"]):
    def for_thread_page(self) -> PostQuerySet:
        return self.select_related("author", "quoted_post__author").order_by("created_at", "pk")


class Post(EditableWriting):
    """One message in a thread, written in Markdown and stored rendered."""

    NOT_YOURS = "You can edit only your own posts."
    TOO_LATE = "You can edit a post only within 24 hours of posting it."

    # Indexed by community_post_thread_order, which starts with it.
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    quoted_post = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        db_table = "community_post"
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "created_at", "id"], name="community_post_thread_order")
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"

    def page_tags(self) -> list[str]:
        return self.thread.page_tags()

    def get_absolute_url(self) -> str:
        """The page of its thread that ends at this post (the newest post's is the last
        page), anchored on it: found by key, at the same cost however deep the post is."""
        url = reverse("discussions:thread", args=[self.thread_id])
        query = urlencode({"cursor": cursor_at(self, name=POST_PAGES, order=POST_ORDER)})
        return f"{url}?{query}#post-{self.pk}"

    def quote_markdown(self) -> str:
        """The post as a Markdown blockquote, to start a reply with."""
        lines = self.body.strip().splitlines()
        return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"


class FollowQuerySet(models.QuerySet["Follow"]):
    def listed_for(self, user: User) -> FollowQuerySet:
        """What `user` follows, newest first, with the titles their settings list shows."""
        return (
            self.filter(user=user)
            .select_related("thread__topic", "topic")
            .order_by("-created_at", "-pk")
        )


class Follow(models.Model):
    """A member who wants an email when a thread, or any thread about a topic, gets news."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = FollowQuerySet.as_manager()

    class Meta:
        db_table = "community_follow"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(thread__isnull=False) & models.Q(topic__isnull=True))
                | (models.Q(thread__isnull=True) & models.Q(topic__isnull=False)),
                name="community_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=models.Q(thread__isnull=False),
                name="community_follow_user_thread_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=models.Q(topic__isnull=False),
                name="community_follow_user_topic_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.thread or self.topic}"

    @property
    def described(self) -> str:
        """What is followed, as a sentence ends: “Waking at three” or Insomnia."""
        if self.thread is not None:
            return f"“{self.thread.title}”"
        assert self.topic is not None  # the check constraint: a thread or a topic
        return self.topic.title


class ThreadNotice(models.Model):
    """When a member was last emailed about a thread: at most one email per thread a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        db_table = "community_threadnotice"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"], name="community_threadnotice_user_thread_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} about {self.thread_id} at {self.sent_at:%Y-%m-%d %H:%M}"


def unsubscribe_token(*, user_id: int, thread_id: int | None, topic_id: int | None) -> str:
    """A link that stops the follows behind one email, without logging in. Emails are kept
    for years, so the signature carries no expiry."""
    return signing.dumps(
        {"user": user_id, "thread": thread_id, "topic": topic_id}, salt=UNSUBSCRIBE_SALT
    )


class UnsubscribeTarget(TypedDict):
    """What an unsubscribe link names: the member, and the thread and/or topic to stop."""

    user: int
    thread: int | None
    topic: int | None


def read_unsubscribe_token(token: str) -> UnsubscribeTarget | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    return {"user": data["user"], "thread": data.get("thread"), "topic": data.get("topic")}
