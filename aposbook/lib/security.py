"""What Django does not do itself: a Permissions-Policy header, and refusing forms that are
not UTF-8."""

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` from the PERMISSIONS_POLICY setting (feature → allowlist)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}={allowlist}" for feature, allowlist in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def _readable(body: bytes) -> bool:
    """Whether every name and value of a URL-encoded form is UTF-8 once decoded."""
    for pair in body.split(b"&"):
        for part in pair.split(b"=", 1):
            try:
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return False
    return True


class RefuseUnreadableFormsMiddleware:
    """A form whose bytes are not UTF-8 gets the "could not understand" page: Django would
    otherwise replace them with "�" and the form would store text nobody typed. A form over
    DATA_UPLOAD_MAX_MEMORY_SIZE gets it too, whether or not its view reads the form."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            # Reading the form checks its size (RequestDataTooBig is a 400 as well).
            request.POST  # noqa: B018
            form = request.content_type == "application/x-www-form-urlencoded"
            if form and not _readable(request.body):
                raise BadRequest("The form's data is not UTF-8.")
        return self.get_response(request)
