"""Visitors' pages, built once and served from the cache until what they show changes.

Most readers are anonymous, and an anonymous page is the same for all of them. A view that
opts in with `@visitor_page(...)` names what it shows as tags (lib/pagecache.py); the stored
page remembers the versions of those tags it was built from, and is served only while they
are all still current.

Who gets a stored page: a GET or HEAD with no session cookie and no pending message, i.e. a
visitor who is not logged in and is not about to read a one-off notice. Members always get
a page built for them (and `Cache-Control: private`). A page is stored only when it sets no
cookie, so it never carries a per-visitor token: the forms a visitor may use on such a page
(search, "Was this page helpful?") take no CSRF token from it (see `lib/security.py`).

A stored page is the whole response, with every header the middleware below added, so it is
served by the first thing that sees the request: `StoredPagesFirst` in front of Django's
WSGI handler (aposbook/wsgi.py), or, where requests do not pass through it (the test client,
ASGI), `VisitorPageCacheMiddleware` at the top of the middleware. Both read the request the
same way (`visitor_page_key`), from the WSGI environ that `request.META` is.
"""

import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.cookie import parse_cookie
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from .pagecache import (
    EVERYTHING,
    GENERATION,
    GENERATION_KEY,
    VERSION_PREFIX,
    Plan,
    code_version,
    next_change,
    seconds_to_keep,
)

logger = logging.getLogger(__name__)

PAGE_PREFIX = "page:"
# Responses carry this header so that tests, benchmarks and operators can tell.
SOURCE_HEADER = "X-Page-Cache"
# Addresses longer than this (long made-up query strings) are built each time, not stored.
MAX_ADDRESS = 300


# ------------------------------------------------------------------------- building


def visitor_page(*tags: str) -> Callable:
    """Let visitors' requests for this view be served from the cache. `tags` name what every
    response of the view shows; the view adds the rest with `depends_on` as it learns it."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _is_visitor(request):
                return view(request, *args, **kwargs)
            plan = Plan()
            try:
                # The generation first: a change after it is read moves it for the page.
                plan.name((GENERATION, EVERYTHING, *tags))
            except Exception:
                logger.exception("The page cache cannot be read: building without it")
                return view(request, *args, **kwargs)
            request.visitor_page_plan = plan  # type: ignore[attr-defined]
            response = view(request, *args, **kwargs)
            response.visitor_page_plan = plan  # type: ignore[attr-defined]
            return response

        wrapped.visitor_page = True  # type: ignore[attr-defined]
        return wrapped

    return decorate


def depends_on(request: HttpRequest, *tags: str) -> None:
    """Called by a visitor page's view before it reads the rows `tags` stand for."""
    plan: Plan | None = getattr(request, "visitor_page_plan", None)
    if plan is not None:
        plan.name(tags)


def _is_visitor(request: HttpRequest) -> bool:
    """A request that may share a stored page (see `visitor_page_key`)."""
    if not hasattr(request, "visitor_page_key"):
        key = visitor_page_key(request.META, request.get_host())
        request.visitor_page_key = key  # type: ignore[attr-defined]
    return request.visitor_page_key is not None  # type: ignore[attr-defined]


# --------------------------------------------------------------------- who gets one


def visitor_page_key(meta: Mapping[str, Any], host: str) -> str | None:
    """Where a visitor's page for this request is stored; None for a request that must not
    share one: not a read, someone logged in, a message waiting to be shown to them alone,
    a plain-HTTP request the site redirects to HTTPS, a long made-up address, or a cache
    that only this process sees (an outage). `meta` is the WSGI environ (`request.META`);
    `host` the request's host, which Django has checked against ALLOWED_HOSTS before any
    page is stored under it."""
    if not settings.PAGE_CACHE_ENABLED or meta.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    cookies = parse_cookie(meta.get("HTTP_COOKIE", ""))
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    scheme = scheme_of(meta)
    if settings.SECURE_SSL_REDIRECT and scheme != "https":
        return None  # SecurityMiddleware answers with the redirect.
    address = meta.get("SCRIPT_NAME", "") + meta.get("PATH_INFO", "/")
    if query := meta.get("QUERY_STRING", ""):
        address = f"{address}?{query}"
    if len(address) > MAX_ADDRESS or not getattr(caches["default"], "shared", _always)():
        return None
    # The scheme is part of the page: an HTTPS answer carries Strict-Transport-Security.
    digest = hashlib.sha256(f"{scheme}://{host}{address}".encode()).hexdigest()
    return f"{PAGE_PREFIX}{code_version()}:{digest}"


def scheme_of(meta: Mapping[str, Any]) -> str:
    """The request's scheme as `HttpRequest.scheme` works it out, from the environ alone:
    the proxy's header when SECURE_PROXY_SSL_HEADER names one it sent, else the server's."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        sent = meta.get(header)
        if sent is not None:
            return "https" if sent.split(",", 1)[0].strip() == secure_value else "http"
    return str(meta.get("wsgi.url_scheme", "http"))


def _always() -> bool:
    return True


# ------------------------------------------------------------------- stored pages


@dataclass
class StoredPage:
    """A visitor's page as built (the response, with its headers) and the versions of the
    tags it was built from."""

    response: HttpResponse
    etag: str
    versions: dict[str, str]
    until: datetime | None = None

    def is_current(self, backend: BaseCache, generation: str | None) -> bool:
        """Whether every tag the page shows is at the version it was built from: at once
        if nothing changed since (the generation), else by reading its tags' versions."""
        if not self.versions or (self.until is not None and timezone.now() >= self.until):
            return False
        if generation is not None and self.versions.get(GENERATION) == generation:
            return True
        tags = [tag for tag in self.versions if tag != GENERATION]
        found = backend.get_many([VERSION_PREFIX + tag for tag in tags])
        return all(found.get(VERSION_PREFIX + tag) == self.versions[tag] for tag in tags)


