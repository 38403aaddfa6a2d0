"""Speech-to-text for recorded calls: faster-whisper, guards against its failure modes, and
speaker attribution (stereo channels or the mono heuristic)."""

from core.stt.guards import DroppedSegment, DropReason, GuardThresholds
from core.stt.whisper import SttResult, SttSettings, Transcriber

__all__ = [
    "DropReason",
    "DroppedSegment",
    "GuardThresholds",
    "SttResult",
    "SttSettings",
    "Transcriber",
]
