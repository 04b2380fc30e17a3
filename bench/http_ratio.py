"""Aposbook against bare Django over HTTP, as ratios measured in one run, and writes.

    make bench-http                                      # the configured database
    DATABASE_URL=... .venv/bin/python bench/http_ratio.py [--rounds 3] [--duration 5]

Starts Aposbook under gunicorn as `make serve` does, but with one sync worker pinned to
core 0 (taskset), and beside it bench/bare_site.py, a bare Django view serving the very
bytes Aposbook served for each address, under the same gunicorn settings on the same core.
Then loads each address with wrk pinned to core 1, alternating Aposbook and bare Django
round by round so that whatever else the machine does falls on both, and prints each
one's requests per second and 99th percentile latency (medians over the rounds), the
ratio of the requests per second, and the issue's goal for that row with pass or FAIL.

The rows: the home, condition, solution, article, video and library pages read by a
visitor and by a logged-in member (a session made in the database by
bench/http_members.py, sent by wrk as a Cookie header: the site marks its cookies secure
and this is plain HTTP), and the search box's suggestions. Then, against the same server,
writes through the whole request (bench/http_writes.py): reviews, helpful votes and
replies by established members, each checked to have stored its row.

Absolute figures depend on the machine and its load; the ratio is what to compare between
runs. Needs a migrated database with the demo library and `wrk` on PATH; the writes need
reviews and discussions (bench/scale_data.py): `--writes 100` (as `make bench` runs it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # bench.http_writes, as when imported from the tests

from bench.http_writes import run_writes  # noqa: E402
from bench.http_writes import table as writes_table  # noqa: E402

BIN = Path(sys.executable).parent
PAGES = [
    "/",
    "/conditions/insomnia/",
    "/solutions/magnesium/",
    "/articles/magnesium-and-sleep/",
    "/videos/sleep-is-your-superpower/",
    "/library/",
]
# The smallest and the largest member page, served by bench/member_floor_site.py: what any
# member's page costs before it does anything of its own.
FLOOR_PAGES = ["/videos/sleep-is-your-superpower/", "/solutions/magnesium/"]
# What the search box's htmx asks as someone types (templates/includes/search_box.html).
SUGGESTIONS = "/search/suggest/?q=insom"
SERVER_CORE, LOAD_CORE = "0", "1"
PAGE_CACHE_HEADER = "X-Page-Cache"  # aposbook/lib/stored_pages.py
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Result:
    requests_per_second: float
    p99_ms: float


@dataclass(frozen=True)
class Goal:
    """The issue's goal for a row: a ratio to bare Django, and for some a p99 at most."""

    ratio: float
    p99_ms: float | None = None

    def met(self, ratio: float, p99_ms: float) -> bool:
        return ratio >= self.ratio and (self.p99_ms is None or p99_ms <= self.p99_ms)

    def __str__(self) -> str:
        p99 = f", p99 <= {self.p99_ms:.0f} ms" if self.p99_ms is not None else ""
        return f">= {self.ratio}{p99}"


VISITOR_GOAL = Goal(ratio=0.8, p99_ms=50)
MEMBER_GOAL = Goal(ratio=0.4)
SUGGESTIONS_GOAL = Goal(ratio=0.5)


@dataclass(frozen=True)
class Row:
    """One address as one reader asks it, and where the bare site serves the same bytes."""

    reader: str  # "visitor", "member" or "member floor"
    path: str
    goal: Goal | None  # None: a measurement to compare the goals' rows with
    cookie: str = ""
    size: int = 0  # bytes of the answer, once fetched
    page_cache: str = "-"  # what the site's page cache said of the second fetch

    @property
    def floor(self) -> bool:
        """Measured against bench/member_floor_site.py instead of Aposbook's own pages."""
        return self.reader == "member floor"

    @property
    def bare_path(self) -> str:
        return f"/member{self.path}" if self.cookie else self.path

    @property
    def bare_key(self) -> str:
        """The bare site's key for these bytes: its path, without the query."""
        return urlsplit(self.bare_path).path

    @property
    def headers(self) -> dict[str, str]:
        return {"Cookie": self.cookie} if self.cookie else {}


