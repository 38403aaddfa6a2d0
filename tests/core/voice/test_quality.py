"""The take quality gate on real speech: trimming, loudness, duration and the ASR round trip."""

from __future__ import annotations

import io
import json
import unicodedata

import numpy as np
import pytest
import soundfile as sf

from core.voice.quality import (
    Check,
    QualityReport,
    QualityThresholds,
    best_take,
    character_error_rate,
    expected_duration_s,
    run_gate,
)
from core.voice.signal import loudness_lufs
from tests.core.voice.audio_samples import GREETING, IVR_LINE, noise, padded, silence, speech

THRESHOLDS = QualityThresholds()


def _gate(samples, rate, text=IVR_LINE, recognise=None, thresholds=THRESHOLDS):
    return run_gate(samples, rate, text, recognise=recognise, thresholds=thresholds)


def test_expected_duration_of_an_ivr_line_counts_syllables_digits_and_the_comma():
    # 19 Hangul syllables + 2 digits at 5 per second, and one comma's pause.
    assert expected_duration_s(IVR_LINE, 5.0) == pytest.approx(21 / 5 + 0.2)
    # espeak-ng speaks it in about that time.
    voice, rate = speech()
    assert 0.8 < (len(voice) / rate) / expected_duration_s(IVR_LINE, 5.0) < 1.25


def test_expected_duration_spells_acronyms_and_pauses_between_sentences_only():
    assert expected_duration_s("ARS", 5.0) == pytest.approx(3 * 1.5 / 5)
    assert expected_duration_s("앱을 여세요.", 5.0) == expected_duration_s("앱을 여세요", 5.0)
    assert expected_duration_s("네. 아니요.", 5.0) == pytest.approx(4 / 5 + 0.4)
    assert expected_duration_s("app", 5.0) == pytest.approx(1 / 5)
    decomposed = unicodedata.normalize("NFD", IVR_LINE)
    assert expected_duration_s(decomposed, 5.0) == expected_duration_s(IVR_LINE, 5.0)


def test_cer_of_the_same_text_is_zero_whatever_the_spacing_punctuation_and_form():
    decomposed = unicodedata.normalize("NFD", "사고접수는 1번 상담원 연결은 0번을 눌러주세요")
    assert character_error_rate(IVR_LINE, decomposed) == 0.0
    assert character_error_rate("ARS 안내", "ars안내!") == 0.0


def test_cer_of_unrelated_text_is_high_and_of_nothing_is_one():
    assert character_error_rate(IVR_LINE, "오늘 날씨가 맑고 따뜻하겠습니다") > 0.8
    assert character_error_rate(IVR_LINE, "") == 1.0
    assert character_error_rate(IVR_LINE, " .,") == 1.0
    assert character_error_rate("눌러 주세요", "눌러 주세여") == pytest.approx(1 / 5)


def test_gate_without_a_recogniser_reports_the_round_trip_as_not_run_never_passed():
    voice, rate = speech()

    gated = _gate(padded(voice, rate, 0.5, 0.5), rate, recognise=None)

    asr = gated.report.check("asr_round_trip")
    assert asr.passed is None and asr.detail == "not run" and asr.value is None
    assert gated.report.passed is None
    assert all(c.passed for c in gated.report.checks if c.name != "asr_round_trip")


def test_gate_with_a_recogniser_hearing_the_text_passes_and_hands_it_16khz_audio():
    voice, rate = speech()
    heard: list[np.ndarray] = []

    def recognise(audio: np.ndarray) -> str:
        heard.append(audio)
        return "사고 접수는 1번 상담원 연결은 0번을 눌러 주세요"

    gated = _gate(padded(voice, rate, 0.5, 0.5), rate, recognise=recognise)

    assert gated.report.passed is True
    assert gated.report.cer == 0.0 and gated.report.asr_text.startswith("사고 접수는")
    (audio,) = heard
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert len(audio) / 16000 == pytest.approx(gated.duration_s, abs=0.01)


def test_gate_with_a_recogniser_hearing_something_else_fails_the_round_trip():
    voice, rate = speech()

    gated = _gate(voice, rate, recognise=lambda audio: "감사합니다 좋은 하루 되세요")

    asr = gated.report.check("asr_round_trip")
    assert asr.passed is False and asr.value > THRESHOLDS.max_cer
    assert asr.detail == "감사합니다 좋은 하루 되세요"
    assert gated.report.passed is False


