"""Settings come from the environment; production refuses unsafe defaults."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = secrets.token_urlsafe(60)


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_in_production_without_a_real_secret_key():
    result = manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="aposbook.com")

    assert result.returncode != 0
    assert "needs a real SECRET_KEY" in result.stderr


def test_it_refuses_to_start_in_production_without_allowed_hosts():
    result = manage("check", DJANGO_ENV="production", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="")

    assert result.returncode != 0
    assert "needs ALLOWED_HOSTS" in result.stderr


def test_it_passes_the_deployment_checks_in_production():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="aposbook.com",
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_it_runs_in_development_mode_with_nothing_set():
    show = "from django.conf import settings as s; print('SETTINGS', s.DEBUG, s.SITE_NAME)"
    result = manage("shell", "--no-imports", "-c", show)

    assert result.returncode == 0, result.stderr
    assert "SETTINGS True Aposbook" in result.stdout
