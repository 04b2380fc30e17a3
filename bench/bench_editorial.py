"""Benchmark: a page's history with 10 and with 1,000 revisions, and the comparison of two
5,000-word revisions (the word-level diff) and their three-way merge.

Run with `.venv/bin/python bench/bench_editorial.py` (or `make bench`). It works in a
throw-away SQLite database and prints median and p95 times, with ratios: the history page
with 1,000 revisions against the same page with 10, measured in the same run.
"""

import random
import statistics
import time
from collections.abc import Callable

from common import measure, use_throwaway_database

use_throwaway_database()

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from aposbook.accounts.models import User  # noqa: E402
from aposbook.editorial import services  # noqa: E402
from aposbook.editorial.models import Revision  # noqa: E402
from aposbook.lib.diff import merge3, word_diff  # noqa: E402
from aposbook.library.models import Article, ArticleStatus  # noqa: E402

VOCABULARY = (
    "magnesium sleep adults may help the evening dose trial people night fall asleep study "
    "found muscle cramps older small reduced time awake placebo group weeks taken before bed"
)
WORDS = VOCABULARY.split(" ")


def article_text(words: int, seed: int) -> str:
    """About `words` words in paragraphs of a few sentences, as an article has."""
    chooser = random.Random(seed)
    paragraphs, written = [], 0
    while written < words:
        sentences = []
        for _ in range(chooser.randint(3, 6)):
            length = chooser.randint(8, 22)
            sentences.append(" ".join(chooser.choice(WORDS) for _ in range(length)).capitalize())
            written += length
        paragraphs.append(". ".join(sentences) + ".")
    return "\n\n".join(paragraphs)


def edited(text: str, *, every: int, word: str) -> str:
    words = text.split(" ")
    for index in range(every // 2, len(words), every):
        words[index] = word
    return " ".join(words)


def make_article(slug: str, revisions: int, author: User) -> Article:
    article = Article.objects.create(
        title=f"History of {revisions}",
        slug=slug,
        summary="Generated for the benchmark.",
        author=author,
        body="A short text.",
        status=ArticleStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    Revision.objects.bulk_create(
        Revision(topic=article.topic, number=n, body=f"Text {n}", author=author, reason=f"Edit {n}")
        for n in range(1, revisions)
    )
    services.base_revision_for(article.topic)  # the current text as the newest revision
    return article


def timed(function: Callable[[], object], repeats: int = 20) -> tuple[float, float]:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), statistics.quantiles(timings, n=20)[-1]


def main() -> None:
    author = User.objects.create_user(email="bench@example.com", password="x")
    client = Client()
    results = {}
    # The first page lists 50 revisions: 100 and 1,000 fill it alike, 10 shows only 10 rows.
    for revisions in (10, 100, 1000):
        make_article(f"history-{revisions}", revisions, author)
        url = f"/articles/history-{revisions}/history/"
        results[revisions] = measure(client, url, repeats=100)
        median, p95, queries = results[revisions]
        print(
            f"history page, {revisions:>5} revisions: {median:6.1f} ms median, "
            f"{p95:6.1f} ms p95, {queries} queries"
        )
    for base in (10, 100):
        ratio = results[1000][0] / results[base][0]
        print(f"ratio 1,000 / {base} revisions (median): {ratio:.2f}")

    old = article_text(5000, seed=1)
    new = edited(old, every=97, word="changed")
    other = edited(old, every=131, word="other")
    print(f"two texts of {len(old.split())} and {len(new.split())} words")
    median, p95 = timed(lambda: word_diff(old, new))
    print(f"word-level diff:  {median:6.1f} ms median, {p95:6.1f} ms p95")
    median, p95 = timed(lambda: merge3(old, new, other))
    print(f"three-way merge:  {median:6.1f} ms median, {p95:6.1f} ms p95")

    article = make_article("compare", 1, author)
    first = Revision.objects.get(topic=article.topic)
    Revision.objects.filter(pk=first.pk).update(body=old)
    Revision.objects.create(topic=article.topic, number=2, body=new, author=author, reason="Edit")
    median, p95, queries = measure(client, "/articles/compare/history/compare/?from=1&to=2", 20)
    print(
        f"compare page, 5,000 words: {median:6.1f} ms median, {p95:6.1f} ms p95, {queries} queries"
    )


if __name__ == "__main__":
    main()
