import hashlib

import pytest

from core.errors import UserError
from core.pii import customer_key_hash
from core.storage import audio_suffix, read_chunks, store_by_content


@pytest.mark.parametrize(
    ("name", "suffix"),
    [("call.WAV", ".wav"), ("녹취_0001.mp3", ".mp3"), ("../../etc/passwd.flac", ".flac"),
     ("C:\\recordings\\x.m4a", ".m4a"), ("a.b.ogg", ".ogg")],
)  # fmt: skip
def test_only_the_extension_of_the_last_path_part_counts(name, suffix):
    assert audio_suffix(name) == suffix


@pytest.mark.parametrize("name", ["notes.txt", "noextension", "", "../", "call.wav.exe"])
def test_other_file_types_are_refused_with_their_name(name):
    with pytest.raises(UserError) as raised:
        audio_suffix(name)
    assert raised.value.key == "upload.unsupported_extension"


def test_content_decides_the_path_and_nothing_is_overwritten(tmp_path):
    first = store_by_content([b"RIFF", b"audio-bytes"], root=tmp_path, suffix=".wav")
    sha = hashlib.sha256(b"RIFFaudio-bytes").hexdigest()
    assert first.sha256 == sha and first.created and first.size == 15
    assert first.path == tmp_path / sha[:2] / sha[2:4] / f"{sha}.wav"
    before = first.path.stat().st_mtime_ns
    again = store_by_content([b"RIFFaudio-bytes"], root=tmp_path, suffix=".wav")
    assert again.path == first.path and not again.created
    assert first.path.stat().st_mtime_ns == before
    assert b"".join(read_chunks(first.path)) == b"RIFFaudio-bytes"
    assert list((tmp_path / "tmp").iterdir()) == []  # no staging leftovers


def test_customer_keys_are_keyed_hashes_of_the_digits():
    a = customer_key_hash("010-1234-5678", secret="s1")
    assert a == customer_key_hash("01012345678", secret="s1")
    assert a != customer_key_hash("01012345678", secret="s2")
    assert a != hashlib.sha256(b"01012345678").hexdigest()
    with pytest.raises(ValueError):
        customer_key_hash("  ", secret="s1")
