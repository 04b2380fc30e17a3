from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aposbook.accounts.models import User
from aposbook.moderation.forms import suspension_end
from aposbook.moderation.services import suspend_member


def find_member(email: str) -> User:
    try:
        return User.objects.get(email__iexact=email.strip())
    except User.DoesNotExist:
        raise CommandError(f"There is no account with the email address {email}.") from None


class Command(BaseCommand):
    help = "Suspend a member: they can still read, but not post, vote or edit."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the member's email address")
        parser.add_argument("--reason", required=True, help="what the member reads: why")
        parser.add_argument(
            "--until", metavar="YYYY-MM-DD", help="last day of the suspension (ends 23:59 UTC)"
        )

    def handle(
        self, *args: object, email: str, reason: str, until: str | None, **options: object
    ) -> None:
        member = find_member(email)
        if not reason.strip():
            raise CommandError("Please give a reason: the member will read it.")
        try:
            day = date.fromisoformat(until) if until else None
        except ValueError:
            raise CommandError(
                f"--until {until!r} is not a date: write it as YYYY-MM-DD, such as 2030-01-31."
            ) from None
        try:
            ends_at = suspension_end(day)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

        suspend_member(member=member, reason=reason, by=None, until=ends_at)
        end = f"until the end of {day:%Y-%m-%d} (UTC)" if day else "without an end date"
        self.stdout.write(self.style.SUCCESS(f"Suspended {member.email} {end}."))
