from django import forms
from django.core.cache import cache

from .models import ContactMessage, ContactSubject

# Each address may send this many messages per window, counted in the cache.
RATE_LIMIT = 5
RATE_WINDOW = 60 * 60
RATE_LIMITED = "You have sent several messages in a short time. Please wait an hour and try again."


class ContactForm(forms.ModelForm):
    # A field people never see (hidden by CSS and from screen readers) but form-filling
    # bots do; a message with it filled in is dropped while the bot is told all went well.
    website = forms.CharField(
        label="Leave this field empty", required=False, max_length=200, strip=False
    )
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

    def __init__(self, *args: object, client_address: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.rate_key = f"contact-rate:{client_address}"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_name(self) -> str:
        # One line: the name goes into the subject and the "From:" line of support's email,
        # where a line break would let a sender write lines of their own ("Member: …").
        return " ".join(self.cleaned_data["name"].split())

    def clean(self) -> dict:
        cleaned = super().clean()
        # Counted and checked in one atomic step, so that messages sent at the same moment
        # cannot all slip under the limit; a message with mistakes in it does not count.
        if not self.errors and self._count_one() > RATE_LIMIT:
            raise forms.ValidationError(RATE_LIMITED, code="rate_limited")
        return cleaned

    def is_from_a_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def _count_one(self) -> int:
        """Count this message against the sender's address; how many in this window so far."""
        cache.add(self.rate_key, 0, timeout=RATE_WINDOW)
        try:
            return cache.incr(self.rate_key)
        except ValueError:
            # The counter expired between the two calls: this message starts a new window.
            cache.set(self.rate_key, 1, timeout=RATE_WINDOW)
            return 1


def initial_subject(value: str | None) -> str:
    """The subject a link such as /contact/?subject=appeal preselects."""
    return value if value in ContactSubject.values else ContactSubject.QUESTION
