"""A database that drops or refuses connections, as PostgreSQL does for a second while it
restarts: a read that meets a dropped connection is run again once on a fresh one, and what
still fails is answered "503, come back in a few seconds" (`pages.views.server_error`), not
as a bug.

Only safe methods (GET, HEAD) are run again: a form sent twice could be stored twice."""

import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin

logger = logging.getLogger(__name__)

# What the 503 page tells browsers and crawlers: a restart is over within seconds.
RETRY_AFTER_SECONDS = 10
SAFE_METHODS = {"GET", "HEAD"}


def is_database_outage(error: BaseException | None) -> bool:
    """A lost or refused connection (not a bug in a query, which is a ProgrammingError)."""
    return isinstance(error, OperationalError | InterfaceError)


def handling_database_outage() -> bool:
    """Whether the exception being handled now is a lost or refused connection."""
    return is_database_outage(sys.exc_info()[1])


def drop_broken_connections() -> None:
    """Close every open connection, so that the next query opens a fresh one. A connection
    inside a transaction is left alone: closing it would only mark the transaction broken."""
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close()


class RetryReadsMiddleware(MiddlewareMixin):
    """Runs a GET or HEAD view again, once, on a fresh connection when it met a dropped one."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_outage(exception) or request.method not in SAFE_METHODS:
            return None
        if getattr(request, "_retried_after_outage", False) or request.resolver_match is None:
            return None
        request._retried_after_outage = True  # type: ignore[attr-defined]
        logger.warning("Database connection lost on %s; trying once more", request.path)
        drop_broken_connections()
        view, args, kwargs = request.resolver_match
        response = view(request, *args, **kwargs)
        # A TemplateResponse would be rendered after the view; Django does not render one
        # returned from here.
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        return response
