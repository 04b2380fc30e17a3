"""Addresses a request may send the reader back to."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, url: str | None) -> str | None:
    """`url` if it leads to a page of this site (over HTTPS when the request came so),
    else None: a "next" or Referer value is written by the client and must never send the
    reader to another site."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None
