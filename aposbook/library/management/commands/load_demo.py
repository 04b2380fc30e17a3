from django.core.management.base import BaseCommand

from aposbook.library.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo library: conditions, natural solutions, evidence, articles and videos. "
        "Running it again changes nothing."
    )

    def handle(self, *args: object, **options: object) -> None:
        summary = load_demo()
        if options["verbosity"] == 0:
            return
        for line in summary.lines():
            self.stdout.write(line)
        if summary.changed:
            self.stdout.write(self.style.SUCCESS("Demo library loaded."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo library already up to date."))
