"""The calls most recently brought in, for the upload page."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.domain import CallSource, CallStatus
from db.models import Agent, Call, CallMetrics, JobRun

STAGE_SHARE = {
    "workers.transcribe.transcribe_call": (0.0, 0.8),
    "workers.analyze.analyze_call": (0.8, 0.2),
}
"""Where each job's own progress lies in the call's: (start, share). Speech-to-text is most."""


@dataclass(frozen=True, slots=True)
class RecentCall:
    call_id: int
    created_at: datetime
    agent: str
    status: CallStatus
    error_text: str | None
    dropped_reasons: dict[str, int]  # speech-to-text segments left out, by reason
    progress: float = 0.0  # of the call's latest job; 1.0 once the call is done


def recent_uploads(*, session: Session, limit: int = 20) -> list[RecentCall]:
    rows = session.execute(
        select(
            Call.id,
            Call.created_at,
            Agent.name,
            Call.status,
            Call.error_text,
            CallMetrics.dropped_reasons,
        )
        .join(Agent, Agent.id == Call.agent_id)
        .outerjoin(CallMetrics, CallMetrics.call_id == Call.id)
        .where(Call.source.in_((CallSource.UPLOAD, CallSource.BATCH_IMPORT)))
        .order_by(Call.id.desc())
        .limit(limit)
    )
    recent = [RecentCall(*row[:5], dropped_reasons=dict(row[5] or {})) for row in rows]
    latest_job = (
        select(JobRun.target_id, JobRun.function, JobRun.progress)
        .where(JobRun.target_type == "call", JobRun.target_id.in_([c.call_id for c in recent]))
        .order_by(JobRun.id)
    )
    progress = {  # the last job of each call wins
        call_id: STAGE_SHARE.get(function, (0.0, 1.0))[0]
        + STAGE_SHARE.get(function, (0.0, 1.0))[1] * value
        for call_id, function, value in session.execute(latest_job)
    }
    return [
        replace(c, progress=1.0 if c.status is CallStatus.DONE else progress.get(c.call_id, 0.0))
        for c in recent
    ]
