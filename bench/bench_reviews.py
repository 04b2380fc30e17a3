"""Benchmark: the magnesium page (and its reviews) with 10 reviews and with 100,000.

Run with `.venv/bin/python bench/bench_reviews.py` (or `make bench`). It works in a
throw-away SQLite database: the demo library, 10 reviews written through the services, then
100,000 reviews bulk-created with their figures rebuilt by `recompute_review_stats()`. It
prints median and p95 times and the query count per page: the counts must not grow.
"""

import datetime as dt
import random
import time

from common import measure, use_throwaway_database

use_throwaway_database()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from aposbook.accounts.models import User  # noqa: E402
from aposbook.lib.markdown import render_markdown  # noqa: E402
from aposbook.library.models import Condition, Solution  # noqa: E402
from aposbook.reviews.models import Duration, Review, SideEffects  # noqa: E402
from aposbook.reviews.services import (  # noqa: E402
    ReviewDetails,
    create_review,
    recompute_review_stats,
)

TOTAL = 100_000
THREE_YEARS = 3 * 365 * 24 * 3600
PAGES = [
    "/solutions/magnesium/",
    "/conditions/insomnia/",
    "/solutions/magnesium/reviews/",
    "/solutions/magnesium/reviews/?sort=lowest",
    "/solutions/magnesium/reviews/?sort=newest&condition=insomnia",
    "/solutions/magnesium/reviews/?sort=highest&condition=none&page=50",
]
STORY = (
    "I took magnesium glycinate every evening for two months. I fell asleep sooner on most "
    "nights, and woke less often. **No** problems, apart from a looser stomach at first."
)


def report(label: str) -> None:
    client = Client()
    for url in PAGES:
        median, p95, queries = measure(client, url)
        print(
            f"{label:<16} {url:<68} median {median:6.2f} ms   p95 {p95:6.2f} ms   "
            f"{queries} queries",
            flush=True,
        )


def pairs(magnesium: Solution) -> list[Condition | None]:
    """Magnesium's graded conditions, and "no particular condition"."""
    return [*Condition.objects.filter(evidence__solution=magnesium).order_by("name"), None]


def write_ten(magnesium: Solution) -> None:
    conditions = pairs(magnesium)
    for n in range(10):
        author = User.objects.create_user(f"bench{n}@example.com", display_name=f"Bench {n}")
        create_review(
            author=author,
            solution=magnesium,
            condition=conditions[n % len(conditions)],
            details=ReviewDetails(
                effectiveness=1 + n,
                side_effects=SideEffects.NONE,
                side_effects_text="",
                solution_form=None,
                dose="200 mg",
                duration=Duration.MONTHS_1_3,
                recommends=n > 4,
                story=STORY,
            ),
        )


def grow(magnesium: Solution, total: int) -> None:
    """Bulk-create reviews up to `total`, one per member per pair, then rebuild the figures."""
    rng = random.Random(7)
    conditions = pairs(magnesium)
    missing = total - Review.objects.count()
    authors_needed = -(-missing // len(conditions))
    html = render_markdown(STORY)
    now = timezone.now()
    with transaction.atomic():
        authors = User.objects.bulk_create(
            [
                User(email=f"member{n}@example.com", display_name=f"Member {n}", password="!")
                for n in range(authors_needed)
            ],
            batch_size=2000,
        )
        reviews = []
        for index in range(missing):
            score = rng.choices(range(1, 11), weights=[2, 2, 3, 4, 6, 8, 10, 9, 6, 4])[0]
            effects = rng.choices(list(SideEffects.values), weights=[70, 20, 8, 2])[0]
            helpful, unhelpful = rng.randint(0, 40), rng.randint(0, 15)
            reviews.append(
                Review(
                    author=authors[index // len(conditions)],
                    solution=magnesium,
                    condition=conditions[index % len(conditions)],
                    effectiveness=score,
                    side_effects=effects,
                    side_effects_text="" if effects == SideEffects.NONE else "Loose stools.",
                    dose="200 mg",
                    duration=rng.choice(Duration.values),
                    recommends=score >= 6,
                    story=STORY,
                    story_html=html,
                    helpful_count=helpful,
                    not_helpful_count=unhelpful,
                    helpfulness=helpful / (helpful + unhelpful + 5),
                    created_at=now - dt.timedelta(seconds=rng.randint(0, THREE_YEARS)),
                )
            )
        Review.objects.bulk_create(reviews, batch_size=2000)
    start = time.perf_counter()
    rows = recompute_review_stats()
    seconds = time.perf_counter() - start
    print(f"recompute_review_stats(): {rows} rows from {total:,} reviews in {seconds:.2f} s")


def main() -> None:
    call_command("load_demo", verbosity=0)
    magnesium = Solution.objects.get(slug="magnesium")
    write_ten(magnesium)
    report("10 reviews")
    grow(magnesium, TOTAL)
    connection.cursor().execute("ANALYZE")
    report(f"{TOTAL:,} reviews")


if __name__ == "__main__":
    main()
