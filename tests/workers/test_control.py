import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime

import pytest
from redis import Redis
from rq import Queue
from rq.job import Job
from rq.job import JobStatus as RqStatus
from sqlalchemy import func, select

from core.access import SYSTEM_ACTOR, Actor, PermissionDenied
from core.domain import CallStatus, JobStatus, QueueName, Role
from core.errors import UserError
from core.settings import PROJECT_ROOT, Settings
from db.models import AuditEntry, Call, JobRun
from db.session import transaction
from tests import factories, services
from workers import control
from workers.queue import enqueue, queue_name

SUPERVISOR = Actor(user_id=None, username="kim", roles=[Role.SUPERVISOR])
VIEWER = Actor(user_id=None, username="lee", roles=[Role.VIEWER])
DESIGNER = Actor(user_id=None, username="park", roles=[Role.DESIGNER])
FLAKY = "tests.workers.jobs.fail_until_marked"


@pytest.fixture
def flaky_is_retryable(monkeypatch, tmp_path):
    marker = tmp_path / "ready"
    monkeypatch.setitem(
        control.RETRY_ARGS, FLAKY, lambda session, run: (str(marker), run.target_id)
    )
    return marker


def a_call(engine) -> int:
    with transaction(engine) as session:
        agent = factories.agent(session, factories.team(session))
        return factories.call(session, agent, datetime(2026, 11, 20, 9, tzinfo=UTC),
                              status=CallStatus.FAILED).id  # fmt: skip


def inline_settings(tmp_path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path)


def counts(engine):
    with transaction(engine) as session:
        return (session.scalar(select(func.count(JobRun.id))),
                session.scalar(select(func.count(AuditEntry.id))))  # fmt: skip


def test_a_failed_job_is_retried_as_a_new_attempt_and_the_old_one_stays_in_history(
    sqlite_engine, tmp_path, flaky_is_retryable
):
    settings = inline_settings(tmp_path)
    call_id = a_call(sqlite_engine)
    failed = enqueue(FLAKY, str(flaky_is_retryable), call_id, engine=sqlite_engine,
                     settings=settings, queue=QueueName.CPU, target_type="call",
                     target_id=call_id)  # fmt: skip
    assert failed.status is JobStatus.FAILED and "not ready" in failed.error_text
    flaky_is_retryable.write_text("ok")
    retried = control.retry_job(sqlite_engine, settings, actor=SUPERVISOR, job_run_id=failed.id)
    assert retried.id != failed.id
    assert (retried.status, retried.attempt, retried.function) == (JobStatus.FINISHED, 2, FLAKY)
    with transaction(sqlite_engine) as session:
        assert session.get(JobRun, failed.id).status is JobStatus.FAILED
        # The call was put back in the queue before the job ran (inline: it ran at once).
        assert session.get(Call, call_id).status is CallStatus.QUEUED
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "job.retry")).one()
        assert entry.target_id == str(failed.id) and entry.username == "kim"


@pytest.mark.parametrize("actor", [VIEWER, DESIGNER])
def test_only_those_who_may_upload_retry_or_cancel_call_jobs(
    sqlite_engine, tmp_path, flaky_is_retryable, actor
):
    settings = inline_settings(tmp_path)
    call_id = a_call(sqlite_engine)
    failed = enqueue(FLAKY, "x", call_id, engine=sqlite_engine, settings=settings,
                     queue=QueueName.CPU, target_type="call", target_id=call_id)  # fmt: skip
    before = counts(sqlite_engine)
    with pytest.raises(PermissionDenied):
        control.retry_job(sqlite_engine, settings, actor=actor, job_run_id=failed.id)
    with pytest.raises(PermissionDenied):
        control.cancel_job(sqlite_engine, settings, actor=actor, job_run_id=failed.id)
    assert counts(sqlite_engine) == before


def test_model_jobs_need_the_rules_permission(sqlite_engine, tmp_path):
    settings = inline_settings(tmp_path)
    failed = enqueue("tests.workers.jobs.fail_with_reason", "x", engine=sqlite_engine,
                     settings=settings, queue=QueueName.CPU, target_type="model",
                     target_id=0)  # fmt: skip
    with pytest.raises(PermissionDenied):
        control.retry_job(sqlite_engine, settings, actor=SUPERVISOR, job_run_id=failed.id)


