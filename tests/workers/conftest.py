"""Fixtures of the job tests."""

from __future__ import annotations

import pytest

from core.settings import get_settings


@pytest.fixture
def use_database(monkeypatch):
    """Point the job's settings (workers.context) at a test database, for jobs that run
    inline in the test's process as they would in a worker."""

    def point(engine) -> None:
        monkeypatch.setenv("FEPLE_DATABASE_URL", engine.url.render_as_string(hide_password=False))
        monkeypatch.setenv("FEPLE_DEMO", "1")
        get_settings.cache_clear()

    yield point
    get_settings.cache_clear()
