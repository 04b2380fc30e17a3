from django import forms

from .models import Topic, TopicKind


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Topic) -> str:
        return f"{obj.title} ({obj.get_kind_display().lower()})"


class LibraryFilterForm(forms.Form):
    TYPE_CHOICES = [("", "Articles and videos"), ("article", "Articles"), ("video", "Videos")]

    topic = TopicChoiceField(
        queryset=Topic.objects.filter(kind__in=[TopicKind.CONDITION, TopicKind.SOLUTION]).order_by(
            "title"
        ),
        required=False,
        empty_label="All topics",
    )
    type = forms.ChoiceField(choices=TYPE_CHOICES, required=False)
