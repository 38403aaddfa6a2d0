"""AppTest fixtures: the app on a copy of the prepared demo database, and logging in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from core.settings import PROJECT_ROOT, get_settings
from db.bootstrap import DEMO_PASSWORD
from tests.conftest import DEMO_TEST_CALLS


@pytest.fixture
def app_env(demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("FEPLE_DATA_DIR", str(demo_data_dir))
    monkeypatch.setenv("FEPLE_DEMO_CALLS", str(DEMO_TEST_CALLS))
    monkeypatch.setenv("FEPLE_DEMO_DAYS", "14")
    get_settings.cache_clear()
    st.cache_resource.clear()
    yield demo_data_dir
    get_settings.cache_clear()
    st.cache_resource.clear()


def new_app() -> AppTest:
    return AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=60)


def login(username: str, password: str = DEMO_PASSWORD) -> AppTest:
    at = new_app()
    at.run()
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click()
    at.run()
    return at


def open_page(script: str, username: str, /, **params: str) -> AppTest:
    """``username`` logged in and on the page ``script`` (e.g. "pages/calls.py"), opened with
    ``params`` in its URL."""
    at = login(username)
    at.switch_page(script)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def texts(at: AppTest) -> str:
    """Everything rendered as text (markdown, titles, metrics, alerts), for assertions."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning",
                 "success", "info"):  # fmt: skip
        parts.extend(str(element.value) for element in getattr(at, kind))
    parts.extend(f"{m.label} {m.value}" for m in at.metric)
    return "\n".join(parts)
