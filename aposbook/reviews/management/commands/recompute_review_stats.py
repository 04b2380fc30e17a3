from django.core.management.base import BaseCommand, CommandError, CommandParser

from aposbook.library.models import Solution
from aposbook.reviews.services import recompute_review_stats, recompute_review_votes


class Command(BaseCommand):
    help = (
        "Recount the stored review figures (counts, averages, histograms, shares) and the "
        "helpful votes from the reviews themselves: after a bulk import, or as a repair."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--solution", help="only this solution's slug")

    def handle(self, *args: object, solution: str | None = None, **options: object) -> None:
        chosen = None
        if solution:
            chosen = Solution.objects.filter(slug=solution).first()
            if chosen is None:
                raise CommandError(f'No solution with the slug "{solution}".')
        rows = recompute_review_stats(solution=chosen)
        fixed = recompute_review_votes(solution=chosen)
        self.stdout.write(
            self.style.SUCCESS(
                f"Recounted {rows} review figure rows; corrected the votes of {fixed} reviews."
            )
        )
