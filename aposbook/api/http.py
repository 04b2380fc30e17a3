"""What every API answer shares: the per-client rate limit, and caching like the pages."""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.throttling import BaseThrottle

from aposbook.lib.ratelimit import hit, sender_key

# Browsers keep an answer a minute; shared caches (a CDN) five, as for anonymous pages.
BROWSER_MAX_AGE = 60
SHARED_MAX_AGE = 300

# The docs page runs Swagger UI from our own static files: scripts and styles from this
# site only, nothing inline, and it talks to this site alone.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


class LocalSwagger(DocsBase):
    """Swagger UI from the static files django-ninja ships, started by our own script file:
    no CDN, and nothing inline for the Content Security Policy to refuse."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/docs.html", context)


class ClientRateLimit(BaseThrottle):
    """`API_RATE_LIMIT` requests per `API_RATE_WINDOW` seconds for each client, counted by
    `lib.ratelimit` (members by account, visitors by a keyed hash of their address).

    Windows are fixed slices of the clock, so the wait until the next one is known without
    storing anything: that is the Retry-After of a refused request."""

    def allow_request(self, request: HttpRequest) -> bool:
        window = settings.API_RATE_WINDOW
        slice_number = int(time.time()) // window
        key = f"{sender_key(request, 'api')}:{slice_number}"
        return hit(key, limit=settings.API_RATE_LIMIT, window=window)

    def wait(self) -> float:
        window = settings.API_RATE_WINDOW
        return window - time.time() % window


View = Callable[..., HttpResponseBase]


def cached_like_pages(view: View) -> View:
    """Cache-Control and an ETag on every successful read: public for visitors (the answer
    is the same for everyone), private for a signed-in member; 304 when the client's copy
    is still current."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, max_age=BROWSER_MAX_AGE)
        else:
            patch_cache_control(
                response, public=True, max_age=BROWSER_MAX_AGE, s_maxage=SHARED_MAX_AGE
            )
        if isinstance(response, HttpResponse):
            set_response_etag(response)
            # None only when given no response; with one it is that response or a 304.
            return (
                get_conditional_response(request, etag=response["ETag"], response=response)
                or response
            )
        return response

    return wrapper


def docs_headers(view: View) -> View:
    """The schema and the docs page: cached like the rest, the page under its own policy."""
    cached = cached_like_pages(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = cached(request, *args, **kwargs)
        if response.get("Content-Type", "").startswith("text/html"):
            response["Content-Security-Policy"] = DOCS_POLICY
        return response

    return wrapper
