from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import SearchForm
from .lookup import find_condition, suggest


def _query(request: HttpRequest) -> str:
    form = SearchForm(request.GET)
    return form.cleaned_data["q"] if form.is_valid() else ""


def search(request: HttpRequest) -> HttpResponse:
    result = find_condition(_query(request))
    if result.condition:
        return redirect(result.condition.url)
    return render(request, "search/results.html", {"query": result.query, "result": result})


def suggestions(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    return render(
        request, "search/suggestions.html", {"query": query, "suggestions": suggest(query)}
    )
