"""gunicorn's settings for `make serve` and production; each can be overridden by env vars.

`gunicorn aposbook.wsgi` reads this file from the current directory.
"""

import gc
import os

from gunicorn.arbiter import Arbiter

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers: one request at a time each; a 2-core machine serves well with 2 to 4.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
# Load aposbook.wsgi (Django and the search index) once in the master, before forking.
# WEB_PRELOAD=0 only to measure what preloading saves (bench/server_memory.py).
preload_app = os.environ.get("WEB_PRELOAD", "1") != "0"
accesslog = os.environ.get("ACCESS_LOG") or None
# gunicorn 24+ listens on a control socket at one path per user ($HOME/.gunicorn): two
# servers on one machine (make bench-http runs two) would fight over it, and we do not use it.
control_socket_disable = True
errorlog = "-"
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10


def when_ready(server: Arbiter) -> None:
    """Freeze the preloaded objects out of the garbage collector's reach before the fork.

    Otherwise each worker's first full collection writes to every object's header and
    so copies the pages holding the shared index into the worker.
    """
    gc.freeze()
