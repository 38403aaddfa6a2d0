"""The signal functions on real speech (espeak-ng) and on made-up signals."""

from __future__ import annotations

import io

import av
import numpy as np
import pytest
import soundfile as sf

from core.errors import UserError
from core.voice.signal import (
    clipping_ratio,
    loudness_lufs,
    normalise_loudness,
    read_audio,
    resample,
    telephone_render,
    trim_silence,
    wav_bytes,
)
from tests.core.voice.audio_samples import noise, padded, silence, sine, speech, wav

FRAME_TOLERANCE_S = 0.011  # trimming works in 10 ms frames


def _m4a(samples: np.ndarray, rate: int) -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("aac", rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(samples[np.newaxis, :], format="fltp", layout="mono")
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def test_read_audio_mixes_a_stereo_wav_down_to_mono(tmp_path):
    voice, rate = speech()
    stereo = np.stack([voice, np.zeros_like(voice)], axis=1)
    path = tmp_path / "stereo.wav"
    sf.write(path, stereo, rate, subtype="FLOAT")

    samples, read_rate = read_audio(path)

    assert read_rate == rate
    assert samples.dtype == np.float32 and samples.ndim == 1
    np.testing.assert_allclose(samples, voice / 2, atol=1e-6)


def test_read_audio_decodes_m4a_that_soundfile_cannot_through_pyav():
    voice, rate = speech()
    data = _m4a(voice, rate)
    with pytest.raises(sf.LibsndfileError):
        sf.read(io.BytesIO(data))

    samples, read_rate = read_audio(data)

    assert read_rate == rate
    assert abs(len(samples) - len(voice)) < 0.1 * rate  # AAC adds priming and padding
    assert loudness_lufs(samples, read_rate) == pytest.approx(loudness_lufs(voice, rate), abs=1.0)


def test_read_audio_refuses_bytes_that_are_not_audio():
    with pytest.raises(UserError) as caught:
        read_audio(b"this is a text file, not a recording\n" * 50)
    assert caught.value.key == "voice.audio.unreadable"


def test_wav_bytes_round_trips_at_16_bit_and_clips_beyond_full_scale():
    tone = sine(440, 0.5, 16000, amplitude=0.5)
    tone[:10] = 1.7

    samples, rate = sf.read(io.BytesIO(wav_bytes(tone, 16000)), dtype="float32")

    assert rate == 16000 and sf.info(io.BytesIO(wav_bytes(tone, 16000))).subtype == "PCM_16"
    np.testing.assert_allclose(samples[10:], tone[10:], atol=1 / 2**15)
    assert samples[:10].max() == pytest.approx(1.0, abs=1e-4)  # clipped, not wrapped negative


def test_resample_keeps_duration_and_pitch():
    tone = sine(440, 1.0, 22050)

    out = resample(tone, 22050, 16000)

    assert out.dtype == np.float32 and len(out) == 16000
    spectrum = np.abs(np.fft.rfft(out))
    assert np.fft.rfftfreq(len(out), 1 / 16000)[spectrum.argmax()] == pytest.approx(440, abs=1)


def test_trim_silence_removes_added_leading_and_trailing_silence():
    voice, rate = speech()
    span = trim_silence(voice, rate, keep_s=0.0).samples  # espeak-ng's own silence cut off

    trimmed = trim_silence(padded(span, rate, 0.8, 1.2), rate, keep_s=0.05)

    assert not trimmed.silent
    assert trimmed.leading_s == pytest.approx(0.8 - 0.05, abs=FRAME_TOLERANCE_S)
    assert trimmed.trailing_s == pytest.approx(1.2 - 0.05, abs=FRAME_TOLERANCE_S)
    assert len(trimmed.samples) / rate == pytest.approx(
        len(span) / rate + 0.1, abs=2 * FRAME_TOLERANCE_S
    )


def test_trim_silence_keeps_padding_before_the_first_sound():
    rate = 16000
    audio = padded(sine(300, 1.0, rate), rate, 0.5, 0.5)

    trimmed = trim_silence(audio, rate, keep_s=0.05)

    assert trimmed.leading_s == pytest.approx(0.45, abs=FRAME_TOLERANCE_S)
    assert trimmed.trailing_s == pytest.approx(0.45, abs=FRAME_TOLERANCE_S)
    assert np.abs(trimmed.samples[: int(0.04 * rate)]).max() == 0.0  # the kept padding


def test_trim_silence_of_silence_is_empty_and_says_so():
    trimmed = trim_silence(silence(2.0, 16000) + noise(2.0, 16000, rms_dbfs=-70), 16000)

    assert trimmed.silent
    assert len(trimmed.samples) == 0
    assert trimmed.leading_s == pytest.approx(2.0)


def test_clipping_ratio_counts_flat_tops_not_single_full_scale_peaks():
    voice, _ = speech()
    peak_normalised = voice / np.abs(voice).max()  # exactly one sample at full scale
    clipped = np.clip(voice * 20, -1, 1)

    assert clipping_ratio(voice) == 0.0
    assert clipping_ratio(peak_normalised) == 0.0
    assert clipping_ratio(clipped) > 0.1
    three_in_a_row = np.zeros(1000, np.float32)
    three_in_a_row[100:103] = 1.0
    assert clipping_ratio(three_in_a_row) == pytest.approx(3 / 1000)


def test_loudness_is_none_for_silence_and_crumbs_but_measures_a_short_word():
    voice, rate = speech()

    assert loudness_lufs(silence(2.0, rate), rate) is None
    assert loudness_lufs(voice[: int(0.05 * rate)], rate) is None
    short_word = trim_silence(voice, rate).samples[: int(0.3 * rate)]
    assert -40 < loudness_lufs(short_word, rate) < 0


@pytest.mark.parametrize("target", [-16.0, -19.0, -23.0, -26.0])
def test_normalise_loudness_reaches_the_target_and_keeps_peaks_under_the_ceiling(target):
    voice, rate = speech()
    quiet = voice * 0.1  # 20 dB down

    out = normalise_loudness(quiet, rate, target, peak_ceiling_dbfs=-1.0)

    assert loudness_lufs(out, rate) == pytest.approx(target, abs=0.5)
    assert np.abs(out).max() <= 10 ** (-1 / 20) + 1e-6
    assert out.dtype == np.float32 and len(out) == len(voice)


def test_normalise_loudness_leaves_silence_unchanged():
    quiet = silence(1.0, 16000)
    np.testing.assert_array_equal(normalise_loudness(quiet, 16000, -19.0), quiet)


def test_telephone_render_is_8khz_mulaw_of_the_same_duration():
    voice, rate = speech()

    rendered = telephone_render(voice, rate)

    info = sf.info(io.BytesIO(rendered))
    assert (info.samplerate, info.channels, info.format, info.subtype) == (8000, 1, "WAV", "ULAW")
    assert info.duration == pytest.approx(len(voice) / rate, abs=0.01)


def test_telephone_render_cuts_below_300_hz_and_passes_the_voice_band():
    rate = 16000

    def level_after_render(freq_hz: float) -> float:
        out, _ = sf.read(io.BytesIO(telephone_render(sine(freq_hz, 1.0, rate), rate)))
        return float(np.sqrt(np.mean(out[2000:-2000] ** 2)))  # away from the edges

    passband = level_after_render(1000)
    assert passband == pytest.approx(0.5 / np.sqrt(2), rel=0.05)
    assert level_after_render(100) < 0.05 * passband
    assert level_after_render(3900) < 0.2 * passband


def test_wav_helper_and_product_agree_on_the_file_they_write():
    voice, rate = speech()
    assert wav(voice, rate) == wav_bytes(voice, rate)