def rows(member_cookie: str) -> list[Row]:
    return [
        *(Row("visitor", page, VISITOR_GOAL) for page in PAGES),
        Row("visitor", SUGGESTIONS, SUGGESTIONS_GOAL),
        *(Row("member", page, MEMBER_GOAL, member_cookie) for page in PAGES),
        *(Row("member floor", page, None, member_cookie) for page in FLOOR_PAGES),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pinned(core: str, command: list[str]) -> list[str]:
    """`command` on one core, when the machine has a second one for the load."""
    if (os.cpu_count() or 1) < 2 or not shutil.which("taskset"):
        return command
    return ["taskset", "-c", core, *command]


def fetch(url: str, headers: dict[str, str] | None = None) -> bytes:
    return answer(url, headers)[0]


def answer(url: str, headers: dict[str, str] | None = None) -> tuple[bytes, str]:
    """The page's bytes, and whether the site's page cache served it (its X-Page-Cache
    header: "hit" or "miss"; "-" when the site did not consider caching it)."""
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), response.headers.get(PAGE_CACHE_HEADER, "-")


def wait_for(url: str, server: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server for {url} exited with {server.returncode}")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"no answer from {url} in {timeout:.0f} s")


@contextmanager
def gunicorn(app: str, port: int, ready: str, **env: str) -> Iterator[str]:
    """One sync worker serving `app` on SERVER_CORE, with gunicorn.conf.py's settings,
    once it answers `ready`."""
    environment = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "WEB_MAX_REQUESTS": "0",  # no worker recycling in the middle of a round
        **env,
    }
    command = pinned(SERVER_CORE, [str(BIN / "gunicorn"), app])
    server = subprocess.Popen(command, cwd=ROOT, env=environment, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + ready, server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=60)


def production_env() -> dict[str, str]:
    return {
        "DJANGO_ENV": "production",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(60),
        # As in production: a write queues its emails for `db_worker` (none runs here)
        # instead of sending them to every follower within the request.
        "TASKS_BACKEND": "database",
    }


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def wrk_command(url: str, duration: int, connections: int, headers: dict[str, str]) -> list[str]:
    sent = [f"--header={name}: {value}" for name, value in headers.items()]
    return ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", *sent, url]


def load(url: str, duration: int, connections: int, headers: dict[str, str]) -> Result:
    """wrk on LOAD_CORE against `url`; refuses a run with errors or non-2xx answers."""
    command = wrk_command(url, duration, connections, headers)
    output = subprocess.run(
        pinned(LOAD_CORE, command), capture_output=True, text=True, check=True
    ).stdout
    return read_wrk(output, url)


