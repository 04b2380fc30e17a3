"""The benchmark's members and writes (bench/http_members.py, bench/http_writes.py): the
members are established, their sessions log them in, and every write goes through the whole
request over HTTP and stores its row, as the benchmark checks at a million reviews."""

import pytest
from django.test import Client

from aposbook.accounts.models import User
from aposbook.discussions.models import Post
from aposbook.library.models import Condition
from aposbook.reviews.models import Review, ReviewVote
from bench.http_members import count, prepare
from bench.http_writes import Timings, cookies_set, form_token, run_writes, table
from bench.scale_data import Size, generate
from tests.factories import EvidenceFactory, SolutionFactory

TINY = Size(reviews=40, votes=8, articles=0, posts=20)
VOTER = "bench-writer-0@example.com"


@pytest.fixture
def scale_data(db) -> None:
    for condition in [EvidenceFactory().condition, EvidenceFactory().condition]:
        EvidenceFactory(condition=condition, solution=SolutionFactory())
    generate(TINY, report=lambda line: None)


def logged_in(cookie: str) -> Client:
    client = Client()
    name, _, value = cookie.partition("=")
    client.cookies[name] = value
    return client


def test_the_members_are_established_and_their_sessions_log_them_in(scale_data) -> None:
    plan = prepare(writes=4)

    for cookie in {plan["reader"], *(task["cookie"] for task in plan["reviews"])}:
        member = logged_in(cookie).get("/").wsgi_request.user
        assert member.is_authenticated
        assert member.can_post() and not member.is_new_member()


def test_each_task_writes_something_new(scale_data) -> None:
    plan = prepare(writes=4)

    pairs = {(t["cookie"], t["solution"], t["condition"]) for t in plan["reviews"]}
    assert len(pairs) == len(plan["reviews"]) == 4
    assert all(
        t["condition"] == "" or Condition.objects.filter(slug=t["condition"]).exists()
        for t in plan["reviews"]
    )
    voted = Review.objects.filter(pk__in=[t["review_id"] for t in plan["votes"]])
    assert voted.count() == 4
    assert not voted.filter(author__email="bench-writer-0@example.com").exists()
    assert len(plan["replies"]) == 4


def test_it_reads_the_form_token_and_the_cookies_set() -> None:
    page = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="a&amp;b">'
    headers = [
        ("Content-Type", "text/html"),
        ("Set-Cookie", "csrftoken=xyz; Path=/; SameSite=Lax; Secure"),
        ("Set-Cookie", "messages=hello; HttpOnly; Path=/"),
    ]

    assert form_token(page) == "a&b"
    assert cookies_set(headers) == {"csrftoken": "xyz", "messages": "hello"}


def test_a_write_over_the_median_goal_fails() -> None:
    fast, slow = Timings("fast", [10.0, 20.0, 90.0]), Timings("slow", [40.0, 60.0, 70.0])

    assert fast.passes and not slow.passes
    assert "| slow | 3 | 60.0 ms |" in table([fast, slow])
    assert table([slow]).endswith("| FAIL |")


@pytest.mark.django_db(transaction=True)
def test_every_write_goes_through_the_whole_request_and_stores_a_row(live_server) -> None:
    EvidenceFactory()
    generate(TINY, report=lambda line: None)
    plan = prepare(writes=3)
    before = count()

    results = run_writes(live_server.url, plan)

    after = count()
    assert {kind: after[kind] - before[kind] for kind in after} == {
        "reviews": 3,
        "votes": 3,
        "replies": 3,
    }
    assert [len(timings.milliseconds) for timings in results] == [3, 3, 3]
    assert Review.objects.filter(story__startswith="Benchmark review number").count() == 3
    assert ReviewVote.objects.filter(voter__email="bench-writer-0@example.com").count() == 3
    assert Post.objects.filter(body__startswith="Benchmark reply number").count() == 3


def test_each_run_votes_on_reviews_the_voter_has_not_voted_on_yet(scale_data) -> None:
    for _ in range(4):  # the same draw each time would run out of reviews by the fourth
        plan = prepare(writes=4)
        for task in plan["votes"]:
            review = Review.objects.get(pk=task["review_id"])
            ReviewVote.objects.create(
                review=review, voter=User.objects.get(email=VOTER), helpful=True
            )

    assert ReviewVote.objects.filter(voter__email=VOTER).count() == 16
