"""A real Streamlit server on a copy of the prepared demo database, and headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import services
from tests.conftest import DEMO_TEST_CALLS
from tests.e2e.server import start_streamlit

CHROMIUM = os.environ.get("FEPLE_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="session")
def app_server(
    demo_database_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("e2e-data")
    (data_dir / "feple.db").write_bytes(demo_database_template.read_bytes())
    try:
        process, url = start_streamlit(
            data_dir,
            FEPLE_DATA_DIR=str(data_dir),
            FEPLE_DEMO_CALLS=str(DEMO_TEST_CALLS),
            FEPLE_DEMO_DAYS="14",
        )
    except RuntimeError as error:
        pytest.fail(f"streamlit did not start: {error}")
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if services.services_required():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: FEPLE_TEST_SCREENSHOTS to keep them, else the test's tmp dir."""
    target = Path(os.environ.get("FEPLE_TEST_SCREENSHOTS", tmp_path))
    target.mkdir(parents=True, exist_ok=True)
    return target
