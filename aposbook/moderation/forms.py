from datetime import UTC, date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from aposbook.accounts.moderated import reportable_kinds
from aposbook.lib import ratelimit

from .models import AuditAction, ExpertApplication, ReportReason, Suspension
from .reports import Decision


def end_of_day(day: date) -> datetime:
    """A suspension "until 2025-07-01" lasts to the end of that day, UTC."""
    return datetime.combine(day, time.max, tzinfo=UTC)


def suspension_end(day: date | None) -> datetime | None:
    """The moment a suspension ending on `day` lifts itself, or None for no end; a
    ValidationError with the reason if `Suspension.clean` refuses that end."""
    ends_at = end_of_day(day) if day is not None else None
    try:
        Suspension(ends_at=ends_at).clean()
    except ValidationError as error:
        raise ValidationError(error.messages) from None
    return ends_at


class AuditFilterForm(forms.Form):
    """The moderators' filters on the audit log; every field may stay empty."""

    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AuditAction.choices]
    )
    moderator = forms.CharField(label="By (email address or name)", required=False, max_length=254)
    member = forms.CharField(label="Member (email address or name)", required=False, max_length=254)
    item_kind = forms.ChoiceField(label="Kind of item", required=False)
    item_id = forms.IntegerField(
        label="Item id",
        required=False,
        min_value=1,
        error_messages={"invalid": "Enter the number of the item, such as 12."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Registered by the content apps when they start: read at each request.
        kinds = [(key, kind.label.capitalize()) for key, kind in reportable_kinds().items()]
        item_kind = self.fields["item_kind"]
        assert isinstance(item_kind, forms.ChoiceField)
        item_kind.choices = [("", "Any kind"), *kinds]


class MemberSearchForm(forms.Form):
    q = forms.CharField(
        label="Email address or name",
        max_length=254,
        error_messages={"required": "Type part of an email address or a name."},
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text="The member reads this: say which part of the code of conduct was broken, "
        "and how.",
        error_messages={"required": "Please give the reason; the member will read it."},
    )
    until = forms.DateField(
        label="End date (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The suspension lifts itself at the end of this day (UTC). "
        "Leave empty for a suspension without an end date.",
        error_messages={"invalid": "Enter a date such as 2030-01-31."},
    )

    def clean_until(self) -> datetime | None:
        return suspension_end(self.cleaned_data["until"])


class RefuseApplicationForm(forms.Form):
    reason = forms.CharField(
        label="Reason for refusing",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Please give the reason; the applicant will read it."},
    )


class ExpertApplicationForm(forms.ModelForm):
    registry_url = forms.URLField(
        label="Registry or licence link",
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="A public register or licence page where we can check your registration, "
        "such as https://www.hcpc-uk.org/check-the-register/.",
        error_messages={
            "required": "Please give a link where we can check your registration.",
            "invalid": "Enter a web address that starts with https:// or http://.",
        },
    )

    class Meta:
        model = ExpertApplication
        fields = ["profession", "credentials", "registry_url", "statement"]
        labels = {"statement": "Statement (optional)"}
        widgets = {"statement": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "profession": {"required": "Please tell us your profession."},
            "credentials": {"required": 'Please give your credentials, such as "MS, RD".'},
        }


REPORT_LIMIT = 20
REPORT_WINDOW = 60 * 60
REPORT_RATE_LIMITED = (
    "You have sent many reports in a short time. Thank you: moderators will look at them. "
    "Please wait an hour before reporting more."
)
OTHER_NEEDS_DETAILS = "Please say what is wrong: moderators read it."


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with it?",
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what is wrong with it."},
    )
    details = forms.CharField(
        label="Details (needed for “Something else”)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only moderators read this.",
    )

    def __init__(self, *args: Any, rate_key: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rate_key = rate_key

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned and cleaned["reason"] == ReportReason.OTHER and not cleaned["details"].strip():
            self.add_error("details", OTHER_NEEDS_DETAILS)
            return cleaned
        # Counted only when all else is right, so a slip costs nothing.
        if not ratelimit.hit(self.rate_key, limit=REPORT_LIMIT, window=REPORT_WINDOW):
            raise ValidationError(REPORT_RATE_LIMITED, code="rate_limited")
        return cleaned


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=Decision.CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose a decision."},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Hiding or warning: the author reads it. Always kept in the audit log.",
        error_messages={"required": "Please give the reason."},
    )

    def get_decision_display(self) -> str:
        """The chosen decision in a few words, for the message after it."""
        labels = {value: label.split(":")[0] for value, label in Decision.CHOICES}
        return labels[self.cleaned_data["decision"]].lower()
