from django.core.management.base import BaseCommand

from aposbook.accounts.tasks import purge_deleted_accounts_task


class Command(BaseCommand):
    help = (
        "Remove for good the personal data of accounts deleted more than 30 days ago. "
        "Safe to run as often as you like, for example daily from cron."
    )

    def handle(self, *args: object, **options: object) -> None:
        purged = purge_deleted_accounts_task.call()
        self.stdout.write(f"Purged {purged} deleted account(s).")
