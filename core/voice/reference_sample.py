"""Checks on a voice actor's uploaded reference sample, before anything is cloned from it.

A sample is refused with the reason of its first failed check (a catalog key and its
parameters), never with an exception: the page stores refused samples with their reason. An
accepted sample is stored normalised: silence trimmed, loudness at the target, mono, at the
rate it was recorded at (>= ``min_sample_rate``; resampling is the cloning engine's own job, and
keeping the recorded rate loses nothing of the voice).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from faster_whisper.vad import VadOptions, get_speech_timestamps

from core.errors import UserError
from core.voice.quality import Check
from core.voice.signal import (
    clipping_ratio,
    loudness_lufs,
    normalise_loudness,
    read_audio,
    resample,
    trim_silence,
    wav_bytes,
)

VAD_SAMPLE_RATE = 16000
"""Silero VAD runs on 16 kHz audio."""

VAD_OPTIONS = VadOptions(min_silence_duration_ms=100, speech_pad_ms=30)
"""Tighter than faster-whisper's transcription defaults (2 s of silence, 400 ms padding), which
would count most pauses as speech: here the ratio itself is the measurement."""


@dataclass(frozen=True, slots=True)
class SampleThresholds:
    """What a reference sample must meet to be cloned from."""

    min_duration_s: float = 3.0
    """Less voice than this (after trimming silence) gives the cloning model too little."""
    max_duration_s: float = 30.0
    """XTTS conditions on at most ~30 s; longer uploads only cost time and storage."""
    min_sample_rate: int = 16000
    """Telephone-band (8 kHz) recordings lack the voice's upper band: the clone sounds muffled."""
    min_speech_ratio: float = 0.3
    """Share of the trimmed sample that VAD hears as speech; below it, mostly noise or music."""
    max_clipping_ratio: float = 0.001
    """Share of samples in clipped flat tops (see ``signal.clipping_ratio``): distortion clones."""
    min_loudness_lufs: float = -40.0
    """Quieter than this, the recording is mostly the noise floor once brought up."""
    max_loudness_lufs: float = -8.0
    """Louder than this, the recording is almost certainly over-driven or compressed flat."""
    loudness_target_lufs: float = -20.0
    """Accepted samples are stored at this loudness, so references of all actors match."""
    peak_ceiling_dbfs: float = -1.0
    """Peaks of the stored sample stay under this."""
    silence_threshold_db: float = -45.0
    """Frames quieter than this (RMS, dBFS) at the ends count as silence and are trimmed."""
    keep_silence_s: float = 0.1
    """Padding kept on each side when trimming."""


