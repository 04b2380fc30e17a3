"""Discussions in site search: each post is a document titled with its thread's title."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from aposbook.lib.visibility import shown
from aposbook.library.models import Topic
from aposbook.search.index import Document, Source, reindex
from aposbook.search.models import Kind

from .models import Post, Thread


def shown_posts() -> QuerySet[Post]:
    """Posts everyone may read: shown, in threads whose opening post is shown, on the topics
    everyone may see. Each condition is a correlated EXISTS: checking the one post a reply
    adds (`reindex`) reads a few rows by key, where `thread IN (…)` made SQLite list every
    visible thread first (90 ms and more at 50,000 posts)."""
    topic = Topic.objects.visible_to(AnonymousUser()).filter(pk=OuterRef("topic_id"))
    thread = Thread.objects.filter(Exists(topic), pk=OuterRef("thread_id")).opening_shown()
    return Post.objects.filter(shown(), Exists(thread)).select_related("thread")


def visibility_changed(post: Post) -> None:
    """A post held, hidden or shown again: the opening post decides for its whole thread."""
    opening = post.created_at == post.thread.created_at
    for each in thread_posts(post.thread) if opening else [post]:
        reindex(each)


def post_document(post: Post) -> Document:
    return Document(
        title=post.thread.title,
        text=post.body_html,
        url=reverse("discussions:post", args=[post.pk]),
        updated=post.edited_at or post.created_at,
        topic_ids=(post.thread.topic_id,),
    )


def thread_posts(thread: Thread) -> QuerySet[Post]:
    return thread.posts.all()


SOURCE = Source(
    kind=Kind.DISCUSSIONS,
    model=Post,
    visible=shown_posts,
    document=post_document,
    parents={Thread: thread_posts},
)
