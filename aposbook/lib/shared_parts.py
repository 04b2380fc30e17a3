"""`{% shared_part %}`: the parts of a member's page that are the same for everyone.

A member's page is built for them (their vote states, their tokens), but most of it (the
evidence list, the review figures and chart, an article's body and references) is what every
reader sees. Such a part is kept in the cache under the versions of the tags it shows
(lib/pagecache.py) and reused until a write names one of them:

    {% shared_part "solution-evidence" solution.pk on "library" %}…{% endshared_part %}

Everything before `on` tells the part apart (its name, the row it shows); the values after
`on` are the tags it depends on. The versions are read before the part is rendered, so the
rows it reads lazily are never older than the versions it is stored under. Built in
(settings.TEMPLATES)."""

import hashlib
from datetime import datetime
from typing import Any

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils import timezone

from .pagecache import code_version, current_versions, next_change, seconds_to_keep

register = template.Library()

PART_PREFIX = "part:"


class SharedPartNode(template.Node):
    def __init__(
        self, nodelist: NodeList, names: list[FilterExpression], tags: list[FilterExpression]
    ) -> None:
        self.nodelist, self.names, self.tags = nodelist, names, tags

    def render(self, context: template.Context) -> str:
        if not settings.PAGE_CACHE_ENABLED:
            return self.nodelist.render(context)
        names = [str(name.resolve(context)) for name in self.names]
        tags = [str(tag.resolve(context)) for tag in self.tags]
        versions = current_versions(tags)
        signature = "\x1f".join([*names, *(f"{t}={versions[t]}" for t in tags)])
        key = f"{PART_PREFIX}{code_version()}:{hashlib.sha256(signature.encode()).hexdigest()}"
        kept: tuple[datetime | None, str] | None = cache.get(key)
        if kept is not None and (kept[0] is None or timezone.now() < kept[0]):
            return kept[1]
        # Kept until what it shows changes by itself, if it will (`scheduled`): to the second,
        # whatever the cache does with the timeout.
        until = next_change(tags)
        built = self.nodelist.render(context)
        cache.set(key, (until, built), timeout=seconds_to_keep(until))
        return built


@register.tag
def shared_part(parser: Parser, token: Token) -> SharedPartNode:
    bits: list[Any] = token.split_contents()[1:]
    if "on" not in bits or bits.index("on") in (0, len(bits) - 1):
        raise template.TemplateSyntaxError(
            "{% shared_part %} takes a name, then `on` and the tags the part shows"
        )
    split = bits.index("on")
    nodelist = parser.parse(("endshared_part",))
    parser.delete_first_token()
    return SharedPartNode(
        nodelist,
        [parser.compile_filter(bit) for bit in bits[:split]],
        [parser.compile_filter(bit) for bit in bits[split + 1 :]],
    )
