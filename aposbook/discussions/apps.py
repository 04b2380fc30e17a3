from typing import Any

from django.apps import AppConfig
from django.urls import reverse


class DiscussionsConfig(AppConfig):
    name = "aposbook.discussions"
    verbose_name = "Discussions"

    def ready(self) -> None:
        from aposbook.accounts import registry
        from aposbook.accounts.moderated import ReportableKind, register_kind
        from aposbook.lib.pagecache import shown_on_pages
        from aposbook.search import index

        from . import search, services
        from .models import Post, Thread

        # Threads and posts show on their topic's pages (lib/pagecache.py).
        shown_on_pages(Thread, Thread.page_tags)
        shown_on_pages(Post, Post.page_tags)

        # Threads, posts and follows are in the data download; the purge drops the follows
        # and when we last emailed the member, and keeps the posts without their name.
        registry.register(
            export=services.export_member_discussions,
            purge=services.forget_subscriptions,
            profile=services.latest_member_threads,
            writing=services.member_post_writing,
            kept=services.member_has_kept_post,
        )
        # Posts can be reported; a reply not shown leaves its thread's reply count.
        register_kind(
            ReportableKind(
                key="post",
                label="discussion post",
                model=Post,
                where=_where,
                count=services.count_post,
                related=("author", "thread__topic"),
                # The lasting address (/posts/<id>/), not the page that needs a count.
                link=_link,
                topic=_topic,
                released=services.notify_after_commit,
                changed=search.visibility_changed,
            )
        )
        # Shown posts are found by site search; see search.py.
        index.register(search.SOURCE)


def _topic(post: Any) -> Any:
    return post.thread.topic


def _link(post: Any) -> str:
    return reverse("discussions:post", args=[post.pk])


def _where(post: Any) -> str:
    return f"“{post.thread.title}”, a discussion about {post.thread.topic.title}"
