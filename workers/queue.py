"""Putting work on the RQ queues (or running it inline), with a JobRun row for each job."""

from __future__ import annotations

import importlib
import traceback
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core.domain import JobStatus, QueueName
from core.i18n import describe
from core.settings import Settings
from db.models import JobRun
from db.session import transaction
from db.types import utcnow

GPU_QUEUES = frozenset({QueueName.STT, QueueName.TTS})
"""Queues whose workers must not fork (CUDA does not survive fork): they run SimpleWorker."""


RETRY_BACKOFF_S = [0, 30, 120]
"""Seconds before the 1st, 2nd and 3rd retry of a failed job."""


def queue_name(settings: Settings, queue: QueueName) -> str:
    return f"{settings.queue_prefix}{queue.value}"


def resolve(function_path: str) -> Callable[..., Any]:
    module_name, _, attribute = function_path.rpartition(".")
    return getattr(importlib.import_module(module_name), attribute)


def _mark(engine: Engine, rq_job_id: str, **values: Any) -> JobRun | None:
    """Update the job's row; a canceled job stays canceled whatever its worker reports."""
    with transaction(engine) as session:
        job_run = session.scalar(select(JobRun).where(JobRun.rq_job_id == rq_job_id))
        if job_run is not None and job_run.status is not JobStatus.CANCELED:
            for name, value in values.items():
                setattr(job_run, name, value)
        return job_run


def enqueue(
    function_path: str,
    *args: Any,
    engine: Engine,
    settings: Settings,
    queue: QueueName,
    target_type: str,
    target_id: int,
    requested_by: int | None = None,
    timeout_s: int | None = None,
    retries: int = 2,
    attempt: int = 1,
) -> JobRun:
    """Queue ``function_path(*args)``; without Redis it runs now, in this process."""
    rq_job_id = uuid.uuid4().hex
    with transaction(engine) as session:
        job_run = JobRun(
            rq_job_id=rq_job_id,
            queue=queue,
            function=function_path,
            target_type=target_type,
            target_id=target_id,
            requested_by=requested_by,
            attempt=attempt,
        )
        session.add(job_run)
    if settings.jobs_inline:
        _run_inline(engine, rq_job_id, function_path, args)
    else:
        from redis import Redis
        from rq import Callback, Queue, Retry

        try:
            rq_queue = Queue(
                queue_name(settings, queue), connection=Redis.from_url(settings.redis_url)
            )
            rq_queue.enqueue(
                function_path,
                *args,
                job_id=rq_job_id,
                job_timeout=timeout_s or settings.job_timeout_s,
                # Jobs are idempotent, so a retry after a crash (or a dead worker) is safe.
                retry=Retry(max=retries, interval=RETRY_BACKOFF_S[:retries]) if retries else None,
                on_success=Callback("workers.queue.on_success"),
                on_failure=Callback("workers.queue.on_failure"),
            )
        except Exception as error:
            _mark(engine, rq_job_id, status=JobStatus.FAILED, ended_at=utcnow(),
                  error_text=f"queue unreachable: {type(error).__name__}: {error}")  # fmt: skip
            raise
    with transaction(engine) as session:
        return session.scalars(select(JobRun).where(JobRun.rq_job_id == rq_job_id)).one()


def _run_inline(engine: Engine, rq_job_id: str, function_path: str, args: tuple) -> None:
    _mark(engine, rq_job_id, status=JobStatus.RUNNING, started_at=utcnow())
    try:
        resolve(function_path)(*args)
    except Exception as error:  # recorded on the job, as a worker would record it
        _mark(engine, rq_job_id, status=JobStatus.FAILED, ended_at=utcnow(),
              error_text=describe(error)[:2000])  # fmt: skip
        return
    _mark(engine, rq_job_id, status=JobStatus.FINISHED, ended_at=utcnow(), progress=1.0)


def on_success(job: Any, connection: Any, result: Any, *args: Any, **kwargs: Any) -> None:
    """RQ callback, run in the worker after the job returned."""
    from workers import context

    _mark(
        context.engine(),
        job.id,
        status=JobStatus.FINISHED,
        ended_at=utcnow(),
        started_at=job.started_at,
        progress=1.0,
    )


def on_failure(job: Any, connection: Any, exc_type: Any, exc_value: Any, tb: Any) -> None:
    """RQ callback, run in the worker after the job raised (or timed out)."""
    from workers import context

    _mark(
        context.engine(),
        job.id,
        status=JobStatus.FAILED,
        ended_at=utcnow(),
        error_text=describe(exc_value)[:2000]
        if isinstance(exc_value, BaseException)
        else "".join(traceback.format_exception_only(exc_type, exc_value)).strip(),
    )


def report_progress(fraction: float) -> None:
    """Progress of the running job (0..1): in RQ's job.meta for live views, and on its JobRun."""
    from rq import get_current_job

    from workers import context

    job = get_current_job()
    if job is None:  # inline: the caller shows its own progress
        return
    job.meta["progress"] = round(fraction, 3)
    job.save_meta()
    job_run = _mark(context.engine(), job.id, progress=fraction, status=JobStatus.RUNNING)
    if job_run is not None and job_run.status is JobStatus.CANCELED:
        from workers.control import JobCanceled

        job.retries_left = 0  # the worker holds this very object: no retry of a canceled job
        raise JobCanceled


def job_runs_for(*, session: Session, target_type: str, target_id: int) -> list[JobRun]:
    stmt = (
        select(JobRun)
        .where(JobRun.target_type == target_type, JobRun.target_id == target_id)
        .order_by(JobRun.created_at.desc())
    )
    return list(session.scalars(stmt))
