"""Recorded calls, their utterances, and what the analysis found in them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.domain import (
    CallCategory,
    CallDirection,
    CallSource,
    CallStatus,
    FindingKind,
    ImportStatus,
    JobStatus,
    QueueName,
    Speaker,
    SpeakerMethod,
    TransferQueue,
)
from db.models.base import Base, CreatedAt
from db.types import JSONDocument, UTCDateTime, str_enum, utcnow


class ImportBatch(CreatedAt, Base):
    """One bulk import (audio folder + manifest, or a transcript file) and its summary."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(255))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[ImportStatus] = mapped_column(
        str_enum(ImportStatus, 10), default=ImportStatus.DONE
    )
    # Transcript imports: the file's format (core.transcript_import.ImportFormat), the system
    # it came from as the supervisor names it, the stored file a worker reads, and how the
    # file is read (speaker names, field names, defaults for what the file does not say).
    format: Mapped[str | None] = mapped_column(String(32))
    source_name: Mapped[str | None] = mapped_column(String(255))
    file_path: Mapped[str | None] = mapped_column(String(512))
    file_bytes: Mapped[int | None] = mapped_column(BigInteger)
    bytes_read: Mapped[int] = mapped_column(BigInteger, default=0)
    options: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    # [{"line": 12, "key": "...", "params": {...}, "ko": "...", "en": "..."}], the first
    # MAX_KEPT_REJECTIONS of them (``rejected`` counts them all).
    rejections: Mapped[list[dict]] = mapped_column(JSONDocument, default=list)
    error_text: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Call(CreatedAt, Base):
    """One recorded (or imported) conversation between an agent and a customer."""

    __tablename__ = "calls"
    __table_args__ = (
        Index("ix_calls_started_at", "started_at"),
        Index("ix_calls_agent_started", "agent_id", "started_at"),
        Index("ix_calls_team_started", "team_id", "started_at"),
        Index("ix_calls_status", "status"),
        Index("ix_calls_customer_started", "customer_key_hash", "started_at"),
        Index("ix_calls_import_batch", "import_batch_id"),
        UniqueConstraint("source", "source_ref", name="uq_calls_source_ref"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
    # The agent's team when the call happened; agents move between teams.
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    category: Mapped[CallCategory] = mapped_column(str_enum(CallCategory))
    direction: Mapped[CallDirection] = mapped_column(str_enum(CallDirection))
    # sha256 of the normalised customer number: repeat calls without keeping the number.
    # None where an imported transcript names no customer (never a repeat call then).
    customer_key_hash: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # None for an imported transcript without timings (unknown, never 0).
    duration_s: Mapped[float | None] = mapped_column(Float)
    audio_path: Mapped[str | None] = mapped_column(String(512))
    audio_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    channels: Mapped[int | None] = mapped_column(SmallInteger)
    status: Mapped[CallStatus] = mapped_column(str_enum(CallStatus), default=CallStatus.UPLOADED)
    error_text: Mapped[str | None] = mapped_column(Text)
    attempt_count: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[CallSource] = mapped_column(str_enum(CallSource), default=CallSource.UPLOAD)
    # The id the call has in the system it came from (recorder, vendor, manifest row).
    source_ref: Mapped[str | None] = mapped_column(String(128))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    speaker_method: Mapped[SpeakerMethod | None] = mapped_column(str_enum(SpeakerMethod))
    transferred_to: Mapped[TransferQueue | None] = mapped_column(str_enum(TransferQueue))
    analyzed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    utterances: Mapped[list[Utterance]] = relationship(
        back_populates="call", order_by="Utterance.seq", cascade="all, delete-orphan"
    )


class Utterance(Base):
    """One speaker turn. Its text is already redacted; the raw text is never stored."""

    __tablename__ = "utterances"
    __table_args__ = (UniqueConstraint("call_id", "seq", name="uq_utterances_call_seq"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    call_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("calls.id", ondelete="CASCADE")
    )
    seq: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[Speaker] = mapped_column(str_enum(Speaker, 10))
    # Seconds from the start of the call; None where an imported transcript had no timings.
    start_s: Mapped[float | None] = mapped_column(Float)
    end_s: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)
    # [{"start": 5, "end": 19, "kind": "phone"}] in characters of ``text``.
    redaction_spans: Mapped[list[dict]] = mapped_column(JSONDocument, default=list)
    confidence: Mapped[float | None] = mapped_column(Float)

    call: Mapped[Call] = relationship(back_populates="utterances")


class CallSearchTerms(Base):
    """What the transcript search of the call list looks up for a call: the bigrams and word
    pairs of its utterances (``core.search_terms``), as integers. Written wherever a
    transcript is stored or replaced (``db.search_terms``)."""

    __tablename__ = "call_search_terms"
    __table_args__ = (
        # Migration 0005: the calls holding every term of a search text (``@>``). PostgreSQL
        # only; SQLite reads the utterances.
        Index("ix_call_search_terms_terms", "terms", postgresql_using="gin").ddl_if(
            dialect="postgresql"
        ),
    )

    call_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("calls.id", ondelete="CASCADE"),
        primary_key=True,
    )
    terms: Mapped[list[int]] = mapped_column(ARRAY(BigInteger).with_variant(JSON(), "sqlite"))


class CallMetrics(Base):
    """Numbers computed from a call's utterances. None means not measurable, never zero."""

    __tablename__ = "call_metrics"

    call_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("calls.id", ondelete="CASCADE"),
        primary_key=True,
    )
    timings_available: Mapped[bool] = mapped_column(Boolean, default=True)
    agent_talk_s: Mapped[float | None] = mapped_column(Float)
    customer_talk_s: Mapped[float | None] = mapped_column(Float)
    agent_talk_ratio: Mapped[float | None] = mapped_column(Float)
    silence_s: Mapped[float | None] = mapped_column(Float)
    silence_ratio: Mapped[float | None] = mapped_column(Float)
    longest_silence_s: Mapped[float | None] = mapped_column(Float)
    hold_count: Mapped[int | None] = mapped_column(Integer)
    hold_s: Mapped[float | None] = mapped_column(Float)
    overtalk_count: Mapped[int | None] = mapped_column(Integer)
    overtalk_s: Mapped[float | None] = mapped_column(Float)
    agent_interruptions: Mapped[int | None] = mapped_column(Integer)
    customer_interruptions: Mapped[int | None] = mapped_column(Integer)
    agent_speech_rate: Mapped[float | None] = mapped_column(Float)  # Hangul syllables / s
    customer_speech_rate: Mapped[float | None] = mapped_column(Float)
    agent_response_latency_s: Mapped[float | None] = mapped_column(Float)
    dropped_segments: Mapped[int] = mapped_column(Integer, default=0)
    # Speech-to-text segments left out, by reason (hallucination_phrase, repetition_loop, ...).
    dropped_reasons: Mapped[dict[str, int]] = mapped_column(JSONDocument, default=dict)
    # The outcome model's inputs (core.features.CallFeatures.as_dict()), so training later uses
    # exactly what a prediction saw.
    features: Mapped[dict | None] = mapped_column(JSONDocument)
    politeness_score: Mapped[float | None] = mapped_column(Float)  # 0-100
    speech_level: Mapped[str | None] = mapped_column(String(16))  # 하십시오체 / 해요체 / 반말
    compliance_pct: Mapped[float | None] = mapped_column(Float)  # 0-100
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CallFinding(Base):
    """A politeness or compliance observation, tied to the utterance it concerns."""

    __tablename__ = "call_findings"
    __table_args__ = (
        Index("ix_call_findings_call", "call_id"),
        Index("ix_call_findings_kind_code", "kind", "code"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    call_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("calls.id", ondelete="CASCADE")
    )
    utterance_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("utterances.id", ondelete="CASCADE"),
    )
    kind: Mapped[FindingKind] = mapped_column(str_enum(FindingKind, 12))
    code: Mapped[str] = mapped_column(String(48))  # e.g. "banmal", "missing_greeting"
    expression: Mapped[str] = mapped_column(String(200), default="")
    score_delta: Mapped[float] = mapped_column(Float, default=0.0)
    passed: Mapped[bool | None] = mapped_column(Boolean)  # compliance rules: met or missed


class JobRun(CreatedAt, Base):
    """A job put on a queue (or run inline), kept after Redis forgets it."""

    __tablename__ = "job_runs"
    __table_args__ = (
        Index("ix_job_runs_target", "target_type", "target_id"),
        Index("ix_job_runs_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rq_job_id: Mapped[str] = mapped_column(String(64), unique=True)
    queue: Mapped[QueueName] = mapped_column(str_enum(QueueName, 8))
    function: Mapped[str] = mapped_column(String(128))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    status: Mapped[JobStatus] = mapped_column(str_enum(JobStatus, 10), default=JobStatus.QUEUED)
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    error_text: Mapped[str | None] = mapped_column(Text)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
