"""The log-in gate: member features are visible to everyone, usable by members in good standing.

A view decorated with `@member_feature` runs only for a verified, active, unsuspended member;
anyone else gets a page that says why and what to do, and after logging in lands back where
they were.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aposbook.lib.urls import safe_next_url

from .models import User

View = Callable[..., HttpResponse]

LOGIN_PROMPT = "Please log in to use this feature"
UNVERIFIED_PROMPT = "Please confirm your email address and try to log in again."
NOT_A_MODERATOR = "This page is for moderators."
NOT_AN_EDITOR = "This page is for health experts and moderators."


class AuthenticatedRequest(HttpRequest):
    """What a view behind one of these gates receives: the gate let only a logged-in account
    through, so `request.user` is never anonymous. For type checkers only; at run time the
    request is the usual HttpRequest."""

    user: User


def return_path(request: HttpRequest) -> str:
    """Where to send the reader back after logging in: this page, or for a form post,
    the page the form was on (if it is ours)."""
    if request.method == "GET":
        return request.get_full_path()
    return safe_next_url(request, request.META.get("HTTP_REFERER")) or request.path


def refuse(request: HttpRequest, reason: str | None = None) -> HttpResponse:
    """Render the gate page for `reason` ("anonymous", "unverified", "suspended", "moderator")."""
    if reason is None:
        reason = "anonymous" if not request.user.is_authenticated else request.user.refusal()
    if reason == "inactive":
        reason = "anonymous"
    context = {"reason": reason, "next": return_path(request)}
    return render(request, "accounts/gate.html", context, status=403)


def not_allowed(request: HttpRequest, message: str, **context: Any) -> HttpResponse:
    """The one "Not allowed" page: a member in good standing asked for something that is not
    theirs to do; `message` says what. Pass `back_url` and `back_label` for the way back."""
    return render(request, "not_allowed.html", {"message": message, **context}, status=403)


def _gate(
    view: View, also: Callable[[HttpRequest, User], HttpResponse | None] | None = None
) -> View:
    """Let `view` run for a member who may post and, if given, whom `also` lets through
    (it returns the refusal, or None); visitors and refused accounts see the gate."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        member = request.user
        if not member.is_authenticated or member.refusal() is not None:
            return refuse(request)
        if also is not None and (refusal := also(request, member)) is not None:
            return refusal
        return view(request, *args, **kwargs)

    return wrapper


def member_feature(view: View) -> View:
    """Let the view run only for a member who may post; everyone else sees the gate."""
    return _gate(view)


def moderator_only(view: View) -> View:
    """Moderation pages: other members see the gate's "for moderators" answer."""
    return _gate(
        view,
        lambda request, member: None if member.can_moderate() else refuse(request, "moderator"),
    )


def editors_only(view: View) -> View:
    """Pages for health experts, moderators and staff in good standing (`User.is_editor`):
    other members see the "not allowed" page, with how to become an expert."""
    return _gate(
        view,
        lambda request, member: (
            None if member.is_editor() else not_allowed(request, NOT_AN_EDITOR, for_editors=True)
        ),
    )


def signed_in(view: View) -> View:
    """Let the view run for any logged-in account, even unverified or suspended
    (account settings, data export, deletion): a member always controls their own data."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return refuse(request, "anonymous")
        return view(request, *args, **kwargs)

    return wrapper
