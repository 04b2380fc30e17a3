"""No data is lost by the move to one app per domain: a database made by the code as it was
before (the `community` app, suspensions in `accounts`), with a member who wrote one of
everything, migrates forward with every row still there.

The old code comes from git (`git archive` of the last commit before the split), so this
needs the repository's history, as every clone has. On PostgreSQL (`.ci/run`) it uses a
throw-away database on the same server as the test database.
"""

import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
# The last commit with the `community` app.
BEFORE_THE_SPLIT = "2b9df0c023af58453406ce246e9d85493dfdef2b"
MOVED_TABLES = [
    "community_review",
    "community_reviewvote",
    "community_reviewstats",
    "community_thread",
    "community_post",
    "community_follow",
    "community_question",
    "community_answer",
    "community_answervote",
    "community_feedback",
    "accounts_suspension",
    "accounts_expertapplication",
]

pytestmark = pytest.mark.django_db


def old_code(destination: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BEFORE_THE_SPLIT, "aposbook", "manage.py"],
        capture_output=True,
        check=False,
    )
    assert archive.returncode == 0, (
        "The migration test needs the repository's history (a full git clone) to rebuild "
        f"the code before the split: {archive.stderr.decode()}"
    )
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def manage(code: Path, database_url: str, *args: str, script: Path | None = None) -> str:
    """Run `manage.py` of the code in `code` against `database_url`; its standard output."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MOVED_TABLES": json.dumps(MOVED_TABLES),
        "PYTHONPATH": str(code),
    }
    command = [sys.executable, str(code / "manage.py"), *args]
    if script is not None:
        command += ["-v", "0", "-c", script.read_text()]
    result = subprocess.run(command, cwd=code, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """The address of a new, empty database of the kind the tests run on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'before-the-split.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"aposbook_split_{uuid.uuid4().hex[:12]}"
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    try:
        yield f"postgres://{settings['USER']}{password}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_database_from_before_the_split_keeps_every_row(tmp_path, empty_database) -> None:
    before = old_code(tmp_path / "before")
    manage(before, empty_database, "migrate", "--noinput", "-v0")
    manage(before, empty_database, "load_demo", "-v0")
    counts_before = json.loads(
        manage(before, empty_database, "shell", script=HERE / "old_layout_seed.py")
    )

    manage(ROOT, empty_database, "migrate", "--noinput", "-v0")
    after = json.loads(manage(ROOT, empty_database, "shell", script=HERE / "new_layout_check.py"))

    assert all(counts_before[table] > 0 for table in MOVED_TABLES), counts_before
    assert after["counts"] == counts_before
    assert after["review_story"] == "Magnesium glycinate at night helped me fall asleep sooner."
    assert (after["review_helpful"], after["stats_count"]) == (1, 1)
    assert after["thread_replies"] == 1
    assert after["reply"] == "A dim light and a dull book work for me."
    assert after["omar_follows"] == 2  # the topic, and the thread he replied in
    assert (after["answer"], after["answer_count"]) == (
        "Glycinate is the gentlest on my stomach.",
        1,
    )
    assert after["feedback"] == "Clear page."
    assert after["omar_suspended"] is True
    assert after["suspension_reason"] == "Spam links."
    assert after["pending_applications"] == 1
    # Permissions and the admin's history follow the models to their new apps.
    assert after["content_types"] == [
        "discussions.thread",
        "feedback.feedback",
        "moderation.suspension",
        "questions.question",
        "reviews.review",
    ]


def test_a_new_database_gets_every_table(tmp_path) -> None:
    database = f"sqlite:///{tmp_path / 'new.sqlite3'}"

    manage(ROOT, database, "migrate", "--noinput", "-v0")
    check = manage(
        ROOT,
        database,
        "shell",
        "-v",
        "0",
        "-c",
        "from django.db import connection; print(sorted(connection.introspection.table_names()))",
    )

    assert all(table in check for table in MOVED_TABLES)
