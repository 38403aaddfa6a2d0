"""The job monitor's view of the queues: JobRun rows (kept after Redis forgets a job)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.domain import JobStatus, QueueName
from db.models import JobRun, User

ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


@dataclass(frozen=True, slots=True)
class JobRow:
    id: int
    rq_job_id: str
    queue: QueueName
    function: str
    target_type: str
    target_id: int
    status: JobStatus
    attempt: int
    progress: float
    error_text: str | None
    requested_by: str | None
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None

    @property
    def name(self) -> str:
        """The job's function without its module path (transcribe_call, analyze_call, ...)."""
        return self.function.rpartition(".")[2]


def list_jobs(
    *,
    session: Session,
    statuses: Sequence[JobStatus] = (),
    queues: Sequence[QueueName] = (),
    since: datetime | None = None,
    limit: int = 200,
) -> list[JobRow]:
    """The newest jobs first, narrowed by status, queue and creation time."""
    stmt = (
        select(JobRun, User.username)
        .outerjoin(User, User.id == JobRun.requested_by)
        .order_by(JobRun.created_at.desc(), JobRun.id.desc())
        .limit(limit)
    )
    if statuses:
        stmt = stmt.where(JobRun.status.in_(statuses))
    if queues:
        stmt = stmt.where(JobRun.queue.in_(queues))
    if since is not None:
        stmt = stmt.where(JobRun.created_at >= since)
    return [
        JobRow(
            id=run.id,
            rq_job_id=run.rq_job_id,
            queue=run.queue,
            function=run.function,
            target_type=run.target_type,
            target_id=run.target_id,
            status=run.status,
            attempt=run.attempt,
            progress=run.progress,
            error_text=run.error_text,
            requested_by=username,
            created_at=run.created_at,
            started_at=run.started_at,
            ended_at=run.ended_at,
        )
        for run, username in session.execute(stmt)
    ]


def job_counts(*, session: Session, since: datetime | None = None) -> dict[JobStatus, int]:
    """Jobs per status (every status present, zero where none)."""
    stmt = select(JobRun.status, func.count(JobRun.id)).group_by(JobRun.status)
    if since is not None:
        stmt = stmt.where(JobRun.created_at >= since)
    counts = {status: count for status, count in session.execute(stmt)}
    return {status: counts.get(status, 0) for status in JobStatus}


def active_job_for(
    *, session: Session, function: str, target_type: str, target_id: int
) -> JobRun | None:
    """A queued or running job doing the same work, if there is one."""
    return session.scalars(
        select(JobRun)
        .where(
            JobRun.function == function,
            JobRun.target_type == target_type,
            JobRun.target_id == target_id,
            JobRun.status.in_(ACTIVE),
        )
        .limit(1)
    ).first()
