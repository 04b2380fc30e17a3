""" "Was this page helpful?": the box on every topic page, and the editors' view of answers."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from aposbook.accounts.gate import AuthenticatedRequest, editors_only
from aposbook.lib import ratelimit
from aposbook.lib.security import csrf_token_for_members
from aposbook.library.access import access_topic

from .forms import FEEDBACK_THANKS, FeedbackForm
from .models import Feedback
from .services import record_feedback

FEEDBACK_PER_PAGE = 50
TOPICS_IN_SUMMARY = 20


@require_POST
@csrf_token_for_members
def send_feedback(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """Open to everyone. htmx swaps the box for the thanks; without JavaScript the reader
    goes back to the page, which shows the thanks as a message."""
    topic = access_topic(request.user, kind, slug)
    form = FeedbackForm(request.POST, rate_key=ratelimit.sender_key(request, "feedback"))
    htmx = bool(request.headers.get("HX-Request"))
    if form.is_valid():
        if not form.is_from_a_bot():
            record_feedback(
                topic=topic,
                sender=request.user,
                helpful=form.cleaned_data["helpful"],
                comment=form.cleaned_data["comment"],
            )
        if htmx:
            return render(
                request, "feedback/includes/feedback_thanks.html", {"thanks": FEEDBACK_THANKS}
            )
        messages.success(request, FEEDBACK_THANKS)
        return redirect(f"{topic.get_absolute_url()}#feedback-box")
    context = {"topic": topic, "form": form}
    if htmx:
        # htmx swaps only successful responses: the box comes back with its messages.
        return render(request, "feedback/includes/feedback_box.html", context)
    return render(request, "feedback/send.html", context, status=400)


@editors_only
def topic_feedback(request: AuthenticatedRequest, kind: str, slug: str) -> HttpResponse:
    topic = access_topic(request.user, kind, slug)
    feedback = Feedback.objects.filter(topic=topic)
    context = {
        "topic": topic,
        "tally": feedback.tally(),
        "page": Paginator(feedback.for_list(), FEEDBACK_PER_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "feedback/topic_feedback.html", context)


@editors_only
def all_feedback(request: AuthenticatedRequest) -> HttpResponse:
    by_topic = (
        Feedback.objects.values("topic__kind", "topic__slug", "topic__title")
        .annotate(
            helpful_count=Count("pk", filter=Q(helpful=True)),
            not_helpful_count=Count("pk", filter=Q(helpful=False)),
            latest=Max("created_at"),
        )
        .order_by("-latest")[:TOPICS_IN_SUMMARY]
    )
    context = {
        "tally": Feedback.objects.tally(),
        "by_topic": list(by_topic),
        "page": Paginator(Feedback.objects.for_list(), FEEDBACK_PER_PAGE).get_page(
            request.GET.get("page")
        ),
    }
    return render(request, "feedback/all_feedback.html", context)
