"""Who is asking: the client's address, for rate limits on anonymous actions."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's IP address.

    Behind N trusted proxies (TRUSTED_PROXY_COUNT), the client is the Nth address from the
    right of X-Forwarded-For: anything further left was written by the client and can lie.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
