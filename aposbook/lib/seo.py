"""What search engines and feed readers read: absolute addresses, canonical links, JSON-LD
blocks, and the base of every sitemap section.

Every address we publish for machines starts with `SITE_URL`, the public address, never
with the host a request happened to name, so a page reached through another host name or
with tracking parameters still names its one canonical address.
"""

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .outbound import strip_tracking

SCHEMA_CONTEXT = "https://schema.org"

# Django's json_script escapes these three so that the data cannot close the <script>
# element or open a comment inside it; the same rule keeps a title containing
# "</script>" harmless in a JSON-LD block.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    """The public address of a path on this site."""
    return f"{settings.SITE_URL}{path}"


def canonical_url(request: HttpRequest) -> str:
    """The page's public address: its path and query, without tracking parameters. A page
    of a list keeps its `?page=`, so each page of a list is canonical to itself."""
    return absolute(strip_tracking(request.get_full_path()))


def json_ld(data: Mapping[str, Any]) -> SafeString:
    """A `<script type="application/ld+json">` block with `data` (schema.org context added),
    safe to put in a page whatever text the data holds."""
    text = json.dumps({"@context": SCHEMA_CONTEXT, **data}, cls=DjangoJSONEncoder)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        # Safe: the translation above leaves no <, > or & in the text.
        mark_safe(text.translate(_SCRIPT_ESCAPES)),
    )


def iso(value: datetime | None) -> str | None:
    """A date for schema.org and sitemaps: ISO 8601 in whole seconds."""
    return value.replace(microsecond=0).isoformat() if value else None


def person(name: str, *, url: str = "", credentials: str = "") -> dict[str, Any]:
    """A schema.org Person; credentials ("MS, RD") as their stated qualifications."""
    data: dict[str, Any] = {"@type": "Person", "name": name}
    if url:
        data["url"] = url
    if credentials:
        data["hasCredential"] = {"@type": "EducationalOccupationalCredential", "name": credentials}
    return data


class Section(Sitemap):
    """A sitemap section whose addresses start with `SITE_URL`, whatever host was asked."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class AtomFeed(Feed):
    """An Atom feed. Subclasses give `link`, `feed_url` and `item_link` as absolute
    addresses (`absolute()`), which the syndication framework keeps as they are rather than
    prefixing the sites framework's domain."""

    feed_type = Atom1Feed
