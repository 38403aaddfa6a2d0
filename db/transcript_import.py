"""Importing calls transcribed elsewhere, as one recorded batch: ``create_batch`` records the
file and how to read it; ``run_batch`` (the import page's worker job, or the CLI) reads it and
stores its calls, ready for analysis.

Writing: calls go in a chunk at a time (``CHUNK_CALLS`` calls, or whatever was read within
``FLUSH_S``). A chunk is one transaction holding its calls, their utterances and search
terms, and the batch's running summary, so a call is stored whole or not at all and the
summary never disagrees with what is stored. The rows themselves are written by
``db.imported_calls``, a table at a time per chunk.

Dedupe: a call id imported before (``calls.source = transcript_import``, same ``source_ref``)
is a duplicate and changes nothing; one stored by this very batch (a retried job) counts as
imported again, so a re-run gives the same summary. Two batches storing the same id at once:
the unique constraint refuses one chunk, which is then stored a call at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.access import SYSTEM_ACTOR, Actor, Permission
from core.domain import CallStatus, ImportStatus
from core.errors import UserError
from core.i18n import describe
from core.transcript_import import (
    ImportedConversation,
    ImportItem,
    Rejection,
    read_transcripts,
    rejection_message,
)
from core.transcript_import.calls import call_to_store, conversation_rejected
from core.transcript_import.plan import ImportPlan
from db import audit
from db.imported_calls import AgentDirectory, ReadyCall, store_calls
from db.models import Call, ImportBatch
from db.session import transaction
from db.types import utcnow

KIND = "transcripts"
"""``import_batches.kind`` of a transcript import (an audio import is ``audio_manifest``)."""

CHUNK_CALLS = 250
"""Calls stored per transaction."""

FLUSH_S = 1.0
"""A chunk is stored at least this often, so progress moves on a slow or mostly bad file."""

MAX_KEPT_REJECTIONS = 1000
"""Rejections kept on the batch with their messages; ``rejected`` counts them all."""


@dataclass
class BatchSummary:
    batch_id: int
    status: ImportStatus
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    bytes_read: int = 0
    file_bytes: int | None = None
    error_text: str | None = None

    @property
    def fraction(self) -> float:
        """How much of the file has been read (0..1)."""
        if self.status is ImportStatus.DONE:
            return 1.0
        return min(1.0, self.bytes_read / self.file_bytes) if self.file_bytes else 0.0


def create_batch(
    *,
    session: Session,
    actor: Actor,
    filename: str,
    plan: ImportPlan,
    file_path: Path,
    source_name: str | None = None,
) -> int:
    """Record an import of the file at ``file_path`` (queued); returns the batch id."""
    actor.require(Permission.UPLOAD_CALLS)
    name = Path(filename.replace("\\", "/")).name[:255]
    batch = ImportBatch(kind=KIND, filename=name, created_by=actor.user_id,
                        status=ImportStatus.QUEUED, format=plan.format.value,
                        source_name=(source_name or "").strip()[:255] or None,
                        file_path=str(file_path), file_bytes=file_path.stat().st_size,
                        options=plan.as_json())  # fmt: skip
    session.add(batch)
    session.flush()
    audit.record(session=session, actor=actor, action="calls.import_transcripts",
                 target_type="import", target_id=batch.id, filename=name,
                 format=plan.format.value)  # fmt: skip
    return batch.id


def summary_of(batch: ImportBatch) -> BatchSummary:
    return BatchSummary(batch.id, batch.status, batch.imported, batch.duplicates,
                        batch.rejected, batch.bytes_read, batch.file_bytes,
                        batch.error_text)  # fmt: skip


def stop_batch(*, session: Session, batch_id: int, error_text: str) -> None:
    """Mark a batch that is queued or being read as failed (its job was canceled); the
    calls stored so far stay, and the batch can be started again."""
    session.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch_id,
               ImportBatch.status.in_((ImportStatus.QUEUED, ImportStatus.RUNNING)))
        .values(status=ImportStatus.FAILED, error_text=error_text, finished_at=utcnow())
    )  # fmt: skip


def unfinished_calls(*, session: Session, batch_id: int) -> list[int]:
    """The batch's calls whose analysis is not done, to analyse again."""
    return list(
        session.scalars(
            select(Call.id)
            .where(Call.import_batch_id == batch_id, Call.status != CallStatus.DONE)
            .order_by(Call.id)
        )
    )


