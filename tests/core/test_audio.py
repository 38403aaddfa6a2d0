"""Recordings in every accepted format validate and decode; each kind of bad file is refused
with its own message key and is left as it was."""

from __future__ import annotations

import os
import struct
import wave
import zlib
from pathlib import Path

import numpy as np
import pytest

from core import audio
from core.errors import UserError
from tests.fixtures.speech import encode, telephone_band, write_wav

RATE = 16000
SECONDS = 2.0


def _tone(hz: float, seconds: float = SECONDS, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def _left_tone_right_quiet() -> list[np.ndarray]:
    return [_tone(440), np.zeros(int(SECONDS * RATE), np.float32)]


@pytest.fixture
def stereo_wav(tmp_path: Path) -> Path:
    return write_wav(tmp_path / "call.wav", _left_tone_right_quiet(), RATE)


def _refused(path: Path, key: str, **kwargs) -> UserError:
    before = path.read_bytes()
    with pytest.raises(UserError) as caught:
        audio.validate(path, max_duration_s=kwargs.pop("max_duration_s", 600))
    assert caught.value.key == key, caught.value
    assert caught.value.params["name"] == path.name
    assert path.read_bytes() == before  # refusing a file never touches it
    return caught.value


@pytest.mark.parametrize("suffix", ["mp3", "m4a", "flac", "ogg"])
def test_each_accepted_compressed_format_validates_with_its_decoded_duration(
    tmp_path: Path, suffix: str
) -> None:
    path = encode(tmp_path / f"call.{suffix}", _left_tone_right_quiet(), RATE)

    info = audio.validate(path, max_duration_s=600)

    assert info.format == suffix
    assert info.channels == 2
    # AAC decodes its encoder delay and last-frame padding too: up to two 1024-sample frames.
    assert info.duration_s == pytest.approx(SECONDS, abs=2 * 1024 / RATE)


def test_wav_info_and_channels_keep_each_side_apart(stereo_wav: Path) -> None:
    info = audio.validate(stereo_wav, max_duration_s=600)
    left, right = audio.load_channels(stereo_wav)

    assert info == audio.AudioInfo(SECONDS, 2, RATE, "pcm_s16le", "wav")
    assert audio.probe(stereo_wav) == info
    assert left.dtype == right.dtype == np.float32
    assert len(left) == len(right) == int(SECONDS * 16000)
    assert np.abs(left).max() == pytest.approx(0.3, abs=0.01)
    assert np.abs(right).max() < 1e-4


def test_channels_are_resampled_to_the_rate_asked_for(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "cd.wav", [_tone(440, rate=44100)], 44100)

    (samples,) = audio.load_channels(path, sample_rate=8000)

    assert len(samples) == pytest.approx(SECONDS * 8000, abs=32)


def test_telephone_band_mu_law_recording_decodes_to_16k_mono(stereo_wav: Path) -> None:
    path = telephone_band(stereo_wav, stereo_wav.with_name("phone.wav"))

    info = audio.validate(path, max_duration_s=600)
    channels = audio.load_channels(path)

    assert (info.codec, info.sample_rate, info.channels) == ("pcm_mulaw", 8000, 1)
    assert len(channels) == 1
    assert len(channels[0]) == pytest.approx(SECONDS * 16000, abs=32)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "call.wav"
    path.touch()
    _refused(path, "audio.empty")
    with pytest.raises(UserError, match=r"^audio\.empty"):
        audio.probe(path)


def test_random_bytes_named_wav_are_not_audio(tmp_path: Path) -> None:
    path = tmp_path / "call.wav"
    path.write_bytes(b"\x00" + np.random.default_rng(3).bytes(20_000))
    _refused(path, "audio.not_audio")


def test_text_named_mp3_is_not_audio(tmp_path: Path) -> None:
    path = tmp_path / "call.mp3"
    path.write_text("상담 메모: 고객 요청으로 재통화 예정\n" * 50)
    _refused(path, "audio.not_audio")


def test_image_named_wav_is_not_audio(tmp_path: Path) -> None:
    # FFmpeg opens a PNG happily (as a video stream): there is just no audio in it.
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4)))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
    path = tmp_path / "call.wav"
    path.write_bytes(png + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))
    _refused(path, "audio.not_audio")


