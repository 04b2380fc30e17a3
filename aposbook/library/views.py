from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def library_index(request: HttpRequest) -> HttpResponse:
    return render(request, "library/index.html")


condition_index = condition_detail = solution_index = solution_detail = library_index
article_detail = video_detail = library_index
