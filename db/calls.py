"""Calls: registering recordings, and moving calls through their states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.access import Actor, Permission
from core.domain import CallCategory, CallDirection, CallSource, CallStatus
from core.errors import UserError
from core.i18n import describe
from core.pii import customer_key_hash
from core.storage import StoredFile
from db import audit
from db.models import Agent, Call
from db.types import utcnow


@dataclass(frozen=True, slots=True)
class CallMetadata:
    """What the uploader tells us about a recording."""

    agent_employee_no: str
    category: CallCategory
    direction: CallDirection
    customer_key: str
    started_at: datetime


@dataclass(frozen=True, slots=True)
class Registered:
    call_id: int
    duplicate: bool  # the same audio was already registered: nothing new was written


def find_agent(*, session: Session, employee_no: str) -> Agent:
    agent = session.scalar(select(Agent).where(Agent.employee_no == employee_no.strip()))
    if agent is None:
        raise UserError("call.unknown_agent", agent=employee_no.strip())
    if not agent.active:
        raise UserError("call.inactive_agent", agent=agent.employee_no)
    return agent


def register_recording(
    *,
    session: Session,
    actor: Actor,
    audio: StoredFile,
    duration_s: float,
    channels: int,
    metadata: CallMetadata,
    customer_key_secret: str,
    source: CallSource = CallSource.UPLOAD,
    source_ref: str | None = None,
    import_batch_id: int | None = None,
) -> Registered:
    """A new call in status ``uploaded`` for a stored recording, or the call that already has
    this exact audio (reported as a duplicate, never registered twice)."""
    actor.require(Permission.UPLOAD_CALLS)
    existing = session.scalar(select(Call.id).where(Call.audio_sha256 == audio.sha256))
    if existing is None and source_ref is not None:
        existing = session.scalar(
            select(Call.id).where(Call.source == source, Call.source_ref == source_ref)
        )
    if existing is not None:
        return Registered(call_id=existing, duplicate=True)
    if metadata.started_at.tzinfo is None:
        raise UserError("call.started_at_without_zone")
    if metadata.started_at > utcnow():
        raise UserError("call.started_at_in_future")
    if not metadata.customer_key.strip():
        raise UserError("call.customer_key_required")
    agent = find_agent(session=session, employee_no=metadata.agent_employee_no)
    call = Call(
        agent_id=agent.id,
        team_id=agent.team_id,
        category=metadata.category,
        direction=metadata.direction,
        customer_key_hash=customer_key_hash(metadata.customer_key, secret=customer_key_secret),
        started_at=metadata.started_at,
        duration_s=duration_s,
        audio_path=str(audio.path),
        audio_sha256=audio.sha256,
        channels=channels,
        status=CallStatus.UPLOADED,
        source=source,
        source_ref=source_ref,
        import_batch_id=import_batch_id,
    )
    session.add(call)
    session.flush()
    audit.record(session=session, actor=actor, action="call.upload", target_type="call",
                 target_id=call.id, sha256=audio.sha256, agent=agent.employee_no)  # fmt: skip
    return Registered(call_id=call.id, duplicate=False)


def set_status(
    *, session: Session, call_id: int, status: CallStatus, error_text: str | None = None
) -> None:
    values: dict[str, object] = {"status": status, "updated_at": utcnow()}
    if status is CallStatus.FAILED:
        values["error_text"] = error_text
    elif status in (CallStatus.QUEUED, CallStatus.DONE):
        values["error_text"] = None
    session.execute(update(Call).where(Call.id == call_id).values(**values))


def start_attempt(*, session: Session, call_id: int, status: CallStatus) -> int:
    """Mark the call as being worked on and count the attempt; returns the attempt number."""
    session.execute(
        update(Call)
        .where(Call.id == call_id)
        .values(status=status, attempt_count=Call.attempt_count + 1, updated_at=utcnow())
    )
    return session.scalar(select(Call.attempt_count).where(Call.id == call_id)) or 0


def calls_in_status(
    *, session: Session, statuses: tuple[CallStatus, ...], limit: int = 500
) -> list[int]:
    stmt = select(Call.id).where(Call.status.in_(statuses)).order_by(Call.id).limit(limit)
    return list(session.scalars(stmt))


def fail(*, session: Session, call_id: int, error: BaseException) -> None:
    """Mark the call failed with a message for the job monitor: a user-caused error in both
    languages, anything else as its type and message (never transcript text)."""
    set_status(
        session=session,
        call_id=call_id,
        status=CallStatus.FAILED,
        error_text=describe(error)[:2000],
    )


def call_state(*, session: Session, call_id: int) -> tuple[CallStatus, str | None]:
    status, error_text = session.execute(
        select(Call.status, Call.error_text).where(Call.id == call_id)
    ).one()
    return status, error_text
