import uuid

import pytest
from sqlalchemy import delete, select, update

from core.access import Actor, PermissionDenied
from core.domain import CallStatus, JobStatus, QueueName, Role
from core.errors import UserError
from core.settings import get_settings
from db.models import AuditEntry, Call, Evaluation, JobRun, Utterance
from db.session import transaction
from tests import services
from tests.workers.test_analyze import demo_call_ids
from workers.rerun import RerunStep, rerun_call

SUPERVISOR = Actor(user_id=None, username="kim", roles=[Role.SUPERVISOR])
VIEWER = Actor(user_id=None, username="park", roles=[Role.VIEWER])
DESIGNER = Actor(user_id=None, username="choi", roles=[Role.DESIGNER])


@pytest.fixture
def inline(sqlite_engine, monkeypatch):
    """Analysed demo calls on SQLite; jobs run inline against the same database."""
    monkeypatch.setenv("FEPLE_DATABASE_URL", sqlite_engine.url.render_as_string(False))
    monkeypatch.setenv("FEPLE_DEMO", "1")
    get_settings.cache_clear()
    from workers.analyze import run_analysis

    ids = demo_call_ids(sqlite_engine, calls=3)
    run_analysis(sqlite_engine, get_settings(), ids)
    yield sqlite_engine, get_settings(), ids
    get_settings.cache_clear()


def test_a_call_with_a_transcript_is_analysed_again_at_once_without_redis(inline):
    engine, settings, ids = inline
    with transaction(engine) as session:
        before = session.scalar(select(Evaluation.id).where(Evaluation.call_id == ids[0]))
    rerun = rerun_call(engine, settings, actor=SUPERVISOR, call_id=ids[0])
    assert rerun.step is RerunStep.ANALYSIS and not rerun.waiting
    assert rerun.job.function == "workers.analyze.analyze_call"
    assert rerun.job.status is JobStatus.FINISHED and rerun.job.target_id == ids[0]
    with transaction(engine) as session:
        call = session.get(Call, ids[0])
        after = session.scalar(select(Evaluation.id).where(Evaluation.call_id == ids[0]))
        (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "call.rerun"))
    assert call.status is CallStatus.DONE and call.attempt_count == 2
    assert after != before  # the analysis was replaced
    assert entry.details == {"step": "analysis", "job": rerun.job.id}


@pytest.mark.parametrize("actor", [VIEWER, DESIGNER])
def test_only_uploaders_and_reviewers_may_rerun(inline, actor):
    engine, settings, ids = inline
    with pytest.raises(PermissionDenied):
        rerun_call(engine, settings, actor=actor, call_id=ids[0])
    with transaction(engine) as session:
        assert session.scalars(select(JobRun)).all() == []


def test_a_rerun_while_a_job_is_queued_is_refused(inline):
    engine, settings, ids = inline
    with transaction(engine) as session:
        waiting = JobRun(rq_job_id="waiting", queue=QueueName.CPU, function="x",
                         target_type="call", target_id=ids[1], status=JobStatus.QUEUED)  # fmt: skip
        session.add(waiting)
    with pytest.raises(UserError) as raised:
        rerun_call(engine, settings, actor=SUPERVISOR, call_id=ids[1])
    assert raised.value.key == "call.rerun_busy"
    # another call is not held up by it
    assert rerun_call(engine, settings, actor=SUPERVISOR, call_id=ids[0]).job is not None


def test_a_call_without_transcript_or_recording_cannot_be_rerun(inline):
    engine, settings, ids = inline
    with transaction(engine) as session:
        session.execute(delete(Utterance).where(Utterance.call_id == ids[2]))
    with pytest.raises(UserError) as raised:
        rerun_call(engine, settings, actor=SUPERVISOR, call_id=ids[2])
    assert raised.value.key == "call.rerun_nothing"
    with pytest.raises(UserError) as raised:
        rerun_call(engine, settings, actor=SUPERVISOR, call_id=999)
    assert raised.value.key == "call.not_found"


def test_a_recording_without_transcript_is_queued_for_speech_to_text(pg_engine, pg_database_url,
                                                                      redis_url):  # fmt: skip
    settings = services.production_settings(pg_database_url, redis_url, f"t{uuid.uuid4().hex[:8]}-")
    call_id = demo_call_ids(pg_engine, calls=2)[0]
    with transaction(pg_engine) as session:
        session.execute(delete(Utterance).where(Utterance.call_id == call_id))
        failed = {"audio_path": "/data/audio/x.wav", "status": CallStatus.FAILED, "error_text": "x"}
        session.execute(update(Call).where(Call.id == call_id).values(**failed))
    rerun = rerun_call(pg_engine, settings, actor=SUPERVISOR, call_id=call_id)
    assert rerun.step is RerunStep.TRANSCRIPTION
    assert rerun.job.function == "workers.transcribe.transcribe_call"
    assert rerun.job.queue is QueueName.STT and rerun.job.status is JobStatus.QUEUED
    with transaction(pg_engine) as session:
        call = session.get(Call, call_id)
    assert call.status is CallStatus.QUEUED and call.error_text is None
    from redis import Redis
    from rq import Queue

    queue = Queue(f"{settings.queue_prefix}stt", connection=Redis.from_url(redis_url))
    assert queue.job_ids == [rerun.job.rq_job_id]
