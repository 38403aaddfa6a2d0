"""Transcript import batches as the import page shows them: the recent ones with progress
through reading and analysis, and one batch's rejections and calls."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.domain import CallStatus, ImportStatus
from core.errors import UserError
from db.models import Agent, Call, ImportBatch, User
from db.transcript_import import KIND, summary_of

BATCH_CALLS_SHOWN = 200
"""Calls of one batch listed on the page (the call list finds the rest)."""


@dataclass(frozen=True, slots=True)
class BatchRow:
    id: int
    created_at: datetime
    created_by: str | None
    filename: str
    source_name: str | None
    format: str | None
    status: ImportStatus
    read_fraction: float
    """How much of the file has been read (0..1)."""
    imported: int
    duplicates: int
    rejected: int
    analysed: int
    """Imported calls whose analysis is done."""
    failed: int
    """Imported calls whose analysis failed."""
    error_text: str | None

    @property
    def analysis_fraction(self) -> float:
        return (self.analysed + self.failed) / self.imported if self.imported else 0.0

    @property
    def in_progress(self) -> bool:
        reading = self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
        analysing = self.status is ImportStatus.DONE and self.analysis_fraction < 1.0
        return reading or analysing


@dataclass(frozen=True, slots=True)
class BatchCall:
    call_id: int
    source_ref: str
    agent: str
    started_at: datetime
    status: CallStatus
    duration_s: float | None


def recent_batches(*, session: Session, limit: int = 20) -> list[BatchRow]:
    batches = session.execute(
        select(ImportBatch, User.username)
        .outerjoin(User, User.id == ImportBatch.created_by)
        .where(ImportBatch.kind == KIND)
        .order_by(ImportBatch.id.desc())
        .limit(limit)
    ).all()
    by_status = _call_statuses(session, [batch.id for batch, _ in batches])
    return [
        _row(batch, username, by_status.get(batch.id, Counter())) for batch, username in batches
    ]


def batch_row(*, session: Session, batch_id: int) -> BatchRow:
    found = session.execute(
        select(ImportBatch, User.username)
        .outerjoin(User, User.id == ImportBatch.created_by)
        .where(ImportBatch.id == batch_id, ImportBatch.kind == KIND)
    ).one_or_none()
    if found is None:
        raise UserError("transcript_import.no_such_batch", batch=batch_id)
    batch, username = found
    return _row(batch, username, _call_statuses(session, [batch_id]).get(batch_id, Counter()))


def batch_rejections(*, session: Session, batch_id: int) -> list[dict]:
    """The rejections the batch kept (line, record, source_id, key, params, ko, en)."""
    return list(session.scalar(select(ImportBatch.rejections).where(ImportBatch.id == batch_id))
                or [])  # fmt: skip


def batch_calls(
    *, session: Session, batch_id: int, limit: int = BATCH_CALLS_SHOWN
) -> list[BatchCall]:
    rows = session.execute(
        select(Call.id, Call.source_ref, Agent.name, Call.started_at, Call.status,
               Call.duration_s)
        .join(Agent, Agent.id == Call.agent_id)
        .where(Call.import_batch_id == batch_id)
        .order_by(Call.id)
        .limit(limit)
    )  # fmt: skip
    return [BatchCall(*row) for row in rows]


def _call_statuses(session: Session, batch_ids: list[int]) -> dict[int, Counter]:
    if not batch_ids:
        return {}
    counts: dict[int, Counter] = {}
    rows = session.execute(
        select(Call.import_batch_id, Call.status, func.count())
        .where(Call.import_batch_id.in_(batch_ids))
        .group_by(Call.import_batch_id, Call.status)
    )
    for batch_id, status, count in rows:
        counts.setdefault(batch_id, Counter())[status] = count
    return counts


def _row(batch: ImportBatch, username: str | None, statuses: Counter) -> BatchRow:
    return BatchRow(
        id=batch.id, created_at=batch.created_at, created_by=username, filename=batch.filename,
        source_name=batch.source_name, format=batch.format, status=batch.status,
        read_fraction=summary_of(batch).fraction, imported=batch.imported,
        duplicates=batch.duplicates, rejected=batch.rejected, analysed=statuses[CallStatus.DONE],
        failed=statuses[CallStatus.FAILED], error_text=batch.error_text,
    )  # fmt: skip
