"""Keeping the search documents in step with the content readers may see.

Each content app registers a `Source` from its `AppConfig.ready()` (search sits below the
community apps, so it never imports them): which of its objects readers may see, and the
document each one becomes. Saving or deleting a registered object, or the parent its
document borrows a title from, re-indexes it. The index is a copy kept for speed, not
business logic, which is why it follows saves through signals rather than through every
service: the admin, the demo loader and future moderation changes all keep it right.
Code that changes what readers may see without saving the object calls `reindex` or
`unindex`; `manage.py rebuild_search_index` rebuilds everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags

from .models import Kind, SearchDocument

# Markers that stand for <mark> and </mark> in snippets until they are escaped; the indexed
# text never holds them (private-use characters, removed by `plain_text`).
MARK_START = "\ue000"
MARK_END = "\ue001"
BATCH = 1000


@dataclass(frozen=True)
class Document:
    title: str  # plain text
    text: str  # HTML, as rendered for the page
    url: str
    updated: datetime
    topic_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Source:
    kind: Kind
    model: type[models.Model]
    # All the objects readers may see, with what `document` reads already joined.
    visible: Callable[[], models.QuerySet[Any]]
    document: Callable[[Any], Document]
    # Models whose saves change this source's documents, each with the objects to re-index.
    parents: dict[type[models.Model], Callable[[Any], Iterable[Any]]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_sources: dict[type[models.Model], Source] = {}


def register(source: Source) -> None:
    """Index `source`'s objects from now on; registering a model again replaces its source."""
    _sources[source.model] = source
    uid = f"search:{source.label}"
    post_save.connect(_saved, sender=source.model, dispatch_uid=uid)
    post_delete.connect(_deleted, sender=source.model, dispatch_uid=uid)
    for parent, children in source.parents.items():

        def parent_saved(instance: Any, children: Callable = children, **kwargs: Any) -> None:
            for child in children(instance):
                reindex(child)

        post_save.connect(parent_saved, sender=parent, weak=False, dispatch_uid=f"{uid}:{parent}")


def sources() -> list[Source]:
    return list(_sources.values())


def plain_text(text: str) -> str:
    """The text without our snippet markers or runs of spaces."""
    return " ".join(text.replace(MARK_START, " ").replace(MARK_END, " ").split())


def html_text(html: str) -> str:
    """The words of rendered HTML, as text (the page escapes it again when it shows it)."""
    return plain_text(unescape(strip_tags(html)))


def _saved(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    if not raw:  # fixtures load rows half-linked; `rebuild_search_index` indexes them after
        reindex(instance)


def _deleted(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    unindex(instance)


def reindex(instance: models.Model) -> None:
    """Index `instance` as it is now, or remove it if readers may no longer see it."""
    source = _sources[type(instance)]
    found = source.visible().filter(pk=instance.pk).first()
    if found is None:
        unindex(instance)
        return
    document = source.document(found)
    with transaction.atomic():
        fields = _fields(source, document)
        row, _ = SearchDocument.objects.update_or_create(
            source=source.label, object_id=instance.pk, defaults=fields
        )
        row.topics.set(document.topic_ids)


def _fields(source: Source, document: Document) -> dict[str, Any]:
    return {
        "kind": source.kind,
        "title": plain_text(document.title)[:300],
        "text": html_text(document.text),
        "url": document.url[:500],
        "updated": document.updated,
    }


def unindex(instance: models.Model) -> None:
    """Remove `instance` from the results (held or hidden by a moderator, deleted)."""
    label = type(instance)._meta.label_lower
    SearchDocument.objects.filter(source=label, object_id=instance.pk).delete()


@transaction.atomic
def rebuild() -> int:
    """Index every registered source from scratch, in batches; returns how many documents."""
    SearchDocument.objects.all().delete()
    count = 0
    for source in sources():
        batch: list[tuple[SearchDocument, tuple[int, ...]]] = []
        for found in source.visible().iterator(chunk_size=BATCH):
            document = source.document(found)
            row = SearchDocument(
                source=source.label, object_id=found.pk, **_fields(source, document)
            )
            batch.append((row, document.topic_ids))
            if len(batch) >= BATCH:
                count += _insert(batch)
                batch = []
        count += _insert(batch)
    return count


def _insert(batch: list[tuple[SearchDocument, tuple[int, ...]]]) -> int:
    rows = SearchDocument.objects.bulk_create([row for row, _ in batch])
    through = SearchDocument.topics.through
    through.objects.bulk_create(
        through(searchdocument_id=row.pk, topic_id=topic_id)
        for row, (_, topic_ids) in zip(rows, batch, strict=True)
        for topic_id in topic_ids
    )
    return len(rows)
