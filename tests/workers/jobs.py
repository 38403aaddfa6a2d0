"""Job functions used only by the tests (importable by dotted path, like real jobs)."""


def fail_with_reason(reason: str) -> None:
    raise RuntimeError(reason)


def record_run_then_sleep(path: str, seconds: float) -> str:
    """Appends a line per run (so the test can count runs), then works for ``seconds``."""
    import time
    from pathlib import Path

    with Path(path).open("a") as handle:
        handle.write("run\n")
    time.sleep(seconds)
    return "done"
