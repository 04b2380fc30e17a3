from typing import Any, cast

from django import forms

from .models import Topic, TopicKind


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
