"""A topic page's discussions section: `{% load discussions %}{% discussions_section topic %}`."""

from typing import Any

from django import template

from aposbook.discussions.models import Thread
from aposbook.library.models import Topic

register = template.Library()

LATEST = 5


@register.inclusion_tag("discussions/includes/thread_list.html")
def discussions_section(topic: Topic) -> dict[str, Any]:
    """The latest threads about the topic (one query)."""
    threads = Thread.objects.filter(topic=topic).latest_activity()[:LATEST]
    return {"topic": topic, "threads": list(threads)}