def read_wrk(output: str, url: str) -> Result:
    """Requests per second and p99 from `wrk --latency`'s report; errors stop the run."""
    if "Non-2xx" in output or "Socket errors" in output:
        raise SystemExit(f"wrk saw errors loading {url}:\n{output}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    if not rate or not p99:
        raise SystemExit(f"could not read wrk's output for {url}:\n{output}")
    return Result(float(rate.group(1)), milliseconds(p99.group(1)))


def median(results: list[Result]) -> Result:
    return Result(
        statistics.median(r.requests_per_second for r in results),
        statistics.median(r.p99_ms for r in results),
    )


def bench_members(action: str, env: dict[str, str], *args: str) -> dict:
    """bench/http_members.py's answer, run against the server's database and key."""
    command = [sys.executable, str(ROOT / "bench" / "http_members.py"), action, *args]
    output = subprocess.run(
        command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True
    )
    if output.returncode:
        raise SystemExit(f"bench/http_members.py {action} failed:\n{output.stderr}")
    return json.loads(output.stdout)


def verdict(passed: bool) -> str:
    return "pass" if passed else "FAIL"


def read_rows(
    sites: dict[bool, str], bare: str, table: list[Row], options: argparse.Namespace
) -> list[str]:
    """Print the ratio table; the rows that miss their goal. `sites`: Aposbook's address
    (False) and the member floor's (True)."""
    print(
        f"{options.rounds} alternating rounds of {options.duration} s per address and server, "
        f"wrk -c{options.connections} on core {LOAD_CORE}, one sync worker each on core "
        f"{SERVER_CORE}"
    )
    print(
        "| reader | address | bytes | page cache | Aposbook req/s | bare req/s | ratio "
        "| p99 Aposbook | p99 bare | goal | verdict |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    failing = []
    for row in table:
        ours, theirs = [], []
        for _ in range(options.rounds):
            load_args = (options.duration, options.connections, row.headers)
            ours.append(load(sites[row.floor] + row.path, *load_args))
            theirs.append(load(bare + row.bare_path, *load_args))
        a, b = median(ours), median(theirs)
        ratio = a.requests_per_second / b.requests_per_second
        goal, outcome = "-", "(floor)"
        if row.goal is not None:
            passed = row.goal.met(ratio, a.p99_ms)
            goal, outcome = str(row.goal), verdict(passed)
            if not passed:
                failing.append(f"{row.reader} {row.path}")
        print(
            f"| {row.reader} | `{row.path}` | {row.size:,} | {row.page_cache} "
            f"| {a.requests_per_second:,.0f} | "
            f"{b.requests_per_second:,.0f} | {ratio:.2f} | {a.p99_ms:.1f} ms "
            f"| {b.p99_ms:.1f} ms | {goal} | {outcome} |",
            flush=True,
        )
    return failing


def write_rows(site: str, plan: dict, env: dict[str, str]) -> list[str]:
    """Print the writes' table, after checking that each write stored its row; the kinds
    of write that miss the goal."""
    before = bench_members("count", env)
    results = run_writes(site, plan)
    after = bench_members("count", env)
    for kind in ("reviews", "votes", "replies"):
        if after[kind] - before[kind] != len(plan[kind]):
            raise SystemExit(
                f"{len(plan[kind])} {kind} sent but {after[kind] - before[kind]} rows stored"
            )
    print("\nWrites through the whole request, one after another, by established members:")
    print(writes_table(results))
    return [timings.label for timings in results if not timings.passes]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per round")
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument(
        "--writes", type=int, default=0, help="writes of each kind (they need scale data)"
    )
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench-http` installs Debian's wrk")

    env = production_env()  # one secret key: the sessions made below must match the server's
    plan = bench_members("prepare", env, f"--writes={options.writes}")
    with ExitStack() as stack:
        site = stack.enter_context(gunicorn("aposbook.wsgi", free_port(), "/health/", **env))
        table = rows(plan["reader"])
        pages: dict[str, str] = {}
        for n, row in enumerate(table):
            if row.floor:  # the floor serves the bytes of the member's own page
                table[n] = replace(row, size=len(pages[row.bare_key]))
                continue
            fetch(site + row.path, row.headers)  # the first visit builds what can be stored
            page, page_cache = answer(site + row.path, row.headers)
            pages[row.bare_key] = page.decode()
            table[n] = replace(row, size=len(page), page_cache=page_cache)
        pages_file = stack.enter_context(
            tempfile.NamedTemporaryFile("w", suffix=".json", prefix="bare-pages-")
        )
        json.dump(pages, pages_file)
        pages_file.flush()
        bare = stack.enter_context(
            gunicorn("bench.bare_site:application", free_port(), "/", BARE_PAGES=pages_file.name)
        )
        floor = stack.enter_context(
            gunicorn(
                "bench.member_floor_site:application",
                free_port(),
                "/ready/",
                BARE_PAGES=pages_file.name,
                **env,
            )
        )
        failing = read_rows({False: site, True: floor}, bare, table, options)
        if options.writes:
            failing += write_rows(site, plan, env)
    if failing:
        print(f"\nGoals missed: {'; '.join(failing)}")
        return 1
    print("\nEvery goal met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
