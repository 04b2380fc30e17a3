"""Fetching topics with the reader's permission: every page about a topic (its discussions,
questions, feedback) asks here whether the reader may see it."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from aposbook.accounts.models import User

from .models import Topic, TopicKind


def access_topic(user: User | AnonymousUser, kind: str, slug: str) -> Topic:
    """The topic behind a page `user` may see, or "not found"."""
    if kind not in TopicKind.values:
        raise Http404("No such kind of topic.")
    return get_object_or_404(Topic.objects.visible_to(user), kind=kind, slug=slug)


def require_visible(user: User | AnonymousUser, topic: Topic) -> Topic:
    """`topic` if `user` may see its page (with everything said about it), else "not found"."""
    if not topic.is_visible_to(user):
        raise Http404("No such article.")
    return topic
