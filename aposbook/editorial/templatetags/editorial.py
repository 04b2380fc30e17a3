"""The editorial links of a topic page: `{% load editorial %}{% editorial_links topic %}`."""

from typing import Any

from django import template

from aposbook.library.models import Topic

register = template.Library()


@register.inclusion_tag("editorial/includes/page_links.html")
def editorial_links(topic: Topic) -> dict[str, Any]:
    """ "Suggest an edit" and "History of this page" (no query)."""
    return {"topic": topic}
