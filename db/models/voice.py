"""The prompt (멘트) library, voice actors with consent, reference samples and TTS takes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.domain import SampleStatus, TakeStatus
from db.models.base import Base, CreatedAt
from db.types import JSONDocument, UTCDateTime, str_enum, utcnow


class Prompt(CreatedAt, Base):
    """A reusable ARS line, e.g. "사고 접수는 1번을 눌러 주세요", with ``{variables}``."""

    __tablename__ = "prompts"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    variables: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    # Example values of the variables, spoken when takes are generated ({"amount": "35,000"}).
    examples: Mapped[dict[str, str]] = mapped_column(JSONDocument, default=dict)
    description: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class PronunciationEntry(Base):
    """How to read a term aloud before synthesis ("KB" → "케이비")."""

    __tablename__ = "pronunciation_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(64), unique=True)
    reading: Mapped[str] = mapped_column(String(128))
    note: Mapped[str] = mapped_column(Text, default="")


class VoiceActor(CreatedAt, Base):
    """A contracted voice actor; cloning their voice needs the consent recorded here."""

    __tablename__ = "voice_actors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    gender: Mapped[str] = mapped_column(String(8), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    consent_given_by: Mapped[str] = mapped_column(String(80))
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    consent_scope: Mapped[str] = mapped_column(Text)
    consent_document_path: Mapped[str | None] = mapped_column(String(512))
    consent_document_sha256: Mapped[str | None] = mapped_column(String(64))
    consent_recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class VoiceSample(CreatedAt, Base):
    """A reference recording of an actor, accepted (stored normalised) or refused."""

    __tablename__ = "voice_samples"
    __table_args__ = (Index("ix_voice_samples_actor", "actor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("voice_actors.id", ondelete="CASCADE"))
    audio_path: Mapped[str | None] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64))
    original_filename: Mapped[str] = mapped_column(String(255), default="")
    duration_s: Mapped[float | None] = mapped_column(Float)
    sample_rate: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[SampleStatus] = mapped_column(str_enum(SampleStatus, 10))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    checks: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class TtsTake(CreatedAt, Base):
    """One synthesis of a line by an engine and voice, with its quality-gate results."""

    __tablename__ = "tts_takes"
    __table_args__ = (
        Index("ix_tts_takes_prompt", "prompt_id"),
        Index("ix_tts_takes_cache_key", "cache_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    prompt_id: Mapped[int | None] = mapped_column(ForeignKey("prompts.id", ondelete="SET NULL"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("voice_actors.id"))
    engine: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(128), default="")
    text: Mapped[str] = mapped_column(Text)  # as sent to the engine, after pronunciation rules
    parameters: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    seed: Mapped[int] = mapped_column(Integer, default=0)
    cache_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[TakeStatus] = mapped_column(str_enum(TakeStatus, 10), default=TakeStatus.QUEUED)
    error_text: Mapped[str | None] = mapped_column(Text)
    audio_path: Mapped[str | None] = mapped_column(String(512))
    telephone_audio_path: Mapped[str | None] = mapped_column(String(512))
    duration_s: Mapped[float | None] = mapped_column(Float)
    quality: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    quality_passed: Mapped[bool | None] = mapped_column(Boolean)  # None: gate not run
    approved: Mapped[bool] = mapped_column(Boolean, default=False)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