Progress = Callable[[BatchSummary], None]
Stored = Callable[[list[int]], None]
Rejected = Callable[[list[Rejection]], None]


def run_batch(
    engine: Engine,
    batch_id: int,
    *,
    customer_key_secret: str,
    progress: Progress | None = None,
    stored: Stored | None = None,
    rejected: Rejected | None = None,
) -> BatchSummary:
    """Read the batch's file and store its calls (status ``uploaded``, for analysis).

    ``stored`` gets each chunk's new call ids once they are committed (to queue their
    analysis), ``rejected`` its rejections (all of them, where the batch keeps the first
    ``MAX_KEPT_REJECTIONS``), ``progress`` the running summary after each chunk. A file
    that cannot be read on (not text, a broken JSON document) ends the batch as failed,
    keeping the calls stored before the fault; any other error also marks it failed, and is
    raised."""
    with transaction(engine) as session:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            raise ValueError(f"no import batch {batch_id}")
        if batch.status is ImportStatus.DONE:
            return summary_of(batch)  # a finished job run again: nothing to do
        plan = ImportPlan.from_json(batch.options)
        path, filename = Path(batch.file_path or ""), batch.filename
        # A retried run starts the count again; calls it stored before count as imported.
        batch.status, batch.error_text = ImportStatus.RUNNING, None
        batch.imported = batch.duplicates = batch.rejected = batch.bytes_read = 0
        batch.rejections = []
        summary = summary_of(batch)
    writer = _ChunkWriter(engine, summary, plan, customer_key_secret,
                          _Callbacks(progress, stored, rejected))  # fmt: skip
    try:
        with path.open("rb") as raw:
            counted = _Counted(raw)
            items = read_transcripts(counted, format=plan.format, options=plan.options,
                                     source_id=Path(filename).stem)  # fmt: skip
            for item in items:
                writer.add(item, bytes_read=counted.count)
            writer.flush(bytes_read=counted.count)
    except UserError as error:  # the file, or a canceled job's progress report
        writer.flush(bytes_read=writer.summary.bytes_read, report=False)
        return _finish(engine, writer.summary, ImportStatus.FAILED, describe(error))
    except FileNotFoundError as error:
        return _finish(engine, writer.summary, ImportStatus.FAILED, describe(error))
    except Exception as error:
        _finish(engine, writer.summary, ImportStatus.FAILED, describe(error))
        raise
    return _finish(engine, writer.summary, ImportStatus.DONE, None)


def _finish(
    engine: Engine, summary: BatchSummary, status: ImportStatus, error_text: str | None
) -> BatchSummary:
    summary.status, summary.error_text = status, error_text
    with transaction(engine) as session:
        session.execute(
            update(ImportBatch)
            .where(ImportBatch.id == summary.batch_id)
            .values(status=status, error_text=error_text, finished_at=utcnow())
        )
        audit.record(session=session, actor=SYSTEM_ACTOR, action="calls.import_finished",
                     target_type="import", target_id=summary.batch_id, status=status.value,
                     imported=summary.imported, duplicates=summary.duplicates,
                     rejected=summary.rejected)  # fmt: skip
    return summary


