"""Writing and reading the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.access import Actor
from db.models import AuditEntry


def record(
    *,
    session: Session,
    actor: Actor,
    action: str,
    target_type: str = "",
    target_id: object = "",
    **details: Any,
) -> AuditEntry:
    """Add an audit row in the caller's transaction: it commits or rolls back with the write."""
    entry = AuditEntry(
        user_id=actor.user_id,
        username=actor.username,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        details=details,
    )
    session.add(entry)
    return entry


@dataclass(frozen=True, slots=True)
class AuditFilter:
    since: datetime | None = None
    until: datetime | None = None
    username: str | None = None
    action_prefix: str | None = None
    target_type: str | None = None


def list_entries(
    *, session: Session, where: AuditFilter, limit: int = 100, offset: int = 0
) -> tuple[list[AuditEntry], int]:
    """A page of audit rows (newest first) and how many match in total."""
    stmt = select(AuditEntry)
    if where.since is not None:
        stmt = stmt.where(AuditEntry.at >= where.since)
    if where.until is not None:
        stmt = stmt.where(AuditEntry.at < where.until)
    if where.username:
        stmt = stmt.where(AuditEntry.username == where.username)
    if where.action_prefix:
        stmt = stmt.where(AuditEntry.action.startswith(where.action_prefix, autoescape=True))
    if where.target_type:
        stmt = stmt.where(AuditEntry.target_type == where.target_type)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset)
    ).all()
    return list(rows), total


def distinct_actions(*, session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
