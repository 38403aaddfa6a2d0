"""Is a worker process still alive? Each worker refreshes a short-lived Redis key from a thread.

RQ learns that a worker died only when the job's registry entry expires (the heartbeat TTL plus
60 s, and a SimpleWorker does not heartbeat while a long job runs). A SIGKILL also stops this
thread, so the key is gone within ``LIVENESS_TTL_S`` and the sweeper can act at once.
"""

from __future__ import annotations

import threading

from redis import Redis

LIVENESS_TTL_S = 15
"""A worker whose key is older than this is dead."""

LIVENESS_INTERVAL_S = 5
"""How often a live worker refreshes its key."""


def liveness_key(worker_name: str) -> str:
    return f"feple:worker-alive:{worker_name}"


def is_alive(connection: Redis, worker_name: str) -> bool:
    return bool(connection.exists(liveness_key(worker_name)))


def keep_alive(connection: Redis, worker_name: str, stop: threading.Event) -> threading.Thread:
    """Start the daemon thread that keeps ``worker_name``'s key fresh until ``stop`` is set."""
    key = liveness_key(worker_name)

    def refresh() -> None:
        while True:
            connection.set(key, "1", ex=LIVENESS_TTL_S)
            if stop.wait(LIVENESS_INTERVAL_S):
                connection.delete(key)
                return

    connection.set(key, "1", ex=LIVENESS_TTL_S)
    thread = threading.Thread(target=refresh, name=f"liveness-{worker_name}", daemon=True)
    thread.start()
    return thread
