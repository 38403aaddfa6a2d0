"""How engines are named on screen and which model id goes into a take's cache key."""

from __future__ import annotations

from core.settings import Settings
from core.voice.engines import ENGINE_NAMES, engine
from ui.session import tr


def engine_label(name: str) -> str:
    return tr(f"voice.engine.{name}")


def model_label(name: str, settings: Settings) -> str:
    """The model part of the cache key. XTTS's model lives on the TTS hosts, so the app names
    it by its setting; espeak-ng's version is read here."""
    if name == "xtts":
        return f"xtts_v2@{settings.tts_xtts_model_dir or 'coqui-download'}"
    return engine(name, settings.tts_settings()).model_id()


def default_engine(settings: Settings) -> int:
    """The engine offered first: XTTS where it is configured, else the offline one."""
    return ENGINE_NAMES.index("xtts" if settings.xtts_configured else "espeak")
