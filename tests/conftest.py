"""Suite-wide switches: tests that need PostgreSQL or a browser skip with a reason on a
developer's machine, and fail instead in CI, where REQUIRE_POSTGRES=1 and REQUIRE_BROWSER=1
say that a skip would hide a broken environment."""

import os
from pathlib import Path

import pytest
from django.db import connections

pytest_plugins = ["tests.fixtures"]

BROWSER_TESTS = Path(__file__).parent / "browser"
NEEDS_POSTGRES = "needs PostgreSQL: set DATABASE_URL=postgres://…"


def required(name: str) -> bool:
    """True when the environment variable `name` asks for a hard requirement (1, true, yes)."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def database_vendor() -> str:
    return connections["default"].vendor


def pytest_configure(config: pytest.Config) -> None:
    if required("REQUIRE_POSTGRES") and database_vendor() != "postgresql":
        raise pytest.UsageError(
            f"REQUIRE_POSTGRES=1 but the default database is {database_vendor()}, not PostgreSQL: "
            "set DATABASE_URL=postgres://user@host:port/name, or unset REQUIRE_POSTGRES."
        )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: the mark must be on the items before `-m "not browser"` deselects them.
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") and database_vendor() != "postgresql":
        if required("REQUIRE_POSTGRES"):
            pytest.fail(f"REQUIRE_POSTGRES=1: {NEEDS_POSTGRES}", pytrace=False)
        pytest.skip(NEEDS_POSTGRES)
