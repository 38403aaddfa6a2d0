"""espeak-ng: the offline fallback engine. A robotic voice of its own (no cloning), but it runs
on any machine in milliseconds, so previews and the quality gate work without a GPU host."""

from __future__ import annotations

import io
import shutil
import subprocess
from typing import ClassVar

import numpy as np
import soundfile as sf

from core.domain import QueueName
from core.errors import UserError
from core.voice.engines.base import SynthesisRequest, SynthesizedAudio, TtsSettings

BASE_WORDS_PER_MINUTE = 175
"""espeak-ng's own default pace; ``speed`` scales it."""

PITCH_SPREAD = 6
"""Takes of one line differ by seed in pitch (50 ± this), so there is something to choose."""

TIMEOUT_S = 60


class EspeakEngine:
    name: ClassVar[str] = "espeak"
    clones_voice: ClassVar[bool] = False
    queue: ClassVar[QueueName] = QueueName.CPU

    def __init__(self, settings: TtsSettings) -> None:
        self.binary = shutil.which(settings.espeak_binary)
        self.voice = settings.espeak_voice
        self._model_id: str | None = None
        self._voice_checked = False

    def _require_binary(self) -> str:
        if self.binary is None:
            raise UserError("voice.espeak.missing")
        return self.binary

    def _require_voice(self) -> None:
        """espeak-ng speaks an unknown voice in its default one without a word: refuse it."""
        if self._voice_checked:
            return
        done = subprocess.run([self._require_binary(), "--voices"], capture_output=True,
                              text=True, timeout=TIMEOUT_S, check=False)  # fmt: skip
        known = set()
        for line in done.stdout.splitlines()[1:]:
            columns = line.split()
            known.update(columns[1:2] + columns[3:5])  # language, voice name, file
        if self.voice not in known:
            raise UserError("voice.espeak.unknown_voice", voice=self.voice)
        self._voice_checked = True

    def model_id(self) -> str:
        if self._model_id is None:
            done = subprocess.run([self._require_binary(), "--version"], capture_output=True,
                                  text=True, timeout=TIMEOUT_S, check=False)  # fmt: skip
            version = done.stdout.split("text-to-speech:")[-1].split()[0] if done.stdout else "?"
            self._model_id = f"espeak-ng {version} {self.voice}"
        return self._model_id

    def synthesize(self, request: SynthesisRequest) -> SynthesizedAudio:
        self._require_voice()
        words_per_minute = round(BASE_WORDS_PER_MINUTE * request.speed)
        pitch = 50 + (request.seed * 7919) % (2 * PITCH_SPREAD + 1) - PITCH_SPREAD
        command = [self._require_binary(), "-v", self.voice, "-s", str(words_per_minute),
                   "-p", str(pitch), "--stdout", "--stdin"]  # fmt: skip
        # The text goes through stdin: a line starting with "-" is never read as an option.
        done = subprocess.run(command, input=request.text.encode(), capture_output=True,
                              timeout=TIMEOUT_S, check=False)  # fmt: skip
        if done.returncode != 0 or not done.stdout:
            raise RuntimeError(
                f"espeak-ng exited with {done.returncode}: {done.stderr.decode(errors='replace')}"
            )
        samples, rate = sf.read(io.BytesIO(done.stdout), dtype="float32", always_2d=True)
        return SynthesizedAudio(np.ascontiguousarray(samples.mean(axis=1)), int(rate))
