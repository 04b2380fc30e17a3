"""A topic page's discussions section: `{% load discussions %}{% discussions_section topic %}`;
and what a member follows, for their account settings: `{% followed_by user %}`."""

from typing import Any

from django import template

from aposbook.accounts.models import User
from aposbook.discussions.models import Follow, Thread
from aposbook.library.models import Topic

register = template.Library()

LATEST = 5


@register.inclusion_tag("discussions/includes/thread_list.html")
def discussions_section(topic: Topic) -> dict[str, Any]:
    """The latest threads about the topic (one query)."""
    threads = Thread.objects.filter(topic=topic).opening_shown().latest_activity()[:LATEST]
    return {"topic": topic, "threads": list(threads)}


@register.inclusion_tag("discussions/includes/followed.html")
def followed_by(member: User) -> dict[str, Any]:
    """The discussions and topics `member` follows, each with a "Stop following" button
    (one query). Accounts shows it in the settings without importing discussions."""
    return {"member": member, "follows": list(Follow.objects.listed_for(member))}
