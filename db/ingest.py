"""Taking in one recording: check it, store it by content, register the call. Bad input
changes nothing: a file stored only for this attempt is removed again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from core.access import Actor
from core.audio import validate
from core.domain import CallSource
from core.errors import UserError
from core.settings import Settings
from core.storage import StoredFile, audio_suffix, store_by_content
from db import calls
from db.models import Call
from db.session import transaction


@dataclass(frozen=True, slots=True)
class Ingested:
    call_id: int
    duplicate: bool


def ingest_recording(
    *,
    engine: Engine,
    settings: Settings,
    actor: Actor,
    filename: str,
    chunks: Iterable[bytes],
    metadata: calls.CallMetadata,
    source: CallSource = CallSource.UPLOAD,
    source_ref: str | None = None,
    import_batch_id: int | None = None,
) -> Ingested:
    """Raises UserError (with nothing changed) for bad files or metadata."""
    suffix = audio_suffix(filename)
    stored = store_by_content(chunks, root=settings.audio_dir, suffix=suffix)
    try:
        info = validate(stored.path, max_duration_s=settings.max_audio_duration_s)
        with transaction(engine) as session:
            registered = calls.register_recording(
                session=session,
                actor=actor,
                audio=stored,
                duration_s=info.duration_s,
                channels=info.channels,
                metadata=metadata,
                customer_key_secret=settings.customer_key_secret,
                source=source,
                source_ref=source_ref,
                import_batch_id=import_batch_id,
            )
    except UserError as error:
        _forget(engine, stored)
        if "name" in error.params:  # the stored file's name means nothing to the user
            error.params["name"] = Path(filename).name
        raise
    except Exception:
        _forget(engine, stored)
        raise
    return Ingested(call_id=registered.call_id, duplicate=registered.duplicate)


def _forget(engine: Engine, stored: StoredFile) -> None:
    """Remove a file stored for a refused upload, unless a call has it (the same bytes may
    have arrived meanwhile in another upload)."""
    if not stored.created:
        return
    with transaction(engine) as session:
        if session.scalar(select(Call.id).where(Call.audio_sha256 == stored.sha256)) is None:
            stored.path.unlink(missing_ok=True)
