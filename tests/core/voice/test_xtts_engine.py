"""The XTTS v2 engine on a tiny random-weight checkpoint, loaded and run by the real coqui-tts.

The speech is noise (random weights), so the tests assert what the engine controls: loading,
the output format, repeatable seeding, per-voice conditioning reuse, text splitting, speed,
and the errors an operator sees.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile
from scipy.signal import resample_poly

from core.errors import UserError
from core.i18n import t
from core.settings import PROJECT_ROOT
from core.voice.engines import SynthesisRequest, TtsSettings, VoiceReference, engine
from core.voice.engines.xtts import (
    CONDITIONING_SAMPLE_RATE,
    LICENCE_VARIABLE,
    MODEL_DIR_VARIABLE,
    OUTPUT_SAMPLE_RATE,
    XttsEngine,
    read_mono,
    split_text,
)
from tests.fixtures.speech import encode, speak, write_wav
from tests.fixtures.tiny_xtts import need_coqui_tts

LINE = "안녕하십니까 고객님, 무엇을 도와드릴까요?"
REFERENCE_TEXT = "안녕하십니까, 상담원 김민수입니다. 보험 계약 내용을 확인해 드리겠습니다."


@pytest.fixture(scope="module")
def xtts(tiny_xtts_dir: Path) -> XttsEngine:
    built = engine("xtts", TtsSettings(xtts_model_dir=str(tiny_xtts_dir)))
    assert isinstance(built, XttsEngine)
    return built


@pytest.fixture(scope="module")
def reference_samples(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two takes of an actor: espeak-ng's own 22.05 kHz mono, and a 24 kHz stereo copy."""
    folder = tmp_path_factory.mktemp("actor")
    samples, rate = speak(REFERENCE_TEXT, pitch=35)
    first = write_wav(folder / "take1.wav", [samples], rate)
    resampled = resample_poly(samples, 160, 147).astype(np.float32)  # 22050 -> 24000 Hz
    second = write_wav(folder / "take2.wav", [resampled, resampled * 0.8], 24000)
    return first, second


def voice(samples: tuple[Path, ...], fingerprint: str) -> VoiceReference:
    return VoiceReference(actor_id=7, sample_paths=samples, fingerprint=fingerprint)


def test_tiny_model_loaded_the_production_way_speaks_korean_in_a_cloned_voice(
    xtts: XttsEngine, reference_samples: tuple[Path, Path]
) -> None:
    take = xtts.synthesize(SynthesisRequest(LINE, voice=voice(reference_samples, "speaks")))

    assert (XttsEngine.name, XttsEngine.clones_voice, XttsEngine.queue) == ("xtts", True, "tts")
    assert take.sample_rate == OUTPUT_SAMPLE_RATE
    assert take.samples.dtype == np.float32 and take.samples.ndim == 1
    assert take.duration_s > 0.5
    assert np.all(np.isfinite(take.samples)) and np.abs(take.samples).max() <= 1.0
    assert np.abs(take.samples).max() > 0


def test_same_seed_gives_the_same_take_and_another_seed_a_different_one(
    xtts: XttsEngine, reference_samples: tuple[Path, Path]
) -> None:
    actor = voice(reference_samples, "seeded")

    first = xtts.synthesize(SynthesisRequest(LINE, voice=actor, seed=11)).samples
    again = xtts.synthesize(SynthesisRequest(LINE, voice=actor, seed=11)).samples
    other = xtts.synthesize(SynthesisRequest(LINE, voice=actor, seed=12)).samples

    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_voice_conditioning_is_computed_once_per_fingerprint(
    xtts: XttsEngine, reference_samples: tuple[Path, Path]
) -> None:
    before = xtts.conditioning_cache_info()

    for seed in (1, 2):
        xtts.synthesize(SynthesisRequest(LINE, voice=voice(reference_samples, "v1"), seed=seed))
    after_same_voice = xtts.conditioning_cache_info()
    # The actor's sample set changed (a new fingerprint): the old conditioning must not serve.
    xtts.synthesize(SynthesisRequest(LINE, voice=voice(reference_samples[:1], "v2")))
    after_new_samples = xtts.conditioning_cache_info()

    assert after_same_voice.misses - before.misses == 1
    assert after_same_voice.hits - before.hits == 1
    assert after_new_samples.misses - after_same_voice.misses == 1
    assert after_new_samples.size == after_same_voice.size + 1


def test_faster_speed_gives_a_shorter_take(
    xtts: XttsEngine, reference_samples: tuple[Path, Path]
) -> None:
    actor = voice(reference_samples, "paced")

    normal = xtts.synthesize(SynthesisRequest(LINE, voice=actor, seed=3, speed=1.0))
    fast = xtts.synthesize(SynthesisRequest(LINE, voice=actor, seed=3, speed=2.0))

    assert fast.duration_s == pytest.approx(normal.duration_s / 2, rel=0.1)


def test_text_longer_than_the_korean_limit_is_spoken_in_pieces(
    xtts: XttsEngine, reference_samples: tuple[Path, Path]
) -> None:
    # ~330 characters: one piece would exceed the model's 402 text tokens and fail.
    long_line = " ".join([LINE, REFERENCE_TEXT, "보험료 납입 기간은 이십 년입니다."] * 3)
    actor = voice(reference_samples, "long")

    short = xtts.synthesize(SynthesisRequest(LINE, voice=actor))
    long = xtts.synthesize(SynthesisRequest(long_line, voice=actor))

    assert len(split_text(long_line, 95)) >= 3
    assert long.duration_s > 2 * short.duration_s


