"""Load scale data for the benchmarks: a million reviews in minutes, on SQLite or PostgreSQL.

    DATABASE_URL=... .venv/bin/python bench/scale_data.py               # 1,000,000 reviews …
    DATABASE_URL=... .venv/bin/python bench/scale_data.py --size small  # a hundredth of that
    DATABASE_URL=... .venv/bin/python bench/scale_data.py --unless-loaded  # once (make bench)

Adds, to the configured (migrated) database and around the demo library (loaded first if
the database has no solutions): 1,000,000 reviews, 100,000 helpful votes, 10,000 articles
and 50,000 discussion posts (in threads of 10), with the members who wrote them. Rows go in
with COPY on PostgreSQL (psycopg's `cursor.copy`) and `executemany` in one transaction on
SQLite, with ids chosen here so that rows can point at each other without reading back.
The stored figures stay consistent: each review's vote counts and rank are written with it,
and the review figures, thread reply counts and follows are recomputed in bulk SQL at the
end. Everything generated is marked as stand-in text; articles are copies of the demo's
published articles, citing the same references (never invented ones).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain, islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aposbook.settings")
    import django

    django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from aposbook.accounts.models import User  # noqa: E402
from aposbook.discussions.models import Follow, Post, Thread  # noqa: E402
from aposbook.lib.markdown import render_markdown  # noqa: E402
from aposbook.library.models import (  # noqa: E402
    Article,
    ArticleReference,
    Condition,
    Solution,
    Topic,
    TopicKind,
)
from aposbook.reviews.models import (  # noqa: E402
    Duration,
    Review,
    ReviewVote,
    SideEffects,
    wilson_lower_bound,
)
from aposbook.reviews.services import recompute_review_stats  # noqa: E402


@dataclass(frozen=True)
class Size:
    reviews: int
    votes: int
    articles: int
    posts: int


SIZES = {
    "full": Size(reviews=1_000_000, votes=100_000, articles=10_000, posts=50_000),
    "small": Size(reviews=10_000, votes=1_000, articles=100, posts=500),
}
VOTES_PER_REVIEW = 4
POSTS_PER_THREAD = 10
BATCH = 20_000
SPREAD = timedelta(days=730)  # reviews, articles and threads are dated over two years
STAND_IN = (
    "This text stands in for a member's own words so that benchmark pages have a realistic "
    "length; it describes no one's real experience. "
)
REVIEW_STORY = STAND_IN * 4
SIDE_EFFECTS_TEXT = "Stand-in description of a side effect, for benchmarks."
POST_BODY = STAND_IN * 3


# -- bulk inserts ----------------------------------------------------------------------


def next_id(model: type[models.Model]) -> int:
    found = model._base_manager.aggregate(top=models.Max("pk"))["top"]
    return (found or 0) + 1


def column_adapters(fields: list[models.Field]) -> list[Callable[[Any], Any] | None]:
    """How each value becomes what the driver takes: dates as the backend stores them,
    JSON as text; everything else as it is."""
    adapters: list[Callable[[Any], Any] | None] = []
    for field in fields:
        if isinstance(field, models.DateTimeField):
            adapters.append(connection.ops.adapt_datetimefield_value)
        elif isinstance(field, models.JSONField):
            adapters.append(json.dumps)
        else:
            adapters.append(None)
    return adapters


def insert(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert `rows` (attname → value; a missing field takes its default) into `model`'s
    table: COPY on PostgreSQL, executemany on SQLite. Rows without an id get the next
    ones from the database. Returns the number of rows."""
    iterator = iter(rows)
    first_row = next(iterator, None)
    if first_row is None:
        return 0
    rows = chain([first_row], iterator)  # an iterator: each batch takes the next rows
    pk = model._meta.pk
    fields = [
        field
        for field in model._meta.concrete_fields
        if field is not pk or field.attname in first_row
    ]
    defaults = {field.attname: field.get_default() for field in fields}
    adapters = column_adapters(fields)
    names = [field.attname for field in fields]

    def values(row: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(
            adapt(value) if adapt and value is not None else value
            for adapt, value in zip(
                adapters, (row.get(name, defaults[name]) for name in names), strict=True
            )
        )

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
                    count += 1
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
            while batch := [values(row) for row in islice(rows, BATCH)]:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def reset_sequences(*used: type[models.Model]) -> None:
    """After inserting chosen ids, let PostgreSQL's sequences continue after them."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(used)):
            cursor.execute(sql)


# -- what is generated -----------------------------------------------------------------


class Generator:
    def __init__(self, size: Size, *, seed: int = 10) -> None:
        self.size = size
        self.random = random.Random(seed)
        self.now = timezone.now()
        self.solutions = list(Solution.objects.values_list("pk", flat=True))
        self.conditions = list(Condition.objects.values_list("pk", flat=True))
        if not self.solutions:
            raise SystemExit("No solutions: load the demo library first (manage.py load_demo).")
        # Every (solution, condition) a member can review once, and each solution alone.
        self.slots = [(s, c) for s in self.solutions for c in [None, *self.conditions]]
        self.members: list[int] = []

    def moment(self) -> datetime:
        return self.now - SPREAD * self.random.random()

    def run(self, report: Callable[[str], None] = print) -> None:
        steps: list[tuple[str, Callable[[], int]]] = [
            ("members", self.add_members),
            ("reviews and votes", self.add_reviews),
            ("articles", self.add_articles),
            ("discussion posts", self.add_discussions),
            ("review figures", recompute_review_stats),
            ("thread figures and follows", self.recompute_threads),
        ]
        with transaction.atomic():
            for label, step in steps:
                started = time.perf_counter()
                count = step()
                report(f"{label}: {count:,} rows in {time.perf_counter() - started:.1f} s")
            reset_sequences(User, Review, ReviewVote, Topic, Article, Thread, Post)
        if connection.vendor == "postgresql":
            # Fresh statistics, so the planner knows the tables are now large.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def add_members(self) -> int:
        """Enough members that each writes at most one review per slot, as the site allows,
        and that every voted review finds voters other than its author."""
        needed = max(VOTES_PER_REVIEW + 1, math.ceil(self.size.reviews / len(self.slots)), 2)
        first = next_id(User)
        self.members = list(range(first, first + needed))
        joined = self.now - SPREAD
        return insert(
            User,
            (
                {
                    "id": pk,
                    "email": f"bench-member-{pk}@example.com",
                    "display_name": f"Bench member {pk}",
                    "password": "!bench-no-login",  # unusable: nobody logs in as them
                    "date_joined": joined,
                }
                for pk in self.members
            ),
        )

    def plan_votes(self) -> dict[int, list[bool]]:
        """Which reviews (by position) get votes, and each vote's "helpful"."""
        voted_count = min(self.size.reviews, math.ceil(self.size.votes / VOTES_PER_REVIEW))
        votes: dict[int, list[bool]] = {}
        left = self.size.votes
        for position in sorted(self.random.sample(range(self.size.reviews), voted_count)):
            take = min(VOTES_PER_REVIEW, left)
            votes[position] = [self.random.random() < 0.7 for _ in range(take)]
            left -= take
        return votes

    def add_reviews(self) -> int:
        first = next_id(Review)
        votes = self.plan_votes()
        story_html = render_markdown(REVIEW_STORY)
        slots, members = self.slots, self.members
        durations = list(Duration.values)

        def reviews() -> Iterator[dict[str, Any]]:
            for position in range(self.size.reviews):
                solution, condition = slots[position % len(slots)]
                score = self.random.choices(range(1, 11), weights=[3, 2, 3, 4, 6, 8, 10, 10, 7, 5])[
                    0
                ]
                effects = self.random.choices(list(SideEffects.values), weights=[14, 4, 2, 1])[0]
                mine = votes.get(position, [])
                helpful = sum(mine)
                yield {
                    "id": first + position,
                    "author_id": members[position // len(slots)],
                    "solution_id": solution,
                    "condition_id": condition,
                    "effectiveness": score,
                    "side_effects": effects,
                    "side_effects_text": "" if effects == SideEffects.NONE else SIDE_EFFECTS_TEXT,
                    "duration": self.random.choice(durations),
                    "recommends": score >= 6,
                    "story": REVIEW_STORY,
                    "story_html": story_html,
                    "helpful_count": helpful,
                    "not_helpful_count": len(mine) - helpful,
                    "helpfulness": wilson_lower_bound(helpful, len(mine)),
                    "created_at": self.moment(),
                }

        def review_votes() -> Iterator[dict[str, Any]]:
            for position, helpfuls in votes.items():
                author = position // len(slots)
                for offset, helpful in enumerate(helpfuls, start=1):
                    moment = self.moment()
                    yield {
                        "review_id": first + position,
                        "voter_id": members[(author + offset) % len(members)],
                        "helpful": helpful,
                        "created_at": moment,
                        "updated_at": moment,
                    }

        return insert(Review, reviews()) + insert(ReviewVote, review_votes())

    def add_articles(self) -> int:
        """Copies of the published demo articles, with the same topics and references."""
        if not self.size.articles:
            return 0
        sources = list(
            Article.objects.published()
            .select_related("topic")
            .prefetch_related("article_references", "topics")
        )
        if not sources:
            raise SystemExit("No published article to copy: load the demo library first.")
        first_article, first_topic = next_id(Article), next_id(Topic)
        copies = []
        for n in range(self.size.articles):
            source = sources[n % len(sources)]
            published = self.moment()
            fields = {f.attname: getattr(source, f.attname) for f in Article._meta.concrete_fields}
            fields.update(
                id=first_article + n,
                topic_id=first_topic + n,
                slug=f"{source.slug}-copy-{first_article + n}",
                title=f"{source.title} (copy {n + 1})",
                published_at=published,
                updated_at=published,
            )
            copies.append((source, fields))
        count = insert(
            Topic,
            (
                {
                    "id": fields["topic_id"],
                    "kind": TopicKind.ARTICLE,
                    "title": fields["title"],
                    "slug": fields["slug"],
                    "created_at": fields["published_at"],
                    "updated_at": fields["published_at"],
                    "reviewed_at": source.topic.reviewed_at,
                    "reviewed_by_id": source.topic.reviewed_by_id,
                }
                for source, fields in copies
            ),
        )
        count += insert(Article, (fields for _, fields in copies))
        count += insert(
            ArticleReference,
            (
                {"article_id": fields["id"], "reference_id": ref.reference_id, "number": ref.number}
                for source, fields in copies
                for ref in source.article_references.all()
            ),
        )
        return count + insert(
            Article.topics.through,
            (
                {"article_id": fields["id"], "topic_id": topic.pk}
                for source, fields in copies
                for topic in source.topics.all()
            ),
        )

    def add_discussions(self) -> int:
        """Threads of `POSTS_PER_THREAD` posts on condition and solution topics."""
        if not self.size.posts:
            return 0
        topics = list(
            Topic.objects.filter(kind__in=[TopicKind.CONDITION, TopicKind.SOLUTION]).values_list(
                "pk", flat=True
            )
        )
        first_thread = next_id(Thread)
        body_html = render_markdown(POST_BODY)
        threads, posts = [], []
        for n in range(math.ceil(self.size.posts / POSTS_PER_THREAD)):
            started = self.moment()
            threads.append(
                {
                    "id": first_thread + n,
                    "topic_id": self.random.choice(topics),
                    "author_id": self.random.choice(self.members),
                    "title": f"Bench discussion {n + 1}",
                    "created_at": started,
                    "last_activity_at": started,  # recomputed from the posts at the end
                }
            )
            in_thread = min(POSTS_PER_THREAD, self.size.posts - len(posts))
            for reply in range(in_thread):
                author = (
                    threads[-1]["author_id"] if reply == 0 else self.random.choice(self.members)
                )
                posts.append(
                    {
                        "thread_id": first_thread + n,
                        "author_id": author,
                        "body": POST_BODY,
                        "body_html": body_html,
                        "created_at": started + timedelta(minutes=reply * 37),
                    }
                )
        self.first_thread = first_thread
        return insert(Thread, threads) + insert(Post, posts)

    def recompute_threads(self) -> int:
        """Each generated thread's reply count and last activity from its posts, and a
        follow for each member who posted in it (as `start_thread` and `add_reply` do)."""
        if not self.size.posts:
            return 0
        thread, post, follow = (
            connection.ops.quote_name(m._meta.db_table) for m in (Thread, Post, Follow)
        )
        first = self.first_thread
        with connection.cursor() as cursor:
            # One pass over the posts, grouped (UPDATE … FROM: PostgreSQL, SQLite 3.33+).
            cursor.execute(
                f"UPDATE {thread} SET reply_count = counted.posts - 1,"
                f" last_activity_at = counted.latest"
                f" FROM (SELECT thread_id, COUNT(*) AS posts, MAX(created_at) AS latest"
                f"  FROM {post} WHERE thread_id >= %s GROUP BY thread_id) AS counted"
                f" WHERE {thread}.id = counted.thread_id",
                [first],
            )
            cursor.execute(
                f"INSERT INTO {follow} (user_id, thread_id, topic_id, created_at)"
                f" SELECT author_id, thread_id, NULL, MIN(created_at) FROM {post}"
                f" WHERE thread_id >= %s AND author_id IS NOT NULL GROUP BY author_id, thread_id",
                [first],
            )
            return cursor.rowcount


def generate(size: Size, *, seed: int = 10, report: Callable[[str], None] = print) -> None:
    Generator(size, seed=seed).run(report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument(
        "--unless-loaded",
        action="store_true",
        help="do nothing if the database already holds as many reviews as the size adds",
    )
    options = parser.parse_args()
    size = SIZES[options.size]
    if options.unless_loaded and Review.objects.count() >= size.reviews:
        print(f"Scale data already loaded: {Review.objects.count():,} reviews")
        return
    if not Solution.objects.exists():
        call_command("load_demo", verbosity=0)
    started = time.perf_counter()
    print(f"Loading {size} into {connection.vendor} ({connection.settings_dict['NAME']})")
    generate(size, seed=options.seed)
    counts = Counter(
        {m.__name__: m._base_manager.count() for m in (Review, ReviewVote, Article, Post)}
    )
    print(f"Done in {time.perf_counter() - started:.0f} s; now {dict(counts)}")
    # The full-text search then finds the new articles and posts, as the site's would.
    call_command("rebuild_search_index")


if __name__ == "__main__":
    main()
