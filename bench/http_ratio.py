"""Aposbook against bare Django over HTTP, as ratios measured in one run.

    make bench-http                                      # the configured database
    DATABASE_URL=... .venv/bin/python bench/http_ratio.py [--rounds 3] [--duration 5]

Starts Aposbook under gunicorn as `make serve` does, but with one sync worker pinned to
core 0 (taskset), and beside it bench/bare_site.py, a bare Django view serving the very
bytes Aposbook served for each page, under the same gunicorn settings on the same core.
Then loads each page with wrk pinned to core 1, alternating Aposbook and bare Django
round by round so that whatever else the machine does falls on both, and prints each
one's requests per second and 99th percentile latency (medians over the rounds) and the
ratio of the requests per second. Absolute figures depend on the machine and its load;
the ratio is what to compare between runs.

Needs a migrated database with the demo library (the pages below) and `wrk` on PATH.
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PAGES = [
    "/",
    "/conditions/insomnia/",
    "/solutions/magnesium/",
    "/articles/magnesium-and-sleep/",
    "/library/",
]
SERVER_CORE, LOAD_CORE = "0", "1"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Result:
    requests_per_second: float
    p99_ms: float


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pinned(core: str, command: list[str]) -> list[str]:
    """`command` on one core, when the machine has a second one for the load."""
    if (os.cpu_count() or 1) < 2 or not shutil.which("taskset"):
        return command
    return ["taskset", "-c", core, *command]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


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
    }


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def load(url: str, duration: int, connections: int) -> Result:
    """wrk on LOAD_CORE against `url`; refuses a run with errors or non-2xx answers."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", url]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per round")
    parser.add_argument("--connections", type=int, default=2)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench-http` installs Debian's wrk")

    with ExitStack() as stack:
        site = stack.enter_context(
            gunicorn("aposbook.wsgi", free_port(), "/health/", **production_env())
        )
        pages = {page: fetch(site + page).decode() for page in PAGES}
        pages_file = stack.enter_context(
            tempfile.NamedTemporaryFile("w", suffix=".json", prefix="bare-pages-")
        )
        json.dump(pages, pages_file)
        pages_file.flush()
        bare = stack.enter_context(
            gunicorn("bench.bare_site:application", free_port(), "/", BARE_PAGES=pages_file.name)
        )
        print(
            f"{options.rounds} alternating rounds of {options.duration} s per page and server, "
            f"wrk -c{options.connections} on core {LOAD_CORE}, one sync worker each on core "
            f"{SERVER_CORE}"
        )
        print("| page | bytes | Aposbook req/s | bare req/s | ratio | p99 Aposbook | p99 bare |")
        print("|---|---|---|---|---|---|---|")
        for page in PAGES:
            ours, theirs = [], []
            for _ in range(options.rounds):
                ours.append(load(site + page, options.duration, options.connections))
                theirs.append(load(bare + page, options.duration, options.connections))
            a, b = median(ours), median(theirs)
            ratio = a.requests_per_second / b.requests_per_second
            print(
                f"| `{page}` | {len(pages[page].encode()):,} | {a.requests_per_second:,.0f} | "
                f"{b.requests_per_second:,.0f} | {ratio:.2f} "
                f"| {a.p99_ms:.1f} ms | {b.p99_ms:.1f} ms |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
