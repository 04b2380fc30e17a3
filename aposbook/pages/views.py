from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from aposbook.lib.outbound import (
    Destination,
    InvalidLeaveTarget,
    strip_tracking,
    verify_leave_target,
)
from aposbook.library.models import Article, Condition, Solution


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "featured_conditions": Condition.objects.featured()[:8],
        "featured_solutions": Solution.objects.featured()[:8],
        "latest_articles": Article.objects.published().with_authors().order_by("-published_at")[:6],
    }
    return render(request, "pages/home.html", context)


def leave(request: HttpRequest) -> HttpResponse:
    """Tell the reader they are leaving, and where to; never redirects."""
    try:
        target = verify_leave_target(request.GET.get("to", ""), request.GET.get("sig", ""))
    except InvalidLeaveTarget as error:
        response = render(request, "pages/leave_invalid.html", {"reason": str(error)}, status=400)
    else:
        context = {
            "destination": Destination.from_url(strip_tracking(target)),
            "back_url": _same_site_referer(request) or reverse("pages:home"),
        }
        response = render(request, "pages/leave.html", context)
    # The destination must not learn which page of ours the reader came from.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _same_site_referer(request: HttpRequest) -> str | None:
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return None
