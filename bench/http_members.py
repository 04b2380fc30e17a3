"""Members for the HTTP benchmarks: a reader's session, and writers with what each may write.

    DATABASE_URL=... SECRET_KEY=... .venv/bin/python bench/http_members.py prepare --writes 100
    DATABASE_URL=... .venv/bin/python bench/http_members.py count

Run by bench/http_ratio.py beside the server it measures, with the server's DATABASE_URL and
SECRET_KEY (a session carries a hash of the account made with that key). `prepare` prints,
as JSON, a session cookie for a reading member, and for the writes a list of tasks, each with
its writer's cookie: reviews of pairs that writer has not reviewed yet, helpful votes on
other members' reviews that writer has not voted on, replies in open discussions. `count`
prints how many reviews, votes and posts there are, so the benchmark can check that every
write stored a row.

The benchmark members are established, as a member of some weeks is: they joined long ago,
confirmed their address, and have one review that has stayed up for weeks. New members are
slowed down (aposbook/accounts/limits.py) and would measure the limit, not the write.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from dataclasses import asdict, dataclass
from datetime import timedelta
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aposbook.settings")
    import django

    django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from aposbook.accounts.models import User  # noqa: E402
from aposbook.discussions.models import Post, Thread  # noqa: E402
from aposbook.lib.visibility import shown  # noqa: E402
from aposbook.library.models import Condition, Solution, SolutionForCondition  # noqa: E402
from aposbook.reviews.models import Duration, Review, ReviewVote, SideEffects  # noqa: E402
from aposbook.reviews.services import ReviewDetails, create_review  # noqa: E402

READER_EMAIL = "bench-reader@example.com"
WRITER_EMAIL = "bench-writer-{number}@example.com"
MEMBER_FOR = timedelta(days=60)
FIRST_REVIEW_AGE = timedelta(days=30)  # well past KEPT_AFTER_HOURS: the review is kept
OLD_STORY = (
    "Stand-in review by a benchmark member, written weeks ago so that the member counts as "
    "established. It describes no one's real experience."
)


@dataclass(frozen=True)
class ReviewTask:
    cookie: str
    solution: str  # slug
    condition: str  # slug, or "" for no particular condition


@dataclass(frozen=True)
class VoteTask:
    cookie: str
    review_id: int
    form_page: str  # the list of the review's solution, where its vote form is


@dataclass(frozen=True)
class ReplyTask:
    cookie: str
    thread_id: int


def session_cookie(user: User) -> str:
    """A logged-in session for `user`, stored as `login()` stores one, as a Cookie value."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def established_member(email: str, name: str) -> User:
    """A member who joined long ago, confirmed their address and has a kept review."""
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"display_name": name, "date_joined": timezone.now() - MEMBER_FOR},
    )
    if created:
        user.set_unusable_password()  # they never log in through a form: the bench makes sessions
        user.save(update_fields=["password"])
        user.mark_email_verified()
    if not Review.objects.filter(author=user).exists():
        solution = Solution.objects.order_by("pk").first()
        if solution is None:
            raise SystemExit("No solutions: load the demo library first (manage.py load_demo).")
        details = ReviewDetails(
            effectiveness=7,
            side_effects=SideEffects.NONE,
            side_effects_text="",
            solution_form=None,
            dose="",
            duration=Duration.values[0],
            recommends=True,
            story=OLD_STORY,
        )
        review = create_review(author=user, solution=solution, condition=None, details=details)
        Review.objects.filter(pk=review.pk).update(created_at=timezone.now() - FIRST_REVIEW_AGE)
    return user


def reviewable_pairs() -> list[tuple[Solution, Condition | None]]:
    """Every pair the review form offers: each solution alone and with each of its conditions."""
    pairs: list[tuple[Solution, Condition | None]] = [
        (solution, None) for solution in Solution.objects.order_by("pk")
    ]
    evidence = SolutionForCondition.objects.select_related("solution", "condition")
    pairs += [(row.solution, row.condition) for row in evidence.order_by("pk")]
    return pairs


def open_pairs(user: User, pairs: list[tuple[Solution, Condition | None]]) -> list[tuple]:
    done = set(Review.objects.filter(author=user).values_list("solution_id", "condition_id"))
    return [
        (solution, condition)
        for solution, condition in pairs
        if (solution.pk, condition.pk if condition else None) not in done
    ]


def review_tasks(writes: int) -> list[ReviewTask]:
    """`writes` reviews of pairs their writers have not reviewed, from as many writers as
    that takes (a member reviews each pair once)."""
    pairs = reviewable_pairs()
    tasks: list[ReviewTask] = []
    number = 0
    while len(tasks) < writes:
        number += 1
        writer = established_member(WRITER_EMAIL.format(number=number), f"Bench writer {number}")
        left = open_pairs(writer, pairs)[: writes - len(tasks)]
        if not left:
            continue
        cookie = session_cookie(writer)
        tasks += [
            ReviewTask(cookie, solution.slug, condition.slug if condition else "")
            for solution, condition in left
        ]
    return tasks


def vote_tasks(writes: int, writer: User, *, seed: int = 10) -> list[VoteTask]:
    """`writes` other members' shown reviews, spread over the whole table, that `writer`
    has not voted on: each vote stores a new row."""
    top = Review.objects.aggregate(top=Max("pk"))["top"] or 0
    voted = set(ReviewVote.objects.filter(voter=writer).values_list("review_id", flat=True))
    # Another draw on each run: the reviews voted on by the runs before are left out.
    draw = random.Random(seed + len(voted))
    picked = draw.sample(range(1, top + 1), min(top, writes * 3))
    candidates = (
        Review.objects.filter(shown(), pk__in=picked)
        .exclude(author=writer)
        .values_list("pk", "solution__slug")
    )
    reviews = [(pk, slug) for pk, slug in candidates if pk not in voted][:writes]
    if len(reviews) < writes:
        raise SystemExit(f"Only {len(reviews)} reviews to vote on: load the scale data first.")
    cookie = session_cookie(writer)
    return [VoteTask(cookie, pk, f"/solutions/{slug}/reviews/") for pk, slug in reviews]


def reply_tasks(writes: int, writer: User) -> list[ReplyTask]:
    """`writes` replies, one in each of the latest open discussions (or round them)."""
    threads = list(
        Thread.objects.filter(is_locked=False).order_by("-pk").values_list("pk", flat=True)[:writes]
    )
    if not threads:
        raise SystemExit("No discussion to reply to: load the scale data first.")
    cookie = session_cookie(writer)
    return [ReplyTask(cookie, threads[n % len(threads)]) for n in range(writes)]


@transaction.atomic
def prepare(writes: int) -> dict:
    """A reader's session cookie, and `writes` tasks of each kind (none for reads only)."""
    plan: dict = {"reader": session_cookie(established_member(READER_EMAIL, "Bench reader"))}
    if not writes:
        return plan | {"reviews": [], "votes": [], "replies": []}
    voter = established_member(WRITER_EMAIL.format(number=0), "Bench voter and replier")
    return plan | {
        "reviews": [asdict(task) for task in review_tasks(writes)],
        "votes": [asdict(task) for task in vote_tasks(writes, voter)],
        "replies": [asdict(task) for task in reply_tasks(writes, voter)],
    }


def count() -> dict[str, int]:
    return {
        "reviews": Review.objects.count(),
        "votes": ReviewVote.objects.count(),
        "replies": Post.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["prepare", "count"])
    parser.add_argument("--writes", type=int, default=100, help="writes of each kind")
    options = parser.parse_args()
    result = prepare(options.writes) if options.action == "prepare" else count()
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
