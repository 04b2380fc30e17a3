"""What every benchmark shares: a throw-away SQLite database and a page timer.

Call `use_throwaway_database()` before importing anything from Django or Aposbook.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def use_throwaway_database() -> None:
    """Point Django at a new SQLite file, set it up and create the tables."""
    sys.path.insert(0, str(ROOT))
    workdir = tempfile.mkdtemp(prefix="aposbook-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aposbook.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def measure(client, url: str, repeats: int = 200) -> tuple[float, float, int]:
    """Median and p95 milliseconds of `repeats` GETs of `url`, and the queries one GET makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and template loading
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), statistics.quantiles(timings, n=20)[-1], len(queries)
