"""Reaching the real PostgreSQL and Redis the tests use, or failing/skipping clearly."""

from __future__ import annotations

import os
import socket

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
