"""Benchmark: full-text search at 10,000 articles and 50,000 discussion posts.

    .venv/bin/python bench/bench_fulltext.py                       # throw-away SQLite (FTS5)
    .venv/bin/python bench/bench_fulltext.py --database-url postgres://postgres@127.0.0.1/EMPTY_DB

Generates the rows (words drawn from the demo library's own texts with a Zipf-like
spread, so common words are common), bulk-inserts them, builds the search documents
with `rebuild()`, then times each query and prints its median and p95 in milliseconds,
and its median as a ratio to a baseline measured in the same run: fetching one search
document by its unique (source, object id) index. The PostgreSQL database must exist and
be empty; it is migrated here.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORD = re.compile(r"[a-z]{3,}")
BATCH = 2000


def set_up(database_url: str | None) -> None:
    if database_url is None:
        directory = tempfile.mkdtemp(prefix="aposbook-bench-")
        database_url = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aposbook.settings")
    os.environ["DEBUG"] = "0"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def vocabulary() -> list[str]:
    """The demo library's words, most frequent first."""
    counts: dict[str, int] = {}
    for path in (ROOT / "aposbook/library/demo").rglob("*"):
        if path.suffix in {".md", ".py"}:
            for word in WORD.findall(path.read_text(encoding="utf-8").lower()):
                counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda word: -counts[word])


def texts(words: list[str], length: int, count: int, seed: int) -> list[str]:
    chooser = random.Random(seed)
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
    return [
        " ".join(chooser.choices(words, cum_weights=weights, k=length)).capitalize() + "."
        for _ in range(count)
    ]


def generate(articles: int, posts: int) -> None:
    from django.utils import timezone

    from aposbook.accounts.models import User
    from aposbook.discussions.models import Post, Thread
    from aposbook.library.models import Article, ArticleStatus, Topic, TopicKind

    words = vocabulary()
    now = timezone.now()
    author = User.objects.create_user(email="bench@example.com", display_name="Bench")
    topics = Topic.objects.bulk_create(
        Topic(kind=TopicKind.ARTICLE, title=f"Bench article {n}", slug=f"bench-article-{n}")
        for n in range(articles)
    )
    bodies = texts(words, 300, articles, seed=1)
    Article.objects.bulk_create(
        (
            Article(
                topic=topic,
                title=f"Bench article {n}: {' '.join(bodies[n].split()[:5]).lower()}",
                slug=f"bench-article-{n}",
                summary="Generated for the benchmark.",
                author=author,
                body=bodies[n],
                body_html=f"<p>{bodies[n]}</p>",
                status=ArticleStatus.PUBLISHED,
                published_at=now,
            )
            for n, topic in enumerate(topics)
        ),
        batch_size=BATCH,
    )
    condition_topic = Topic.objects.create(kind=TopicKind.CONDITION, title="Bench", slug="bench")
    threads = Thread.objects.bulk_create(
        Thread(topic=condition_topic, author=author, title=f"Bench thread {n}")
        for n in range(max(1, posts // 50))
    )
    bodies = texts(words, 60, posts, seed=2)
    Post.objects.bulk_create(
        (
            Post(thread=threads[n % len(threads)], author=author, body=body, body_html=body)
            for n, body in enumerate(bodies)
        ),
        batch_size=BATCH,
    )


def timed(function: Callable[[], object], rounds: int) -> list[float]:
    function()  # warm up
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="an empty database to use (default: SQLite)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=30)
    options = parser.parse_args()
    set_up(options.database_url)

    from django.db import connection
    from django.test import Client

    from aposbook.search import fulltext
    from aposbook.search.index import rebuild
    from aposbook.search.models import SearchDocument

    start = time.perf_counter()
    generate(options.articles, options.posts)
    print(f"generated in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    count = rebuild()
    print(f"indexed {count:,} documents in {time.perf_counter() - start:.1f} s "
          f"({connection.vendor}, {os.cpu_count()} CPUs)")  # fmt: skip

    words = vocabulary()
    common, middling, rare = words[5], words[200], words[len(words) * 3 // 4]
    for word in (common, middling, rare):
        print(f"{word!r} is in {sum(fulltext.counts(word).values()):,} documents")
    middle_id = SearchDocument.objects.order_by("id").values_list("id", flat=True)[count // 2]
    client = Client()
    cases: dict[str, Callable[[], object]] = {
        "baseline: one document by its unique index": lambda: SearchDocument.objects.filter(
            source="discussions.post", object_id=middle_id
        ).first(),
        f"common word ({common}), best 10": lambda: fulltext.search(common, limit=10),
        f"middling word ({middling}), best 10": lambda: fulltext.search(middling, limit=10),
        f"rare word ({rare}), best 10": lambda: fulltext.search(rare, limit=10),
        f"two words ({middling} {rare})": lambda: fulltext.search(f"{middling} {rare}", limit=10),
        f"articles only ({middling}), page 5": lambda: fulltext.search(
            middling, kind="articles", limit=10, offset=40
        ),
        f"counts per kind ({common})": lambda: fulltext.counts(common),
        f"counts per kind ({middling})": lambda: fulltext.counts(middling),
        f"/search/ page ({middling})": lambda: client.get("/search/", {"q": middling}),
        f"/search/ page, articles ({middling})": lambda: client.get(
            "/search/", {"q": middling, "kind": "articles", "page": "3"}
        ),
    }
    baseline = None
    for label, function in cases.items():
        times = timed(function, options.rounds)
        median = statistics.median(times)
        baseline = baseline or median
        p95 = statistics.quantiles(times, n=20)[18]
        print(f"{label:<48} median {median:8.2f} ms  p95 {p95:8.2f} ms  "
              f"x{median / baseline:8.1f} baseline")  # fmt: skip


if __name__ == "__main__":
    main()
