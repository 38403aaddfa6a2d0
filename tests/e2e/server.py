"""A real Streamlit server (``streamlit run Home.py``) on a free local port: for the browser
tests (tests/e2e/conftest.py) and the dashboard benchmark (bench/dashboard.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from core.settings import PROJECT_ROOT

START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_streamlit(data_dir: Path, **env: str) -> tuple[subprocess.Popen, str]:
    """Start the app with ``env`` added to this process's environment (whose own FEPLE_
    settings are left out; FEPLE_TEST_ ones stay), its output in ``data_dir``/streamlit.log.
    Returns the process and its URL once it answers its health check; raises RuntimeError with
    the log when it does not within START_TIMEOUT_S."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FEPLE_") or k.startswith("FEPLE_TEST_")
    }
    environment.update(env, PYTHONPATH=str(PROJECT_ROOT))
    port = free_port()
    log_path = data_dir / "streamlit.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "Home.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return process, url
        except OSError:  # not listening yet, or not healthy yet (HTTPError)
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(log_path.read_text())
