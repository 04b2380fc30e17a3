from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.account.utils import has_verified_email
from allauth.core import ratelimit
from django import forms
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from aposbook.lib.ratelimit import hit, sender_key
from aposbook.lib.text_checks import name_skeleton, normalise_name

from . import services
from .gate import UNVERIFIED_PROMPT
from .models import DELETED_MEMBER, User

DISPLAY_NAME_HELP = "The name other members see next to what you write."
NAME_TAKEN_BY_SITE = "Please choose another name."
NAME_MISSING = "Please write the name other members will see."
NAME_LIKE_AN_EXPERT = (
    "This name looks like the name of one of our health experts or moderators. Please choose "
    "another name, so that readers know who is speaking."
)
WRONG_PASSWORD = "This password is not correct."
TOO_MANY_ATTEMPTS = "Too many attempts. Please wait a minute and try again."
LOCKED_OUT = (
    "Too many wrong passwords for this account. You can still log in with a code we email "
    "you, or reset your password."
)
SAME_EMAIL = "This is already your email address."
TOO_MANY_EMAIL_CHANGES = "You have asked for many links today. Please try again tomorrow."
NEW_PASSWORD_HELP = (
    "At least 8 characters, not only numbers, not a common password, and not close to your "
    "email address or name."
)
# A member may ask for this many email-change links a day (each address also waits between
# two links, like every verification link).
EMAIL_CHANGES_PER_DAY = 5


def wait_message(seconds: int) -> str:
    unit = "second" if seconds == 1 else "seconds"
    return f"You can ask for a new link again in {seconds} {unit}."


def clean_display_name(value: str, *, member: User | None = None) -> str:
    """The name as stored (`normalise_name`), unless it passes for the site's own words or
    for the name of someone readers trust (`member` may keep looking like themself)."""
    name = normalise_name(value)
    if value.strip() and not name:  # only invisible characters
        raise ValidationError(NAME_MISSING, code="required")
    if name_skeleton(name) == name_skeleton(DELETED_MEMBER):
        raise ValidationError(NAME_TAKEN_BY_SITE)
    if services.passes_for_a_vouched_member(name, besides=member):
        raise ValidationError(NAME_LIKE_AN_EXPERT, code="impersonation")
    return name


class SignupForm(allauth_forms.SignupForm):
    display_name = forms.CharField(
        label="Display name",
        max_length=User._meta.get_field("display_name").max_length,
        help_text=DISPLAY_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    field_order = ["email", "display_name", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])

    def try_save(self, request: HttpRequest) -> tuple[User | None, HttpResponse | None]:
        # Both answers, new account or existing address, show the same "link sent" page.
        email = self.cleaned_data["email"]
        services.remember_verification_address(request, email)
        services.start_verification_wait(email)
        if self.account_already_exists:
            # A new account costs one password hash; without one here, a registered address
            # would answer faster, and the timing would tell who has an account.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class LoginForm(allauth_forms.LoginForm):
    """allauth's log-in, which also refuses unconfirmed addresses on the spot and offers a
    deleted account's owner to restore it."""

    unverified_email: str | None = None
    locked_out = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me logged in"

    def clean(self) -> dict[str, Any]:
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            # The password log-in is locked against guessing, not the owner: the page shows
            # the ways in that still work.
            self.locked_out = True
            raise ValidationError(LOCKED_OUT, code="locked_out") from error
        user = self.user
        if self.errors or user is None:
            return cleaned
        email = self.cleaned_data["login"]
        if user.is_deleted:
            if not user.can_be_restored():
                # Past the window, the account is gone: say what a wrong password says.
                raise get_adapter(self.request).validation_error("email_password_mismatch")
        elif user.is_active and not has_verified_email(user, email):
            self.unverified_email = email
            raise ValidationError(UNVERIFIED_PROMPT, code="unverified")
        return cleaned

    def login(self, request: HttpRequest, redirect_url: str | None = None) -> HttpResponse:
        if self.user.is_deleted:
            services.offer_restore(request, user=self.user, next_url=redirect_url)
            return redirect("accounts:restore")
        return super().login(request, redirect_url=redirect_url)


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """allauth's "email me a log-in code", labelled like our other forms."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].widget.attrs.pop("placeholder", None)


class ConfirmLoginCodeForm(allauth_forms.ConfirmLoginCodeForm):
    """The code from that email, labelled like our other forms."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code from the email"
        self.fields["code"].widget.attrs.pop("placeholder", None)


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if not services.start_verification_wait(email):
            raise ValidationError(wait_message(max(1, services.verification_wait(email))))
        return email


class DisplayNameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]
        help_texts = {"display_name": DISPLAY_NAME_HELP}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"], member=self.instance)


def verify_own_password(request: HttpRequest, user: User, password: str) -> str:
    """The member's own password, asked again before a change that matters; attempts are
    counted with allauth's, so guessing is slowed down the same way everywhere."""
    if not ratelimit.consume(request, action="reauthenticate", user=user):
        raise ValidationError(TOO_MANY_ATTEMPTS)
    if not user.check_password(password):
        raise ValidationError(WRONG_PASSWORD)
    return password


class PasswordCheckedForm(forms.Form):
    """A change that matters (the login address, deleting the account) asks for the
    member's own password again."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self) -> str:
        return verify_own_password(self.request, self.user, self.cleaned_data["password"])


class ChangeEmailForm(PasswordCheckedForm):
    email = forms.EmailField(
        label="New email address",
        max_length=User._meta.get_field("email").max_length,
        help_text="We send a link to this address; your address changes when you click it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["email", "password"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email == self.user.email.lower():
            raise ValidationError(SAME_EMAIL)
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = cleaned.get("email")
        if self.errors or not email:
            return cleaned
        # Counted only once the password is right: a wrong guess must not use up the day.
        if not hit(
            sender_key(self.request, "email-change"), limit=EMAIL_CHANGES_PER_DAY, window=86400
        ):
            self.add_error("email", TOO_MANY_EMAIL_CHANGES)
        elif not services.start_verification_wait(email):
            self.add_error("email", wait_message(max(1, services.verification_wait(email))))
        return cleaned


class EmailPreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["reply_emails"]


def _in_our_voice(form: forms.Form, labels: dict[str, str]) -> None:
    """allauth's password fields with our labels, without its placeholders (every field has
    a visible label) and with the password rules as one sentence (allauth's is an HTML list,
    which may not sit in the paragraph our field template puts help in)."""
    for name, label in labels.items():
        field = form.fields[name]
        field.label = label
        field.help_text = NEW_PASSWORD_HELP if name == "password1" else ""
        field.widget.attrs.pop("placeholder", None)


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _in_our_voice(
            self,
            {
                "oldpassword": "Current password",
                "password1": "New password",
                "password2": "New password (again)",
            },
        )


class SetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _in_our_voice(self, {"password1": "Password", "password2": "Password (again)"})


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _in_our_voice(self, {"password1": "New password", "password2": "New password (again)"})


class DeleteAccountForm(PasswordCheckedForm):
    """Deleting the account: the password, asked again."""
