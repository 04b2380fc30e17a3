from django import forms

from .lookup import clean_query


class QueryField(forms.CharField):
    """Never refuses what people type: control characters go, long text is cut to 200."""

    def to_python(self, value: object) -> str:
        # None only for a field built with empty_value=None, which this one is not.
        return clean_query(super().to_python(value) or "")


class SearchForm(forms.Form):
    q = QueryField(required=False)
