from __future__ import annotations

import pytest

from core.errors import UserError
from core.transcript_import import ImportFormat, detect_format
from core.transcript_import.detect import file_fields
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


def test_the_first_records_field_names_are_offered_for_mapping() -> None:
    csv_head = "\ufeff통화ID,상담원,대화\n1,A1,상담사: 네\n".encode()
    assert file_fields(csv_head, ImportFormat.RECORDS_CSV) == ["통화ID", "상담원", "대화"]
    jsonl_head = b'{"call_no": 1, "who": "agent", "said": "hi"}\n{"call_no": 1'
    assert file_fields(jsonl_head, ImportFormat.UTTERANCES_JSONL) == ["call_no", "who", "said"]
    json_head = '{"calls": [{"번호": "J-1", "내용": "상담사: 네"}, {"번호": "J-2"'.encode()
    assert file_fields(json_head, ImportFormat.RECORDS_JSON) == ["번호", "내용"]
    assert file_fields(b'[{"cut off', ImportFormat.RECORDS_JSON) == []
    assert file_fields(b'{"jobName": "x"}', ImportFormat.AWS_TRANSCRIBE) == []
