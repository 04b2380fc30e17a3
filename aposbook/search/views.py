from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import SearchForm
from .lookup import find_condition, suggest


def _query(request: HttpRequest) -> str:
    form = SearchForm(request.GET)
    return form.cleaned_data["q"] if form.is_valid() else ""


def search(request: HttpRequest) -> HttpResponse:
    result = find_condition(_query(request))
    if result.page_url:
        return redirect(result.page_url)
    return render(request, "search/results.html", {"query": result.query, "result": result})


def suggestions(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    return render(
        request, "search/suggestions.html", {"query": query, "suggestions": suggest(query)}
    )
