from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from core.domain import CallCategory, CallDirection, Speaker
from core.errors import UserError
from core.pii import PiiKind
from core.transcript_import import (
    ImportedConversation,
    ImportFormat,
    ImportOptions,
    RecordFields,
    Rejection,
    read_transcripts,
)
from tests.core.transcript_import.reading import by_id, read_sample, rejections

SEOUL = ZoneInfo("Asia/Seoul")
CSV_HEADER = "source_id,agent,category,started_at,customer_key,direction,transcript\n"


def _read(data: bytes | str, fmt: ImportFormat, **kwargs) -> list:
    stream = io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data)
    return list(read_transcripts(stream, format=fmt, **kwargs))


def test_jsonl_good_records_import_and_each_bad_one_is_rejected_with_its_line() -> None:
    items = read_sample("records.jsonl", ImportFormat.RECORDS_JSONL)
    calls = by_id(items)
    assert list(calls) == ["R-001", "2002", "R-007"]
    assert [(r.line, r.key, r.source_id) for r in rejections(items)] == [
        (3, "transcript_import.unknown_speaker_in_text", "R-003"),
        (4, "transcript_import.bad_json_line", None),
        (5, "transcript_import.duplicate_line", "R-001"),
        (6, "transcript_import.empty_transcript", "R-005"),
        (7, "transcript_import.bad_category", "R-006"),
    ]
    duplicate = rejections(items)[2]
    assert duplicate.params == {"source_id": "R-001", "first": "1"}


def test_jsonl_record_carries_metadata_timings_and_both_kinds_of_redaction() -> None:
    call = by_id(read_sample("records.jsonl", ImportFormat.RECORDS_JSONL))["R-001"]
    meta = call.metadata
    assert (meta.line, meta.record, meta.agent, meta.customer_key) == (
        1,
        1,
        "A1042",
        "010-1111-2222",
    )
    assert meta.category is CallCategory.ACCIDENT
    assert meta.direction is CallDirection.INBOUND
    assert meta.started_at == datetime(2026, 11, 20, 10, 30, tzinfo=SEOUL)
    assert [(t.speaker, t.start_s, t.end_s) for t in call.turns] == [
        (Speaker.AGENT, 1.0, None), (Speaker.CUSTOMER, 5.0, None), (Speaker.AGENT, 12.0, None)
    ]  # fmt: skip
    customer = call.turns[1]
    assert customer.text == "네 제 번호는 [전화번호]이고 이름은 [이름]이에요"
    assert [customer.text[s.start : s.end] for s in customer.redactions] == ["[전화번호]", "[이름]"]
    assert [s.kind for s in customer.redactions] == [PiiKind.PHONE, PiiKind.MASKED]
    assert call.duration_s is None  # only starts are known: no duration is made up
    assert not call.timed


def test_numeric_id_and_fallback_field_names_are_read() -> None:
    call = by_id(read_sample("records.jsonl", ImportFormat.RECORDS_JSONL))["2002"]
    assert call.turns[1].text == "카드번호가 ****인데요 계좌는 [계좌번호] 입니다"
    assert all(t.start_s is None and t.end_s is None for t in call.turns)


def test_csv_multiline_transcript_reads_and_a_row_with_extra_field_is_rejected() -> None:
    items = read_sample("records.csv", ImportFormat.RECORDS_CSV)
    calls = by_id(items)
    assert list(calls) == ["C-100", "C-102"]
    assert calls["C-100"].metadata.line == 2
    assert calls["C-102"].metadata.line == 6
    assert calls["C-100"].metadata.started_at == datetime(2026, 11, 20, 14, 5, tzinfo=SEOUL)
    assert len(calls["C-100"].turns) == 3
    (bad,) = rejections(items)
    assert (bad.line, bad.key, bad.params) == (
        5, "transcript_import.wrong_field_count", {"expected": "7", "found": "8"}
    )  # fmt: skip


def test_json_document_with_list_under_a_key_rejects_by_record_number() -> None:
    items = read_sample("records.json", ImportFormat.RECORDS_JSON)
    assert list(by_id(items)) == ["J-1", "J-3"]
    assert by_id(items)["J-1"].metadata.agent == "1042"
    assert [(r.line, r.record, r.key) for r in rejections(items)] == [
        (None, 2, "transcript_import.not_an_object"),
        (None, 3, "transcript_import.no_speaker_in_text"),
    ]


def test_json_duplicates_are_rejected_by_record_number() -> None:
    doc = '[{"id": "a", "text": "상담사: 네"}, {"id": "a", "text": "손님: 네"}]'
    items = _read(doc.encode(), ImportFormat.RECORDS_JSON)
    assert [type(i) for i in items] == [ImportedConversation, Rejection]
    assert (items[1].key, items[1].params["first"]) == ("transcript_import.duplicate_record", "1")


