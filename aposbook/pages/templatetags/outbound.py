"""`{{ url|leave }}`: send a stored address through the leaving-site page."""

from django import template

from aposbook.lib.outbound import is_external, is_web_address, leave_url

register = template.Library()


@register.filter
def leave(url: str | None) -> str:
    """The leaving-site address for another site, the address itself for ours, else ""."""
    url = (url or "").strip()
    if is_external(url):
        return leave_url(url)
    return url if is_web_address(url) else ""
