"""The production server: gunicorn's settings, and a WSGI app that builds the search index
before gunicorn forks its workers, so they share one copy."""

import importlib
import runpy
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from gunicorn.config import Config

from aposbook.search import lookup
from tests.factories import ConditionFactory

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def gunicorn_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> Config:
    """Load gunicorn.conf.py the way gunicorn does: each name must be a valid setting."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = Config()
    for name, value in runpy.run_path(str(CONFIG)).items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_it_preloads_the_app_with_sync_workers(monkeypatch) -> None:
    config = gunicorn_settings(monkeypatch)

    assert config.preload_app is True
    assert config.worker_class_str == "sync"
    assert callable(config.when_ready)
    assert config.control_socket_disable is True


def test_it_takes_the_number_of_workers_from_web_concurrency(monkeypatch) -> None:
    assert gunicorn_settings(monkeypatch, WEB_CONCURRENCY="4").workers == 4
    assert gunicorn_settings(monkeypatch, WEB_CONCURRENCY="1").workers == 1


def test_it_binds_where_bind_says(monkeypatch) -> None:
    assert gunicorn_settings(monkeypatch, BIND="0.0.0.0:9000").bind == ["0.0.0.0:9000"]


@pytest.mark.django_db(transaction=True)
def test_loading_the_wsgi_app_builds_the_search_index(monkeypatch) -> None:
    condition = ConditionFactory(name="Restless legs syndrome")
    monkeypatch.setattr(lookup, "_cached", None)

    import aposbook.wsgi

    importlib.reload(aposbook.wsgi)

    assert lookup._cached is not None
    assert condition.pk in lookup._cached[1].conditions
    assert callable(aposbook.wsgi.application)


@pytest.mark.django_db(transaction=True)
def test_the_wsgi_app_still_loads_when_the_database_is_not_ready(monkeypatch, capfd) -> None:
    monkeypatch.setattr(lookup, "_cached", None)
    refused = OperationalError("no such table: library_vocabularyterm")

    import aposbook.wsgi

    with mock.patch("aposbook.search.lookup.current_index", side_effect=refused):
        importlib.reload(aposbook.wsgi)

    assert lookup._cached is None
    assert callable(aposbook.wsgi.application)
    # Django's LOGGING sends warnings to stderr (it replaces pytest's log capture).
    assert "Search index not preloaded" in capfd.readouterr().err
