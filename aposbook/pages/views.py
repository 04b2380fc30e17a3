from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from aposbook.library.models import Article, Condition, Solution


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "featured_conditions": Condition.objects.featured()[:8],
        "featured_solutions": Solution.objects.featured()[:8],
        "latest_articles": Article.objects.published().with_authors().order_by("-published_at")[:6],
    }
    return render(request, "pages/home.html", context)
