"""The engine interface, the settings engines read, and the registry of engines.

An engine turns a ``SynthesisRequest`` into mono float samples. Adding one means writing a
class with the ``TtsEngine`` shape and naming it in ``_ENGINES``; pages and jobs only ever see
its ``name``. Engines are built once per process (``engine``): XTTS loads its model then.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

import numpy as np

from core.domain import QueueName


@dataclass(frozen=True, slots=True)
class TtsSettings:
    """What engines need from the app's Settings (FEPLE_TTS_* variables)."""

    xtts_model_dir: str = ""  # a folder with config.json, model.pth, vocab.json (+ speakers)
    xtts_licence_accepted: bool = False  # the operator accepted Coqui's CPML: may download
    xtts_download_root: str = ""  # where a downloaded model goes ("" = coqui-tts's own)
    xtts_device: str = "auto"  # "auto", "cpu" or "cuda"
    espeak_binary: str = "espeak-ng"
    espeak_voice: str = "ko"


@dataclass(frozen=True, slots=True)
class VoiceReference:
    """A voice actor's accepted reference samples, to clone from."""

    actor_id: int
    sample_paths: tuple[Path, ...]  # normalised WAV files, absolute paths
    fingerprint: str  # changes whenever the set of samples changes (conditioning cache key)


@dataclass(frozen=True, slots=True)
class SynthesisRequest:
    text: str  # as it is to be spoken: pronunciation rules already applied
    language: str = "ko"
    voice: VoiceReference | None = None  # None: the engine's own voice
    speed: float = 1.0  # 1.0 = the engine's normal pace
    temperature: float = 0.7  # sampling temperature (engines without sampling ignore it)
    seed: int = 0  # the same request and seed give the same take


@dataclass(frozen=True, slots=True)
class SynthesizedAudio:
    samples: np.ndarray  # mono float32 in [-1, 1]
    sample_rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


class TtsEngine(Protocol):
    name: ClassVar[str]  # stored on each take ("xtts", "espeak")
    clones_voice: ClassVar[bool]  # False: speaks in its own voice whatever the actor
    queue: ClassVar[QueueName]  # the queue whose workers can run it

    def __init__(self, settings: TtsSettings) -> None: ...

    def model_id(self) -> str:
        """Names the model and its version: part of the take cache key."""
        ...

    def synthesize(self, request: SynthesisRequest) -> SynthesizedAudio:
        """Raises UserError for what an operator or user can fix (a missing model, say)."""
        ...


_ENGINES: dict[str, str] = {
    "xtts": "core.voice.engines.xtts:XttsEngine",
    "espeak": "core.voice.engines.espeak:EspeakEngine",
}
"""Engine name -> the class that implements it, imported only when first used (XTTS needs
torch, which only the TTS worker has)."""

ENGINE_NAMES: tuple[str, ...] = tuple(_ENGINES)

_built: dict[tuple[str, TtsSettings], TtsEngine] = {}
_lock = threading.Lock()


def engine_class(name: str) -> type[TtsEngine]:
    module_name, _, class_name = _ENGINES[name].partition(":")
    return getattr(importlib.import_module(module_name), class_name)


def engine(name: str, settings: TtsSettings) -> TtsEngine:
    """The process's engine of that name, built on first use and then reused."""
    with _lock:
        key = (name, settings)
        if key not in _built:
            _built[key] = engine_class(name)(settings)
        return _built[key]
