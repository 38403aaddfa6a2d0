"""Real audio for the voice tests: Korean speech from espeak-ng, and what is made of it."""

from __future__ import annotations

import functools
import io
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

IVR_LINE = "사고 접수는 1번, 상담원 연결은 0번을 눌러 주세요."
GREETING = "안녕하십니까"
LONG_READING = (
    "안녕하십니까 고객님, 현대해상 고객센터입니다. 사고 접수는 1번, 보험금 청구는 2번, "
    "상담원 연결은 0번을 눌러 주세요. 다시 들으시려면 별표를 눌러 주세요."
)


@functools.cache
def _espeak(text: str) -> tuple[bytes, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "speech.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-w", str(path), text], check=True, timeout=60)
        samples, rate = sf.read(path, dtype="float32")
    return samples.tobytes(), rate


def speech(text: str = IVR_LINE) -> tuple[np.ndarray, int]:
    """Mono float32 Korean speech at espeak-ng's 22050 Hz (a fresh copy each call)."""
    raw, rate = _espeak(text)
    return np.frombuffer(raw, dtype=np.float32).copy(), rate


def silence(seconds: float, rate: int) -> np.ndarray:
    return np.zeros(round(seconds * rate), dtype=np.float32)


def padded(samples: np.ndarray, rate: int, leading_s: float, trailing_s: float) -> np.ndarray:
    return np.concatenate([silence(leading_s, rate), samples, silence(trailing_s, rate)])


def noise(seconds: float, rate: int, rms_dbfs: float, seed: int = 0) -> np.ndarray:
    """White noise at the given RMS level."""
    white = np.random.default_rng(seed).standard_normal(round(seconds * rate))
    return (white * 10 ** (rms_dbfs / 20)).astype(np.float32)


def sine(freq_hz: float, seconds: float, rate: int, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * freq_hz * t)).astype(np.float32)


def wav(samples: np.ndarray, rate: int, subtype: str = "PCM_16") -> bytes:
    """A WAV file written by soundfile directly (not by the code under test)."""
    buffer = io.BytesIO()
    sf.write(buffer, np.clip(samples, -1, 1), rate, format="WAV", subtype=subtype)
    return buffer.getvalue()
