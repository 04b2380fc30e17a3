"""make bench-http reads wrk's report: requests per second and the 99th percentile, and
refuses a run whose answers were errors (a ratio against error pages would mean nothing);
it measures visitors' and members' pages and the suggestions, each against its goal."""

import pytest

from bench.http_ratio import (
    FLOOR_PAGES,
    MEMBER_GOAL,
    PAGES,
    SUGGESTIONS,
    VISITOR_GOAL,
    Goal,
    milliseconds,
    read_wrk,
    rows,
    wrk_command,
)
from bench.run import DEFAULT_DATABASE, bench_database

REPORT = """Running 1s test @ http://127.0.0.1:18777/
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.86ms    7.56ms  58.28ms   92.20%
    Req/Sec     1.13k   535.33     2.10k    70.00%
  Latency Distribution
     50%    1.14ms
     75%    3.69ms
     90%    8.70ms
     99%   45.46ms
  1130 requests in 1.01s, 219.60KB read
Requests/sec:   1123.76
Transfer/sec:    218.39KB
"""


def test_it_reads_requests_per_second_and_p99() -> None:
    result = read_wrk(REPORT, "/")

    assert result.requests_per_second == 1123.76
    assert result.p99_ms == 45.46


def test_it_reads_latencies_in_any_unit() -> None:
    assert milliseconds("850.12us") == pytest.approx(0.85012)
    assert milliseconds("1.50s") == 1500.0


def test_it_refuses_a_run_with_error_answers() -> None:
    with pytest.raises(SystemExit, match="errors"):
        read_wrk(REPORT + "  Non-2xx or 3xx responses: 1552\n", "/missing/")


def test_it_measures_each_page_for_visitors_and_members_and_the_suggestions() -> None:
    table = rows("sessionid=abc")

    visitors = [row.path for row in table if row.reader == "visitor"]
    members = [row.path for row in table if row.reader == "member"]
    assert "/videos/sleep-is-your-superpower/" in visitors
    assert members == PAGES
    assert visitors == [*PAGES, SUGGESTIONS]


def test_a_member_row_sends_the_session_to_both_servers_and_has_its_own_bare_bytes() -> None:
    [member_home] = [row for row in rows("sessionid=abc") if row.reader == "member"][:1]

    command = wrk_command("http://127.0.0.1:1/", 5, 2, member_home.headers)

    assert "--header=Cookie: sessionid=abc" in command
    assert member_home.bare_path == "/member/"  # not the visitor's page, which differs


def test_the_member_floor_is_measured_with_the_session_on_member_pages_bytes() -> None:
    floors = [row for row in rows("sessionid=abc") if row.floor]

    assert [row.path for row in floors] == FLOOR_PAGES
    assert all(row.goal is None and row.headers == {"Cookie": "sessionid=abc"} for row in floors)
    assert {row.bare_key for row in floors} <= {f"/member{page}" for page in PAGES}


def test_the_suggestions_are_served_bare_under_their_path_without_the_query() -> None:
    [suggestions] = [row for row in rows("sessionid=abc") if row.path == SUGGESTIONS]

    assert suggestions.bare_key == "/search/suggest/"
    assert suggestions.goal == Goal(ratio=0.5)


def test_a_visitor_row_fails_on_a_slow_p99_even_with_a_good_ratio() -> None:
    assert VISITOR_GOAL.met(0.9, 40.0)
    assert not VISITOR_GOAL.met(0.9, 60.0)
    assert not VISITOR_GOAL.met(0.7, 10.0)
    assert MEMBER_GOAL.met(0.45, 500.0)  # members' goal is the ratio alone


def test_make_bench_loads_scale_data_only_into_a_bench_database(monkeypatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert bench_database() == DEFAULT_DATABASE

    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/aposbook_bench")
    assert bench_database().endswith("/aposbook_bench")

    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/aposbook")
    with pytest.raises(SystemExit, match="contains 'bench'"):
        bench_database()
