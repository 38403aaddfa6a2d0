"""Reaching the real PostgreSQL and Redis the tests use, or failing/skipping clearly."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

PG_HOST = os.environ.get("FEPLE_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("FEPLE_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("FEPLE_TEST_PG_USER", "root")
REDIS_HOST = os.environ.get("FEPLE_TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("FEPLE_TEST_REDIS_PORT", "6379"))


def services_required() -> bool:
    """Under CI (REQUIRE_SERVICES=1) a missing server fails the run instead of skipping."""
    return os.environ.get("REQUIRE_SERVICES") == "1"


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def need(service: str, host: str, port: int) -> None:
    if reachable(host, port):
        return
    message = f"{service} is not reachable at {host}:{port}"
    if services_required():
        pytest.fail(message + " (REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(message)


def pg_url(database: str) -> str:
    return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}"


TEST_SECRET = "test-secret-" + "x" * 40
"""A production-strength secret for tests that run the app as production does."""


def production_env(
    database_url: str, redis_url: str = "", queue_prefix: str = ""
) -> dict[str, str]:
    """The environment of a production process (worker, CLI) pointed at the test servers."""
    from core.settings import PROJECT_ROOT

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FEPLE_") or k.startswith("FEPLE_TEST_")
    }
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        FEPLE_QUEUE_PREFIX=queue_prefix,
        FEPLE_COOKIE_KEY=TEST_SECRET,
        FEPLE_CUSTOMER_KEY_SECRET=TEST_SECRET,
        PYTHONPATH=str(PROJECT_ROOT),
    )
    return env


def production_settings(database_url: str, redis_url: str = "", queue_prefix: str = ""):  # type: ignore[no-untyped-def]
    from core.settings import Settings

    return Settings(_env_file=None, database_url=database_url, redis_url=redis_url,
                    queue_prefix=queue_prefix, cookie_key=TEST_SECRET,
                    customer_key_secret=TEST_SECRET)  # fmt: skip


def run_burst_worker(
    env: dict[str, str], *queues: str, timeout_s: float = 300
) -> subprocess.CompletedProcess:
    """A real worker process on ``queues`` that exits once they are empty."""
    from core.settings import PROJECT_ROOT

    command = [sys.executable, "-m", "workers.main", *queues, "--burst", "--no-scheduler"]
    return subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout_s)  # fmt: skip
