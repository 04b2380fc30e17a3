import getpass
import os
import sys
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.urls import reverse

from aposbook.accounts.forms import clean_display_name
from aposbook.accounts.models import User
from aposbook.accounts.services import create_moderator

# For scripts: a password on the command line would land in the shell's history.
PASSWORD_VARIABLE = "MODERATOR_PASSWORD"
PASSWORD_ATTEMPTS = 3


def password_problems(password: str, user: User) -> str:
    """What Django's password validators say against `password`, or "" if they accept it."""
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


class Command(BaseCommand):
    help = (
        "Create a moderator who can log in at once: the address counts as confirmed. "
        f"Asks for the password, or reads it from the {PASSWORD_VARIABLE} environment variable."
    )
    # Tests hand in a terminal of their own, as they do to Django's createsuperuser.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the moderator's email address, which they log in with")
        parser.add_argument("--name", default="", help="the name other members see")
        parser.add_argument(
            "--staff",
            action="store_true",
            help="a member of staff: also moderates moderators, and has the whole admin",
        )

    def handle(self, *args: object, email: str, name: str, staff: bool, **options: Any) -> None:
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        try:
            name = clean_display_name(name)
        except ValidationError as error:
            raise CommandError(f"--name: {' '.join(error.messages)}") from None

        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            self.explain_existing(existing)
            return
        if EmailAddress.objects.filter(email__iexact=email).exists():
            raise CommandError(
                f"{email} is an address of another account; nothing changed. "
                "Choose another address."
            )

        password = self.read_password(User(email=email, display_name=name), options)
        user = create_moderator(email=email, password=password, display_name=name, staff=staff)
        kind = "staff member" if staff else "moderator"
        login = f"{settings.SITE_URL}{reverse('account_login')}"
        moderation = f"{settings.SITE_URL}{reverse('moderation:dashboard')}"
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the {kind} {user.email}. Log in at {login}; "
                f"the moderation pages are at {moderation}."
            )
        )

    def explain_existing(self, user: User) -> None:
        """Running the command again is harmless: it never changes an account."""
        if user.can_moderate():
            self.stdout.write(f"{user.email} already has an account that can moderate; no change.")
            return
        raise CommandError(
            f"{user.email} already has an account, which cannot moderate; nothing changed. "
            "Change it in the admin (/admin/accounts/user/), or choose another address."
        )

    def read_password(self, user: User, options: dict[str, Any]) -> str:
        from_environment = os.environ.get(PASSWORD_VARIABLE, "")
        if from_environment:
            if problems := password_problems(from_environment, user):
                raise CommandError(f"{PASSWORD_VARIABLE} is not a safe password: {problems}")
            return from_environment
        stdin = options.get("stdin") or sys.stdin
        if stdin is None or not stdin.isatty():
            raise CommandError(
                f"There is no terminal to ask for the password in: set {PASSWORD_VARIABLE}."
            )
        for _attempt in range(PASSWORD_ATTEMPTS):
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ. Please try again.")
            elif problems := password_problems(password, user):
                self.stderr.write(f"{problems} Please choose another.")
            else:
                return password
        raise CommandError("No account was created: the password was not accepted.")
