"""Job functions used only by the tests (importable by dotted path, like real jobs)."""


def fail_with_reason(reason: str) -> None:
    raise RuntimeError(reason)
