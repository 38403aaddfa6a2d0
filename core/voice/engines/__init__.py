"""TTS engines behind one interface (base.TtsEngine); pages and jobs name them by ``name``."""

from core.voice.engines.base import (
    ENGINE_NAMES,
    SynthesisRequest,
    SynthesizedAudio,
    TtsEngine,
    TtsSettings,
    VoiceReference,
    engine,
    engine_class,
)

__all__ = [
    "ENGINE_NAMES",
    "SynthesisRequest",
    "SynthesizedAudio",
    "TtsEngine",
    "TtsSettings",
    "VoiceReference",
    "engine",
    "engine_class",
]