def test_gate_trims_normalises_and_renders_the_take_for_the_line():
    voice, rate = speech()
    quiet = padded(voice * 0.2, rate, 0.7, 0.9)

    gated = _gate(quiet, rate)

    assert gated.leading_trimmed_s == pytest.approx(0.7, abs=0.06)
    assert gated.trailing_trimmed_s > 0.9
    assert gated.duration_s == pytest.approx(len(gated.samples) / rate)
    assert loudness_lufs(gated.samples, rate) == pytest.approx(-19.0, abs=0.5)
    assert np.abs(gated.samples).max() <= 10 ** (-1 / 20) + 1e-6
    info = sf.info(io.BytesIO(gated.telephone_wav))
    assert (info.samplerate, info.subtype) == (8000, "ULAW")
    assert info.duration == pytest.approx(gated.duration_s, abs=0.01)


@pytest.mark.parametrize(
    "make_audio",
    [
        pytest.param(lambda rate: silence(0.0, rate), id="empty"),
        pytest.param(lambda rate: silence(2.0, rate), id="silence"),
        pytest.param(lambda rate: np.full(rate, np.nan, np.float32), id="nan"),
    ],
)
def test_gate_fails_a_synthesis_with_nothing_in_it_without_raising(make_audio):
    rate = 22050
    calls: list[np.ndarray] = []

    gated = _gate(make_audio(rate), rate, recognise=calls.append)

    assert gated.report.passed is False
    assert gated.report.check("speech_present").passed is False
    assert gated.report.check("asr_round_trip").passed is None  # nothing to recognise
    assert calls == []
    assert len(gated.samples) == 0 and gated.duration_s == 0.0
    assert sf.info(io.BytesIO(gated.telephone_wav)).samplerate == 8000


def test_gate_fails_a_clipped_take():
    voice, rate = speech()

    gated = _gate(np.clip(voice * 20, -1, 1), rate)

    assert gated.report.check("clipping").passed is False
    assert gated.report.passed is False


def test_gate_fails_a_take_far_longer_or_shorter_than_the_text():
    greeting, rate = speech(GREETING)
    line, _ = speech(IVR_LINE)
    babbling = np.concatenate([line, line, line])

    too_long = _gate(babbling, rate)
    too_short = _gate(greeting, rate, text=IVR_LINE)

    assert too_long.report.check("duration").passed is False
    assert too_short.report.check("duration").passed is False
    assert too_long.report.passed is False and too_short.report.passed is False


def test_noise_alone_passes_no_round_trip():
    rate = 22050

    gated = _gate(noise(4.0, rate, rms_dbfs=-30), rate, recognise=lambda audio: "")

    assert gated.report.check("asr_round_trip").passed is False
    assert gated.report.cer == 1.0


def test_report_survives_a_json_column():
    voice, rate = speech()
    report = _gate(voice, rate, recognise=lambda audio: "사고 접수는 일번").report

    stored = json.loads(json.dumps(report.to_json(), ensure_ascii=False))

    assert QualityReport.from_json(stored) == report
    assert stored["passed"] is False


def _report(*passed: bool | None, score: float = 0.0) -> QualityReport:
    checks = tuple(Check(f"check_{i}", None, "", p) for i, p in enumerate(passed))
    return QualityReport(checks=checks, score=score)


def test_report_passes_only_when_every_check_ran_and_passed():
    assert _report(True, True).passed is True
    assert _report(True, None).passed is None
    assert _report(False, None).passed is False
    assert _report(True, False).passed is False


def test_best_take_prefers_passed_then_score_and_never_picks_a_failed_take():
    reports = {
        1: _report(True, False, score=5.0),  # best score, but failed
        2: _report(True, None, score=0.9),  # ASR not run
        3: _report(True, True, score=0.4),
        4: _report(True, True, score=0.7),
    }
    assert best_take(reports) == 4
    assert best_take({k: reports[k] for k in (1, 2)}) == 2
    assert best_take({1: reports[1]}) is None
    assert best_take({}) is None


def test_best_take_of_real_gated_takes_picks_the_intelligible_one():
    voice, rate = speech()
    text = "사고 접수는 1번 상담원 연결은 0번을 눌러 주세요"
    heard = {1: "사고 접수는 1번 상담원 연결은 0번을 눌러 주세요", 2: "사고 접수는 일번 상담원",
             3: "완전히 다른 말", 4: text[:-2]}  # fmt: skip
    reports = {
        take_id: _gate(voice, rate, recognise=lambda audio, said=said: said).report
        for take_id, said in heard.items()
    }

    assert reports[3].passed is False
    assert best_take(reports) == 1
    del reports[1]
    assert best_take(reports) == 4
