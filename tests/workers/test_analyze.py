import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select

from core.domain import CallSource, CallStatus, JobStatus, QueueName
from db.demo.load import seed_demo
from db.models import Call, CallFinding, CallMetrics, DailyRollup, Evaluation, JobRun, Utterance
from db.session import transaction
from tests import services
from workers.queue import enqueue

NOW = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)


def demo_call_ids(engine, calls: int = 12) -> list[int]:
    seed_demo(engine, calls=calls, days=5, seed=11, now=NOW)
    with transaction(engine) as session:
        return list(session.scalars(select(Call.id).where(Call.source == CallSource.DEMO)))


def table_counts(engine) -> dict[str, int]:
    with transaction(engine) as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Utterance, CallMetrics, CallFinding, Evaluation)
        }


def test_demo_calls_are_analysed_and_a_rerun_adds_nothing(sqlite_engine, use_database):
    from workers.analyze import analyze_calls

    use_database(sqlite_engine)
    ids = demo_call_ids(sqlite_engine)
    before = table_counts(sqlite_engine)
    assert analyze_calls(ids) == len(ids)
    first = table_counts(sqlite_engine)
    assert first["utterances"] == before["utterances"]  # the transcript is kept as it was
    assert first["call_metrics"] == first["evaluations"] == len(ids)
    assert analyze_calls(ids) == len(ids)
    assert table_counts(sqlite_engine) == first
    with transaction(sqlite_engine) as session:
        statuses = set(session.scalars(select(Call.status)))
        attempts = set(session.scalars(select(Call.attempt_count)))
        analysed = session.scalar(select(func.sum(DailyRollup.analyzed_calls)))
    assert statuses == {CallStatus.DONE} and attempts == {2}
    assert analysed == len(ids)


def test_a_real_worker_analyses_a_call_on_postgres(pg_engine, pg_database_url, redis_url):
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    settings = services.production_settings(pg_database_url, redis_url, prefix)
    call_id = demo_call_ids(pg_engine, calls=3)[0]
    job = enqueue("workers.analyze.analyze_call", call_id, engine=pg_engine, settings=settings,
                  queue=QueueName.CPU, target_type="call", target_id=call_id)  # fmt: skip
    worker = services.run_burst_worker(
        services.production_env(pg_database_url, redis_url, prefix), "cpu", timeout_s=180
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    from redis import Redis
    from rq.job import Job

    assert Job.fetch(job.rq_job_id, connection=Redis.from_url(redis_url)).meta["progress"] == 1.0
    with transaction(pg_engine) as session:
        assert session.get(JobRun, job.id).status is JobStatus.FINISHED
        call = session.get(Call, call_id)
        assert call.status is CallStatus.DONE
        assert session.get(CallMetrics, call_id).politeness_score is not None
