from django.core.management.base import BaseCommand, CommandParser

from aposbook.moderation.management.commands.suspend import find_member
from aposbook.moderation.services import lift_suspension


class Command(BaseCommand):
    help = "Lift a member's suspension now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the member's email address")

    def handle(self, *args: object, email: str, **options: object) -> None:
        member = find_member(email)
        if lift_suspension(member=member, by=None):
            self.stdout.write(self.style.SUCCESS(f"Lifted the suspension of {member.email}."))
        else:
            self.stdout.write(f"{member.email} is not suspended: nothing to lift.")
