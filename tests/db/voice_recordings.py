"""Reference recordings for the voice-actor and take tests: espeak-ng reading Korean lines."""

from __future__ import annotations

import functools
import io

import numpy as np
import soundfile as sf

from tests.fixtures.speech import speak

READING = ("안녕하십니까 고객님, 한빛손해보험입니다.", "사고 접수는 1번을 눌러 주세요.")
"""About 6 s of speech: a sample the default thresholds accept."""
OTHER_READING = ("보험금 청구는 2번, 상담원 연결은 0번을 눌러 주세요.", "감사합니다.")
SHORT = ("안녕하세요",)
"""About 1 s: refused as too short."""


@functools.cache
def _speech(text: str, pitch: int) -> tuple[bytes, int]:
    samples, rate = speak(text, pitch=pitch)
    return samples.tobytes(), rate


def recording(*lines: str, pitch: int = 50) -> bytes:
    """WAV bytes of espeak-ng reading ``lines`` one after another, 0.3 s apart, at half scale."""
    rate = _speech(lines[0], pitch)[1]
    gap = np.zeros(int(0.3 * rate), np.float32)
    parts = []
    for line in lines:
        parts += [np.frombuffer(_speech(line, pitch)[0], np.float32) * 0.5, gap]
    buffer = io.BytesIO()
    sf.write(buffer, np.concatenate(parts), rate, format="WAV", subtype="PCM_16")
    return buffer.getvalue()
