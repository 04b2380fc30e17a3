"""Keyset (cursor) paging for the site's lists: a page starts just after (or, going back,
just before) the sort key of a row the reader has seen, so page 10,000 costs what page 1
costs: an index range scan, never an OFFSET, and no COUNT(*).

The cursor is that sort key, signed: opaque in the address, and an edited or stale one
shows the first page with a notice rather than an error. A cursor can also name the page
that ends at a given row, with the rows before it (`cursor_at`: a lasting address for one
post), and a list can open at its last page (`last=True`: where the reply form is).
"""

from dataclasses import dataclass, replace
from typing import Any

from django.core import signing
from django.db.models import Model, Q, QuerySet

NOTICE = "That page link no longer works, so here is the first page."
NEXT, PREVIOUS, ENDING = "n", "p", "e"


def _salt(name: str) -> str:
    # One salt per list: a cursor from the threads cannot page through the questions.
    return f"aposbook.paging:{name}"


def after(order: tuple[str, ...], values: list[Any], *, including: bool = False) -> Q:
    """Rows that sort after `values` in `order` ("-field" descending): (a, b) > (x, y)
    written out as a >= x AND (a > x OR (a = x AND b > y)). The OR alone is only a filter
    to PostgreSQL, which would read the index from its start and drop every row before the
    cursor (as costly as an OFFSET); the bound on the first field starts the scan there.
    `including` keeps the row at `values` itself."""
    rows = Q()
    for position, field in enumerate(order):
        name, lookup = field.lstrip("-"), "lt" if field.startswith("-") else "gt"
        if including and position == len(order) - 1:
            lookup += "e"
        step = Q(**{f"{name}__{lookup}": values[position]})
        for earlier, value in zip(order[:position], values[:position], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        rows |= step
    first, lookup = order[0].lstrip("-"), "lte" if order[0].startswith("-") else "gte"
    return Q(**{f"{first}__{lookup}": values[0]}) & rows


def sort_key(row: Model, order: tuple[str, ...]) -> list[Any]:
    """`row`'s values for `order`, as JSON can hold them."""
    values = [getattr(row, field.lstrip("-")) for field in order]
    return [value.isoformat() if hasattr(value, "isoformat") else value for value in values]


def _reversed(order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(field[1:] if field.startswith("-") else f"-{field}" for field in order)


@dataclass(frozen=True)
class KeysetPage:
    """One page of a list, with the cursors of its neighbours (None at either end)."""

    object_list: list[Any]
    next_cursor: str | None
    previous_cursor: str | None
    notice: str = ""

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _signer(name: str) -> signing.Signer:
    """Signed without a timestamp (cursors do not expire), so that the same page built twice
    has the same links: a page stored for visitors, and its ETag, do not change with the
    second it was built in (lib/stored_pages.py)."""
    return signing.Signer(salt=_salt(name))


def _read(cursor: str, name: str, order: tuple[str, ...]) -> tuple[str, list[Any]] | None:
    try:
        payload = _signer(name).unsign_object(cursor)
    except (signing.BadSignature, ValueError):
        return None
    if not (
        isinstance(payload, list) and len(payload) == 2 and payload[0] in (NEXT, PREVIOUS, ENDING)
    ):
        return None
    direction, values = payload
    if not isinstance(values, list) or len(values) != len(order):
        return None
    return direction, values


def cursor_at(row: Model, *, name: str, order: tuple[str, ...]) -> str:
    """A cursor to the page of list `name` that ends at `row`, with the rows before it."""
    return _signer(name).sign_object([ENDING, sort_key(row, order)])


def keyset_page(
    rows: QuerySet[Any],
    *,
    name: str,
    order: tuple[str, ...],
    cursor: str | None,
    size: int,
    last: bool = False,
) -> KeysetPage:
    """The page of `rows` sorted by `order` (which must end in a unique field, and match an
    index) that `cursor` points to; without one, or with a bad one, the first page (the
    last with `last`)."""
    read = _read(cursor, name, order) if cursor else None
    direction, values = read or (PREVIOUS if last else NEXT, None)
    forwards = direction == NEXT
    walk = order if forwards else _reversed(order)
    page_rows = rows.order_by(*walk)
    if values is not None:
        page_rows = page_rows.filter(after(walk, values, including=direction == ENDING))
    items = list(page_rows[: size + 1])  # one row more says whether there is a further page
    if values is not None and not items:
        # Everything past the cursor has gone since the link was made: start again.
        first = keyset_page(rows, name=name, order=order, cursor=None, size=size)
        return replace(first, notice=NOTICE)
    further = len(items) > size
    items = items[:size]
    if not forwards:
        items.reverse()
    came_from = values is not None  # a page reached through a cursor has a page behind it
    if direction == ENDING and values is not None:  # unless it ends the list: one probe
        came_from = rows.filter(after(order, values)).exists()
    has_next, has_previous = (further, came_from) if forwards else (came_from, further)

    def link(to: str, row: Model) -> str:
        return _signer(name).sign_object([to, sort_key(row, order)])

    return KeysetPage(
        items,
        next_cursor=link(NEXT, items[-1]) if items and has_next else None,
        previous_cursor=link(PREVIOUS, items[0]) if items and has_previous else None,
        notice=NOTICE if cursor and read is None else "",
    )
