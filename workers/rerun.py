"""Running a call through the pipeline again, from the drill-down's re-run button.

A call with a stored transcript is analysed again (queue ``cpu``: metrics, findings, scorecard,
prediction; the transcript is kept). A call with a recording but no transcript (speech-to-text
failed) is transcribed again, which queues its analysis afterwards. Without Redis the job runs
at once, in this process (``workers.queue.enqueue``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from redis.exceptions import RedisError
from sqlalchemy import Engine, func, select, update

from core.access import Actor, Permission
from core.domain import CallStatus, JobStatus, QueueName
from core.errors import UserError
from core.settings import Settings
from db import audit
from db.models import Call, JobRun, Utterance
from db.session import transaction
from db.types import utcnow
from workers.intake import queue_transcription
from workers.queue import enqueue

IN_PROGRESS_FOR = timedelta(hours=2)
"""A queued or running job younger than this blocks a re-run (a double click queues once);
an older one is taken for lost, so a re-run can replace it."""


class RerunStep(StrEnum):
    ANALYSIS = "analysis"
    TRANSCRIPTION = "transcription"


@dataclass(frozen=True, slots=True)
class Rerun:
    call_id: int
    step: RerunStep
    job: JobRun | None

    @property
    def waiting(self) -> bool:
        """The queue was unreachable: the call waits for the sweep (``workers.intake``)."""
        return self.job is None


def rerun_call(engine: Engine, settings: Settings, *, actor: Actor, call_id: int) -> Rerun:
    """Queue the call's analysis again, or its transcription when it has no transcript."""
    if not (actor.can(Permission.UPLOAD_CALLS) or actor.can(Permission.REVIEW_CALLS)):
        actor.require(Permission.REVIEW_CALLS)  # raises, naming the permission
    with transaction(engine) as session:
        call = session.get(Call, call_id)
        if call is None:
            raise UserError("call.not_found", call=call_id)
        busy = session.scalar(
            select(JobRun.id).where(
                JobRun.target_type == "call",
                JobRun.target_id == call_id,
                JobRun.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)),
                JobRun.created_at >= utcnow() - IN_PROGRESS_FOR,
            )
        )
        if busy is not None:
            raise UserError("call.rerun_busy", call=call_id)
        has_transcript = bool(
            session.scalar(select(func.count(Utterance.id)).where(Utterance.call_id == call_id))
        )
        if not has_transcript and not call.audio_path:
            raise UserError("call.rerun_nothing", call=call_id)
        previous = call.status
        step = RerunStep.ANALYSIS if has_transcript else RerunStep.TRANSCRIPTION
        # Transcription is claimed from ``uploaded`` (workers.intake), which the sweep also
        # queues if Redis is down now; analysis shows as queued until a worker takes it.
        call.status = CallStatus.QUEUED if has_transcript else CallStatus.UPLOADED
        call.error_text = None
    if step is RerunStep.TRANSCRIPTION:
        queued = queue_transcription(engine, settings, call_id, requested_by=actor.user_id)
        job = _transcription_job(engine, call_id) if queued else None
    else:
        try:
            job = enqueue("workers.analyze.analyze_call", call_id, engine=engine,
                          settings=settings, queue=QueueName.CPU, target_type="call",
                          target_id=call_id, requested_by=actor.user_id)  # fmt: skip
        except (RedisError, OSError) as error:
            with transaction(engine) as session:
                session.execute(update(Call).where(Call.id == call_id).values(status=previous))
            raise UserError("call.rerun_queue_down") from error
    with transaction(engine) as session:
        audit.record(session=session, actor=actor, action="call.rerun", target_type="call",
                     target_id=call_id, step=step.value, job=job.id if job else None)  # fmt: skip
    return Rerun(call_id=call_id, step=step, job=job)


def _transcription_job(engine: Engine, call_id: int) -> JobRun | None:
    """The job ``queue_transcription`` just made (inline, the analysis it queued comes later)."""
    with transaction(engine) as session:
        return session.scalars(
            select(JobRun)
            .where(JobRun.target_type == "call", JobRun.target_id == call_id,
                   JobRun.function == "workers.transcribe.transcribe_call")
            .order_by(JobRun.id.desc())
        ).first()  # fmt: skip
