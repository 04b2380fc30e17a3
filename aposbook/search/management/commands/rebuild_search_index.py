from typing import Any

from django.core.management.base import BaseCommand

from aposbook.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search documents from what readers may see now."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild()
        self.stdout.write(f"Indexed {count} documents.")
