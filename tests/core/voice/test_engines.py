"""The engine interface and the espeak-ng engine, with the real espeak-ng; and the app side
staying free of torch and coqui-tts (they belong to the TTS worker's requirements)."""

import subprocess
import sys

import numpy as np
import pytest

from core.domain import QueueName
from core.errors import UserError
from core.settings import PROJECT_ROOT
from core.voice.engines import ENGINE_NAMES, SynthesisRequest, TtsSettings, engine, engine_class
from tests.fixtures.speech import require_tool

LINE = "사고 접수는 일번, 상담원 연결은 영번을 눌러 주세요."


@pytest.fixture
def espeak():
    require_tool("espeak-ng")
    return engine("espeak", TtsSettings())


def test_engines_are_named_once_and_say_where_they_run():
    assert ENGINE_NAMES == ("xtts", "espeak")
    assert engine_class("xtts").clones_voice and engine_class("xtts").queue is QueueName.TTS
    espeak_class = engine_class("espeak")
    assert not espeak_class.clones_voice and espeak_class.queue is QueueName.CPU


def test_an_engine_is_built_once_per_process_and_settings(espeak):
    assert engine("espeak", TtsSettings()) is espeak
    assert engine("espeak", TtsSettings(espeak_voice="en")) is not espeak


def test_espeak_speaks_korean_as_mono_float_audio(espeak):
    audio = espeak.synthesize(SynthesisRequest(LINE))
    assert audio.samples.dtype == np.float32 and audio.samples.ndim == 1
    assert audio.sample_rate == 22050
    assert 2.0 < audio.duration_s < 8.0
    assert np.abs(audio.samples).max() > 0.05  # speech, not silence
    assert espeak.model_id().startswith("espeak-ng ") and espeak.model_id().endswith(" ko")


def test_the_same_seed_gives_the_same_take_and_another_seed_another(espeak):
    first = espeak.synthesize(SynthesisRequest(LINE, seed=1))
    again = espeak.synthesize(SynthesisRequest(LINE, seed=1))
    other = espeak.synthesize(SynthesisRequest(LINE, seed=2))
    assert np.array_equal(first.samples, again.samples)
    assert len(first.samples) != len(other.samples) or not np.array_equal(
        first.samples, other.samples
    )


def test_speed_changes_the_pace(espeak):
    normal = espeak.synthesize(SynthesisRequest(LINE)).duration_s
    fast = espeak.synthesize(SynthesisRequest(LINE, speed=1.5)).duration_s
    assert fast < normal * 0.8


def test_a_line_that_looks_like_an_option_is_spoken_not_obeyed(espeak):
    audio = espeak.synthesize(SynthesisRequest("--version 안내입니다"))
    assert audio.duration_s > 0.5


def test_an_unknown_espeak_voice_is_refused_not_spoken_in_the_default_voice():
    require_tool("espeak-ng")
    broken = engine("espeak", TtsSettings(espeak_voice="no-such-voice"))
    with pytest.raises(UserError) as refused:
        broken.synthesize(SynthesisRequest(LINE))
    assert refused.value.key == "voice.espeak.unknown_voice"


def test_a_missing_espeak_binary_is_a_clear_error():
    missing = engine("espeak", TtsSettings(espeak_binary="/nonexistent/espeak-ng"))
    with pytest.raises(UserError) as refused:
        missing.synthesize(SynthesisRequest(LINE))
    assert refused.value.key == "voice.espeak.missing"


def test_the_app_requirements_and_modules_leave_torch_to_the_tts_worker():
    requirements = (PROJECT_ROOT / "requirements.txt").read_text().lower()
    assert "torch" not in requirements and "coqui" not in requirements
    assert "coqui-tts" in (PROJECT_ROOT / "requirements-tts.txt").read_text()
    probe = (
        "import sys; import db.tts_takes, db.voice_actors, db.prompt_library, "
        "workers.synthesize, workers.take_queue, ui.voice_engines, ui.take_cards; "
        "print(sorted(m for m in ('torch', 'TTS', 'torchaudio') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=120, check=True)  # fmt: skip
    assert done.stdout.strip() == "[]"
