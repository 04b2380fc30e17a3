"""What members' writing shares: a Markdown body stored rendered (posts, questions, answers),
and for posts and answers the author's 24-hour window to fix it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from aposbook.lib.markdown import render_member_markdown
from aposbook.lib.visibility import Moderated

# Authors may fix what they wrote for this long; after that, what others replied to stays
# as it was.
EDIT_WINDOW = timedelta(hours=24)


class MarkdownBody(models.Model):
    """A model whose `body` is Markdown, rendered and sanitised into `body_html` on every
    save, so that pages never render Markdown."""

    body = models.TextField(help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_html = render_member_markdown(self.body)
        super().save(*args, **kwargs)


class EditableWriting(MarkdownBody, Moderated):
    """A member's text (a post, an answer) that its author may change for `EDIT_WINDOW`
    after posting, marked as edited. A deleted author's text stays, without them. A
    moderator may hold or hide it (`Moderated`)."""

    NOT_YOURS: ClassVar[str]
    TOO_LATE: ClassVar[str]

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def is_editable(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) - self.created_at < EDIT_WINDOW

    def edit_refusal(self, user: Any) -> str | None:
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
