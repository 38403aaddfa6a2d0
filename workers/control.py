"""Retrying and cancelling jobs from the job monitor.

Every job takes ids, so a retry is a new job with the same function and the arguments rebuilt
from the JobRun (the failed one stays in the history). Cancelling a queued job takes it off its
queue; a running one is stopped: a forked worker's work-horse is killed at once, and any job
stops at its next progress report (GPU workers do not fork). Either way the JobRun says
``canceled`` and a call it was working on is marked failed, so it can be run again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core.access import Actor, Permission
from core.domain import CallStatus, JobStatus
from core.errors import UserError
from core.i18n import both
from core.settings import Settings
from db import audit, jobs, model_registry
from db.calls import set_status
from db.models import Call, JobRun
from db.session import transaction
from db.transcript_import import stop_batch, unfinished_calls
from db.types import utcnow
from workers.queue import enqueue, queue_name

log = logging.getLogger(__name__)

TARGET_PERMISSIONS = {
    "call": Permission.UPLOAD_CALLS,
    "import": Permission.UPLOAD_CALLS,
    "model": Permission.MANAGE_RULES,
}
"""Who may retry or cancel a job, by what it works on; anything else needs an admin."""

RETRY_ARGS: dict[str, Callable[[Session, JobRun], tuple]] = {
    "workers.transcribe.transcribe_call": lambda session, run: (run.target_id,),
    "workers.analyze.analyze_call": lambda session, run: (run.target_id,),
    "workers.outcomes.train_model": lambda session, run: (run.requested_by,),
    "workers.outcomes.predict_calls": lambda session, run: (
        model_registry.predicted_call_ids(session=session),
    ),
    # An import runs its batch again (calls stored before count once); an analysis job of
    # an import analyses the batch's calls that are not done yet.
    "workers.transcript_import.import_transcripts": lambda session, run: (run.target_id,),
    "workers.analyze.analyze_calls": lambda session, run: (
        unfinished_calls(session=session, batch_id=run.target_id),
    ),
}
"""How to call each retryable job again, from its JobRun."""


class JobCanceled(UserError):
    """Raised inside a job whose cancellation was asked for (at its next progress report)."""

    def __init__(self) -> None:
        super().__init__("jobs.canceled")


def _permission(target_type: str) -> Permission:
    return TARGET_PERMISSIONS.get(target_type, Permission.MANAGE_USERS)


def _job_run(session: Session, job_run_id: int, actor: Actor) -> JobRun:
    run = session.get(JobRun, job_run_id)
    if run is None:
        raise UserError("jobs.not_found", id=job_run_id)
    actor.require(_permission(run.target_type))
    return run


def retry_job(engine: Engine, settings: Settings, *, actor: Actor, job_run_id: int) -> JobRun:
    """Queue the work of a failed or canceled job again, as a new job; returns it."""
    with transaction(engine) as session:
        run = _job_run(session, job_run_id, actor)
        if run.status not in (JobStatus.FAILED, JobStatus.CANCELED):
            raise UserError("jobs.retry_not_ended", id=run.id)
        rebuild = RETRY_ARGS.get(run.function)
        if rebuild is None:
            raise UserError("jobs.retry_unknown", function=run.function)
        if jobs.active_job_for(session=session, function=run.function,
                               target_type=run.target_type, target_id=run.target_id):  # fmt: skip
            raise UserError("jobs.retry_already_active", id=run.id)
        args = rebuild(session, run)
        function, queue, target_type, target_id = (run.function, run.queue, run.target_type,
                                                   run.target_id)  # fmt: skip
        attempt = run.attempt + 1
        if target_type == "call":
            if session.get(Call, target_id) is None:
                raise UserError("jobs.target_gone", id=run.id)
            set_status(session=session, call_id=target_id, status=CallStatus.QUEUED)
        audit.record(session=session, actor=actor, action="job.retry", target_type="job",
                     target_id=run.id, function=function)  # fmt: skip
    return enqueue(function, *args, engine=engine, settings=settings, queue=queue,
                   target_type=target_type, target_id=target_id, requested_by=actor.user_id,
                   attempt=attempt)  # fmt: skip


def cancel_job(engine: Engine, settings: Settings, *, actor: Actor, job_run_id: int) -> JobRun:
    """Take a queued job off its queue, or stop a running one; returns the JobRun."""
    with transaction(engine) as session:
        run = _job_run(session, job_run_id, actor)
        if run.status not in jobs.ACTIVE:
            raise UserError("jobs.cancel_not_active", id=run.id)
        was_running = run.status is JobStatus.RUNNING
        run.status = JobStatus.CANCELED
        run.ended_at = utcnow()
        run.error_text = both("jobs.canceled_by", username=actor.username)
        if run.target_type == "call" and session.get(Call, run.target_id) is not None:
            set_status(session=session, call_id=run.target_id, status=CallStatus.FAILED,
                       error_text=run.error_text)  # fmt: skip
        if run.function == "workers.transcript_import.import_transcripts":
            stop_batch(session=session, batch_id=run.target_id, error_text=run.error_text)
        audit.record(session=session, actor=actor, action="job.cancel", target_type="job",
                     target_id=run.id, function=run.function, was_running=was_running)  # fmt: skip
        rq_job_id = run.rq_job_id
    if not settings.jobs_inline:
        _cancel_on_redis(settings, queue_name(settings, run.queue), rq_job_id)
    with transaction(engine) as session:
        return session.get(JobRun, job_run_id)


def _cancel_on_redis(settings: Settings, queue: str, rq_job_id: str) -> None:
    from redis import Redis
    from rq.command import send_stop_job_command
    from rq.exceptions import InvalidJobOperation, NoSuchJobError
    from rq.job import Job
    from rq.job import JobStatus as RqStatus

    connection = Redis.from_url(settings.redis_url)
    try:
        job = Job.fetch(rq_job_id, connection=connection)
        status = job.get_status()
        if status == RqStatus.STARTED:
            send_stop_job_command(connection, rq_job_id)
        elif status in (RqStatus.QUEUED, RqStatus.SCHEDULED, RqStatus.DEFERRED):
            job.cancel()
    except (NoSuchJobError, InvalidJobOperation) as error:
        # Already gone or just ended: the JobRun says canceled and the job stops (or has
        # stopped) at its next progress report.
        log.info("job %s on %s: nothing to cancel on Redis (%s)", rq_job_id, queue, error)
    finally:
        connection.close()
