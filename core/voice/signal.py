"""Audio signal functions of the voice studio: numpy in, numpy out.

Samples are mono float32 arrays in [-1, 1] with their sample rate beside them. Takes and
reference samples go through these functions in the quality gate and the reference-sample
checks; ``telephone_render`` is what a caller on the line will hear.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from math import gcd
from pathlib import Path

import av
import numpy as np
import pyloudnorm
import soundfile as sf
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import butter, resample_poly, sosfiltfilt

from core.errors import UserError

TELEPHONE_RATE = 8000
"""G.711 lines carry 8 kHz audio."""

TELEPHONE_BAND_HZ = (300.0, 3400.0)
"""The voice band a telephone line passes (ITU-T G.712)."""

FRAME_S = 0.01
"""Frame length for the RMS envelope that finds silence: short enough to keep word onsets."""

LOUDNESS_BLOCK_S = 0.4
"""BS.1770's gating block. Shorter clips are measured as one block of their own length."""

MIN_LOUDNESS_S = 0.1
"""Below this a loudness figure says little: ``loudness_lufs`` gives None."""

CLIPPED_RUN = 3
"""Consecutive full-scale samples that make a clipped flat top. A single sample at full scale
is what peak-normalised audio has; a run of them means the waveform was cut off."""

_LIMITER_ATTACK_S = 0.005
"""The limiter lowers the gain over this long before a peak, so it does not click."""

_LIMITER_HOLD_S = 0.02
"""...and keeps it down this long around the peak, so it does not pump on every cycle."""


@dataclass(frozen=True, slots=True)
class Trimmed:
    """Audio with its leading and trailing silence cut off (a little padding kept)."""

    samples: np.ndarray
    leading_s: float  # how much was cut from the start
    trailing_s: float  # how much was cut from the end
    silent: bool  # nothing rose above the threshold: ``samples`` is empty


def read_audio(source: bytes | Path) -> tuple[np.ndarray, int]:
    """Mono float32 samples (channels averaged) and the file's own sample rate.

    soundfile reads WAV, FLAC, Ogg and (libsndfile >= 1.1) MP3; PyAV decodes the rest (m4a...).
    Float files may hold values beyond full scale: they are kept, so clipping shows.
    Raises ``UserError("voice.audio.unreadable")`` for anything neither can decode.
    """
    data = source.read_bytes() if isinstance(source, Path) else source
    try:
        samples, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
        return np.ascontiguousarray(samples.mean(axis=1), dtype=np.float32), int(rate)
    except sf.LibsndfileError:
        pass  # not a format libsndfile knows: try FFmpeg's decoders
    try:
        return _decode_with_pyav(data)
    except (av.error.FFmpegError, ValueError, IndexError) as exc:
        raise UserError("voice.audio.unreadable") from exc


def _decode_with_pyav(data: bytes) -> tuple[np.ndarray, int]:
    with av.open(io.BytesIO(data), mode="r", metadata_errors="ignore") as container:
        stream = container.streams.audio[0]  # IndexError: no audio stream
        rate = stream.codec_context.sample_rate
        if not rate:
            raise ValueError("audio stream without a sample rate")
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=rate)
        chunks: list[np.ndarray] = []
        for frame in container.decode(stream):
            frame.pts = None  # the resampler refuses timestamp jumps; order is all that matters
            chunks.extend(f.to_ndarray()[0] for f in resampler.resample(frame))
        chunks.extend(f.to_ndarray()[0] for f in resampler.resample(None))
    if not chunks:
        raise ValueError("no audio decoded")
    return np.ascontiguousarray(np.concatenate(chunks), dtype=np.float32), int(rate)


