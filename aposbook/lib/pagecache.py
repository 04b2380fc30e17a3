"""What each page shows, and the writes that change it: the versions behind visitors'
stored pages (lib/stored_pages.py) and members' shared parts (lib/shared_parts.py).

A page or part names what it shows as *tags* ("library", "members", "topic:12"); each tag has
a version in the cache. What was built remembers the versions it was built from, and is used
only while they are all still current. A write says what it changed with `changed(...)` (or
a model's tags, through `shown_on_pages`), which gives those tags new versions: exactly what
shows them is rebuilt on its next use, whatever its timeout. Nothing is invalidated by time
alone, except what changes by itself at a known moment (`scheduled`).

Order matters for correctness: a page names a tag (reading its version) before it reads the
rows the tag stands for, and a write gives the tag a new version both at once and after its
transaction commits. A page built from rows read before the commit therefore always carries
a version that the commit has already replaced.
"""

import hashlib
import math
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache as memoise
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from aposbook.lib import cache as shared_cache

# What most pages show: conditions, solutions, articles, videos, references and the
# vocabulary. Changed by editors, rarely; every page that shows any of it names it.
LIBRARY = "library"
# Members' names, roles and account states, shown beside whatever they wrote.
MEMBERS = "members"
# Every stored page names this one: bumped when stored versions cannot be trusted (the shared
# cache came back after an outage during which writes could not say what they changed).
EVERYTHING = "everything"

VERSION_PREFIX = "page-version:"
# A version that every change moves, whatever it names: while it is what a stored page was
# built under, nothing at all has changed since, and a visitor's page is served after two
# cache reads (the page, this) instead of one per tag. When it has moved, the page's own
# tags are checked, and a page they all still match is stored again under the new one.
GENERATION = "*"
GENERATION_KEY = VERSION_PREFIX + GENERATION


def topic_tag(topic_id: int) -> str:
    """Everything members added about one topic: its reviews and their figures, discussions,
    questions and answers."""
    return f"topic:{topic_id}"


def item_tag(kind: str, pk: int) -> str:
    """One thread's or question's own page: named from the address, before the row is read."""
    return f"{kind}:{pk}"


# Which tags a change to one row of a model touches (see `shown_on_pages`).
TagsOf = Callable[[Any], Iterable[str]]


# ----------------------------------------------------------------------------- writes


def changed(*tags: str) -> None:
    """Say that what `tags` stand for has changed: the pages showing it are rebuilt.

    New versions now (so that this request and any test see the change at once) and again
    after the transaction commits (a page built meanwhile from the old rows carries a version
    the commit replaces)."""
    tags = tuple(dict.fromkeys(tags))
    if not tags:
        return
    _new_versions(tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _new_versions(tags))
    rescheduled = [tag for tag in tags if tag in _SCHEDULES]
    if rescheduled:  # The write may have scheduled something: when? Now, and once committed.
        _reschedule(rescheduled)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: _reschedule(rescheduled))


def changed_object(instance: Model) -> None:
    """A row changed by `update()`, which sends no signal: say what its pages show (nothing,
    for a model no page shows: tests/lib/test_pagecache.py keeps that list honest)."""
    tags_of = _TAGS.get(type(instance))
    if tags_of is not None:
        changed(*tags_of(instance))


def _new_versions(tags: Iterable[str]) -> None:
    versions = {VERSION_PREFIX + tag: uuid.uuid4().hex for tag in tags}
    versions[GENERATION_KEY] = uuid.uuid4().hex  # last: see GENERATION
    cache.set_many(versions, timeout=None)


# Writes made while the shared cache was out of reach could not say what they changed: when
# it answers again, no stored page is trusted.
shared_cache.after_outage.append(lambda: _new_versions([EVERYTHING]))


def shown_on_pages(
    model: type[Model],
    tags: TagsOf,
    *,
    through: Iterable[Any] = (),
    ignore: Iterable[str] = (),
    new_rows_show: bool = True,
) -> None:
    """Every save and delete of `model` (and every change to the many-to-many tables in
    `through`) says what it changed: `tags(row)`. Called from an app's `ready()` for each
    model whose rows pages show, so that no write path can forget it; only `update()` calls
    need `changed_object`. A save of only fields in `ignore` (a last log-in time) changes
    nothing shown; with `new_rows_show=False`, neither does a new row (an account shows
    nowhere until its member writes something, which says so itself)."""
    _TAGS[model] = tags
    _IGNORED[model] = frozenset(ignore)
    if not new_rows_show:
        _QUIET_WHEN_NEW.add(model)
    post_save.connect(_saved, sender=model, weak=False, dispatch_uid=f"pages-save-{model}")
    post_delete.connect(_deleted, sender=model, weak=False, dispatch_uid=f"pages-del-{model}")
    for table in through:
        _TAGS[table] = tags
        m2m_changed.connect(_linked, sender=table, weak=False, dispatch_uid=f"pages-m2m-{table}")


