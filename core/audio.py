"""Call recordings: what a file holds, whether it can be analysed, and its samples per channel.

Decoding goes through PyAV (the FFmpeg libraries it bundles; faster-whisper decodes the same
way), so no ffmpeg program is needed. Bad input is refused with a ``UserError`` whose key says
what is wrong, before anything is stored or queued.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

import av
import numpy as np

from core.errors import UserError

ACCEPTED_FORMATS: dict[str, str] = {
    "wav": "wav",
    "mp3": "mp3",
    "mov,mp4,m4a,3gp,3g2,mj2": "m4a",
    "flac": "flac",
    "ogg": "ogg",
}
"""FFmpeg's demuxer name -> the format name we report, for the containers calls arrive in."""

MAX_CHANNELS = 2
"""Call recorders write mono, or stereo with one speaker per channel."""

TRUNCATION_TOLERANCE_S = 0.5
"""Decoded audio may fall this far short of the duration a header declares (encoder padding)."""

_UNKNOWN_WAV_DATA_SIZES = (0, 0xFFFFFFFF)
"""Data-chunk sizes that streaming WAV writers leave when they cannot seek back to fill it."""

MP3_LENGTH_HEADER_SPAN = 256
"""The Xing/Info/VBRI tag sits within this many bytes of the first MP3 frame's start."""

OGG_TAIL_BYTES = 65_536
"""An Ogg page is at most ~64 KiB, so the last page header lies within this many bytes."""


@dataclass(frozen=True, slots=True)
class AudioInfo:
    """What a recording holds. ``duration_s`` is measured by decoding after ``validate``;
    ``probe`` reports what the container declares."""

    duration_s: float
    channels: int
    sample_rate: int
    codec: str
    format: str


def _looks_like_audio(head: bytes) -> bool:
    """Whether the first bytes carry the signature of one of the accepted formats."""
    return (
        (head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE")
        or head[:3] == b"ID3"
        or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)  # MPEG frame sync
        or head[:4] in (b"fLaC", b"OggS")
        or head[4:8] == b"ftyp"
    )


def _header_says_cut_short(path: Path, format_name: str) -> bool:
    """Truncation that FFmpeg hides by shortening the duration to what is there."""
    with path.open("rb") as fh:
        if format_name == "wav":
            return _wav_data_cut_short(fh, path.stat().st_size)
        if format_name == "ogg":
            return _ogg_missing_end(fh)
    return False


def _wav_data_cut_short(fh: BinaryIO, file_size: int) -> bool:
    """True when the data chunk declares more bytes than the file holds."""
    head = fh.read(12)
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return False  # RF64 and friends: trust the decoder
    while chunk_header := fh.read(8):
        if len(chunk_header) < 8:
            return True
        chunk_id, size = struct.unpack("<4sI", chunk_header)
        if chunk_id == b"data":
            if size in _UNKNOWN_WAV_DATA_SIZES:
                return False
            return fh.tell() + size > file_size
        fh.seek(size + (size & 1), 1)  # chunks are padded to an even length
    return True  # no data chunk before the end of the file


def _ogg_missing_end(fh: BinaryIO) -> bool:
    """True when the last Ogg page is not marked end-of-stream (the file stops mid-stream)."""
    fh.seek(0, 2)
    fh.seek(max(0, fh.tell() - OGG_TAIL_BYTES))
    tail = fh.read()
    last_page = tail.rfind(b"OggS")
    if last_page < 0 or last_page + 6 > len(tail):
        return True
    return not tail[last_page + 5] & 0x04  # header_type flag 0x04: last page of the stream


