import subprocess
import uuid
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from core.domain import JobStatus, QueueName
from core.settings import Settings
from db.models import DailyRollup, JobRun
from db.session import transaction
from tests import factories, services
from workers.queue import enqueue, job_runs_for


def seed_calls(engine) -> None:
    with transaction(engine) as session:
        agent = factories.agent(session, factories.team(session))
        for hour in range(3):
            factories.call(session, agent, datetime(2026, 11, 20, hour, tzinfo=UTC))


def test_inline_jobs_run_at_once_and_record_success(sqlite_engine, tmp_path, monkeypatch):
    monkeypatch.setenv("FEPLE_DATABASE_URL", str(sqlite_engine.url))
    monkeypatch.setenv("FEPLE_DEMO", "1")
    from core.settings import get_settings

    get_settings.cache_clear()
    settings = get_settings()
    seed_calls(sqlite_engine)
    job = enqueue("workers.rollups.refresh_rollups", "2026-11-20", "2026-11-20",
                  engine=sqlite_engine, settings=settings, queue=QueueName.CPU,
                  target_type="rollup", target_id=20261120)  # fmt: skip
    get_settings.cache_clear()
    assert job.status is JobStatus.FINISHED
    with transaction(sqlite_engine) as session:
        assert session.scalar(select(func.sum(DailyRollup.calls))) == 3


def test_inline_job_failure_is_recorded_with_its_error(sqlite_engine, tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path)
    job = enqueue("tests.workers.jobs.fail_with_reason", "녹취 파일이 손상되었습니다",
                  engine=sqlite_engine, settings=settings, queue=QueueName.CPU,
                  target_type="call", target_id=7)  # fmt: skip
    assert job.status is JobStatus.FAILED
    assert "녹취 파일이 손상되었습니다" in job.error_text
    with transaction(sqlite_engine) as session:
        assert [j.id for j in job_runs_for(session=session, target_type="call", target_id=7)] == [
            job.id
        ]


def run_worker(database_url: str, redis_url: str, prefix: str) -> subprocess.CompletedProcess:
    env = services.production_env(database_url, redis_url, prefix)
    return services.run_burst_worker(env, "cpu", timeout_s=120)


def test_a_real_rq_worker_runs_queued_jobs_against_postgres(pg_engine, pg_database_url, redis_url):
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    settings = services.production_settings(pg_database_url, redis_url, prefix)
    seed_calls(pg_engine)
    ok = enqueue("workers.rollups.refresh_rollups", "2026-11-20", "2026-11-20",
                 engine=pg_engine, settings=settings, queue=QueueName.CPU,
                 target_type="rollup", target_id=1)  # fmt: skip
    bad = enqueue("tests.workers.jobs.fail_with_reason", "no such recording",
                  engine=pg_engine, settings=settings, queue=QueueName.CPU,
                  target_type="call", target_id=2)  # fmt: skip
    assert ok.status is JobStatus.QUEUED
    result = run_worker(pg_database_url, redis_url, prefix)
    assert result.returncode == 0, result.stderr
    with transaction(pg_engine) as session:
        done = session.get(JobRun, ok.id)
        failed = session.get(JobRun, bad.id)
        assert session.scalar(select(func.sum(DailyRollup.calls))) == 3
        assert session.scalar(select(DailyRollup.day)) == date(2026, 11, 20)
    assert done.status is JobStatus.FINISHED and done.ended_at is not None
    assert failed.status is JobStatus.FAILED and "no such recording" in failed.error_text
