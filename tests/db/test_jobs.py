from datetime import UTC, datetime

from core.domain import CallStatus, JobStatus, QueueName
from db.jobs import active_job_for, job_counts, list_jobs
from db.models import JobRun
from db.recent import recent_uploads
from db.session import transaction
from tests import factories

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)


def job(session, call_id, function, status, progress=0.0, queue=QueueName.CPU, minute=0):
    run = JobRun(rq_job_id=f"{call_id}-{function}-{minute}", queue=queue, function=function,
                 target_type="call", target_id=call_id, status=status, progress=progress,
                 created_at=T0.replace(minute=minute))  # fmt: skip
    session.add(run)
    session.flush()
    return run


def test_jobs_are_listed_newest_first_and_narrowed_by_status_and_queue(engine):
    with transaction(engine) as session:
        agent = factories.agent(session, factories.team(session))
        call = factories.call(session, agent, T0)
        stt = job(session, call.id, "workers.transcribe.transcribe_call", JobStatus.FAILED,
                  queue=QueueName.STT, minute=1)  # fmt: skip
        cpu = job(session, call.id, "workers.analyze.analyze_call", JobStatus.RUNNING, minute=2)
        ids = (stt.id, cpu.id)
    with transaction(engine) as session:
        assert [r.id for r in list_jobs(session=session)] == [ids[1], ids[0]]
        failed = list_jobs(session=session, statuses=[JobStatus.FAILED])
        assert [(r.id, r.name) for r in failed] == [(ids[0], "transcribe_call")]
        assert [r.id for r in list_jobs(session=session, queues=[QueueName.CPU])] == [ids[1]]
        counts = job_counts(session=session)
        assert counts[JobStatus.FAILED] == 1 and counts[JobStatus.RUNNING] == 1
        assert counts[JobStatus.CANCELED] == 0
        active = active_job_for(session=session, function="workers.analyze.analyze_call",
                                target_type="call", target_id=call.id)  # fmt: skip
        assert active is not None and active.id == ids[1]


def test_an_uploaded_call_shows_how_far_it_has_got(engine):
    with transaction(engine) as session:
        agent = factories.agent(session, factories.team(session))
        transcribing = factories.call(session, agent, T0, status=CallStatus.TRANSCRIBING)
        analyzing = factories.call(session, agent, T0, customer="2", status=CallStatus.ANALYZING)
        done = factories.call(session, agent, T0, customer="3")
        waiting = factories.call(session, agent, T0, customer="4", status=CallStatus.QUEUED)
        job(session, transcribing.id, "workers.transcribe.transcribe_call", JobStatus.RUNNING,
            progress=0.5)  # fmt: skip
        job(session, analyzing.id, "workers.transcribe.transcribe_call", JobStatus.FINISHED,
            progress=1.0)  # fmt: skip
        job(session, analyzing.id, "workers.analyze.analyze_call", JobStatus.RUNNING,
            progress=0.5, minute=5)  # fmt: skip
        ids = (transcribing.id, analyzing.id, done.id, waiting.id)
    with transaction(engine) as session:
        progress = {c.call_id: c.progress for c in recent_uploads(session=session)}
    assert progress == {ids[0]: 0.4, ids[1]: 0.9, ids[2]: 1.0, ids[3]: 0.0}
