""" "Was this page helpful?" on a topic page: `{% load feedback %}{% feedback_box topic %}`."""

from typing import Any

from django import template

from aposbook.feedback.forms import FeedbackForm
from aposbook.library.models import Topic

register = template.Library()


@register.inclusion_tag("feedback/includes/feedback_box.html")
def feedback_box(topic: Topic) -> dict[str, Any]:
    return {"topic": topic, "form": FeedbackForm()}
