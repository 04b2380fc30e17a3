"""The kinds of member contributions a moderator may hold, hide or restore, and the one
function that changes their state.

Reviews, posts, questions, answers and edit proposals live in apps above accounts (and
beside moderation, which may not import them), so each app registers its kind from its
`AppConfig.ready()`: its model, how to name an item in the moderation queue, and how its
stored figures follow the item (a review leaves its solution's counts and average while it
is not shown). Moderation then works on any kind by its key and id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from aposbook.lib.pagecache import changed_object
from aposbook.lib.visibility import Moderated, Visibility

# Called with the item and +1 when it starts being shown, -1 when it stops.
Counter = Callable[[Any, int], None]


@dataclass(frozen=True)
class ReportableKind:
    """One kind of reportable item, as its app registered it."""

    key: str  # in addresses and stored reports: "review", "post"…
    label: str  # in sentences: "review", "discussion post"…
    model: type[Moderated]
    # Where the item sits, for the queue: "Magnesium for insomnia", "“Waking at three”".
    where: Callable[[Any], str]
    # Adds (+1) or removes (-1) the item from its app's stored figures.
    count: Counter | None = None
    # What `where` and the author's name need, fetched with the items.
    related: tuple[str, ...] = ()
    # The item's address, when `get_absolute_url` would cost a query per item.
    link: Callable[[Any], str] | None = None
    # The library topic the item is about, whose visibility it shares (an unpublished
    # article's discussions are not shown to the public); None for public kinds.
    topic: Callable[[Any], Any] | None = None
    # Called once a held item is let through: the emails its creation skipped (followers of
    # a thread, the asker of a question) go out then.
    released: Callable[[Any], None] | None = None
    # Called after every change of state: what copies the item elsewhere (the site search
    # index) follows it.
    changed: Callable[[Any], None] | None = None

    def url(self, item: Any) -> str:
        return self.link(item) if self.link is not None else item.get_absolute_url()


_kinds: dict[str, ReportableKind] = {}


def register_kind(kind: ReportableKind) -> None:
    """Add a kind of reportable item; registering the same key again replaces it."""
    _kinds[kind.key] = kind


def reportable_kinds() -> dict[str, ReportableKind]:
    return dict(_kinds)


def kind_of(item: Model) -> ReportableKind:
    for kind in _kinds.values():
        if isinstance(item, kind.model):
            return kind
    raise LookupError(f"{type(item).__name__} is not a registered reportable kind")


def get_item(key: str, pk: int) -> Moderated | None:
    """The item of kind `key` with id `pk`, or None (an unknown kind, a deleted item)."""
    kind = _kinds.get(key)
    if kind is None:
        return None
    return kind.model._default_manager.select_related(*kind.related).filter(pk=pk).first()


def get_items(key: str, pks: Iterable[int]) -> dict[int, Moderated]:
    """Items of one kind by id, in one query: for the moderation queue."""
    kind = _kinds.get(key)
    if kind is None:
        return {}
    rows = kind.model._default_manager.select_related(*kind.related).filter(pk__in=list(pks))
    return {row.pk: row for row in rows}


@transaction.atomic
def set_visibility(
    item: Moderated,
    visibility: Visibility | str,
    *,
    reason: str = "",
    matches: Sequence[tuple[int, int]] = (),
) -> Moderated:
    """Show, hold or hide `item`, with the reason (and the matched words of a hold), and
    move its app's stored figures when it starts or stops being shown.

    The row is locked first, so two moderators (or a moderator and the third report) never
    count the same change twice. `item` gets the new state too."""
    kind = kind_of(item)
    model = type(item)
    was = (
        model._default_manager.select_for_update()
        .filter(pk=item.pk)
        .values_list("visibility", flat=True)
        .get()
    )
    was_shown = was == Visibility.SHOWN
    changes = {
        "visibility": Visibility(visibility),
        "moderation_reason": reason,
        "moderation_matches": [[start, end] for start, end in matches],
        "moderated_at": timezone.now(),
    }
    # update(), not save(): a content model's save() re-renders its Markdown, and the
    # author's text is not what changes here.
    model._default_manager.filter(pk=item.pk).update(**changes)
    for field, value in changes.items():
        setattr(item, field, value)
    if kind.count is not None and was_shown != item.is_shown:
        kind.count(item, 1 if item.is_shown else -1)
    if kind.released is not None and was == Visibility.HELD and item.is_shown:
        kind.released(item)
    if kind.changed is not None:
        kind.changed(item)
    changed_object(item)  # Shown, held or hidden: its pages change (lib/pagecache.py).
    return item


def hold(item: Moderated, *, reason: str, matches: Sequence[tuple[int, int]] = ()) -> Moderated:
    """Keep `item` from other readers until a moderator decides: call it right after
    creating the item, in the same transaction. `matches` are [start, end) spans of
    `item.moderated_text()` that the queue highlights. An item a moderator already hid
    stays hidden."""
    if item.is_hidden:
        return item
    return set_visibility(item, Visibility.HELD, reason=reason, matches=matches)