def test_configured_field_names_are_used() -> None:
    fields = RecordFields(source_id=("call_no",), transcript=("stt",), agent=("emp_no",))
    line = '{"call_no": "X9", "emp_no": "E-7", "stt": "직원: 네\\n손님: 네"}\n'
    (call,) = _read(line.encode(), ImportFormat.RECORDS_JSONL, options=ImportOptions(fields=fields))
    assert (call.source_id, call.metadata.agent) == ("X9", "E-7")


def test_missing_source_id_rejects_the_record() -> None:
    (item,) = _read(b'{"transcript": "\\uc0c1\\ub2f4\\uc0ac: hi"}\n', ImportFormat.RECORDS_JSONL)
    assert item.key == "transcript_import.missing_source_id"


def test_utf8_bom_and_text_streams_read_the_same() -> None:
    body = CSV_HEADER + 'K1,a,,,,,"상담사: 네"\n'
    with_bom = _read(b"\xef\xbb\xbf" + body.encode(), ImportFormat.RECORDS_CSV)
    as_text = _read("\ufeff" + body, ImportFormat.RECORDS_CSV)
    assert [c.source_id for c in with_bom] == [c.source_id for c in as_text] == ["K1"]


def test_cp949_file_as_korean_excel_saves_it_is_read() -> None:
    body = (
        CSV_HEADER
        + 'K1,김상담,사고접수,2026-11-20 10:00,c1,수신,"상담사: 안녕하십니까\n손님: 네"\n'
    )
    (call,) = _read(body.encode("cp949"), ImportFormat.RECORDS_CSV)
    assert call.metadata.agent == "김상담"
    assert call.turns[0].text == "안녕하십니까"


def test_file_that_is_not_text_is_refused_whole() -> None:
    with pytest.raises(UserError) as caught:
        _read(b"\x80\xff\xfe\x00" * 100, ImportFormat.RECORDS_JSONL)
    assert caught.value.key == "transcript_import.not_text"


def test_huge_line_is_rejected_unread_and_the_next_line_still_imports() -> None:
    huge = '{"id": "big", "text": "상담사: ' + "가" * 5000 + '"}\n'
    small = '{"id": "small", "text": "상담사: 네"}\n'
    items = _read((huge + small).encode(), ImportFormat.RECORDS_JSONL,
                  options=ImportOptions(max_line_bytes=1000))  # fmt: skip
    assert [(i.line, i.key) for i in rejections(items)] == [(1, "transcript_import.line_too_long")]
    assert list(by_id(items)) == ["small"]


def test_huge_csv_line_rejects_its_row_and_later_rows_import() -> None:
    body = CSV_HEADER + "B1,a,,,,,상담사: " + "나" * 3000 + "\nB2,a,,,,,상담사: 네\n"
    items = _read(body.encode(), ImportFormat.RECORDS_CSV,
                  options=ImportOptions(max_line_bytes=1000))  # fmt: skip
    assert [(i.line, i.key) for i in rejections(items)] == [(2, "transcript_import.line_too_long")]
    assert list(by_id(items)) == ["B2"]


def test_csv_without_transcript_column_is_refused_naming_it() -> None:
    with pytest.raises(UserError) as caught:
        _read(b"source_id,agent\nA,b\n", ImportFormat.RECORDS_CSV)
    assert caught.value.params == {"columns": "transcript"}


def test_json_document_over_the_size_cap_is_refused() -> None:
    doc = b'[{"id": "a", "text": "\\uc0c1\\ub2f4\\uc0ac: ' + b"x" * 2000 + b'"}]'
    with pytest.raises(UserError) as caught:
        _read(doc, ImportFormat.RECORDS_JSON, options=ImportOptions(max_document_bytes=1000))
    assert caught.value.key == "transcript_import.document_too_large"


def test_broken_json_document_is_refused_with_its_position() -> None:
    with pytest.raises(UserError) as caught:
        _read(b'[{"id": "a",\n "text": }]', ImportFormat.RECORDS_JSON)
    assert caught.value.key == "transcript_import.bad_json_document"
    assert caught.value.params["line"] == "2"


def test_reading_is_lazy_so_records_come_before_the_file_ends() -> None:
    lines = (f'{{"id": "{n}", "text": "상담사: 네"}}\n' for n in range(10**9))

    class Endless(io.RawIOBase):
        """A file that never ends: reading it whole would never return."""

        pending = b""

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            while len(self.pending) < len(buffer):
                self.pending += next(lines).encode()
            n = len(buffer)
            buffer[:n], self.pending = self.pending[:n], self.pending[n:]
            return n

    reader = read_transcripts(io.BufferedReader(Endless()), format=ImportFormat.RECORDS_JSONL)
    assert [next(reader).source_id for _ in range(3)] == ["0", "1", "2"]
