"""Memory of `make serve`'s gunicorn with 1 and 4 workers, each having answered searches.

    DATABASE_URL=sqlite:////path/db.sqlite3 .venv/bin/python bench/server_memory.py

Needs a migrated database holding the ICD-10-CM vocabulary (`make serve` prepares
db.sqlite3). Starts gunicorn as `make serve` does on a free port, sends enough concurrent
search suggestions that every worker has searched (and so would have built its own index
without preloading), then sums PSS (each shared page split between the processes sharing
it) and USS (pages only that process holds) from /proc/<pid>/smaps_rollup over the master
and its workers. Run with and without preloading (WEB_PRELOAD=0) for comparison.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# Run as a script from bench/: its neighbour starts servers the same way.
from http_ratio import free_port, production_env

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PREFIXES = ["ins", "migr", "diab", "asth", "hyper", "arthr", "derm", "anx", "depr", "gastr"]


def wait_until_up(base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/health/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {base}/health/ in {timeout:.0f} s")


def rollup(pid: int) -> dict[str, int]:
    """smaps_rollup's fields in kB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value)
    return fields


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def measure(workers: int, preload: bool) -> tuple[float, float, float]:
    """Total PSS, total USS and mean worker USS in MB, after every worker has searched."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        **production_env(),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "WEB_PRELOAD": "1" if preload else "0",
    }
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "aposbook.wsgi"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(base)
        urls = [f"{base}/search/suggest/?q={p}{n}" for n in range(8 * workers) for p in PREFIXES]
        with ThreadPoolExecutor(max_workers=2 * workers) as pool:
            list(pool.map(lambda url: urllib.request.urlopen(url, timeout=60).read(), urls))
        time.sleep(1)
        pids = [server.pid, *children(server.pid)]
        rollups = [rollup(pid) for pid in pids]
        pss = sum(r["Pss"] for r in rollups) / 1024
        uss = [(r["Private_Clean"] + r["Private_Dirty"]) / 1024 for r in rollups]
        return pss, sum(uss), sum(uss[1:]) / max(1, len(uss) - 1)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def main() -> None:
    print("| workers | index | total PSS | total USS | USS per worker |")
    print("|---|---|---|---|---|")
    for preload in (True, False):
        for workers in (1, 4):
            pss, uss, per_worker = measure(workers, preload)
            how = "preloaded, shared" if preload else "one per worker"
            print(
                f"| {workers} | {how} | {pss:.0f} MB | {uss:.0f} MB | {per_worker:.0f} MB |",
                flush=True,
            )


if __name__ == "__main__":
    main()
