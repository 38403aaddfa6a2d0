from __future__ import annotations

import pytest

from core.errors import UserError
from core.transcript_import import ImportFormat, detect_format
from tests.core.transcript_import.reading import SAMPLES


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("records.jsonl", ImportFormat.RECORDS_JSONL),
        ("records.csv", ImportFormat.RECORDS_CSV),
        ("records.json", ImportFormat.RECORDS_JSON),
        ("utterances.csv", ImportFormat.UTTERANCES_CSV),
        ("utterances.jsonl", ImportFormat.UTTERANCES_JSONL),
        ("transcribe_speakers.json", ImportFormat.AWS_TRANSCRIBE),
        ("transcribe_channels.json", ImportFormat.AWS_TRANSCRIBE),
        ("contact_lens.json", ImportFormat.CONTACT_LENS),
    ],
)
def test_each_sample_is_detected_from_its_name_and_head(name: str, expected) -> None:
    assert detect_format(name, (SAMPLES / name).read_bytes()[:4096]) is expected


def test_json_lines_saved_as_json_and_cp949_csv_are_detected() -> None:
    lines = b'{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n'
    assert detect_format("export.json", lines) is ImportFormat.RECORDS_JSONL
    header = "통화ID,speaker,text\n".encode("cp949")
    assert detect_format("x.CSV", header) is ImportFormat.UTTERANCES_CSV


def test_unknown_extension_is_a_user_error() -> None:
    with pytest.raises(UserError):
        detect_format("calls.xlsx", b"PK\x03\x04")