def _open(path: Path) -> av.container.InputContainer:
    try:
        return av.open(str(path), mode="r", metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        with path.open("rb") as fh:
            head = fh.read(12)
        key = "audio.truncated" if _looks_like_audio(head) else "audio.not_audio"
        raise UserError(key, name=path.name) from exc


def _audio_stream(container: av.container.InputContainer, path: Path) -> av.AudioStream:
    if not container.streams.audio:
        raise UserError("audio.not_audio", name=path.name)
    stream = container.streams.audio[0]
    format_name = container.format.name
    if format_name not in ACCEPTED_FORMATS:
        raise UserError(
            "audio.unsupported_format",
            name=path.name,
            format=format_name,
            accepted=", ".join(sorted(set(ACCEPTED_FORMATS.values()))),
        )
    if stream.codec_context is None:  # FFmpeg knows no decoder for this codec (tag)
        raise UserError("audio.unsupported_codec", name=path.name, codec="unknown")
    return stream


def _stated_duration_s(stream: av.AudioStream) -> float | None:
    if stream.duration is None or stream.time_base is None:
        return None
    return float(stream.duration * stream.time_base)


def _declared_duration_s(stream: av.AudioStream, path: Path, format_name: str) -> float | None:
    """The length the file's header states, or None where FFmpeg could only estimate it.

    An MP3 states its length only in a Xing/Info/VBRI header; without one FFmpeg guesses
    from the bitrate, which is wrong for VBR files and must not count as truncation.
    """
    if format_name == "mp3":
        with path.open("rb") as fh:
            if not _mp3_declares_length(fh):
                return None
    return _stated_duration_s(stream)


def _mp3_declares_length(fh: BinaryIO) -> bool:
    head = fh.read(10)
    offset = 0
    if head[:3] == b"ID3":  # skip the tag (it can hold cover art); its size is syncsafe
        size = [byte & 0x7F for byte in head[6:10]]
        offset = 10 + (size[0] << 21 | size[1] << 14 | size[2] << 7 | size[3])
    fh.seek(offset)
    first_frame = fh.read(MP3_LENGTH_HEADER_SPAN)
    return any(tag in first_frame for tag in (b"Xing", b"Info", b"VBRI"))


def _info(container: av.container.InputContainer, stream: av.AudioStream) -> AudioInfo:
    context = stream.codec_context
    stated_s = _stated_duration_s(stream)
    return AudioInfo(
        duration_s=0.0 if stated_s is None else stated_s,
        channels=context.layout.nb_channels,
        sample_rate=context.sample_rate,
        codec=context.name,
        format=ACCEPTED_FORMATS[container.format.name],
    )


def probe(path: str | Path) -> AudioInfo:
    """What the container declares (or FFmpeg estimates; 0.0 when unknown), without decoding.

    Raises UserError for files that cannot be read as audio at all.
    """
    path = Path(path)
    if path.stat().st_size == 0:
        raise UserError("audio.empty", name=path.name)
    with _open(path) as container:
        return _info(container, _audio_stream(container, path))


def validate(path: str | Path, *, max_duration_s: float) -> AudioInfo:
    """Check that a recording can be analysed and return its info with the decoded duration.

    Decodes the whole file (about 1-2% of real time) because headers lie: truncated uploads,
    VBR MP3s without a length header, streaming WAVs with no data size.
    """
    path = Path(path)
    if path.stat().st_size == 0:
        raise UserError("audio.empty", name=path.name)
    with _open(path) as container:
        stream = _audio_stream(container, path)
        info = _info(container, stream)
        if info.channels > MAX_CHANNELS:
            raise UserError("audio.too_many_channels", name=path.name, channels=info.channels)
        declared_s = _declared_duration_s(stream, path, info.format)
        if declared_s is not None and declared_s > max_duration_s:
            raise _too_long(path, declared_s, max_duration_s)
        decoded_samples, errors = _count_samples(container, stream, max_duration_s)
    decoded_s = decoded_samples / info.sample_rate
    if decoded_s > max_duration_s:
        raise _too_long(path, decoded_s, max_duration_s)
    shorter_than_declared = (
        declared_s is not None and declared_s - decoded_s > TRUNCATION_TOLERANCE_S
    )
    if shorter_than_declared or _header_says_cut_short(path, info.format):
        raise UserError("audio.truncated", name=path.name)
    if decoded_samples == 0:
        raise UserError("audio.truncated" if errors else "audio.zero_length", name=path.name)
    return replace(info, duration_s=decoded_s)


def _too_long(path: Path, duration_s: float, max_duration_s: float) -> UserError:
    return UserError(
        "audio.too_long",
        name=path.name,
        minutes=f"{duration_s / 60:.1f}",
        max_minutes=f"{max_duration_s / 60:.1f}",
    )


def _count_samples(
    container: av.container.InputContainer, stream: av.AudioStream, max_duration_s: float
) -> tuple[int, int]:
    """Decoded samples per channel (stopping just past the limit) and packets that failed."""
    limit = int(max_duration_s * stream.codec_context.sample_rate) + 1
    samples = errors = 0
    for packet in container.demux(stream):
        try:
            for frame in packet.decode():
                samples += frame.samples
        except av.error.InvalidDataError:
            errors += 1
        if samples > limit:
            break
    return samples, errors


def load_channels(path: str | Path, sample_rate: int = 16000) -> list[np.ndarray]:
    """Decoded float32 samples in [-1, 1], one array per channel, resampled to ``sample_rate``.

    Call ``validate`` first: this assumes a readable file with one or two channels.
    """
    path = Path(path)
    with _open(path) as container:
        stream = _audio_stream(container, path)
        channels = stream.codec_context.layout.nb_channels
        resampler = av.AudioResampler(
            format="fltp", layout="stereo" if channels == 2 else "mono", rate=sample_rate
        )
        chunks: list[np.ndarray] = []
        for packet in container.demux(stream):
            try:
                frames = packet.decode()
            except av.error.InvalidDataError:
                continue  # one damaged packet costs its few ms, not the call
            for frame in frames:
                # The resampler refuses frames whose timestamps jump (damaged or
                # concatenated recordings); their order is all that matters here.
                frame.pts = None
                chunks.extend(f.to_ndarray() for f in resampler.resample(frame))
        chunks.extend(f.to_ndarray() for f in resampler.resample(None))
    width = 2 if channels == 2 else 1
    planar = np.concatenate(chunks, axis=1) if chunks else np.zeros((width, 0), np.float32)
    return [np.ascontiguousarray(channel, dtype=np.float32) for channel in planar]
