"""The yardstick for `make bench-http`: the smallest Django project that serves, for each
path, the bytes Aposbook served for it, with no middleware, database or templates.

Run by bench/http_ratio.py under the same gunicorn settings as Aposbook; BARE_PAGES names
a JSON file mapping each path to the page's text.
"""

import json
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
)

with open(os.environ["BARE_PAGES"], encoding="utf-8") as pages_file:
    PAGES: dict[str, bytes] = {page: text.encode() for page, text in json.load(pages_file).items()}


def page(request: HttpRequest, rest: str = "") -> HttpResponse:
    try:
        return HttpResponse(PAGES[request.path], content_type="text/html; charset=utf-8")
    except KeyError:
        raise Http404 from None


urlpatterns = [path("", page), path("<path:rest>", page)]
application = get_wsgi_application()
