"""Everything the analysis found in one call, as it will be stored: one value, written in one
transaction, replacing whatever an earlier run stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.domain import (
    EvaluationSource,
    EvaluationStatus,
    FindingKind,
    Outcome,
    Resolution,
    Sentiment,
    SpeakerMethod,
)
from core.transcript import Turn


@dataclass(frozen=True, slots=True)
class FindingRecord:
    """A politeness or compliance observation; ``seq`` names the utterance, if one."""

    kind: FindingKind
    code: str
    seq: int | None = None
    expression: str = ""
    score_delta: float = 0.0
    passed: bool | None = None


@dataclass(frozen=True, slots=True)
class EvaluationItemRecord:
    code: str
    score: int
    evidence: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True, slots=True)
class EvaluationRecord:
    source: EvaluationSource
    status: EvaluationStatus
    model: str = ""
    error_text: str | None = None
    total_score: float | None = None
    items: tuple[EvaluationItemRecord, ...] = ()
    summary: str = ""
    intent: str = ""
    resolution: Resolution | None = None
    sentiment_start: Sentiment | None = None
    sentiment_end: Sentiment | None = None
    coaching: str = ""


@dataclass(frozen=True, slots=True)
class PredictionRecord:
    model_version_id: int
    label: Outcome
    probabilities: dict[str, float]
    contributions: dict[str, float]


@dataclass(frozen=True, slots=True)
class CallAnalysis:
    """The result of analysing one call. ``turns`` are redacted; the raw text is gone."""

    call_id: int
    turns: tuple[Turn, ...]
    metrics: dict[str, object]  # CallMetrics column values
    findings: tuple[FindingRecord, ...] = ()
    evaluations: tuple[EvaluationRecord, ...] = ()
    prediction: PredictionRecord | None = None
    speaker_method: SpeakerMethod | None = None
    confidences: dict[int, float] = field(default_factory=dict)  # seq -> ASR confidence
