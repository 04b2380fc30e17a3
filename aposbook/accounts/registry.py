"""What other apps add to an account's life: their part of the member's data export, of the
purge of a deleted account, and of the public profile.

Accounts sits below the apps that store a member's contributions, so it never imports them:
each app registers its parts from its `AppConfig.ready()`, and reading one app's `apps.py`
shows everything it adds to an account.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import User

# Each returns sections keyed by name: {"reviews": [{…}, …]}.
Sections = dict[str, list[Any]]
Exporter = Callable[["User"], Sections]
PurgeStep = Callable[["User"], None]
ProfileSection = Callable[["User"], Sections]

_exporters: list[Exporter] = []
_purge_steps: list[PurgeStep] = []
_profile_sections: list[ProfileSection] = []


def register(
    *,
    export: Exporter | None = None,
    purge: PurgeStep | None = None,
    profile: ProfileSection | None = None,
) -> None:
    """Add an app's parts; registering the same function twice adds it once."""
    if export is not None and export not in _exporters:
        _exporters.append(export)
    if purge is not None and purge not in _purge_steps:
        _purge_steps.append(purge)
    if profile is not None and profile not in _profile_sections:
        _profile_sections.append(profile)


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


def profile_sections(user: "User") -> Sections:
    """The member's latest contributions, one section per app, for their public profile."""
    sections: Sections = {}
    for section in _profile_sections:
        sections |= section(user)
    return sections
