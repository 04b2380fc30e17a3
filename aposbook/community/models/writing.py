"""What posts, questions and answers share: a Markdown body stored rendered, and for posts
and answers the author's 24-hour window to fix it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

from django.db import models
from django.utils import timezone

from aposbook.lib.markdown import render_markdown

__all__: list[str] = []

# Authors may fix what they wrote for this long; after that, what others replied to stays
# as it was.
EDIT_WINDOW = timedelta(hours=24)


class MarkdownBody:
    """A model whose `body` is Markdown, rendered and sanitised into `body_html` on every
    save, so that pages never render Markdown."""

    body: str
    body_html: str

    def save(self, *args: object, **kwargs: object) -> None:
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)


class EditableBody(MarkdownBody):
    """A body its author may change for `EDIT_WINDOW` after posting, marked as edited."""

    NOT_YOURS: ClassVar[str]
    TOO_LATE: ClassVar[str]

    author_id: int | None
    created_at: datetime
    edited_at: datetime | None

    def is_editable(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) - self.created_at < EDIT_WINDOW

    def edit_refusal(self, user: models.Model) -> str | None:
        """Why `user` may not edit this now, or None if they may."""
        if self.author_id is None or self.author_id != user.pk:
            return self.NOT_YOURS
        if not self.is_editable():
            return self.TOO_LATE
        return None

    def edit(self, *, body: str) -> None:
        """Replace the text, marked as edited now."""
        self.body, self.edited_at = body, timezone.now()
        self.save(update_fields=["body", "body_html", "edited_at"])
