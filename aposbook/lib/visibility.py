"""Whether a member's contribution is shown: the state every reportable item shares.

An item is shown, held (waiting for a moderator: a new member's first link, possible unsafe
advice, three reports…) or hidden (removed by a moderator). The author always sees their
own item with its state and the reason; other readers see a hidden item as "removed by a
moderator" and do not see a held one at all. Stored figures (review counts, reply counts)
count shown items only: see `aposbook.accounts.moderated`, which changes the state.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

REMOVED = "Removed by a moderator."
# The hold reason of the unsafe-advice check: the moderation queue puts these items first.
UNSAFE_ADVICE = "Possible unsafe advice"


class Visibility(models.TextChoices):
    SHOWN = "shown", "Shown"
    HELD = "held", "Waiting for a moderator"
    HIDDEN = "hidden", "Hidden by a moderator"


class Moderated(models.Model):
    """A member's contribution a moderator may hold or hide.

    `moderation_matches` are [start, end) character spans of `moderated_text()` that
    explain the hold (the words an automatic check matched); the queue highlights them."""

    # The field naming the item's author, for `listed_for` and the author's notices.
    AUTHOR_FIELD = "author"
    # The field holding the member's words; kinds whose words span several fields (a
    # review, a question's title and body, a profile) override `moderated_text` instead.
    TEXT_FIELD = "body"

    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.SHOWN
    )
    moderation_reason = models.TextField(
        blank=True, help_text="Why it is held or hidden; a hidden item's author reads it."
    )
    moderation_matches = models.JSONField(default=list, blank=True, editable=False)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def moderated_text(self) -> str:
        """The member's words, as the queue shows them; match spans index into this."""
        return str(getattr(self, self.TEXT_FIELD))

    def moderated_author(self) -> Any:
        """The member who wrote it (None once their account is gone)."""
        return getattr(self, self.AUTHOR_FIELD)

    @property
    def moderated_author_id(self) -> int | None:
        value: int | None = getattr(self, f"{self.AUTHOR_FIELD}_id")
        return value

    @property
    def is_shown(self) -> bool:
        return self.visibility == Visibility.SHOWN

    @property
    def is_held(self) -> bool:
        return self.visibility == Visibility.HELD

    @property
    def is_hidden(self) -> bool:
        return self.visibility == Visibility.HIDDEN

    def is_removed_for(self, user: Any) -> bool:
        """Whether `user` sees "removed by a moderator" instead of the item: everyone but
        its author, once a moderator hid it."""
        return self.is_hidden and not self.is_by(user)

    def is_by(self, user: Any) -> bool:
        author_id = self.moderated_author_id
        return author_id is not None and author_id == getattr(user, "pk", None)


def listed_for(user: Any, *, author: str = "author") -> Q:
    """The items a list shows `user`: all but held ones, plus the user's own held ones."""
    others = ~Q(visibility=Visibility.HELD)
    if getattr(user, "is_authenticated", False):
        return others | Q(**{author: user.pk})
    return others


def shown() -> Q:
    """Items everyone sees as they are: for lists of other people's work and for counts."""
    return Q(visibility=Visibility.SHOWN)


def highlighted(text: str, matches: object) -> SafeString:
    """`text` with the spans of `matches` in <mark>, everything escaped: the matched words
    in the moderation queue."""
    parts, done = [], 0
    for start, end in spans(matches):
        if start < done or start >= len(text):
            continue  # Overlapping, or beyond a text edited since.
        parts += [escape(text[done:start]), format_html("<mark>{}</mark>", text[start:end])]
        done = min(end, len(text))
    parts.append(escape(text[done:]))
    return mark_safe("".join(parts))  # Every part is escaped above.


def spans(value: object) -> list[tuple[int, int]]:
    """Stored match spans, tolerating anything malformed (the field is JSON)."""
    result = []
    if isinstance(value, list):
        for pair in value:
            if (
                isinstance(pair, (list, tuple))
                and len(pair) == 2
                and all(isinstance(number, int) for number in pair)
                and 0 <= pair[0] < pair[1]
            ):
                result.append((pair[0], pair[1]))
    return sorted(result)


def require_listed(user: Any, item: Moderated) -> None:
    """404 for an item waiting for a moderator, except to its author and to moderators (who
    open it from the queue): to everyone else it does not exist yet."""
    if item.is_held and not item.is_by(user):
        can_moderate = getattr(user, "can_moderate", None)
        if not (callable(can_moderate) and can_moderate()):
            raise Http404("Waiting for a moderator.")
