"""Job (queue ``cpu``): import a batch of transcribed calls and queue their analysis.

The file was stored and the batch recorded by the import page (``db.transcript_import``);
this job reads it, storing calls a chunk at a time, and queues each chunk's analysis as soon
as it is committed, so analysis runs alongside the rest of the import. Re-running the job
(a retry after a dead worker) stores nothing twice and queues only calls not yet queued.
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError
from sqlalchemy import Engine, update

from core.domain import ImportStatus, QueueName
from core.errors import UserError
from core.i18n import describe
from core.settings import Settings
from db.models import ImportBatch
from db.session import transaction
from db.transcript_import import BatchSummary, Progress, Rejected, run_batch
from db.types import utcnow
from workers import context
from workers.intake import queue_analysis
from workers.queue import enqueue, report_progress

log = logging.getLogger(__name__)

IMPORT_TIMEOUT_S = 6 * 3600
"""An import job's time limit: a file of a million calls takes tens of minutes."""


def queue_import(
    engine: Engine, settings: Settings, batch_id: int, *, requested_by: int | None = None
) -> bool:
    """Put the batch's import on the ``cpu`` queue (without Redis: run it now). With Redis
    unreachable the batch fails saying so, and can be started again later."""
    try:
        enqueue("workers.transcript_import.import_transcripts", batch_id, engine=engine,
                settings=settings, queue=QueueName.CPU, target_type="import",
                target_id=batch_id, requested_by=requested_by,
                timeout_s=IMPORT_TIMEOUT_S)  # fmt: skip
    except (RedisError, OSError) as error:
        log.warning("import %d not started: the queue is unreachable (%s)", batch_id, error)
        with transaction(engine) as session:
            session.execute(
                update(ImportBatch)
                .where(ImportBatch.id == batch_id)
                .values(status=ImportStatus.FAILED, finished_at=utcnow(),
                        error_text=describe(UserError("transcript_import.queue_unreachable")))
            )  # fmt: skip
        return False
    return True


def import_transcripts(batch_id: int) -> int:
    """Job: import batch ``batch_id``; returns the calls it imported."""
    summary = run_import(context.engine(), context.settings(), batch_id,
                         progress=lambda s: report_progress(s.fraction))  # fmt: skip
    return summary.imported


def run_import(
    engine: Engine,
    settings: Settings,
    batch_id: int,
    *,
    requested_by: int | None = None,
    progress: Progress | None = None,
    rejected: Rejected | None = None,
) -> BatchSummary:
    """Import the batch, queueing (or, without Redis, running) each chunk's analysis."""

    def analyse(call_ids: list[int]) -> None:
        queue_analysis(engine, settings, call_ids, target=("import", batch_id),
                       requested_by=requested_by)  # fmt: skip

    return run_batch(engine, batch_id, customer_key_secret=settings.customer_key_secret,
                     progress=progress, stored=analyse, rejected=rejected)  # fmt: skip
