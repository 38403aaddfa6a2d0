import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from redis import Redis
from rq.job import Job, JobStatus

from core.domain import JobStatus as RunStatus
from core.domain import QueueName
from core.settings import PROJECT_ROOT
from db.models import JobRun
from db.session import transaction
from tests import services
from workers.liveness import LIVENESS_TTL_S
from workers.queue import enqueue, queue_name
from workers.recovery import recover_abandoned


def worker_process(
    database_url: str, redis_url: str, prefix: str, *, burst: bool
) -> subprocess.Popen:
    env = services.production_env(database_url, redis_url, prefix)
    command = [sys.executable, "-m", "workers.main", "cpu", "--no-scheduler"]
    return subprocess.Popen([*command, "--burst"] if burst else command, cwd=PROJECT_ROOT,
                            env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip


def kill_with_work_horse(pid: int) -> None:
    """SIGKILL a worker and its work horse, as a lost host would. The horse runs in a process
    group of its own (RQ calls setpgrp), so it is found as the worker's child."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for child in children:
        os.kill(int(child), signal.SIGKILL)
    os.kill(pid, signal.SIGKILL)


def wait_for(condition, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_job_whose_worker_was_killed_runs_again_within_a_minute(
    pg_engine, pg_database_url, redis_url, tmp_path, use_database
):
    # Recovery runs RQ's failure callback here, in the test's process: it must find the
    # test's database (not a SQLite file in the clone's data folder).
    use_database(pg_engine)
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    settings = services.production_settings(pg_database_url, redis_url, prefix)
    runs = tmp_path / "runs.txt"
    # The first run works until it is killed, however loaded the machine; the retry is quick.
    job_run = enqueue("tests.workers.jobs.record_run_then_sleep", str(runs), 0.5, 600,
                      engine=pg_engine, settings=settings, queue=QueueName.CPU,
                      target_type="call", target_id=1, retries=1)  # fmt: skip
    connection = Redis.from_url(redis_url)
    job = Job.fetch(job_run.rq_job_id, connection=connection)

    first = worker_process(pg_database_url, redis_url, prefix, burst=False)
    try:
        assert wait_for(lambda: job.get_status(refresh=True) == JobStatus.STARTED, 60)
        kill_with_work_horse(first.pid)
        killed_at = time.monotonic()
    finally:
        first.wait(timeout=20)

    queues = [queue_name(settings, QueueName.CPU)]
    assert wait_for(lambda: recover_abandoned(connection, queues), LIVENESS_TTL_S + 10)
    assert time.monotonic() - killed_at < 60
    assert job.get_status(refresh=True) == JobStatus.QUEUED  # retried, not lost

    second = worker_process(pg_database_url, redis_url, prefix, burst=True)
    assert second.wait(timeout=60) == 0
    assert job.get_status(refresh=True) == JobStatus.FINISHED
    assert runs.read_text().count("run") == 2
    with transaction(pg_engine) as session:
        assert session.get(JobRun, job_run.id).status is RunStatus.FINISHED


def test_jobs_of_live_workers_are_left_alone(redis_url):
    connection = Redis.from_url(redis_url)
    assert recover_abandoned(connection, [f"t{uuid.uuid4().hex[:8]}-cpu"]) == []
