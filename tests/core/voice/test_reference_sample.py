"""Reference-sample checks on real recordings: each kind of bad upload gets its own reason."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
import soundfile as sf

from core.i18n import CATALOG, t
from core.voice.reference_sample import (
    SampleThresholds,
    SampleVerdict,
    check_reference_sample,
    speech_ratio,
)
from core.voice.signal import loudness_lufs, resample
from tests.core.voice.audio_samples import (
    GREETING,
    LONG_READING,
    noise,
    padded,
    silence,
    speech,
    wav,
)

THRESHOLDS = SampleThresholds()


def _reading() -> tuple[np.ndarray, int]:
    return speech(LONG_READING)  # ~14 s of Korean at 22050 Hz


def test_a_clean_reading_is_accepted_and_stored_trimmed_and_normalised():
    voice, rate = _reading()
    upload = wav(padded(voice * 0.3, rate, 1.0, 1.5), rate)

    verdict = check_reference_sample(upload, THRESHOLDS)

    assert verdict.accepted and verdict.reason_key is None
    assert [c.name for c in verdict.checks] == [
        "sample_rate", "clipping", "loudness", "speech_ratio", "duration"
    ]  # fmt: skip
    assert all(c.passed for c in verdict.checks)
    stored, stored_rate = sf.read(io.BytesIO(verdict.normalised_wav), dtype="float32")
    assert stored.ndim == 1 and stored_rate == rate == verdict.sample_rate
    assert len(stored) / rate == pytest.approx(verdict.duration_s)
    assert verdict.duration_s < len(voice) / rate  # the added silence is gone
    assert loudness_lufs(stored, rate) == pytest.approx(THRESHOLDS.loudness_target_lufs, abs=0.5)


def test_a_stereo_48khz_recording_is_stored_mono_at_48khz():
    voice, rate = _reading()
    voice48 = resample(voice, rate, 48000)
    upload = wav(np.stack([voice48, voice48 * 0.5], axis=1), 48000)

    verdict = check_reference_sample(upload, THRESHOLDS)

    assert verdict.accepted
    info = sf.info(io.BytesIO(verdict.normalised_wav))
    assert (info.samplerate, info.channels) == (48000, 1)


def _upload(kind: str) -> bytes:
    voice, rate = _reading()
    if kind == "unreadable":
        return b"%PDF-1.4 not a recording" * 40
    if kind == "telephone_8khz":
        return wav(resample(voice, rate, 8000), 8000)
    if kind == "clipped":
        return wav(np.clip(voice * 20, -1, 1), rate)
    if kind == "silence":
        return wav(silence(8.0, rate), rate)
    if kind == "very_quiet":
        return wav(voice * 0.01, rate)
    if kind == "noise_without_speech":
        return wav(noise(8.0, rate, rms_dbfs=-25), rate)
    if kind == "too_short":
        greeting, _ = speech(GREETING)  # ~1.5 s
        return wav(padded(greeting, rate, 0.5, 0.5), rate)
    if kind == "too_long":
        return wav(np.concatenate([voice, voice, voice]), rate)  # ~43 s
    raise ValueError(kind)


@pytest.mark.parametrize(
    ("kind", "reason_key"),
    [
        ("unreadable", "voice.sample.unreadable"),
        ("telephone_8khz", "voice.sample.rate_too_low"),
        ("clipped", "voice.sample.clipped"),
        ("silence", "voice.sample.silent"),
        ("very_quiet", "voice.sample.too_quiet"),
        ("noise_without_speech", "voice.sample.no_speech"),
        ("too_short", "voice.sample.too_short"),
        ("too_long", "voice.sample.too_long"),
    ],
)
def test_a_bad_sample_is_refused_with_the_reason_that_fits_it(kind, reason_key):
    verdict = check_reference_sample(_upload(kind), THRESHOLDS)

    assert not verdict.accepted
    assert verdict.reason_key == reason_key
    assert verdict.normalised_wav is None
    assert verdict.reason_key in CATALOG
    for lang in ("ko", "en"):  # the message fills in without a missing parameter
        assert "{" not in t(verdict.reason_key, lang, **verdict.reason_params)


def test_a_short_sample_says_how_short_in_its_message():
    verdict = check_reference_sample(_upload("too_short"), THRESHOLDS)

    assert 1.0 < verdict.reason_params["duration_s"] < 3.0
    message = t(verdict.reason_key, "ko", **verdict.reason_params)
    assert message == (
        f"녹음이 너무 짧습니다({verdict.reason_params['duration_s']}초). "
        "3초 이상 30초 이하로 올려 주세요."
    )


def test_every_check_is_measured_even_after_one_fails():
    verdict = check_reference_sample(_upload("telephone_8khz"), THRESHOLDS)

    by_name = {c.name: c for c in verdict.checks}
    assert by_name["sample_rate"].passed is False and by_name["sample_rate"].value == 8000
    assert by_name["speech_ratio"].passed and by_name["duration"].passed


def test_speech_ratio_hears_speech_and_not_noise_or_silence():
    voice, rate = _reading()

    assert speech_ratio(voice, rate) > 0.7
    assert speech_ratio(padded(voice, rate, 0, len(voice) / rate), rate) == pytest.approx(
        speech_ratio(voice, rate) / 2, abs=0.05
    )
    assert speech_ratio(noise(5.0, rate, rms_dbfs=-25), rate) < 0.1
    assert speech_ratio(silence(5.0, rate), rate) == 0.0


def test_thresholds_decide_not_constants():
    upload = _upload("too_short")
    lenient = SampleThresholds(min_duration_s=1.0)

    assert check_reference_sample(upload, lenient).accepted


def test_a_refused_verdict_survives_a_json_column_with_its_message_parameters():
    verdict = check_reference_sample(_upload("too_long"), THRESHOLDS)

    stored = json.loads(json.dumps(verdict.to_json()))

    assert SampleVerdict.from_json(stored) == verdict
    assert stored["reason_params"]["duration_s"] > 30
