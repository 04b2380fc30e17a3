from datetime import timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import views as sitemaps_views
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from aposbook.lib import ratelimit
from aposbook.lib.outages import RETRY_AFTER_SECONDS, SAFE_METHODS, handling_database_outage
from aposbook.lib.outbound import (
    Destination,
    InvalidLeaveTarget,
    strip_tracking,
    verify_leave_target,
)
from aposbook.lib.pagecache import LIBRARY, MEMBERS
from aposbook.lib.seo import absolute
from aposbook.lib.stored_pages import visitor_page
from aposbook.lib.urls import safe_next_url
from aposbook.library.models import Article, Condition, Solution

from .context_processors import site
from .forms import ContactForm, initial_subject
from .sitemaps import SITEMAPS


@visitor_page(LIBRARY, MEMBERS)  # MEMBERS: the latest articles' cards name their authors.
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "featured_conditions": Condition.objects.featured()[:8],
        "featured_solutions": Solution.objects.featured()[:8],
        # Sorted by the "Updated on" date the cards show.
        "latest_articles": Article.objects.published().with_authors().newest_first()[:6],
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
            "back_url": safe_next_url(request, request.META.get("HTTP_REFERER"))
            or reverse("pages:home"),
        }
        response = render(request, "pages/leave.html", context)
    # The destination must not learn which page of ours the reader came from.
    response["Referrer-Policy"] = "no-referrer"
    return response


def contact(request: HttpRequest) -> HttpResponse:
    """The "Contact us" form, open to everyone, suspended members included (to appeal)."""
    user = request.user if request.user.is_authenticated else None
    initial = {"subject": initial_subject(request.GET.get("subject"))}
    if user is not None:
        initial |= {"name": user.public_name, "email": user.email}
    rate_key = ratelimit.sender_key(request, "contact")
    form = ContactForm(request.POST or None, initial=initial, rate_key=rate_key)
    if request.method == "POST" and form.is_valid():
        if not form.is_from_a_bot():
            form.instance.user = user
            form.save().notify_support()
        return redirect("pages:contact_sent")
    status = 400 if form.errors else 200
    return render(request, "pages/contact.html", {"form": form}, status=status)


def contact_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/contact_sent.html")


@visitor_page()
def code_of_conduct(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/code_of_conduct.html")


@visitor_page()
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


@visitor_page()
def terms(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/terms.html")


@cache
def _favicon() -> bytes:
    path = finders.find("favicon.svg")
    assert isinstance(path, str), "static/favicon.svg is missing"
    with open(path, "rb") as icon:
        return icon.read()


@require_safe
@cache_control(max_age=7 * 24 * 3600, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links to: answer with our icon rather
    than a 404 in the logs for every first visit."""
    return HttpResponse(_favicon(), content_type="image/svg+xml")


# A security.txt must say when it stops being valid (RFC 9116 asks for less than a year); the
# file is written on each request, so it is always this far from expiring.
SECURITY_TXT_VALIDITY = timedelta(days=180)


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    """/.well-known/security.txt (RFC 9116): how to report a security flaw."""
    expires = (timezone.now() + SECURITY_TXT_VALIDITY).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en",
        f"Canonical: {settings.SITE_URL}{reverse('pages:security_txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# --- Error pages (`handler400`… in aposbook/urls.py) -----------------------------------------


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (`CSRF_FAILURE_VIEW`): most often a page left
    open for a long time, or a browser that refuses cookies."""
    return render(request, "403.html", {"form_expired": True}, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered from the site's settings alone, without the request's context processors:
    the error may be that the database is down, so the page reads no user, no session and
    no table. A lost or refused database connection (a restart) is not a bug: it gets
    "503, come back in a moment" (lib/outages.py has already tried a read once more)."""
    if handling_database_outage():
        context = {**site(request), "sent_form": request.method not in SAFE_METHODS}
        response = HttpResponse(render_to_string("503.html", context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(render_to_string("500.html", site(request)), status=500)


# What search engines should not crawl: the member, account, editorial and moderation
# areas, forms, and pages that only lead elsewhere (search results, the leaving-site page).
ROBOTS_DISALLOW = [
    "/admin/",
    "/accounts/",
    "/members/",
    "/experts/",
    "/moderation/",
    "/editorial/",
    "/feedback/",
    "/follows/",
    "/unsubscribe/",
    "/questions/unsubscribe/",
    "/search/",
    "/leave/",
    "/*/suggest/",
    "/*/add-information/",
    "/*/history/",
    "/*/medical-review/",
    "/*/new/",
    "/*/edit/",
    "/topics/*/feedback/",
]


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {absolute(reverse('pages:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The index of the sitemap's sections, with their addresses under `SITE_URL` (Django's
    own index view would take the host from the sites framework) and the latest date of each."""
    sections: list[dict[str, Any]] = []
    for name, section_class in SITEMAPS.items():
        section = section_class()
        location = absolute(reverse("pages:sitemap_section", args=[name]))
        latest = section.get_latest_lastmod()
        sections.append({"location": location, "last_mod": latest})
        # A section longer than the sitemap limit (50,000 addresses) has further pages.
        for number in range(2, section.paginator.num_pages + 1):
            sections.append({"location": f"{location}?p={number}", "last_mod": latest})
    context = {"sitemaps": sections}
    return render(request, "sitemap_index.xml", context, content_type="application/xml")


@require_safe
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemaps_views.sitemap(request, sitemaps=dict(SITEMAPS), section=section)


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure of the driver or server means "down" to a load balancer
        return False


def cache_is_up() -> bool:
    backend = caches["default"]
    reachable = getattr(backend, "reachable", None)
    if callable(reachable):  # Redis with a stand-in in the process: ask Redis itself
        return bool(reachable())
    try:
        backend.set("health-check", "ok", timeout=10)
        return bool(backend.get("health-check") == "ok")
    except Exception:  # Redis refusing, timing out or misconfigured: all "down"
        return False


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database and the cache answer, 503 naming what does not.

    Reads no session and sets no cookie, so checks neither create sessions nor get cached.
    """
    checks = {"database": database_is_up(), "cache": cache_is_up()}
    status = {name: "ok" if up else "down" for name, up in checks.items()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "down", **status}
    return JsonResponse(body, status=200 if healthy else 503)
