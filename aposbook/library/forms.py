from typing import Any, cast

from django import forms

from aposbook.accounts.limits import BeforeEdit, edit_hold_reason
from aposbook.accounts.moderated import hold
from aposbook.lib.visibility import UNSAFE_ADVICE, Moderated

from .models import Topic, TopicKind
from .safety import Match, check_text


class LibraryFilterForm(forms.Form):
    """The library's filters, with words in the address: `?topic=insomnia&type=video`."""

    TYPE_CHOICES = [("", "Articles and videos"), ("article", "Articles"), ("video", "Videos")]
    GROUPS = {TopicKind.CONDITION: "Conditions", TopicKind.SOLUTION: "Natural solutions"}

    topic = forms.ChoiceField(label="Topic", required=False)
    type = forms.ChoiceField(label="Show", choices=TYPE_CHOICES, required=False)

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, label_suffix="")
        # One query gives both the choices and what a chosen slug means.
        topics = list(
            Topic.objects.filter(kind__in=list(self.GROUPS)).only("kind", "title", "slug")
        )
        slugs = [topic.slug for topic in topics]
        self.topics = {self._value(topic, slugs): topic for topic in topics}
        groups: dict[str, list[tuple[str, str]]] = {label: [] for label in self.GROUPS.values()}
        for value, topic in sorted(self.topics.items(), key=lambda item: item[1].title.lower()):
            groups[self.GROUPS[TopicKind(topic.kind)]].append((value, topic.title))
        cast(forms.ChoiceField, self.fields["topic"]).choices = [
            ("", "All topics"),
            *((label, choices) for label, choices in groups.items() if choices),
        ]

    @staticmethod
    def _value(topic: Topic, slugs: list[str]) -> str:
        # A condition and a solution may share a slug; only then does the kind tell them
        # apart (a colon, which no slug contains).
        return topic.slug if slugs.count(topic.slug) == 1 else f"{topic.kind}:{topic.slug}"

    def clean_topic(self) -> Topic | None:
        value = self.cleaned_data["topic"]
        return self.topics[value] if value else None


UNSAFE_ADVICE_ERROR = (
    "Please read the note below about possibly unsafe advice: edit your text, or post it "
    "anyway for a moderator to check."
)


class UnsafeAdviceForm(forms.Form):
    """A form whose texts are checked for unsafe advice before they are published.

    When a text matches, the form is invalid once: the writer sees what matched and why
    (`unsafe_matches`, shown by `includes/safety_notice.html`) with their text kept, and may
    edit it or press "Post anyway", a second submit button that sends `post_anyway`. A form
    posted anyway is valid, and `posted_anyway` tells the view to hold the item."""

    checked_fields: tuple[str, ...] = ("body",)
    post_anyway = forms.BooleanField(required=False)

    def safety_topic_id(self) -> int | None:
        """The topic the text is about, so a dose without a solution's name can be read."""
        return None

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or self.cleaned_data
        wants_to_post = bool(cleaned.pop("post_anyway", False))
        self.unsafe_matches: dict[str, list[Match]] = {}
        for name in self.checked_fields:
            if found := check_text(cleaned.get(name) or "", topic_id=self.safety_topic_id()):
                self.unsafe_matches[name] = found
        if self.unsafe_matches and not wants_to_post:
            self.add_error(next(iter(self.unsafe_matches)), UNSAFE_ADVICE_ERROR)
        self.posted_anyway = bool(self.unsafe_matches) and wants_to_post
        return cleaned

    @property
    def unsafe_notice(self) -> list[Match]:
        """What to show the writer: every match, in field order."""
        return [match for found in getattr(self, "unsafe_matches", {}).values() for match in found]

    def hold_if_posted_anyway(self, item: Moderated) -> None:
        """Keep an item posted despite the notice from other readers until a moderator has
        read it, with the matched words marked for the queue. Call it in the transaction that
        saved the item, so no email about it leaves first."""
        if not self.posted_anyway:
            return
        found = check_text(item.moderated_text(), topic_id=self.safety_topic_id())
        hold(item, reason=UNSAFE_ADVICE, matches=[(match.start, match.end) for match in found])

    def hold_edit(self, item: Moderated, *, before: BeforeEdit) -> None:
        """After an edit, in its transaction: the unsafe-advice hold when posted anyway, and
        a new member's first link added by the edit waits for a moderator."""
        self.hold_if_posted_anyway(item)
        if not item.is_held and (reason := edit_hold_reason(before, item.moderated_text())):
            hold(item, reason=reason)