def test_wav_cut_off_in_the_middle_of_its_data_is_truncated(stereo_wav: Path) -> None:
    data = stereo_wav.read_bytes()
    stereo_wav.write_bytes(data[: len(data) // 2])
    _refused(stereo_wav, "audio.truncated")


def test_wav_header_without_its_data_is_truncated(stereo_wav: Path) -> None:
    stereo_wav.write_bytes(stereo_wav.read_bytes()[:44])
    _refused(stereo_wav, "audio.truncated")


@pytest.mark.parametrize("suffix", ["mp3", "m4a", "flac", "ogg"])
def test_compressed_file_cut_in_half_is_truncated(tmp_path: Path, suffix: str) -> None:
    path = encode(tmp_path / f"call.{suffix}", _left_tone_right_quiet(), RATE)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(path, "audio.truncated")


def test_wav_with_no_samples_is_zero_length(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "call.wav", [np.zeros(0, np.float32)], RATE)
    _refused(path, "audio.zero_length")


def test_recording_over_the_limit_is_too_long(stereo_wav: Path) -> None:
    error = _refused(stereo_wav, "audio.too_long", max_duration_s=SECONDS / 2)
    assert error.params["max_minutes"] == f"{SECONDS / 2 / 60:.1f}"


def test_streaming_wav_without_a_data_size_is_measured_by_decoding(tmp_path: Path) -> None:
    # Recorders that cannot seek back leave the size at 0xFFFFFFFF; the decoded length counts.
    path = write_wav(tmp_path / "call.wav", [_tone(440)], RATE)
    data = bytearray(path.read_bytes())
    data[40:44] = struct.pack("<I", 0xFFFFFFFF)
    path.write_bytes(bytes(data))

    assert audio.validate(path, max_duration_s=600).duration_s == pytest.approx(SECONDS)
    _refused(path, "audio.too_long", max_duration_s=1.0)


def test_mp3_without_a_length_header_is_measured_by_decoding(tmp_path: Path) -> None:
    # Without a Xing/Info header FFmpeg estimates the length from the bitrate (wrong for
    # VBR): the estimate must neither count as truncation nor decide the limit.
    path = tmp_path / "call.mp3"
    encode(path, [_tone(440)], RATE, options={"write_xing": "0"})
    data = path.read_bytes()
    assert b"Xing" not in data[:1024] and b"Info" not in data[:1024]

    assert audio.validate(path, max_duration_s=600).duration_s == pytest.approx(SECONDS, abs=0.1)
    path.write_bytes(data[: len(data) // 2])  # a cut CBR file is just a shorter recording
    assert audio.validate(path, max_duration_s=600).duration_s < SECONDS


def test_wav_with_a_codec_no_decoder_knows_is_unsupported(stereo_wav: Path) -> None:
    data = bytearray(stereo_wav.read_bytes())
    data[20:22] = struct.pack("<H", 0x9999)  # format tag of no known codec
    stereo_wav.write_bytes(bytes(data))
    error = _refused(stereo_wav, "audio.unsupported_codec")
    assert error.params["codec"] == "unknown"


def test_audio_in_a_format_outside_the_list_is_unsupported(tmp_path: Path) -> None:
    path = encode(tmp_path / "call.amr", [_tone(440, rate=8000)], 8000)
    error = _refused(path, "audio.unsupported_format")
    assert error.params["format"] == "amr"
    assert error.params["accepted"] == "flac, m4a, mp3, ogg, wav"


def test_recording_with_more_than_two_channels_is_refused(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "call.wav", [_tone(300), _tone(400), _tone(500)], RATE)
    error = _refused(path, "audio.too_many_channels")
    assert error.params["channels"] == 3


def test_probe_reads_the_header_without_decoding(tmp_path: Path) -> None:
    with wave.open(str(tmp_path / "call.wav"), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(os.urandom(8000 * 2 * 3))

    info = audio.probe(tmp_path / "call.wav")

    assert (info.duration_s, info.channels, info.sample_rate) == (3.0, 1, 8000)
