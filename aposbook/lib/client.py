"""Who is asking: the client's address, for rate limits on anonymous actions."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

# One IPv6 customer usually holds a whole /64: counted as one client, not 2**64 of them.
IPV6_CLIENT_PREFIX = 64


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


def hashed_client_ip(request: HttpRequest) -> str:
    """A keyed hash of the client's address, to count by in the cache without keeping the
    address itself anywhere (the privacy page promises it)."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        pass
    else:
        if ip.version == 6:
            address = str(ipaddress.ip_network(f"{ip}/{IPV6_CLIENT_PREFIX}", strict=False))
    digest = salted_hmac("aposbook.ratelimit", address, algorithm="sha256")
    return digest.hexdigest()[:32]
