from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from aposbook.lib.pagecache import LIBRARY
from aposbook.lib.stored_pages import visitor_page

from .forms import FilterForm, SearchForm
from .fulltext import find_everything
from .lookup import find_condition, suggest


def _query(request: HttpRequest) -> str:
    form = SearchForm(request.GET)
    return form.cleaned_data["q"] if form.is_valid() else ""


def search(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET)
    query, kind, topic_id = form.filters()
    result = find_condition(query)
    # A condition's or solution's name leads to its page, unless the reader is narrowing
    # the results.
    if result.page_url and not (kind or topic_id):
        return redirect(result.page_url)
    found = find_everything(query, kind=kind, topic_id=topic_id, page=request.GET.get("page"))
    return render(
        request,
        "search/results.html",
        {
            "query": result.query,
            "result": result,
            "form": form,
            "found": found,
            # What each page link keeps: the query and the filters.
            "paging": urlencode({"q": query, "kind": kind or "", "topic": topic_id or ""}) + "&",
        },
    )


@visitor_page(LIBRARY)
def suggestions(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    return render(
        request, "search/suggestions.html", {"query": query, "suggestions": suggest(query)}
    )
