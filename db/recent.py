"""The calls most recently brought in, for the upload page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.domain import CallSource, CallStatus
from db.models import Agent, Call, CallMetrics


@dataclass(frozen=True, slots=True)
class RecentCall:
    call_id: int
    created_at: datetime
    agent: str
    status: CallStatus
    error_text: str | None
    dropped_reasons: dict[str, int]  # speech-to-text segments left out, by reason


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
    return [RecentCall(*row[:5], dropped_reasons=dict(row[5] or {})) for row in rows]
