"""The contact centre's vocabulary: the fixed sets of values the whole app speaks in."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"  # QA supervisor
    DESIGNER = "designer"  # scenarios and voices
    VIEWER = "viewer"  # read-only


class CallDirection(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallCategory(StrEnum):
    ACCIDENT = "사고접수"
    CLAIM = "보험금청구"
    CONTRACT_CHANGE = "계약변경"
    CANCELLATION = "해지문의"
    GENERAL = "일반문의"
    PAYMENT = "납입문의"


class CallStatus(StrEnum):
    """uploaded → queued → transcribing → analyzing → done | failed."""

    UPLOADED = "uploaded"
    QUEUED = "queued"
    TRANSCRIBING = "transcribing"
    ANALYZING = "analyzing"
    DONE = "done"
    FAILED = "failed"


class CallSource(StrEnum):
    UPLOAD = "upload"
    BATCH_IMPORT = "batch_import"
    TRANSCRIPT_IMPORT = "transcript_import"  # transcribed elsewhere, no audio
    DEMO = "demo"


class Speaker(StrEnum):
    AGENT = "agent"
    CUSTOMER = "customer"


class SpeakerMethod(StrEnum):
    """How utterances were attributed to speakers."""

    STEREO_CHANNELS = "stereo_channels"
    MONO_GREETING_HEURISTIC = "mono_greeting_heuristic"
    SOURCE_LABELS = "source_labels"  # the imported transcript named its speakers


class TransferQueue(StrEnum):
    GENERAL = "일반"
    INSURANCE = "보험"
    ACCIDENT = "사고접수"
    EMERGENCY = "긴급"


class FindingKind(StrEnum):
    POLITENESS = "politeness"
    COMPLIANCE = "compliance"


class EvaluationSource(StrEnum):
    LLM = "llm"
    RULES = "rules"


class EvaluationStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"


class Resolution(StrEnum):
    RESOLVED = "해결"
    UNRESOLVED = "미해결"
    NEEDS_FOLLOW_UP = "추가상담필요"


class Sentiment(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class Outcome(StrEnum):
    """What the prediction model predicts, and what reviews label."""

    SATISFIED = "만족"
    POOR = "미흡"
    NEEDS_FOLLOW_UP = "추가상담필요"
    UNRESOLVABLE = "해결불가"


class ReviewAcknowledgement(StrEnum):
    PENDING = "pending"
    ACKNOWLEDGED = "acknowledged"
    DISPUTED = "disputed"


class Environment(StrEnum):
    DEV = "dev"
    STAGING = "staging"
    PROD = "prod"


class DeploymentStatus(StrEnum):
    PENDING_APPROVAL = "pending_approval"
    ACTIVE = "active"
    SUPERSEDED = "superseded"
    REJECTED = "rejected"


class SampleStatus(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class TakeStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ImportStatus(StrEnum):
    """An import batch: queued (file stored, job waiting) → running → done | failed."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    CANCELED = "canceled"


class QueueName(StrEnum):
    CPU = "cpu"
    STT = "stt"
    TTS = "tts"
