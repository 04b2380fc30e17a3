"""The floor under members' pages, for `make bench-http`: Aposbook's settings, middleware and
database, and one view that only makes sure the member is logged in and serves the bytes
Aposbook served them for the address (BARE_PAGES, as for bench/bare_site.py).

Whatever a member's page does on top of this, it cannot be faster: this is the price of the
session and the account being read and checked (two queries) and of the middleware a member's
request passes through. Run by bench/http_ratio.py under the same gunicorn settings.
"""

import json
import os

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.wsgi import get_wsgi_application
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aposbook.settings")
application = get_wsgi_application()
settings.ROOT_URLCONF = __name__

with open(os.environ["BARE_PAGES"], encoding="utf-8") as pages_file:
    PAGES: dict[str, bytes] = {page: text.encode() for page, text in json.load(pages_file).items()}


def page(request: HttpRequest, rest: str = "") -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied  # the session did not log the member in: wrk would count it
    try:
        served = PAGES[f"/member{request.path}"]
    except KeyError:
        raise Http404 from None
    return HttpResponse(served, content_type="text/html; charset=utf-8")


def ready(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ready")


urlpatterns = [path("ready/", ready), path("", page), path("<path:rest>", page)]