_TAGS: dict[Any, TagsOf] = {}
_IGNORED: dict[Any, frozenset[str]] = {}
_QUIET_WHEN_NEW: set[Any] = set()


def watched_models() -> frozenset[Any]:
    """The models (and many-to-many tables) whose changes say what they changed."""
    return frozenset(_TAGS)


def _saved(sender: type[Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # Fixtures being loaded: nothing is served from them yet.
        return
    fields = kwargs.get("update_fields")
    if fields and set(fields) <= _IGNORED[sender]:
        return
    if kwargs.get("created") and sender in _QUIET_WHEN_NEW:
        return
    changed(*_TAGS[sender](instance))


def _deleted(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    changed(*_TAGS[sender](instance))


def _linked(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        changed(*_TAGS[sender](instance))


# ------------------------------------------------------------------------------ reads


@dataclass
class Plan:
    """The tags a page being built names, with the versions read when it named them."""

    versions: dict[str, str] = field(default_factory=dict)

    def name(self, tags: Iterable[str]) -> None:
        wanted = [tag for tag in tags if tag not in self.versions]
        if wanted:
            self.versions |= current_versions(wanted)


def earliest(*moments: datetime | None) -> datetime | None:
    return min((moment for moment in moments if moment is not None), default=None)


# What a tag stands for may change with no write at all: an article scheduled for 9:00 is
# published by the clock. `scheduled(tag, when)` says when that happens next; a page or part
# naming the tag is kept until then at most.
_SCHEDULES: dict[str, Callable[[], datetime | None]] = {}


def scheduled(tag: str, when: Callable[[], datetime | None]) -> None:
    _SCHEDULES[tag] = when


def next_change(tags: Iterable[str]) -> datetime | None:
    """The next moment one of `tags` changes by itself. Worked out when a write names the
    tag (after it commits) and kept in the cache, so that building a page asks no query;
    worked out again once that moment has passed, or if the cache lost it."""
    now = timezone.now()
    scheduled_tags = [tag for tag in tags if tag in _SCHEDULES]
    if not scheduled_tags:
        return None
    known = cache.get_many([SCHEDULE_PREFIX + tag for tag in scheduled_tags])
    moments = []
    for tag in scheduled_tags:
        moment = known.get(SCHEDULE_PREFIX + tag)
        if moment is None or (moment != NEVER and moment <= now):
            moment = _reschedule([tag])[tag]
        if moment != NEVER:
            moments.append(moment)
    return earliest(*moments)


def _reschedule(tags: Iterable[str]) -> dict[str, Any]:
    moments = {tag: _SCHEDULES[tag]() or NEVER for tag in tags}
    cache.set_many({SCHEDULE_PREFIX + tag: m for tag, m in moments.items()}, timeout=None)
    return moments


SCHEDULE_PREFIX = "page-schedule:"
NEVER = "never"


def seconds_to_keep(until: datetime | None) -> int:
    """How long to keep a page or part: the timeout, or less when it changes by itself."""
    if until is None:
        return settings.PAGE_CACHE_SECONDS
    return max(
        0, min(settings.PAGE_CACHE_SECONDS, math.ceil((until - timezone.now()).total_seconds()))
    )


def current_versions(tags: list[str]) -> dict[str, str]:
    """The versions of `tags`, giving a first version to any tag that has none yet."""
    found = cache.get_many([VERSION_PREFIX + tag for tag in tags])
    versions = {}
    for tag in tags:
        version = found.get(VERSION_PREFIX + tag)
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(VERSION_PREFIX + tag, version, timeout=None):
                version = cache.get(VERSION_PREFIX + tag) or ""
        versions[tag] = version
    return versions


@memoise
def code_version() -> str:
    """Changes with every template and Python file, so that a new release never serves pages
    or parts its predecessor built."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for path in sorted([*root.glob("templates/**/*.html"), *root.glob("aposbook/**/*.py")]):
        digest.update(path.read_bytes())
    digest.update(getattr(settings, "RELEASE", "").encode())
    # Pages are stored under the hosts Django accepted; a host no longer accepted gets none.
    digest.update(repr(settings.ALLOWED_HOSTS).encode())
    return digest.hexdigest()[:16]