@dataclass(frozen=True, slots=True)
class SampleVerdict:
    """Whether a sample may be used for cloning, why not, and the sample to store if so."""

    accepted: bool
    checks: tuple[Check, ...]
    reason_key: str | None = None  # catalog key of the first failed check; None when accepted
    reason_params: dict[str, Any] = field(default_factory=dict)
    normalised_wav: bytes | None = field(default=None, repr=False)  # only when accepted
    duration_s: float | None = None  # trimmed duration; None when unreadable
    sample_rate: int | None = None  # the recording's (and the stored WAV's) rate

    def to_json(self) -> dict[str, Any]:
        """What is stored with the sample (the audio goes to a file, not into the JSON)."""
        return {
            "accepted": self.accepted,
            "checks": [check.to_json() for check in self.checks],
            "reason_key": self.reason_key,
            "reason_params": dict(self.reason_params),
            "duration_s": self.duration_s,
            "sample_rate": self.sample_rate,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SampleVerdict:
        return cls(
            accepted=data["accepted"],
            checks=tuple(Check.from_json(check) for check in data["checks"]),
            reason_key=data.get("reason_key"),
            reason_params=dict(data.get("reason_params") or {}),
            duration_s=data.get("duration_s"),
            sample_rate=data.get("sample_rate"),
        )


def speech_ratio(samples: np.ndarray, sample_rate: int) -> float:
    """Share of the time Silero VAD (bundled with faster-whisper) hears speech."""
    if len(samples) == 0:
        return 0.0
    audio = resample(samples, sample_rate, VAD_SAMPLE_RATE)
    spans = get_speech_timestamps(audio, VAD_OPTIONS, sampling_rate=VAD_SAMPLE_RATE)
    speech = sum(min(span["end"], len(audio)) - span["start"] for span in spans)
    return float(speech / len(audio))


def check_reference_sample(data: bytes, thresholds: SampleThresholds) -> SampleVerdict:
    """Read, measure and judge one uploaded reference sample.

    Checks, in the order their reasons are given: sample rate, clipping, loudness, speech
    ratio, duration. Every check is measured so the page can show them all; the reason is the
    first that failed (a silent file is "silent", not "too short").
    """
    t = thresholds
    try:
        raw, rate = read_audio(data)
    except UserError:
        return SampleVerdict(accepted=False, checks=(), reason_key="voice.sample.unreadable")
    if not np.isfinite(raw).all():
        return SampleVerdict(accepted=False, checks=(), reason_key="voice.sample.unreadable")

    trimmed = trim_silence(
        raw, rate, threshold_db=t.silence_threshold_db, keep_s=t.keep_silence_s
    ).samples
    duration_s = len(trimmed) / rate
    clipping = clipping_ratio(raw)
    loudness = loudness_lufs(raw, rate)
    ratio = speech_ratio(trimmed, rate)

    failures: list[tuple[str, dict[str, Any]]] = []  # (reason key, params), in check order
    checks: list[Check] = []

    def check(
        name: str, value: float | None, limit: str, passed: bool, reason: tuple[str, dict[str, Any]]
    ) -> None:
        checks.append(Check(name, value, limit, passed))
        if not passed:
            failures.append(reason)

    check(
        "sample_rate",
        float(rate),
        f"≥ {t.min_sample_rate} Hz",
        rate >= t.min_sample_rate,
        ("voice.sample.rate_too_low", {"rate": rate, "min_rate": t.min_sample_rate}),
    )
    check(
        "clipping",
        clipping,
        f"≤ {t.max_clipping_ratio:g}",
        clipping <= t.max_clipping_ratio,
        ("voice.sample.clipped", {"percent": round(100 * clipping, 2)}),
    )
    loudness_limit = f"{t.min_loudness_lufs:g}–{t.max_loudness_lufs:g} LUFS"
    if loudness is None:
        loudness_reason = ("voice.sample.silent", {})
    elif loudness < t.min_loudness_lufs:
        loudness_reason = ("voice.sample.too_quiet", {"lufs": round(loudness, 1)})
    else:
        loudness_reason = ("voice.sample.too_loud", {"lufs": round(loudness, 1)})
    check(
        "loudness",
        None if loudness is None else round(loudness, 2),
        loudness_limit,
        loudness is not None and t.min_loudness_lufs <= loudness <= t.max_loudness_lufs,
        loudness_reason,
    )
    check(
        "speech_ratio",
        round(ratio, 3),
        f"≥ {t.min_speech_ratio:g}",
        ratio >= t.min_speech_ratio,
        ("voice.sample.no_speech", {"percent": round(100 * ratio)}),
    )
    duration_params = {
        "duration_s": round(duration_s, 1),
        "min_s": t.min_duration_s,
        "max_s": t.max_duration_s,
    }
    check(
        "duration",
        round(duration_s, 2),
        f"{t.min_duration_s:g}–{t.max_duration_s:g} s",
        t.min_duration_s <= duration_s <= t.max_duration_s,
        (
            "voice.sample.too_short" if duration_s < t.min_duration_s else "voice.sample.too_long",
            duration_params,
        ),
    )

    if failures:
        key, params = failures[0]
        return SampleVerdict(
            accepted=False,
            checks=tuple(checks),
            reason_key=key,
            reason_params=params,
            duration_s=duration_s,
            sample_rate=rate,
        )
    normalised = normalise_loudness(
        trimmed, rate, t.loudness_target_lufs, peak_ceiling_dbfs=t.peak_ceiling_dbfs
    )
    return SampleVerdict(
        accepted=True,
        checks=tuple(checks),
        normalised_wav=wav_bytes(normalised, rate),
        duration_s=duration_s,
        sample_rate=rate,
    )