def test_split_text_keeps_sentences_whole_within_the_limit() -> None:
    text = "첫 번째 문장입니다. 두 번째 문장이에요! 세 번째는요? " + "아주 긴 문장 " * 30

    pieces = split_text(text, 40)

    assert all(len(piece) <= 40 for piece in pieces)
    assert " ".join(pieces).split() == text.split()
    assert pieces[0] == "첫 번째 문장입니다. 두 번째 문장이에요! 세 번째는요?"  # packed whole
    assert len(pieces) > 5 and pieces[1].startswith("아주 긴 문장")  # the run-on one, cut
    assert split_text("짧은 문장. 또 하나.", 95) == ["짧은 문장. 또 하나."]
    assert split_text("   ", 95) == []


def test_reference_in_a_format_libsndfile_cannot_open_is_decoded_with_av(
    tmp_path: Path,
) -> None:
    samples, rate = speak(REFERENCE_TEXT)
    m4a = encode(tmp_path / "take.m4a", [samples, samples], rate)
    with pytest.raises(soundfile.LibsndfileError):
        soundfile.info(m4a)

    mono, mono_rate = read_mono(m4a)

    assert mono_rate == CONDITIONING_SAMPLE_RATE
    assert mono.dtype == np.float32 and mono.ndim == 1
    assert len(mono) / mono_rate == pytest.approx(len(samples) / rate, abs=0.1)


def test_request_without_a_voice_is_refused(xtts: XttsEngine) -> None:
    with pytest.raises(UserError) as caught:
        xtts.synthesize(SynthesisRequest(LINE, voice=None))
    assert caught.value.key == "voice.xtts.needs_voice"


def test_voice_without_samples_language_it_lacks_and_empty_text_are_refused(
    xtts: XttsEngine, reference_samples: tuple[Path, Path]
) -> None:
    refused = {
        "voice.xtts.no_samples": SynthesisRequest(LINE, voice=voice((), "none")),
        "voice.xtts.language_unsupported": SynthesisRequest(
            LINE, language="th", voice=voice(reference_samples, "th")
        ),
        "voice.xtts.empty_text": SynthesisRequest("  ", voice=voice(reference_samples, "e")),
    }
    for key, request in refused.items():
        with pytest.raises(UserError) as caught:
            xtts.synthesize(request)
        assert caught.value.key == key


def test_model_id_follows_the_model_files_not_the_folder(
    tiny_xtts_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(tiny_xtts_dir, copy)  # copy2 keeps sizes and modification times
    original = engine("xtts", TtsSettings(xtts_model_dir=str(tiny_xtts_dir))).model_id()
    same_files = XttsEngine(TtsSettings(xtts_model_dir=str(copy), xtts_device="cpu")).model_id()
    os.utime(copy / "model.pth", ns=(1_000_000_000, 1_000_000_000))  # a replaced checkpoint
    replaced = XttsEngine(TtsSettings(xtts_model_dir=str(copy), xtts_device="cpu")).model_id()

    assert original.startswith("xtts_v2:")
    assert same_files == original
    assert replaced != original


def test_model_folder_without_the_model_files_names_what_is_missing(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")

    with pytest.raises(UserError) as caught:
        engine("xtts", TtsSettings(xtts_model_dir=str(tmp_path)))

    assert caught.value.key == "voice.xtts.model_missing"
    assert caught.value.params["missing"] == "model.pth, vocab.json"
    assert caught.value.params["setting"] == MODEL_DIR_VARIABLE


def test_cuda_device_on_a_host_without_a_gpu_is_refused(tiny_xtts_dir: Path) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this host has a GPU")
    with pytest.raises(UserError) as caught:
        engine("xtts", TtsSettings(xtts_model_dir=str(tiny_xtts_dir), xtts_device="cuda"))
    assert caught.value.key == "voice.xtts.cuda_unavailable"


def test_engine_without_a_model_or_licence_tells_the_operator_both_ways_to_configure_it() -> None:
    with pytest.raises(UserError) as caught:
        engine("xtts", TtsSettings())

    assert caught.value.key == "voice.xtts.not_configured"
    for lang in ("ko", "en"):
        message = t(caught.value.key, lang, **caught.value.params)
        assert MODEL_DIR_VARIABLE in message and f"{LICENCE_VARIABLE}=true" in message
        assert "CPML" in message


def test_failed_download_is_reported_with_its_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_coqui_tts()
    from huggingface_hub import constants as hub

    # Offline whatever the machine: a test must never fetch the 2 GB model.
    monkeypatch.setattr(hub, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(hub, "HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.delenv("COQUI_TOS_AGREED", raising=False)
    settings = TtsSettings(xtts_licence_accepted=True, xtts_download_root=str(tmp_path / "m"))

    with pytest.raises(UserError) as caught:
        engine("xtts", settings)

    assert caught.value.key == "voice.xtts.download_failed"
    # It got as far as the Hub (the licence was taken as accepted, no prompt) ...
    assert "offline" in caught.value.params["error"].lower()
    # ... and the acceptance did not leak into the rest of the process.
    assert "COQUI_TOS_AGREED" not in os.environ


def test_engine_module_imports_without_torch() -> None:
    probe = (
        "import sys; from core.voice.engines import engine_class; "
        "cls = engine_class('xtts'); "
        "print(cls.name, cls.queue, sorted({'torch', 'TTS'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )
    assert result.stdout.split() == ["xtts", "tts", "[]"]
