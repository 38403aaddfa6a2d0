"""Voice actors, their consent records and their reference samples.

Cloning a voice needs the actor's consent: an actor is created only with who consented, when,
to what use and the signed document. Every write checks ``Permission.EDIT_VOICES`` and leaves
an audit row. Files (consent documents, normalised samples) live under the data directory and
are stored by content, so nothing is ever overwritten.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.access import Actor, Permission
from core.domain import SampleStatus
from core.errors import UserError
from core.storage import store_by_content
from core.voice.engines import VoiceReference
from core.voice.reference_sample import SampleThresholds, check_reference_sample
from db import audit
from db.models import TtsTake, VoiceActor, VoiceSample

CONSENT_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")
"""Scans or signed PDFs of the consent form."""

MAX_CONSENT_BYTES = 20 * 1024 * 1024
MAX_SAMPLE_BYTES = 50 * 1024 * 1024
NAME_MAX = 80
VOICE_DIR = "voice"
"""Under the data directory: consent/ and samples/ (takes/ belongs to db.tts_takes)."""


@dataclass(frozen=True, slots=True)
class ActorSummary:
    id: int
    name: str
    gender: str
    active: bool
    consent_given_by: str
    consent_at: datetime
    consent_scope: str
    document_path: str | None  # relative to the data directory
    accepted_samples: int
    refused_samples: int


@dataclass(frozen=True, slots=True)
class SampleView:
    id: int
    original_filename: str
    status: SampleStatus
    duration_s: float | None
    sample_rate: int | None
    rejection_reason: str | None  # a catalog key
    checks: dict
    audio_path: str | None  # relative to the data directory
    created_at: datetime


def list_actors(*, session: Session, include_inactive: bool = True) -> list[ActorSummary]:
    counts = {
        (actor_id, status): count
        for actor_id, status, count in session.execute(
            select(VoiceSample.actor_id, VoiceSample.status, func.count()).group_by(
                VoiceSample.actor_id, VoiceSample.status
            )
        )
    }
    query = select(VoiceActor).order_by(VoiceActor.name)
    if not include_inactive:
        query = query.where(VoiceActor.active.is_(True))
    return [
        ActorSummary(
            actor.id,
            actor.name,
            actor.gender,
            actor.active,
            actor.consent_given_by,
            actor.consent_at,
            actor.consent_scope,
            actor.consent_document_path,
            counts.get((actor.id, SampleStatus.ACCEPTED), 0),
            counts.get((actor.id, SampleStatus.REJECTED), 0),
        )
        for actor in session.scalars(query)
    ]


def samples_of(*, session: Session, actor_id: int) -> list[SampleView]:
    rows = session.scalars(
        select(VoiceSample)
        .where(VoiceSample.actor_id == actor_id)
        .order_by(VoiceSample.created_at.desc(), VoiceSample.id.desc())
    )
    return [
        SampleView(
            s.id,
            s.original_filename,
            s.status,
            s.duration_s,
            s.sample_rate,
            s.rejection_reason,
            s.checks or {},
            s.audio_path,
            s.created_at,
        )
        for s in rows
    ]


def voice_reference(*, session: Session, actor_id: int, data_dir: Path) -> VoiceReference | None:
    """The actor's accepted samples to clone from; None when there are none."""
    rows = session.execute(
        select(VoiceSample.audio_path, VoiceSample.sha256)
        .where(VoiceSample.actor_id == actor_id, VoiceSample.status == SampleStatus.ACCEPTED)
        .order_by(VoiceSample.id)
    ).all()
    rows = [(path, sha) for path, sha in rows if path]
    if not rows:
        return None
    fingerprint = hashlib.sha256("".join(sha for _, sha in rows).encode()).hexdigest()[:16]
    paths = tuple((data_dir / path).resolve() for path, _ in rows)
    return VoiceReference(actor_id=actor_id, sample_paths=paths, fingerprint=fingerprint)


def _clean(text: str, *, key: str, limit: int | None = None) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise UserError(key)
    if limit is not None and len(cleaned) > limit:
        raise UserError("voice.actor.too_long", limit=limit)
    return cleaned


def _consent_suffix(filename: str) -> str:
    suffix = PurePath(filename.replace("\\", "/")).suffix.lower()
    if suffix not in CONSENT_SUFFIXES:
        raise UserError("voice.consent.bad_document", allowed=", ".join(CONSENT_SUFFIXES))
    return suffix


def _store(data: bytes, data_dir: Path, folder: str, suffix: str) -> tuple[str, str]:
    stored = store_by_content([data], root=data_dir / VOICE_DIR / folder, suffix=suffix)
    return str(stored.path.relative_to(data_dir)), stored.sha256


