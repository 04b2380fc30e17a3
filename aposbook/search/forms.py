from django import forms

from aposbook.library.models import Topic, TopicKind

from .lookup import clean_query
from .models import Kind


class QueryField(forms.CharField):
    """Never refuses what people type: control characters go, long text is cut to 200."""

    def to_python(self, value: object) -> str:
        # None only for a field built with empty_value=None, which this one is not.
        return clean_query(super().to_python(value) or "")


class SearchForm(forms.Form):
    q = QueryField(required=False)


class FilterForm(SearchForm):
    """What the results page narrows the full-text results by."""

    kind = forms.ChoiceField(
        label="Show", choices=[("", "Everything"), *Kind.choices], required=False
    )
    topic = forms.ModelChoiceField(
        label="About",
        queryset=Topic.objects.filter(kind__in=[TopicKind.CONDITION, TopicKind.SOLUTION]).order_by(
            "title"
        ),
        required=False,
        empty_label="Any condition or solution",
        error_messages={"invalid_choice": "That topic is not one we have; showing every topic."},
    )

    def filters(self) -> tuple[str, str | None, int | None]:
        """The query, kind and topic id, leaving out what is not valid (the form says why)."""
        self.is_valid()
        data = self.cleaned_data
        topic = data.get("topic")
        return data.get("q", ""), data.get("kind") or None, topic.pk if topic else None
