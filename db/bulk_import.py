"""Importing a folder of recordings described by a CSV manifest, as one recorded batch."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from core.access import Actor, Permission
from core.domain import CallSource
from core.errors import UserError
from core.i18n import t
from core.manifest import Rejection, parse_manifest
from core.settings import Settings
from core.storage import read_chunks
from db import audit
from db.calls import CallMetadata
from db.ingest import ingest_recording
from db.models import ImportBatch
from db.session import transaction
from db.types import utcnow


@dataclass
class ImportSummary:
    batch_id: int
    imported: list[int] = field(default_factory=list)  # new call ids, to be queued
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)


def import_folder(
    *,
    engine: Engine,
    settings: Settings,
    actor: Actor,
    folder: Path,
    manifest: bytes,
    manifest_name: str,
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Import every good row; a bad row is listed with its reason and changes nothing.
    A manifest that cannot be read at all raises UserError before anything is written."""
    actor.require(Permission.UPLOAD_CALLS)
    parsed = parse_manifest(manifest, folder=folder, tz=settings.timezone)
    with transaction(engine) as session:
        batch = ImportBatch(kind="audio_manifest", filename=Path(manifest_name).name,
                            created_by=actor.user_id)  # fmt: skip
        session.add(batch)
        session.flush()
        summary = ImportSummary(batch_id=batch.id, rejected=list(parsed.rejected))
    for index, row in enumerate(parsed.rows):
        metadata = CallMetadata(row.agent, row.category, row.direction, row.customer_key,
                                row.started_at)  # fmt: skip
        try:
            ingested = ingest_recording(
                engine=engine, settings=settings, actor=actor, filename=row.path.name,
                chunks=read_chunks(row.path), metadata=metadata, source=CallSource.BATCH_IMPORT,
                source_ref=row.source_id or row.path.name, import_batch_id=summary.batch_id,
            )  # fmt: skip
        except UserError as error:
            params = {k: str(v) for k, v in error.params.items()}
            summary.rejected.append(Rejection(row.line, error.key, params))
        else:
            if ingested.duplicate:
                summary.duplicates += 1
            else:
                summary.imported.append(ingested.call_id)
        if progress:
            progress(index + 1, len(parsed.rows))
    summary.rejected.sort(key=lambda rejection: rejection.line)
    with transaction(engine) as session:
        batch = session.get(ImportBatch, summary.batch_id)
        batch.imported = len(summary.imported)
        batch.duplicates = summary.duplicates
        batch.rejected = len(summary.rejected)
        batch.rejections = [
            {"line": r.line, "key": r.key, "params": r.params,
             "ko": t(r.key, "ko", **r.params), "en": t(r.key, "en", **r.params)}
            for r in summary.rejected
        ]  # fmt: skip
        batch.finished_at = utcnow()
        audit.record(session=session, actor=actor, action="calls.import", target_type="import",
                     target_id=batch.id, imported=batch.imported, duplicates=batch.duplicates,
                     rejected=batch.rejected)  # fmt: skip
    return summary
