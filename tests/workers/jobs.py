"""Job functions used only by the tests (importable by dotted path, like real jobs)."""


def fail_with_reason(reason: str) -> None:
    raise RuntimeError(reason)


def record_run_then_sleep(path: str, seconds: float, first_run_seconds: float = 0) -> str:
    """Appends a line per run (so the test can count runs), then works for ``seconds``, or
    ``first_run_seconds`` on the first run (so a test can kill that run however slow it is)."""
    import time
    from pathlib import Path

    file = Path(path)
    first = not file.exists()
    with file.open("a") as handle:
        handle.write("run\n")
    time.sleep(first_run_seconds if first and first_run_seconds else seconds)
    return "done"


def fail_until_marked(path: str, target_id: int) -> int:
    """Fails while ``path`` does not exist (a retry after the test creates it succeeds)."""
    from pathlib import Path

    if not Path(path).exists():
        raise RuntimeError(f"not ready for {target_id}")
    return target_id


def report_progress_for(path: str, seconds: float) -> str:
    """Works for ``seconds`` reporting progress, as a real job does (and so can be canceled)."""
    import time
    from pathlib import Path

    from workers.queue import report_progress

    with Path(path).open("a") as handle:
        handle.write("started\n")
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        report_progress(0.5)
        time.sleep(0.1)
    with Path(path).open("a") as handle:
        handle.write("finished\n")
    return "done"
