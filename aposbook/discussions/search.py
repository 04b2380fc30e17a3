"""Discussions in site search: each post is a document titled with its thread's title."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse

from aposbook.library.models import Topic
from aposbook.search.index import Document, Source
from aposbook.search.models import Kind

from .models import Post, Thread


def shown_posts() -> QuerySet[Post]:
    """Posts in threads on the topics everyone may see."""
    topics = Topic.objects.visible_to(AnonymousUser())
    return Post.objects.filter(thread__topic__in=topics).select_related("thread")


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
