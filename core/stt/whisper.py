"""Speech-to-text for one call with faster-whisper: channels, VAD, guards, speakers.

Runs on the ``stt`` queue's hosts (faster-whisper is in requirements-gpu.txt), so the library
is imported when a ``Transcriber`` is built, not when this module is: the app and the CPU
worker can import the result types without it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from core.audio import load_channels
from core.domain import Speaker, SpeakerMethod
from core.errors import UserError
from core.stt.guards import (
    DroppedSegment,
    GuardThresholds,
    RecognizedSegment,
    RecognizedWord,
    screen,
)
from core.stt.speakers import (
    SpeechUnit,
    assign_mono_speakers,
    is_dual_mono,
    split_at_pauses,
    to_turns,
)
from core.transcript import Turn

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

SAMPLE_RATE = 16000
"""Whisper's input rate."""

MODEL_SETTING = "FEPLE_STT_MODEL"
"""The setting that names the model or points at a local copy (named in error messages)."""


@dataclass(frozen=True, slots=True)
class SttSettings:
    """How calls are transcribed. The app's Settings fills this from FEPLE_STT_* variables."""

    model: str = "large-v3"  # a faster-whisper size/Hub id, or a folder with a converted model
    device: str = "auto"  # "cuda", "cpu" or "auto"
    compute_type: str = "default"  # e.g. "float16" on GPU, "int8" on CPU
    batch_size: int = 8  # > 1: BatchedInferencePipeline; 1: sequential decoding
    beam_size: int = 5
    language: str = "ko"
    agent_channel: int = 0  # stereo: the channel that carries the agent (0 left, 1 right)
    temperature: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # fallback ladder
    max_new_tokens: int | None = None  # tests cap it; None is Whisper's own limit
    # Conditioning on earlier text lets one hallucination or loop feed the next window.
    condition_on_previous_text: bool = False
    vad_threshold: float = 0.5
    vad_min_silence_ms: int = 500  # silence that ends a speech chunk
    vad_speech_pad_ms: int = 200
    pause_s: float = 0.7  # a pause this long between words starts a new utterance
    company_names: tuple[str, ...] = ()  # agent cues for the mono speaker heuristic
    download_root: str | None = None  # where downloaded models go (None: Hugging Face cache)
    local_files_only: bool = False  # never download; use what download_root already holds
    cpu_threads: int = 0  # 0: CTranslate2's default
    guards: GuardThresholds = field(default_factory=GuardThresholds)

    def __post_init__(self) -> None:
        if self.agent_channel not in (0, 1):
            raise ValueError(f"agent_channel must be 0 or 1, not {self.agent_channel}")
        if self.batch_size < 1 or self.beam_size < 1:
            raise ValueError("batch_size and beam_size must be at least 1")


@dataclass(frozen=True, slots=True)
class SttResult:
    """A call's raw transcript (not yet redacted) and what was left out of it."""

    turns: tuple[Turn, ...]
    confidences: tuple[float, ...]  # mean word probability of the turn at the same index
    speaker_method: SpeakerMethod
    dropped: tuple[DroppedSegment, ...]
    language: str
    duration_s: float


def _is_local_path(model: str) -> bool:
    return os.path.isabs(model) or model.startswith((".", "~")) or os.path.exists(model)


def resolve_model(settings: SttSettings) -> str:
    """The folder holding the model's files, downloading it first if it is a name.

    Raises UserError("stt.model_missing") when it is neither on disk nor downloadable.
    """
    from faster_whisper.utils import download_model

    if _is_local_path(settings.model):
        folder = Path(settings.model).expanduser()
        if not (folder / "model.bin").is_file():
            raise UserError("stt.model_missing", model=settings.model, setting=MODEL_SETTING)
        return str(folder)
    try:
        return download_model(
            settings.model,
            local_files_only=settings.local_files_only,
            cache_dir=settings.download_root,
        )
    except (OSError, ValueError) as exc:
        # huggingface_hub: no network / not in the cache (OSError), malformed id (ValueError);
        # faster-whisper: unknown size name (ValueError).
        raise UserError("stt.model_missing", model=settings.model, setting=MODEL_SETTING) from exc


