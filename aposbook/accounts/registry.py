"""What other apps add to an account's life: their part of the member's data export, of the
purge of a deleted account, and of the public profile.

Accounts sits below the apps that store a member's contributions, so it never imports them:
each app registers its parts from its `AppConfig.ready()`, and reading one app's `apps.py`
shows everything it adds to an account.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

# Each returns sections keyed by name: {"reviews": [{…}, …]}.
Sections = dict[str, list[Any]]
Exporter = Callable[["User"], Sections]
PurgeStep = Callable[["User"], None]
# The member's sections as `reader` may see them: only what the reader may open.
ProfileSection = Callable[["User", "User | AnonymousUser"], Sections]


@dataclass(frozen=True)
class Writing:
    """One thing a member posted (a review, a post, a question, an answer), as the limits
    for new members (`aposbook.accounts.limits`) see it."""

    created_at: datetime
    texts: tuple[str, ...]
    # False while it waits for a moderator or after one removed it.
    shown: bool = True


# The member's writing since a time (None: all of it), newest first, at most `limit` items.
WritingSource = Callable[["User", datetime | None, int], list[Writing]]
# Whether the member has writing that others kept: up since before the time, or answered
# or voted on by someone else.
KeptCheck = Callable[["User", datetime], bool]

_exporters: list[Exporter] = []
_purge_steps: list[PurgeStep] = []
_profile_sections: list[ProfileSection] = []
_writing_sources: list[WritingSource] = []
_kept_checks: list[KeptCheck] = []


def register(
    *,
    export: Exporter | None = None,
    purge: PurgeStep | None = None,
    profile: ProfileSection | None = None,
    writing: WritingSource | None = None,
    kept: KeptCheck | None = None,
) -> None:
    """Add an app's parts; registering the same function twice adds it once."""
    if export is not None and export not in _exporters:
        _exporters.append(export)
    if purge is not None and purge not in _purge_steps:
        _purge_steps.append(purge)
    if profile is not None and profile not in _profile_sections:
        _profile_sections.append(profile)
    if writing is not None and writing not in _writing_sources:
        _writing_sources.append(writing)
    if kept is not None and kept not in _kept_checks:
        _kept_checks.append(kept)


def exported_sections(user: "User") -> Sections:
    """Every app's part of the data export: what the member wrote, sent and follows."""
    sections: Sections = {}
    for exporter in _exporters:
        sections |= exporter(user)
    return sections


def run_purge_steps(user: "User") -> None:
    """Every app drops what it keeps about a purged account (its public writing stays)."""
    for step in _purge_steps:
        step(user)


def profile_sections(user: "User", reader: "User | AnonymousUser") -> Sections:
    """The member's latest contributions, one section per app, for their public profile as
    `reader` sees it: nothing that leads to a page the reader would be refused."""
    sections: Sections = {}
    for section in _profile_sections:
        sections |= section(user, reader)
    return sections


def member_writing(user: "User", *, since: datetime | None, limit: int = 100) -> list[Writing]:
    """What the member posted since `since` (None: ever) in every app, newest first."""
    found = [item for source in _writing_sources for item in source(user, since, limit)]
    return sorted(found, key=lambda item: item.created_at, reverse=True)[:limit]


def has_kept_writing(user: "User", *, up_since: datetime) -> bool:
    """Whether anything the member posted was kept by others (see `KeptCheck`)."""
    return any(check(user, up_since) for check in _kept_checks)
