"""How a held or hidden item looks to each reader, in every template (a builtin library,
like `aposbook.lib.dates`): `{% if item|removed_for:user %}` for the "removed by a
moderator" stand-in, `{% moderation_notice item %}` for the author's own notice."""

from typing import Any

from django import template

from aposbook.lib.visibility import Moderated

register = template.Library()


@register.filter
def removed_for(item: Moderated, user: Any) -> bool:
    """True where `user` sees "removed by a moderator" instead of the item."""
    return item.is_removed_for(user)


@register.inclusion_tag("includes/moderation_notice.html", takes_context=True)
def moderation_notice(context: template.Context, item: Moderated) -> dict[str, Any]:
    """For the author of a held or hidden item: its state and the reason. Nothing for other
    readers, nor for a shown item."""
    user = context.get("user")
    return {"item": item, "for_author": not item.is_shown and item.is_by(user)}