class Transcriber:
    """Loads the model once; ``transcribe_call`` then serves any number of calls."""

    def __init__(self, settings: SttSettings) -> None:
        from faster_whisper import BatchedInferencePipeline, WhisperModel

        self.settings = settings
        self.model: WhisperModel = WhisperModel(
            resolve_model(settings),
            device=settings.device,
            compute_type=settings.compute_type,
            cpu_threads=settings.cpu_threads,
        )
        self._batched = BatchedInferencePipeline(self.model) if settings.batch_size > 1 else None

    def transcribe_call(self, path: str | Path) -> SttResult:
        """Turns of both speakers in time order. The file must have passed ``audio.validate``."""
        channels = load_channels(path, SAMPLE_RATE)
        duration_s = len(channels[0]) / SAMPLE_RATE
        if len(channels) == 2 and not is_dual_mono(*channels):
            return self._stereo(channels, duration_s)
        mono = channels[0] if len(channels) == 1 else (channels[0] + channels[1]) / 2
        return self._mono(mono, duration_s)

    def recognise_text(self, samples: np.ndarray) -> str:
        """What is said in ``samples`` (16 kHz mono), screened by the same guards as a call:
        the voice studio's quality gate reads a take back with it."""
        segments, _ = self._recognize(samples)
        kept, _ = screen(segments, self.settings.guards, duration_s=len(samples) / SAMPLE_RATE)
        return " ".join(segment.text.strip() for segment in kept).strip()

    def _stereo(self, channels: list[np.ndarray], duration_s: float) -> SttResult:
        agent = self.settings.agent_channel
        sides = {Speaker.AGENT: channels[agent], Speaker.CUSTOMER: channels[1 - agent]}
        labelled: list[tuple[Speaker, SpeechUnit]] = []
        dropped: list[DroppedSegment] = []
        language = self.settings.language
        for speaker, samples in sides.items():
            segments, language = self._recognize(samples)
            kept, lost = screen(
                segments, self.settings.guards, duration_s=duration_s, speaker=speaker
            )
            units = split_at_pauses(kept, pause_s=self.settings.pause_s, duration_s=duration_s)
            labelled += [(speaker, unit) for unit in units]
            dropped += lost
        return self._result(labelled, dropped, SpeakerMethod.STEREO_CHANNELS, language, duration_s)

    def _mono(self, samples: np.ndarray, duration_s: float) -> SttResult:
        segments, language = self._recognize(samples)
        kept, dropped = screen(segments, self.settings.guards, duration_s=duration_s)
        units = split_at_pauses(kept, pause_s=self.settings.pause_s, duration_s=duration_s)
        speakers = assign_mono_speakers(units, self.settings.company_names)
        return self._result(
            list(zip(speakers, units, strict=True)),
            dropped,
            SpeakerMethod.MONO_GREETING_HEURISTIC,
            language,
            duration_s,
        )

    @staticmethod
    def _result(
        labelled: list[tuple[Speaker, SpeechUnit]],
        dropped: list[DroppedSegment],
        method: SpeakerMethod,
        language: str,
        duration_s: float,
    ) -> SttResult:
        turns, confidences = to_turns(labelled)
        dropped.sort(key=lambda segment: segment.start_s)
        return SttResult(turns, confidences, method, tuple(dropped), language, duration_s)

    def _recognize(self, samples: np.ndarray) -> tuple[list[RecognizedSegment], str]:
        settings = self.settings
        options: dict[str, Any] = {
            "language": settings.language,
            "beam_size": settings.beam_size,
            "temperature": list(settings.temperature),
            "max_new_tokens": settings.max_new_tokens,
            "word_timestamps": True,
            "vad_filter": True,
            "vad_parameters": {
                "threshold": settings.vad_threshold,
                "min_silence_duration_ms": settings.vad_min_silence_ms,
                "speech_pad_ms": settings.vad_speech_pad_ms,
            },
            # Whisper would skip likely-silent windows without a trace; the guards drop them
            # instead, so that they are counted.
            "no_speech_threshold": None,
            "compression_ratio_threshold": settings.guards.compression_ratio,
            "log_prob_threshold": settings.guards.no_speech_logprob,
        }
        if self._batched is not None:
            # Timestamp tokens split a 30 s batch chunk into sentences; without them a chunk
            # that spans several turns of one channel comes back as one segment.
            segments, info = self._batched.transcribe(
                samples, batch_size=settings.batch_size, without_timestamps=False, **options
            )
        else:
            segments, info = self.model.transcribe(
                samples, condition_on_previous_text=settings.condition_on_previous_text, **options
            )
        return [_recognized(segment) for segment in segments], info.language


def _recognized(segment: Any) -> RecognizedSegment:
    """faster-whisper's Segment as our own type (times as plain floats)."""
    words = tuple(
        RecognizedWord(word.word, float(word.start), float(word.end), float(word.probability))
        for word in segment.words or ()
    )
    return RecognizedSegment(
        text=segment.text,
        start_s=float(segment.start),
        end_s=float(segment.end),
        avg_logprob=float(segment.avg_logprob),
        no_speech_prob=float(segment.no_speech_prob),
        compression_ratio=float(segment.compression_ratio),
        words=words,
    )
