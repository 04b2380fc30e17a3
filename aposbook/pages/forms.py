from typing import Any

from django import forms

from aposbook.lib import ratelimit
from aposbook.lib.forms import HoneypotForm

from .models import ContactMessage, ContactSubject

# Each sender may send this many messages per window (`ratelimit`).
RATE_LIMIT = 5
RATE_WINDOW = 60 * 60
RATE_LIMITED = "You have sent several messages in a short time. Please wait an hour and try again."


class ContactForm(HoneypotForm, forms.ModelForm):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=10,
        max_length=5000,
        error_messages={
            "required": "Please write your message.",
            "min_length": "Please write at least %(limit_value)d characters "
            "(you wrote %(show_value)d).",
            "max_length": "Please keep your message under %(limit_value)d characters "
            "(it has %(show_value)d).",
        },
    )

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "subject", "message"]
        labels = {"name": "Your name", "email": "Your email address", "subject": "Subject"}
        help_texts = {"email": "We answer to this address."}
        error_messages = {
            "name": {"required": "Please tell us your name."},
            "email": {
                "required": "Please give your email address so that we can answer.",
                "invalid": "Please enter a valid email address, such as name@example.com.",
            },
            "subject": {"invalid_choice": "Please choose one of the subjects."},
        }

    def __init__(self, *args: Any, rate_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rate_key = rate_key
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_name(self) -> str:
        # One line: the name goes into the subject and the "From:" line of support's email,
        # where a line break would let a sender write lines of their own ("Member: …").
        return " ".join(self.cleaned_data["name"].split())

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        # Counted and checked in one atomic step, so that messages sent at the same moment
        # cannot all slip under the limit; a message with mistakes in it does not count.
        if not self.errors and not ratelimit.hit(
            self.rate_key, limit=RATE_LIMIT, window=RATE_WINDOW
        ):
            raise forms.ValidationError(RATE_LIMITED, code="rate_limited")
        return cleaned


def initial_subject(value: str | None) -> str:
    """The subject a link such as /contact/?subject=appeal preselects."""
    return value if value in ContactSubject.values else ContactSubject.QUESTION