def wav_bytes(samples: np.ndarray, sample_rate: int, subtype: str = "PCM_16") -> bytes:
    """A WAV file of the samples (clipped to full scale first: integer formats wrap otherwise)."""
    buffer = io.BytesIO()
    sf.write(buffer, np.clip(samples, -1.0, 1.0), sample_rate, format="WAV", subtype=subtype)
    return buffer.getvalue()


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Polyphase resampling by the reduced ratio of the two rates (anti-aliased)."""
    if from_rate == to_rate:
        return np.asarray(samples, dtype=np.float32)
    common = gcd(from_rate, to_rate)
    out = resample_poly(samples, to_rate // common, from_rate // common)
    return out.astype(np.float32)


def _frame_db(samples: np.ndarray, frame: int) -> np.ndarray:
    """RMS level of each frame in dBFS (a last partial frame counts as a frame)."""
    count = -(-len(samples) // frame)
    padded = np.zeros(count * frame, dtype=np.float64)
    padded[: len(samples)] = samples
    rms = np.sqrt(np.mean(padded.reshape(count, frame) ** 2, axis=1))
    return 20.0 * np.log10(np.maximum(rms, 1e-10))


def trim_silence(
    samples: np.ndarray, sample_rate: int, *, threshold_db: float = -45.0, keep_s: float = 0.05
) -> Trimmed:
    """Cut leading and trailing frames whose RMS stays below ``threshold_db`` dBFS, keeping
    ``keep_s`` of padding on each side so word onsets and decays are not clipped."""
    samples = np.asarray(samples, dtype=np.float32)
    total = len(samples)
    frame = max(1, round(FRAME_S * sample_rate))
    loud = np.flatnonzero(_frame_db(samples, frame) > threshold_db) if total else np.array([])
    if len(loud) == 0:
        return Trimmed(samples[:0], leading_s=total / sample_rate, trailing_s=0.0, silent=True)
    keep = round(keep_s * sample_rate)
    start = max(0, int(loud[0]) * frame - keep)
    end = min(total, (int(loud[-1]) + 1) * frame + keep)
    return Trimmed(
        samples[start:end],
        leading_s=start / sample_rate,
        trailing_s=(total - end) / sample_rate,
        silent=False,
    )


def clipping_ratio(samples: np.ndarray, *, level: float = 0.999) -> float:
    """Share of samples that sit in runs of ``CLIPPED_RUN`` or more consecutive samples at or
    beyond ``level`` of full scale (either sign): the flat tops clipping leaves."""
    if len(samples) == 0:
        return 0.0
    at_limit = np.abs(samples) >= level
    if not at_limit.any():
        return 0.0
    # Run lengths from the edges of the boolean mask.
    edges = np.diff(np.concatenate(([0], at_limit.view(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    lengths = ends - starts
    return float(lengths[lengths >= CLIPPED_RUN].sum() / len(samples))


def loudness_lufs(samples: np.ndarray, sample_rate: int) -> float | None:
    """Integrated loudness (ITU-R BS.1770-4 via pyloudnorm) in LUFS.

    None when the clip is shorter than ``MIN_LOUDNESS_S`` or everything is below the absolute
    gate (-70 LUFS: silence), never -inf. Clips shorter than the 400 ms gating block (a one-word
    prompt) are measured as a single block of their own length.
    """
    duration_s = len(samples) / sample_rate
    if duration_s < MIN_LOUDNESS_S:
        return None
    block_s = min(LOUDNESS_BLOCK_S, duration_s)
    meter = pyloudnorm.Meter(sample_rate, block_size=block_s)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = meter.integrated_loudness(np.asarray(samples, dtype=np.float64))
    return float(value) if np.isfinite(value) else None


def _limit(samples: np.ndarray, sample_rate: int, ceiling: float) -> np.ndarray:
    """A look-ahead peak limiter: every sample ends at or under ``ceiling``.

    The gain each sample needs is spread as a minimum over the hold window and then averaged
    over the attack window; as the attack is shorter than the hold, the average near a peak only
    takes gains at most the peak's own, so the peak is always brought under the ceiling.
    """
    peaks = np.abs(samples)
    if peaks.max(initial=0.0) <= ceiling:
        return samples
    needed = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    hold = 2 * max(1, round(_LIMITER_HOLD_S * sample_rate)) + 1
    attack = 2 * max(1, round(_LIMITER_ATTACK_S * sample_rate)) + 1
    gain = uniform_filter1d(minimum_filter1d(needed, hold, mode="nearest"), attack, mode="nearest")
    # Float rounding in the average can leave a peak a hair above the ceiling.
    return np.clip(samples * gain, -ceiling, ceiling).astype(np.float32)


def normalise_loudness(
    samples: np.ndarray, sample_rate: int, target_lufs: float, *, peak_ceiling_dbfs: float = -1.0
) -> np.ndarray:
    """Gain to ``target_lufs``, then a limiter keeping peaks under ``peak_ceiling_dbfs``.

    The limiter takes a little loudness off peaky audio, so the gain is corrected from a new
    measurement a couple of times. Audio whose loudness cannot be measured (silence, a few ms)
    comes back unchanged: there is no gain that would be right for it.
    """
    samples = np.asarray(samples, dtype=np.float32)
    ceiling = 10.0 ** (peak_ceiling_dbfs / 20.0)
    out = samples
    for _ in range(3):
        measured = loudness_lufs(out, sample_rate)
        if measured is None:
            return out
        if out is not samples and abs(measured - target_lufs) < 0.1:
            break
        out = _limit(out * np.float32(10.0 ** ((target_lufs - measured) / 20.0)), sample_rate,
                     ceiling)  # fmt: skip
    return out.astype(np.float32)


def telephone_render(samples: np.ndarray, sample_rate: int) -> bytes:
    """The line as a caller hears it: 8 kHz mono, 300-3400 Hz, G.711 μ-law in a WAV file."""
    narrow = resample(samples, sample_rate, TELEPHONE_RATE)  # resample_poly filters aliasing
    low, high = TELEPHONE_BAND_HZ
    band = butter(4, [low, high], btype="bandpass", fs=TELEPHONE_RATE, output="sos")
    # Zero-phase filtering: no delay, so the prompt starts where the take starts.
    if len(narrow) > 1:
        padlen = min(3 * (2 * len(band) + 1), len(narrow) - 1)  # scipy's default, if it fits
        narrow = sosfiltfilt(band, narrow, padlen=padlen).astype(np.float32)
    return wav_bytes(narrow, TELEPHONE_RATE, subtype="ULAW")
