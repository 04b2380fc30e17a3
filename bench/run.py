"""Run every benchmark in bench/: the test-client ones, each in its own process and
throw-away database, then the HTTP ratios and writes at scale (`make bench`).

    make bench                                   # 1M reviews in bench/scale.sqlite3
    DATABASE_URL=postgres://…/aposbook_bench make bench
    BENCH_SCALE=small make bench                 # 10,000 reviews: a quick look
    BENCH_SCALE=none make bench                  # the test-client benchmarks only
    BENCH_ARGS="--rounds 5 --duration 10" make bench

At scale, the bench database is prepared as `make serve` prepares the site's (migrations,
the full ICD-10-CM vocabulary, the demo library, static files), and bench/scale_data.py
loads its data into it once (about 3 minutes for the full size); then bench/http_ratio.py
prints the ratio table and the writes. The scale data is stand-in text by the thousand, so
it only goes into a database whose name says "bench".
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCALES = ("full", "small", "none")
WRITES = 100  # of each kind: enough for a median and a rough p99
DEFAULT_DATABASE = f"sqlite:///{HERE / 'scale.sqlite3'}"


def run(*command: str, env: dict[str, str] | None = None) -> bool:
    print(f"== {' '.join(command)}", flush=True)
    finished = subprocess.run([sys.executable, *command], cwd=ROOT, env=env, check=False)
    return finished.returncode == 0


def bench_database() -> str:
    """DATABASE_URL if its database's name says it is for benchmarks; else our SQLite file."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return DEFAULT_DATABASE
    name = url.rsplit("/", 1)[-1].split("?")[0]
    if "bench" not in name:
        raise SystemExit(
            f"The scale benchmarks load a million stand-in reviews into {url!r}: point "
            "DATABASE_URL at a database whose name contains 'bench', or unset it."
        )
    return url


def prepare(scale: str, env: dict[str, str]) -> bool:
    """The bench database ready to serve, with the scale data loaded once."""
    production = {
        **env,
        "DJANGO_ENV": "production",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": secrets.token_urlsafe(60),
    }
    steps = [
        (["manage.py", "migrate", "--noinput", "--verbosity", "0"], env),
        (["manage.py", "import_icd10", "--if-empty", "--no-progress"], env),
        (["manage.py", "load_demo"], env),
        (["bench/scale_data.py", "--size", scale, "--unless-loaded"], env),
        (["manage.py", "collectstatic", "--noinput", "--verbosity", "0"], production),
    ]
    return all(run(*command, env=step_env) for command, step_env in steps)


def main() -> int:
    failures = 0
    for script in sorted(HERE.glob("bench_*.py")):
        failures += not run(str(script.relative_to(ROOT)))
    scale = os.environ.get("BENCH_SCALE", "full")
    if scale not in SCALES:
        raise SystemExit(f"BENCH_SCALE is one of {', '.join(SCALES)}, not {scale!r}")
    if scale != "none":
        env = {**os.environ, "DATABASE_URL": bench_database()}
        if not prepare(scale, env):
            return 1
        failures += not run("bench/http_ratio.py", f"--writes={WRITES}", *sys.argv[1:], env=env)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
