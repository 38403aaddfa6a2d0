"""A call's transcript as the analysis stages see it: speaker turns with optional timings."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.domain import Speaker
from core.pii import PiiKind


@dataclass(frozen=True, slots=True)
class RedactionSpan:
    """Characters ``start``..``end`` of an utterance's stored text stand for removed PII."""

    start: int
    end: int
    kind: PiiKind

    def as_dict(self) -> dict[str, int | str]:
        """The form kept in ``utterances.redaction_spans``."""
        return {"start": self.start, "end": self.end, "kind": self.kind.value}


@dataclass(frozen=True, slots=True)
class Turn:
    """One utterance. Times are seconds from the start of the call; None when unknown
    (transcripts imported without timings)."""

    seq: int
    speaker: Speaker
    text: str
    start_s: float | None = None
    end_s: float | None = None
    redactions: tuple[RedactionSpan, ...] = field(default=())

    @property
    def timed(self) -> bool:
        return self.start_s is not None and self.end_s is not None

    @property
    def duration_s(self) -> float | None:
        return self.end_s - self.start_s if self.timed else None  # type: ignore[operator]
