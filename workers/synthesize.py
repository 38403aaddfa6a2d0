"""Synthesising one TTS take and putting it through the quality gate.

Runs on the engine's queue: ``tts`` (XTTS, on GPU hosts) or ``cpu`` (espeak-ng). The engine and
the speech-to-text model of the gate's round trip are loaded once per worker process. A take
whose synthesis fails is a failed take with its error, never placeholder audio.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from pathlib import Path

from core.domain import TakeStatus
from core.errors import UserError
from core.i18n import describe
from core.settings import Settings
from core.stt import SttSettings, Transcriber
from core.voice.engines import SynthesisRequest, engine
from core.voice.pronunciation import read_numbers
from core.voice.quality import QualityThresholds, run_gate
from core.voice.signal import wav_bytes
from db.models import TtsTake
from db.session import transaction
from db.voice_actors import voice_reference
from workers import context
from workers.queue import report_progress
from workers.transcribe import stt_settings

log = logging.getLogger(__name__)

TAKES_DIR = Path("voice") / "takes"
"""Under the data directory: <take id>.wav (trimmed, normalised) and <take id>-8k.wav."""

GATE_STT_RETRY_S = 300
"""After the gate found no speech-to-text model, how long it reports "not run" before it
looks again (so a model copied onto the host is picked up without a restart)."""

_recognisers: dict[SttSettings, Transcriber] = {}
_missing_since: dict[SttSettings, float] = {}


def gate_stt_settings(settings: Settings) -> SttSettings:
    """The call transcription model, decoded greedily, and never downloaded for a take."""
    return dataclasses.replace(stt_settings(settings), batch_size=1, beam_size=1,
                               temperature=(0.0,), local_files_only=True)  # fmt: skip


def recogniser(settings: Settings) -> Transcriber | None:
    """The gate's speech-to-text, or None (the round trip is then "not run", never passed)."""
    key = gate_stt_settings(settings)
    if key in _recognisers:
        return _recognisers[key]
    if time.monotonic() - _missing_since.get(key, -GATE_STT_RETRY_S) < GATE_STT_RETRY_S:
        return None
    try:
        _recognisers[key] = Transcriber(key)
    except (UserError, ImportError, RuntimeError, OSError) as error:
        log.warning("the TTS quality gate runs without speech-to-text: %s", error)
        _missing_since[key] = time.monotonic()
        return None
    return _recognisers[key]


def thresholds(settings: Settings) -> QualityThresholds:
    return dataclasses.replace(QualityThresholds(), max_cer=settings.tts_max_cer,
                               syllables_per_s=settings.flow_speech_rate,
                               loudness_target_lufs=settings.tts_loudness_target_lufs)  # fmt: skip


def _fail(take_id: int, error: Exception) -> None:
    if isinstance(error, ImportError):  # the engine's libraries live on the TTS hosts only
        error = UserError("voice.engine.not_installed", error=str(error))
    with transaction(context.engine()) as session:
        take = session.get(TtsTake, take_id)
        take.status, take.error_text = TakeStatus.FAILED, describe(error)[:4000]


def synthesize_take(take_id: int) -> str:
    """Synthesise, gate and store one take. Returns its status."""
    db, settings = context.engine(), context.settings()
    with transaction(db) as session:
        take = session.get(TtsTake, take_id)
        if take is None or take.status is TakeStatus.DONE:
            return "gone" if take is None else take.status.value
        take.status, take.error_text = TakeStatus.RUNNING, None
        voice = (
            voice_reference(session=session, actor_id=take.actor_id, data_dir=settings.data_dir)
            if take.actor_id is not None
            else None
        )
        parameters = take.parameters or {}
        request = SynthesisRequest(
            text=take.text,
            voice=voice,
            seed=take.seed,
            speed=float(parameters.get("speed", 1.0)),
            temperature=float(parameters.get("temperature", 0.7)),
        )
        engine_name = take.engine
    try:
        audio = engine(engine_name, settings.tts_settings()).synthesize(request)
    except Exception as error:  # the take records why; the page shows it
        log.warning("take %d failed: %s", take_id, error)
        _fail(take_id, error)
        return TakeStatus.FAILED.value
    report_progress(0.6)
    stt = recogniser(settings)
    # Whisper writes "1번" where the engine was asked to say "일번": compare like with like.
    recognise = (lambda samples: read_numbers(stt.recognise_text(samples))) if stt else None
    gated = run_gate(audio.samples, audio.sample_rate, request.text, recognise=recognise,
                     thresholds=thresholds(settings))  # fmt: skip
    folder = settings.data_dir / TAKES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{take_id}.wav").write_bytes(wav_bytes(gated.samples, gated.sample_rate))
    (folder / f"{take_id}-8k.wav").write_bytes(gated.telephone_wav)
    with transaction(db) as session:
        take = session.get(TtsTake, take_id)
        take.status = TakeStatus.DONE
        take.audio_path = str(TAKES_DIR / f"{take_id}.wav")
        take.telephone_audio_path = str(TAKES_DIR / f"{take_id}-8k.wav")
        take.duration_s = gated.duration_s
        take.quality = gated.report.to_json()
        take.quality_passed = gated.report.passed
    return TakeStatus.DONE.value
