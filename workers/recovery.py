"""Recovering jobs whose worker died (SIGKILL, OOM, a lost host) within seconds, not minutes."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from redis import Redis
from rq.job import Job
from rq.registry import StartedJobRegistry

from workers.liveness import is_alive

log = logging.getLogger(__name__)


def abandoned_entries(connection: Redis, queue_name: str) -> list[tuple[str, str]]:
    """(job id, registry entry) of started jobs whose worker is no longer alive."""
    registry = StartedJobRegistry(queue_name, connection=connection)
    found = []
    for entry in connection.zrange(registry.key, 0, -1):
        member = entry.decode()
        job_id = registry.parse_job_id(member)
        job = (
            Job.fetch(job_id, connection=connection)
            if connection.exists(f"rq:job:{job_id}")
            else None
        )
        if job is None or not job.worker_name or not is_alive(connection, job.worker_name):
            found.append((job_id, member))
    return found


def recover_abandoned(connection: Redis, queue_names: list[str]) -> list[str]:
    """Hand the jobs of dead workers to RQ's own abandoned-job handling: retried while they
    have retries left, else failed (failure callbacks run either way). Returns their ids."""
    recovered: list[str] = []
    for queue_name in queue_names:
        entries = abandoned_entries(connection, queue_name)
        if not entries:
            continue
        registry = StartedJobRegistry(queue_name, connection=connection)
        # An entry's score is when RQ would give up on it; 0 means "now".
        connection.zadd(registry.key, {member: 0 for _, member in entries}, xx=True)
        registry.cleanup(timestamp=1)
        recovered.extend(job_id for job_id, _ in entries)
        log.warning("recovered %d abandoned job(s) on %s", len(entries), queue_name)
    return recovered


SWEEP_INTERVAL_S = 10
"""How often each worker process looks for abandoned jobs (any live worker may recover them)."""


def sweep_until(
    connection: Redis,
    queue_names: list[str],
    stop: threading.Event,
    also: Sequence[Callable[[], object]] = (),
) -> threading.Thread:
    """A daemon thread that recovers abandoned jobs (and runs ``also``, e.g. the sweep of
    uploads saved while Redis was down) every SWEEP_INTERVAL_S until ``stop``."""

    def sweep() -> None:
        while not stop.wait(SWEEP_INTERVAL_S):
            for task in (lambda: recover_abandoned(connection, queue_names), *also):
                try:
                    task()
                except Exception:  # a sweep must never take its worker down
                    log.exception("a periodic sweep failed")

    thread = threading.Thread(target=sweep, name="abandoned-job-sweeper", daemon=True)
    thread.start()
    return thread
