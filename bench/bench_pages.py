"""Benchmark: the condition and article pages, on the demo library and on a library
grown a hundredfold around the same topics.

Run with `.venv/bin/python bench/bench_pages.py` (or `make bench`). It works in a
throw-away SQLite database and prints median and p95 times per page.
"""

from common import measure, use_throwaway_database

use_throwaway_database()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from aposbook.library.models import (  # noqa: E402
    Article,
    ArticleReference,
    Condition,
    Reference,
    Solution,
    SolutionForCondition,
)

SOLUTIONS_ADDED = 40  # a condition page lists all its solutions; 40 is already a long list
PAGES = ["/conditions/insomnia/", "/solutions/magnesium/", "/articles/magnesium-and-sleep/"]


def grow(factor: int) -> None:
    """Add `factor` articles on insomnia and magnesium, and 40 graded solutions for insomnia."""
    insomnia = Condition.objects.get(slug="insomnia")
    magnesium = Solution.objects.get(slug="magnesium")
    author = Article.objects.get(slug="magnesium-and-sleep").author
    references = list(Reference.objects.all())
    for n in range(factor):
        article = Article.objects.create(
            title=f"Bench article {n}",
            slug=f"bench-article-{n}",
            summary="Generated for the benchmark.",
            author=author,
            body="## Section\n\nText citing (1, 2).\n\n- a list\n- of items",
            status="published",
            published_at=timezone.now(),
        )
        article.topics.add(insomnia.topic, magnesium.topic)
        for number, reference in enumerate(references[:2], start=1):
            ArticleReference.objects.create(article=article, reference=reference, number=number)
        if n >= SOLUTIONS_ADDED:
            continue
        solution = Solution.objects.create(
            name=f"Bench solution {n}", slug=f"bench-solution-{n}", kind="herb", summary="Bench."
        )
        SolutionForCondition.objects.create(
            solution=solution, condition=insomnia, grade="CDAB"[n % 4], summary="Bench."
        )


def report(label: str) -> None:
    client = Client()
    for url in PAGES:
        median, p95, queries = measure(client, url)
        print(
            f"{label:<28} {url:<34} median {median:6.2f} ms   p95 {p95:6.2f} ms   {queries} queries"
        )


def main() -> None:
    call_command("load_demo", verbosity=0)
    report("demo library")
    grow(500)
    report("+500 articles, +40 solutions")


if __name__ == "__main__":
    main()
