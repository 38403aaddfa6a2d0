"""Queueing planned TTS takes on their engine's queue (inline in the embedded default)."""

from __future__ import annotations

import logging

from redis.exceptions import RedisError
from sqlalchemy import Engine, update

from core.domain import TakeStatus
from core.errors import UserError
from core.i18n import describe
from core.settings import Settings
from core.voice.engines import engine_class
from db.models import TtsTake
from db.session import transaction
from workers.queue import enqueue

log = logging.getLogger(__name__)


def queue_takes(
    db: Engine,
    settings: Settings,
    take_ids: tuple[int, ...],
    *,
    engine_name: str,
    requested_by: int | None = None,
) -> None:
    """Put each take on the queue. If the queue cannot be reached the takes not yet queued
    fail with that reason (asking again retries them), rather than wait for ever."""
    queue = engine_class(engine_name).queue
    for index, take_id in enumerate(take_ids):
        try:
            enqueue("workers.synthesize.synthesize_take", take_id, engine=db, settings=settings,
                    queue=queue, target_type="tts_take", target_id=take_id,
                    requested_by=requested_by, retries=1)  # fmt: skip
        except (RedisError, OSError) as error:
            log.warning("takes %s not queued: %s", take_ids[index:], error)
            with transaction(db) as session:
                session.execute(
                    update(TtsTake)
                    .where(TtsTake.id.in_(take_ids[index:]), TtsTake.status == TakeStatus.QUEUED)
                    .values(
                        status=TakeStatus.FAILED,
                        error_text=describe(UserError("voice.queue.unreachable")),
                    )
                )
            return