def create_actor(
    *,
    session: Session,
    actor: Actor,
    data_dir: Path,
    name: str,
    consent_given_by: str,
    consent_at: datetime,
    consent_scope: str,
    document: bytes,
    document_filename: str,
    gender: str = "",
    notes: str = "",
) -> int:
    """A new voice actor with their consent record; refused (nothing stored) if any is missing."""
    actor.require(Permission.EDIT_VOICES)
    name = _clean(name, key="voice.actor.name_required", limit=NAME_MAX)
    if session.scalar(select(VoiceActor.id).where(VoiceActor.name == name)) is not None:
        raise UserError("voice.actor.name_taken", name=name)
    given_by = _clean(consent_given_by, key="voice.consent.given_by_required", limit=NAME_MAX)
    scope = _clean(consent_scope, key="voice.consent.scope_required")
    if not document:
        raise UserError("voice.consent.document_required")
    if len(document) > MAX_CONSENT_BYTES:
        raise UserError("voice.consent.document_too_big", mb=MAX_CONSENT_BYTES // 2**20)
    suffix = _consent_suffix(document_filename)
    path, sha = _store(document, data_dir, "consent", suffix)
    row = VoiceActor(name=name, gender=gender.strip(), notes=notes.strip(), active=True,
                     consent_given_by=given_by, consent_at=consent_at, consent_scope=scope,
                     consent_document_path=path, consent_document_sha256=sha,
                     consent_recorded_by=actor.user_id)  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session=session, actor=actor, action="voice.actor.create",
                 target_type="voice_actor", target_id=row.id, name=name,
                 consent_given_by=given_by, document_sha256=sha)  # fmt: skip
    return row.id


def set_active(*, session: Session, actor: Actor, actor_id: int, active: bool) -> None:
    """Withdrawn consent or an ended contract: an inactive actor gets no new takes, and the
    takes approved in their voice are withdrawn (reactivating does not restore them)."""
    actor.require(Permission.EDIT_VOICES)
    row = _actor(session, actor_id)
    row.active = active
    withdrawn = 0
    if not active:
        withdrawn = session.execute(
            update(TtsTake)
            .where(TtsTake.actor_id == actor_id, TtsTake.approved.is_(True))
            .values(approved=False)
        ).rowcount
    audit.record(session=session, actor=actor, action="voice.actor.active",
                 target_type="voice_actor", target_id=actor_id, active=active,
                 approvals_withdrawn=withdrawn)  # fmt: skip


def _actor(session: Session, actor_id: int) -> VoiceActor:
    row = session.get(VoiceActor, actor_id)
    if row is None:
        raise UserError("voice.actor.not_found", id=actor_id)
    return row


def add_sample(
    *,
    session: Session,
    actor: Actor,
    data_dir: Path,
    actor_id: int,
    data: bytes,
    filename: str,
    thresholds: SampleThresholds,
) -> int:
    """Check an uploaded reference recording; store it normalised if accepted, else record
    the refusal and its reason. Returns the sample's id either way."""
    actor.require(Permission.EDIT_VOICES)
    voice_actor = _actor(session, actor_id)
    if not voice_actor.active:
        raise UserError("voice.actor.inactive", name=voice_actor.name)
    if len(data) > MAX_SAMPLE_BYTES:
        raise UserError("voice.sample.too_big", mb=MAX_SAMPLE_BYTES // 2**20)
    verdict = check_reference_sample(data, thresholds)
    sha = hashlib.sha256(data).hexdigest()
    path = None
    if verdict.accepted:
        path, _ = _store(verdict.normalised_wav, data_dir, "samples", ".wav")
    sample = VoiceSample(
        actor_id=actor_id,
        audio_path=path,
        sha256=sha,
        original_filename=PurePath(filename.replace("\\", "/")).name[:255],
        duration_s=verdict.duration_s,
        sample_rate=verdict.sample_rate,
        status=SampleStatus.ACCEPTED if verdict.accepted else SampleStatus.REJECTED,
        rejection_reason=None if verdict.accepted else verdict.reason_key,
        checks=verdict.to_json(),
        uploaded_by=actor.user_id,
    )
    session.add(sample)
    session.flush()
    audit.record(session=session, actor=actor, action="voice.sample.add",
                 target_type="voice_actor", target_id=actor_id, sample_id=sample.id,
                 accepted=verdict.accepted, reason=verdict.reason_key)  # fmt: skip
    return sample.id


def remove_sample(*, session: Session, actor: Actor, sample_id: int) -> None:
    """Takes already made from it keep their audio; new conditioning leaves it out."""
    actor.require(Permission.EDIT_VOICES)
    sample = session.get(VoiceSample, sample_id)
    if sample is None:
        raise UserError("voice.sample.not_found", id=sample_id)
    session.delete(sample)
    audit.record(session=session, actor=actor, action="voice.sample.remove",
                 target_type="voice_actor", target_id=sample.actor_id,
                 sample_id=sample_id)  # fmt: skip
