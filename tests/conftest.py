"""Shared fixtures: migrated SQLite and PostgreSQL databases, and a private Redis db.

Each test run creates its own PostgreSQL database (dropped at the end) and claims its own
Redis logical database, so runs never see each other's rows or keys.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from db import migrate
from db.models import Base
from db.session import create_db_engine
from tests import services

# Tests must never pick up a developer's .env or production variables.
for _name in list(os.environ):
    if _name.startswith("FEPLE_") and not _name.startswith("FEPLE_TEST_"):
        del os.environ[_name]
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine = create_db_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def sqlite_engine(_sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite database file of this test's own."""
    path = tmp_path / "feple.db"
    shutil.copyfile(_sqlite_template, path)
    engine = create_db_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """A PostgreSQL database of this run's own, migrated to head, dropped at the end."""
    services.need("PostgreSQL", services.PG_HOST, services.PG_PORT)
    name = f"feple_test_{uuid.uuid4().hex[:12]}"
    admin = create_db_engine(services.pg_url("postgres"))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = services.pg_url(name)
    engine = create_db_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_engine(pg_database_url: str) -> Iterator[Engine]:
    """The run's PostgreSQL database, emptied after each test."""
    engine = create_db_engine(pg_database_url)
    yield engine
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "pg"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Runs the test once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_engine")


REDIS_CLAIM_KEY = "feple:test-run-claim"
"""Set in a Redis logical database while a test run owns it."""


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis logical database (1-15) claimed by this run alone, flushed before and after."""
    services.need("Redis", services.REDIS_HOST, services.REDIS_PORT)
    import redis

    claim = uuid.uuid4().hex
    for db_index in range(1, 16):
        client = redis.Redis(host=services.REDIS_HOST, port=services.REDIS_PORT, db=db_index)
        if client.set(REDIS_CLAIM_KEY, claim, nx=True, ex=3600):
            client.flushdb()
            client.set(REDIS_CLAIM_KEY, claim, ex=3600)
            break
        client.close()
    else:
        pytest.fail("no free Redis logical database (1-15) for this test run")
    yield f"redis://{services.REDIS_HOST}:{services.REDIS_PORT}/{db_index}"
    client.flushdb()
    client.close()


DEMO_TEST_CALLS = 150
"""Demo calls in the prepared database the page and browser tests start from."""


@pytest.fixture(scope="session")
def demo_database_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file prepared like a first start (schema, demo users, small demo data)."""
    from core.settings import Settings
    from db.bootstrap import prepare_database

    data_dir = tmp_path_factory.mktemp("demo-template")
    settings = Settings(_env_file=None, data_dir=data_dir, demo_calls=DEMO_TEST_CALLS, demo_days=14)
    engine = create_db_engine(settings.sqlalchemy_url)
    prepare_database(engine, settings)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return data_dir / "feple.db"


@pytest.fixture
def demo_data_dir(demo_database_template: Path, tmp_path: Path) -> Path:
    """A data directory of this test's own holding a copy of the prepared demo database."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copyfile(demo_database_template, data_dir / "feple.db")
    return data_dir


from tests.fixtures.tiny_whisper import tiny_whisper_dir_fixture  # noqa: E402, F401
from tests.fixtures.tiny_xtts import tiny_xtts_dir_fixture  # noqa: E402, F401
from tests.openai_server import openai_server_fixture  # noqa: E402, F401  (the openai_server fixture)
