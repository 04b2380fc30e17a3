"""A topic page's questions section: `{% load questions %}{% questions_section topic %}`."""

from typing import Any

from django import template

from aposbook.lib.visibility import shown
from aposbook.library.models import Topic
from aposbook.questions.models import Question

register = template.Library()

LATEST = 5


@register.inclusion_tag("questions/includes/question_unanswered.html")
def questions_section(topic: Topic) -> dict[str, Any]:
    """The newest questions about the topic still waiting for an answer (one query)."""
    questions = Question.objects.filter(shown(), topic=topic).unanswered().for_list()[:LATEST]
    return {"topic": topic, "questions": list(questions)}