def test_what_cannot_be_retried_or_canceled_is_refused_with_a_reason_and_nothing_changes(
    sqlite_engine, tmp_path, flaky_is_retryable
):
    settings = inline_settings(tmp_path)
    call_id = a_call(sqlite_engine)
    flaky_is_retryable.write_text("ok")
    finished = enqueue(FLAKY, str(flaky_is_retryable), call_id, engine=sqlite_engine,
                       settings=settings, queue=QueueName.CPU, target_type="call",
                       target_id=call_id)  # fmt: skip
    unknown = enqueue("tests.workers.jobs.fail_with_reason", "x", engine=sqlite_engine,
                      settings=settings, queue=QueueName.CPU, target_type="call",
                      target_id=call_id)  # fmt: skip
    before = counts(sqlite_engine)
    cases = [
        (control.retry_job, finished.id, "jobs.retry_not_ended"),
        (control.retry_job, unknown.id, "jobs.retry_unknown"),
        (control.retry_job, 9999, "jobs.not_found"),
        (control.cancel_job, finished.id, "jobs.cancel_not_active"),
        (control.cancel_job, unknown.id, "jobs.cancel_not_active"),
    ]
    for action, job_id, key in cases:
        with pytest.raises(UserError) as caught:
            action(sqlite_engine, settings, actor=SYSTEM_ACTOR, job_run_id=job_id)
        assert caught.value.key == key
    assert counts(sqlite_engine) == before
    with transaction(sqlite_engine) as session:
        assert session.get(Call, call_id).status is CallStatus.FAILED  # as the last job left it


def worker(database_url, redis_url, prefix, *queues, burst=True):
    env = services.production_env(database_url, redis_url, prefix)
    args = [sys.executable, "-m", "workers.main", *queues, "--no-scheduler"]
    if burst:
        args.append("--burst")
    return subprocess.Popen(args, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)  # fmt: skip


def test_a_queued_job_canceled_on_redis_never_runs_and_its_call_can_be_run_again(
    pg_engine, pg_database_url, redis_url, tmp_path, flaky_is_retryable
):
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    settings = services.production_settings(pg_database_url, redis_url, prefix)
    call_id = a_call(pg_engine)
    ran = tmp_path / "ran"
    queued = enqueue("tests.workers.jobs.report_progress_for", str(ran), 0.1, engine=pg_engine,
                     settings=settings, queue=QueueName.CPU, target_type="call",
                     target_id=call_id)  # fmt: skip
    assert queued.status is JobStatus.QUEUED
    canceled = control.cancel_job(pg_engine, settings, actor=SUPERVISOR, job_run_id=queued.id)
    assert canceled.status is JobStatus.CANCELED and "kim" in canceled.error_text
    connection = Redis.from_url(redis_url)
    assert Job.fetch(queued.rq_job_id, connection=connection).get_status() == RqStatus.CANCELED
    assert Queue(queue_name(settings, QueueName.CPU), connection=connection).count == 0
    result = worker(pg_database_url, redis_url, prefix, "cpu")
    result.wait(timeout=120)
    assert not ran.exists()
    with transaction(pg_engine) as session:
        call = session.get(Call, call_id)
        assert call.status is CallStatus.FAILED and "kim" in call.error_text
        assert session.get(JobRun, queued.id).status is JobStatus.CANCELED


def wait_for(predicate, seconds=60.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def job_status(engine, job_id):
    with transaction(engine) as session:
        return session.get(JobRun, job_id).status


@pytest.mark.parametrize("queue", [QueueName.CPU, QueueName.STT])
def test_a_running_job_is_stopped_and_stays_canceled(
    pg_engine, pg_database_url, redis_url, tmp_path, queue
):
    """cpu workers fork: the work-horse is killed at once. stt workers do not fork: the job
    stops at its next progress report. Either way the worker's failure report does not
    overwrite "canceled"."""
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    settings = services.production_settings(pg_database_url, redis_url, prefix)
    call_id = a_call(pg_engine)
    marker = tmp_path / "progress"
    job = enqueue("tests.workers.jobs.report_progress_for", str(marker), 60.0,
                  engine=pg_engine, settings=settings, queue=queue, target_type="call",
                  target_id=call_id, retries=2)  # fmt: skip
    process = worker(pg_database_url, redis_url, prefix, queue.value, burst=False)
    try:
        assert wait_for(lambda: job_status(pg_engine, job.id) is JobStatus.RUNNING)
        started = time.monotonic()
        control.cancel_job(pg_engine, settings, actor=SUPERVISOR, job_run_id=job.id)
        connection = Redis.from_url(redis_url)
        rq_job = Job.fetch(job.rq_job_id, connection=connection)
        ended = (RqStatus.STOPPED, RqStatus.FAILED)
        assert wait_for(lambda: rq_job.get_status(refresh=True) in ended, 30)
        assert time.monotonic() - started < 15
        time.sleep(2.0)  # the worker's callbacks have run, and a retry would have started
        assert job_status(pg_engine, job.id) is JobStatus.CANCELED
        assert marker.read_text() == "started\n"  # it ran once and never got to the end
        # Not retried by RQ either.
        assert Queue(queue_name(settings, queue), connection=connection).count == 0
    finally:
        process.terminate()
        process.wait(timeout=30)