class _Counted:
    """A binary file that counts the bytes read from it (the batch's progress)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.count += len(data)
        return data


@dataclass(frozen=True, slots=True)
class _Callbacks:
    progress: Progress | None
    stored: Stored | None
    rejected: Rejected | None


class _ChunkWriter:
    def __init__(
        self,
        engine: Engine,
        summary: BatchSummary,
        plan: ImportPlan,
        secret: str,
        callbacks: _Callbacks,
    ) -> None:
        self.engine, self.summary, self.plan, self.secret = engine, summary, plan, secret
        self.callbacks = callbacks
        with transaction(engine) as session:
            self.agents = AgentDirectory.load(session)
        self.ready: list[ReadyCall] = []
        self.rejections: list[Rejection] = []
        self.last_flush = time.monotonic()

    def add(self, item: ImportItem, *, bytes_read: int) -> None:
        if isinstance(item, ImportedConversation):
            try:
                call = call_to_store(item, self.plan.defaults, now=utcnow())
            except UserError as error:
                self.rejections.append(conversation_rejected(item, error))
            else:
                try:
                    agent_id, team_id = self.agents.find(call.agent)
                except UserError as error:
                    self.rejections.append(call.rejected(error))
                else:
                    self.ready.append(ReadyCall(call, agent_id, team_id))
        else:
            self.rejections.append(item)
        if len(self.ready) >= CHUNK_CALLS or time.monotonic() - self.last_flush >= FLUSH_S:
            self.flush(bytes_read=bytes_read)

    def flush(self, *, bytes_read: int, report: bool = True) -> None:
        ready, rejections = self.ready, self.rejections
        self.ready, self.rejections = [], []
        self.last_flush = time.monotonic()
        try:
            with transaction(self.engine) as session:
                new_ids, again, duplicates = store_calls(
                    session=session, batch_id=self.summary.batch_id, calls=ready,
                    secret=self.secret)  # fmt: skip
                self._count(session, len(new_ids) + again, duplicates, rejections, bytes_read)
        except IntegrityError:
            # Another batch stored one of these ids meanwhile: store them one by one.
            new_ids = self._one_by_one(ready, rejections, bytes_read)
        callbacks = self.callbacks
        if rejections and callbacks.rejected:
            callbacks.rejected(rejections)
        if new_ids and callbacks.stored:
            callbacks.stored(new_ids)
        if report and callbacks.progress:
            callbacks.progress(self.summary)

    def _one_by_one(
        self, ready: list[ReadyCall], rejections: list[Rejection], bytes_read: int
    ) -> list[int]:
        new_ids: list[int] = []
        with transaction(self.engine) as session:
            self._count(session, 0, 0, rejections, bytes_read)
        for call in ready:
            try:
                with transaction(self.engine) as session:
                    ids, again, duplicates = store_calls(
                        session=session, batch_id=self.summary.batch_id, calls=[call],
                        secret=self.secret)  # fmt: skip
                    self._count(session, len(ids) + again, duplicates, [], bytes_read)
            except IntegrityError:
                with transaction(self.engine) as session:
                    self._count(session, 0, 1, [], bytes_read)
                continue
            new_ids += ids
        return new_ids

    def _count(
        self,
        session: Session,
        imported: int,
        duplicates: int,
        rejections: list[Rejection],
        bytes_read: int,
    ) -> None:
        """Add to the batch's summary, in the transaction that stored what it counts."""
        summary = self.summary
        kept = max(0, MAX_KEPT_REJECTIONS - summary.rejected)
        batch = session.get(ImportBatch, summary.batch_id, with_for_update=True)
        if batch is None:
            raise ValueError(f"import batch {summary.batch_id} is gone")
        if rejections[:kept]:
            batch.rejections = [*batch.rejections, *map(rejection_record, rejections[:kept])]
        summary.imported += imported
        summary.duplicates += duplicates
        summary.rejected += len(rejections)
        summary.bytes_read = bytes_read
        batch.imported, batch.duplicates = summary.imported, summary.duplicates
        batch.rejected, batch.bytes_read = summary.rejected, bytes_read


def rejection_record(rejection: Rejection) -> dict:
    """A rejection as the batch keeps it: where, which call, why, and the message in ko/en."""
    return {
        "line": rejection.line,
        "record": rejection.record,
        "source_id": rejection.source_id,
        "key": rejection.key,
        "params": rejection.params,
        "ko": rejection_message(rejection, "ko"),
        "en": rejection_message(rejection, "en"),
    }
