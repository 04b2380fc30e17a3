"""`{% member_csrf_token %}`: the CSRF token of a form that visitors' stored pages show too.

A member's page is built for them and carries their token, as `{% csrf_token %}` would. A
visitor's page carries none, so that it sets no cookie and one stored copy serves everyone;
the form's view takes `lib.security.csrf_token_for_members`, which explains why that is safe.
Built in (settings.TEMPLATES), like the date tags."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def member_csrf_token(context: template.Context) -> SafeString | str:
    user: Any = context.get("user")
    token = context.get("csrf_token")
    if user is None or not user.is_authenticated or not token:
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
