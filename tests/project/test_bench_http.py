"""make bench-http reads wrk's report: requests per second and the 99th percentile, and
refuses a run whose answers were errors (a ratio against error pages would mean nothing)."""

import pytest

from bench.http_ratio import milliseconds, read_wrk

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
