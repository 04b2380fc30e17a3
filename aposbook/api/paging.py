"""Cursor paging: a page starts after the sort key of the previous page's last row, so page
500 costs what page 1 costs (an index range scan, never an OFFSET).

The cursor is that sort key, signed: opaque to clients, and a made-up or edited one is
refused rather than trusted.
"""

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import QuerySet

from aposbook.lib.paging import after as _after
from aposbook.lib.paging import sort_key as _key

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class BadCursor(ValueError):
    """A cursor this list did not hand out."""


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next_cursor: str | None


def _salt(name: str) -> str:
    # One salt per list: a cursor from the articles cannot page through the videos.
    return f"aposbook.api.cursor:{name}"


def paginate(
    rows: QuerySet[Any], *, name: str, order: tuple[str, ...], cursor: str | None, limit: int
) -> Page:
    """One page of `rows` sorted by `order` (which ends in a unique field), after `cursor`."""
    rows = rows.order_by(*order)
    if cursor:
        try:
            values = signing.loads(cursor, salt=_salt(name))
        except signing.BadSignature as error:
            raise BadCursor("This cursor is not one this list gave out.") from error
        if not isinstance(values, list) or len(values) != len(order):
            raise BadCursor("This cursor is not one this list gave out.")
        rows = rows.filter(_after(order, values))
    items = list(rows[: limit + 1])
    if len(items) <= limit:
        return Page(items, None)
    items = items[:limit]
    return Page(items, signing.dumps(_key(items[-1], order), salt=_salt(name)))
