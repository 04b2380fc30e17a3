"""One rate limit for every form that anyone may send: counted and checked in one atomic
cache operation, keyed the same way everywhere.

Members are counted by account; visitors by a keyed hash of their address, so that no IP
address is kept anywhere, not even in the cache. The address is the client's, not a
proxy's (`client_ip`): behind a load balancer every visitor would otherwise share one limit.
"""

from django.core.cache import cache
from django.http import HttpRequest

from aposbook.lib.client import hashed_client_ip


def sender_key(request: HttpRequest, scope: str) -> str:
    """Who a limit named `scope` ("contact", "feedback"…) counts for this request."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"rate:{scope}:user:{user.pk}"
    return f"rate:{scope}:ip:{hashed_client_ip(request)}"


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one action against `key`; True while it is within `limit` per `window` seconds.

    `incr` both counts and reads in one step, so requests that arrive together cannot all
    slip under the limit (a check, then a count, would let them)."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        # The counter expired between the two calls: this action starts a new window.
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
