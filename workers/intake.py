"""Queueing new calls -- recordings for speech-to-text, imported transcripts for analysis --
even when Redis was down when they arrived."""

from __future__ import annotations

import logging
from datetime import timedelta

from redis.exceptions import RedisError
from sqlalchemy import Engine, select, update

from core.domain import CallSource, CallStatus, QueueName
from core.settings import Settings
from db.models import Call
from db.session import transaction
from db.types import utcnow
from workers.queue import enqueue

log = logging.getLogger(__name__)

STT_SECONDS_PER_AUDIO_SECOND = 2.0
"""Job time allowed per second of audio on top of the base timeout (CPU fallback is slow)."""

ANALYSIS_SECONDS_PER_CALL = 2.0
"""Job time allowed per call of an analysis job on top of the base timeout."""

SWEEP_AFTER = timedelta(seconds=30)
"""An uploaded call still unqueued after this long was left behind (Redis was down)."""


def queue_transcription(
    engine: Engine, settings: Settings, call_id: int, *, requested_by: int | None = None
) -> bool:
    """Move the call from ``uploaded`` to ``queued`` and put it on the ``stt`` queue.

    The status change is the claim: the upload and the sweep cannot both queue one call.
    If Redis cannot be reached the call goes back to ``uploaded`` (nothing is lost; the sweep
    queues it later) and False is returned."""
    with transaction(engine) as session:
        claimed = session.execute(
            update(Call)
            .where(Call.id == call_id, Call.status == CallStatus.UPLOADED)
            .values(status=CallStatus.QUEUED, updated_at=utcnow())
        ).rowcount
    if not claimed:
        return False
    with transaction(engine) as session:
        duration_s = session.scalar(select(Call.duration_s).where(Call.id == call_id)) or 0.0
    timeout_s = settings.job_timeout_s + int(duration_s * STT_SECONDS_PER_AUDIO_SECOND)
    try:
        enqueue("workers.transcribe.transcribe_call", call_id, engine=engine, settings=settings,
                queue=QueueName.STT, target_type="call", target_id=call_id,
                requested_by=requested_by, timeout_s=timeout_s)  # fmt: skip
    except (RedisError, OSError) as error:
        log.warning("call %d stays uploaded: the queue is unreachable (%s)", call_id, error)
        with transaction(engine) as session:
            session.execute(
                update(Call)
                .where(Call.id == call_id, Call.status == CallStatus.QUEUED)
                .values(status=CallStatus.UPLOADED)
            )
        return False
    return True


def queue_analysis(
    engine: Engine,
    settings: Settings,
    call_ids: list[int],
    *,
    target: tuple[str, int],
    requested_by: int | None = None,
) -> int:
    """Move calls whose transcript is stored (imported ones) from ``uploaded`` to ``queued``
    and put them on the ``cpu`` queue as one analysis job about ``target`` (e.g. its import
    batch); returns how many were queued. Like ``queue_transcription``, the status change is
    the claim, and with Redis unreachable the calls stay ``uploaded`` for the sweep."""
    with transaction(engine) as session:
        claimed = list(
            session.scalars(
                update(Call)
                .where(Call.id.in_(call_ids), Call.status == CallStatus.UPLOADED)
                .values(status=CallStatus.QUEUED, updated_at=utcnow())
                .returning(Call.id)
            )
        )
    if not claimed:
        return 0
    claimed.sort()
    timeout_s = settings.job_timeout_s + int(len(claimed) * ANALYSIS_SECONDS_PER_CALL)
    target_type, target_id = target
    try:
        enqueue("workers.analyze.analyze_calls", claimed, engine=engine, settings=settings,
                queue=QueueName.CPU, target_type=target_type, target_id=target_id,
                requested_by=requested_by, timeout_s=timeout_s)  # fmt: skip
    except (RedisError, OSError) as error:
        log.warning("%d call(s) stay uploaded: the queue is unreachable (%s)", len(claimed), error)
        with transaction(engine) as session:
            session.execute(
                update(Call)
                .where(Call.id.in_(claimed), Call.status == CallStatus.QUEUED)
                .values(status=CallStatus.UPLOADED)
            )
        return 0
    return len(claimed)


def sweep_uploaded(engine: Engine, settings: Settings, *, limit: int = 500) -> int:
    """Queue calls that were saved while Redis was down; returns how many were queued."""
    with transaction(engine) as session:
        waiting = session.execute(
            select(Call.id, Call.source, Call.import_batch_id)
            .where(Call.status == CallStatus.UPLOADED, Call.updated_at < utcnow() - SWEEP_AFTER)
            .order_by(Call.id)
            .limit(limit)
        ).all()
    imported: dict[int, list[int]] = {}
    queued = 0
    for call_id, source, batch_id in waiting:
        if source is CallSource.TRANSCRIPT_IMPORT:
            imported.setdefault(batch_id, []).append(call_id)
        else:
            queued += queue_transcription(engine, settings, call_id)
    for batch_id, call_ids in imported.items():
        queued += queue_analysis(engine, settings, call_ids, target=("import", batch_id or 0))
    return queued
