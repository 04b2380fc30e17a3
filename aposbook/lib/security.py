"""What Django does not do itself: a Permissions-Policy header, and refusing forms that are
not UTF-8."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` from the PERMISSIONS_POLICY setting (feature → allowlist)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}={allowlist}" for feature, allowlist in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def _readable(body: bytes) -> bool:
    """Whether every name and value of a URL-encoded form is UTF-8 once decoded."""
    for pair in body.split(b"&"):
        for part in pair.split(b"=", 1):
            try:
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return False
    return True


class RefuseUnreadableFormsMiddleware:
    """A form whose bytes are not UTF-8 gets the "could not understand" page: Django would
    otherwise replace them with "�" and the form would store text nobody typed. A form over
    DATA_UPLOAD_MAX_MEMORY_SIZE gets it too, whether or not its view reads the form."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            # Reading the form checks its size (RequestDataTooBig is a 400 as well).
            request.POST  # noqa: B018
            form = request.content_type == "application/x-www-form-urlencoded"
            if form and not _readable(request.body):
                raise BadRequest("The form's data is not UTF-8.")
        return self.get_response(request)


def csrf_token_for_members(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """CSRF protection for a form that visitors' stored pages carry without a token.

    A cross-site request forgery borrows the victim's session to act in their name. A
    member's request has a session to borrow, so it must bring the token, as everywhere
    (their pages are built for them and carry it). A visitor's has none: a forged request
    could only do what the forger may already do themselves, from their own browser. So a
    visitor's post needs no token, only to come from one of our own pages (the browser's
    Sec-Fetch-Site and Origin headers), which keeps other sites from sending it through their
    readers' browsers. That lets anonymous pages carry no per-visitor token, so one stored
    copy serves every visitor (lib/stored_pages.py)."""
    checker = CsrfViewMiddleware(lambda request: HttpResponse())

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            refused = checker.process_view(request, view, args, kwargs)
        elif not _from_our_pages(request):
            failure = import_string(settings.CSRF_FAILURE_VIEW)
            refused = failure(request, reason="The form was sent from another site.")
        else:
            refused = None
        return refused or view(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def _from_our_pages(request: HttpRequest) -> bool:
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None:  # Older browsers and non-browsers send none: no site to borrow from.
        return True
    ours = f"{request.scheme}://{request.get_host()}"
    return origin == ours or origin in settings.CSRF_TRUSTED_ORIGINS
