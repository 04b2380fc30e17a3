from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from aposbook.lib import ratelimit
from aposbook.lib.outbound import (
    Destination,
    InvalidLeaveTarget,
    strip_tracking,
    verify_leave_target,
)
from aposbook.lib.urls import safe_next_url
from aposbook.library.models import Article, Condition, Solution

from .forms import ContactForm, initial_subject


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


def code_of_conduct(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/code_of_conduct.html")
