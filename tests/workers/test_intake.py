from datetime import timedelta

from redis import Redis
from rq import Queue
from sqlalchemy import select, update

from core.domain import CallStatus, JobStatus, QueueName
from db.models import Call, JobRun
from db.session import transaction
from db.types import utcnow
from tests import factories, services
from workers.intake import queue_transcription, sweep_uploaded
from workers.queue import queue_name

UNREACHABLE_REDIS = "redis://127.0.0.1:9/0"  # the discard port: nothing listens


def uploaded_call(engine) -> int:
    from datetime import UTC, datetime

    with transaction(engine) as session:
        agent = factories.agent(session, factories.team(session))
        return factories.call(session, agent, datetime(2026, 11, 20, tzinfo=UTC),
                              status=CallStatus.UPLOADED).id  # fmt: skip


def test_with_redis_down_the_upload_waits_and_the_sweep_queues_it_later(
    pg_engine, pg_database_url, redis_url
):
    call_id = uploaded_call(pg_engine)
    down = services.production_settings(pg_database_url, UNREACHABLE_REDIS, "t-")
    assert queue_transcription(pg_engine, down, call_id) is False
    with transaction(pg_engine) as session:
        assert session.get(Call, call_id).status is CallStatus.UPLOADED  # nothing lost
        (run,) = session.scalars(select(JobRun)).all()
        assert run.status is JobStatus.FAILED and "queue unreachable" in run.error_text
        # Pretend the upload happened a while ago, so the sweep takes it.
        session.execute(update(Call).values(updated_at=utcnow() - timedelta(minutes=5)))

    back = services.production_settings(pg_database_url, redis_url, "t-")
    assert sweep_uploaded(pg_engine, back) == 1
    assert sweep_uploaded(pg_engine, back) == 0  # claimed once
    with transaction(pg_engine) as session:
        assert session.get(Call, call_id).status is CallStatus.QUEUED
    queue = Queue(queue_name(back, QueueName.STT), connection=Redis.from_url(redis_url))
    assert queue.count == 1
    # The job may take longer for longer recordings (factories make 300-second calls).
    assert queue.jobs[0].timeout == back.job_timeout_s + 600


def test_a_call_is_queued_only_once_however_often_it_is_asked(
    pg_engine, pg_database_url, redis_url
):
    call_id = uploaded_call(pg_engine)
    settings = services.production_settings(pg_database_url, redis_url, "u-")
    assert [queue_transcription(pg_engine, settings, call_id) for _ in range(3)] == [
        True, False, False]  # fmt: skip