def stored_answer(meta: Mapping[str, Any], key: str) -> HttpResponse | None:
    """The answer to a visitor's request from the store: their page, or 304 when they (or
    the CDN) hold this version already; None when nothing current is stored."""
    stored = _current_page(key)
    if stored is None:
        return None
    stored.response[SOURCE_HEADER] = "hit"
    return _conditional(meta, stored.response, stored.etag)


def _current_page(key: str) -> StoredPage | None:
    """The visitor's stored page if it is current. A cache that fails is a miss, never an
    error: the page is built as if nothing were stored (and /health/ still answers)."""
    backend = caches["default"]
    try:
        found = backend.get_many([key, GENERATION_KEY])
        stored: StoredPage | None = found.get(key)
        generation = found.get(GENERATION_KEY)
        if stored is None or not stored.is_current(backend, generation):
            return None
        if generation is not None and stored.versions.get(GENERATION) != generation:
            # Other pages changed, not this one: the next visitors need only two reads.
            stored.versions[GENERATION] = generation
            backend.set(key, stored, timeout=seconds_to_keep(stored.until))
        return stored
    except Exception:
        logger.exception("The page cache cannot be read")
        return None


def _conditional(meta: Mapping[str, Any], response: HttpResponse, etag: str) -> HttpResponse:
    """A 304 when the visitor (or the CDN) already holds this version of the page."""
    asked = [
        tag.strip().removeprefix("W/") for tag in meta.get("HTTP_IF_NONE_MATCH", "").split(",")
    ]
    if etag and ("*" in asked or etag in asked):
        not_modified = HttpResponseNotModified()
        for name in ("ETag", "Cache-Control", "Vary", SOURCE_HEADER):
            if name in response:
                not_modified[name] = response[name]
        return not_modified
    return response


def _store(request: HttpRequest, response: HttpResponse, plan: Plan) -> HttpResponse:
    """Keep a visitor's page just built, with the headers that let a CDN keep it too."""
    if response.status_code != 200 or response.cookies or response.streaming:
        # A cookie means a one-off page (a message shown, a token handed out).
        patch_cache_control(response, private=True)
        return response
    patch_vary_headers(response, ["Cookie"])
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PAGE_CACHE_CDN_SECONDS,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_SECONDS,
    )
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["ETag"] = etag
    # Pickled as it is now: each visitor gets a fresh copy, with these headers.
    del response.visitor_page_plan  # type: ignore[attr-defined]
    try:
        # Until what the page shows changes by itself, if it will (`scheduled`).
        until = next_change(plan.versions)
        stored = StoredPage(response, etag, plan.versions, until)
        key: str = request.visitor_page_key  # type: ignore[attr-defined]
        cache.set(key, stored, timeout=seconds_to_keep(until))
    except Exception:
        logger.exception("The page cache cannot store %s", request.path)
    response[SOURCE_HEADER] = "miss"
    return _conditional(request.META, response, etag)


# ------------------------------------------------------------------------- serving


class VisitorPageCacheMiddleware:
    """Serves visitors' stored pages before the rest of the stack runs, and stores the ones
    `visitor_page` views build. First in the middleware, so that a stored page keeps every
    header the rest added (security, CSP) and never touches the session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_visitor(request):
            answer = stored_answer(request.META, request.visitor_page_key)  # type: ignore[attr-defined]
            if answer is not None:
                return answer
        response = self.get_response(request)
        plan: Plan | None = getattr(response, "visitor_page_plan", None)
        if plan is not None:
            return _store(request, response, plan)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # A member's page (or a visitor's with something of their own in the session).
            patch_cache_control(response, private=True)
        return response


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class StoredPagesFirst:
    """The WSGI application: a visitor's stored page is answered from here, before Django
    builds a request object or runs any middleware (a hit costs little more than the two
    cache reads); everything else goes to Django's handler, whose middleware stores pages."""

    def __init__(self, django: WSGIApp) -> None:
        self.django = django
        # Behind a proxy that sets X-Forwarded-Host, leave the host to Django to work out.
        self.enabled = not settings.USE_X_FORWARDED_HOST
        self.static_prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else ""

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        try:
            answer = self._stored(environ)
        except Exception:
            # Never an error page from here: Django builds the page as if nothing were stored.
            logger.exception("A stored page could not be answered")
            answer = None
        if answer is None:
            return self.django(environ, start_response)
        start_response(f"{answer.status_code} {answer.reason_phrase}", list(answer.items()))
        if environ.get("REQUEST_METHOD") == "HEAD" or answer.status_code == 304:
            return []
        return [answer.content]

    def _stored(self, environ: dict[str, Any]) -> HttpResponse | None:
        host = environ.get("HTTP_HOST")
        path = environ.get("PATH_INFO", "/")
        if not (self.enabled and host) or (
            self.static_prefix and path.startswith(self.static_prefix)
        ):
            return None
        key = visitor_page_key(environ, host)
        return None if key is None else stored_answer(environ, key)
