"""An Atom feed of a discussion's posts, newest first: what its page shows, from the same
queryset, so a post the page does not show is not in the feed either."""

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from aposbook.lib.emails import absolute_links
from aposbook.lib.seo import AtomFeed, absolute
from aposbook.lib.visibility import shown
from aposbook.library.access import require_visible

from .models import Post, Thread

FEED_SIZE = 50


class ThreadFeed(AtomFeed):
    def get_object(self, request: HttpRequest, thread_id: int) -> Thread:
        # A feed is for everyone: none for a discussion whose opening post is held or removed.
        threads = Thread.objects.select_related("topic").opening_shown()
        thread = get_object_or_404(threads, pk=thread_id)
        require_visible(request.user, thread.topic)
        return thread

    def title(self, obj: Thread) -> str:
        return f"{obj.title} · Discussions about {obj.topic.title}"

    def subtitle(self, obj: Thread) -> str:
        return f"New replies in the discussion “{obj.title}”."

    def link(self, obj: Thread) -> str:
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj: Thread) -> str:
        return absolute(thread_feed_url(obj))

    def items(self, obj: Thread) -> list[Post]:
        # What everyone may read: no held reply, no reply a moderator removed.
        posts = Post.objects.filter(shown(), thread=obj).for_thread_page().reverse()
        return list(posts[:FEED_SIZE])

    def item_title(self, item: Post) -> str:
        return f"Post by {author_name(item)}"

    def item_description(self, item: Post) -> str:
        # Sanitised when it was saved, as the page shows it; links made absolute.
        return absolute_links(item.body_html)

    def item_link(self, item: Post) -> str:
        # The post's lasting address: the page that shows it changes as replies come.
        return absolute(reverse("discussions:post", args=[item.pk]))

    def item_pubdate(self, item: Post) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Post) -> datetime:
        return item.edited_at or item.created_at

    def item_author_name(self, item: Post) -> str:
        return author_name(item)


def author_name(post: Post) -> str:
    return post.author.public_name if post.author else "deleted member"


def thread_feed_url(thread: Thread) -> str:
    return reverse("discussions:thread_feed", args=[thread.pk])
